package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
)

func runCommand(args []string, env cliEnv) int {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var ef engineFlags
	ef.register(fs)
	var (
		output  string
		trigger string
		input   string
		mode    string
		quiet   bool
		sandbox bool
		// HTTP recording and replay (see httprec.go).
		recordFile string
		replayFile string
	)
	fs.StringVarP(&output, "output", "o", "", "write the run data (n8n's execution JSON) to FILE, or - for stdout")
	fs.StringVar(&trigger, "trigger", "", "start the run at this node (default: the Manual Trigger, else the first trigger)")
	fs.StringVar(&input, "input", "", "JSON object or array of objects the start node emits instead of one empty item")
	fs.StringVar(&mode, "mode", "cli", "execution mode: cli (like `n8n execute`) or manual (pinned data replaces pinned nodes)")
	fs.BoolVarP(&quiet, "quiet", "q", false, "print no summary")
	fs.BoolVar(&sandbox, "sandbox", false, "run against in-process fake Notion and Clockify APIs seeded with a demo workspace (no credentials needed)")
	fs.StringVar(&recordFile, "record-http", "", "save every HTTP exchange of the run to FILE, secrets redacted (for --replay-http and `n8n-go test`)")
	fs.StringVar(&replayFile, "replay-http", "", "answer every HTTP request from FILE (made with --record-http) instead of the network")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: n8n-go run [flags] WORKFLOW.json\n\nRuns the workflow once. Exit 0 on success, 1 when the workflow failed, 2 on usage or validation errors.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if mode != "cli" && mode != "manual" {
		fmt.Fprintf(env.stderr, "n8n-go run: --mode must be cli or manual, got %q\n", mode)
		return exitInvalid
	}
	w, err := ef.load(fs.Args())
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	var x extra
	var report func(io.Writer)
	if sandbox {
		eps, creds, rep, stop, err := sandboxExtra(env.ctx, env.stderr)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
			return exitFailed
		}
		defer stop()
		x = extra{endpoints: eps, credentials: creds}
		report = rep
		// The fakes do not limit; real Notion does, so the flag keeps its
		// default only outside the sandbox unless given explicitly.
		if !fs.Changed("notion-rate") {
			ef.notionRate = 0
		}
	}
	// Every secret we hold, and its encodings, is scrubbed from what the
	// run writes: logs and the summary (stderr) and the run data.
	baseCreds := x.credentials
	if baseCreds == nil {
		if baseCreds, err = loadCredentials(ef.credentials, env); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
			return exitInvalid
		}
	}
	scrub := scrubberFor(baseCreds)
	env.stderr = scrub.Writer(env.stderr)
	hs, err := wireHTTP(&x, recordFile, replayFile, sandbox, ef.credentials, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	if replayFile != "" && !fs.Changed("notion-rate") {
		ef.notionRate = 0 // a replay asks no server, so nothing to protect
	}
	eng, err := ef.build(env, x)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	var start []data.Item
	if input != "" {
		start, err = parseInput(input)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: --input: %v\n", err)
			return exitInvalid
		}
	}
	res, err := eng.Run(env.ctx, w, engine.RunOptions{Mode: mode, Start: trigger, StartItems: start})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	if err := hs.save(); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitFailed
	}
	for _, p := range hs.problems(true) {
		fmt.Fprintln(env.stderr, p)
	}
	if output != "" {
		if err := writeResult(output, res, env.stdout, scrub); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
			return exitFailed
		}
	}
	if !quiet {
		printSummary(env.stderr, w.Name, res)
		if report != nil {
			report(env.stderr)
		}
	}
	if res.Status != "success" {
		return exitFailed
	}
	return exitOK
}

// parseInput accepts one JSON object or an array of objects (or of items
// with a "json" key).
func parseInput(s string) ([]data.Item, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "@") {
		b, err := os.ReadFile(s[1:])
		if err != nil {
			return nil, err
		}
		s = strings.TrimSpace(string(b))
	}
	var raw []json.RawMessage
	if strings.HasPrefix(s, "[") {
		if err := json.Unmarshal([]byte(s), &raw); err != nil {
			return nil, fmt.Errorf("not a JSON array of objects: %w", err)
		}
	} else {
		raw = []json.RawMessage{json.RawMessage(s)}
	}
	items := make([]data.Item, 0, len(raw))
	for i, r := range raw {
		var obj map[string]any
		if err := json.Unmarshal(r, &obj); err != nil {
			return nil, fmt.Errorf("element %d is not a JSON object: %w", i, err)
		}
		if j, ok := obj["json"].(map[string]any); ok && len(obj) <= 3 {
			obj = j
		}
		items = append(items, data.Item{JSON: obj})
	}
	return items, nil
}

func writeResult(path string, res *engine.Result, stdout io.Writer, scrub *credentials.Scrubber) error {
	if path == "-" {
		return writeScrubbed(stdout, res, scrub)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write run data: %w", err)
	}
	if err := writeScrubbed(f, res, scrub); err != nil {
		f.Close()
		return fmt.Errorf("write run data: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write run data: %w", err)
	}
	return nil
}

// printSummary prints one line per node run, in execution order.
func printSummary(w io.Writer, name string, res *engine.Result) {
	fmt.Fprintf(w, "Workflow %q: %s in %s\n", name, res.Status, res.StoppedAt.Sub(res.StartedAt).Round(1e5))
	width := 4
	for _, nr := range res.Order {
		width = max(width, len(nr.Node))
	}
	for _, nr := range res.Order {
		t := res.Data.ResultData.RunData[nr.Node][nr.Run]
		mark := "ok "
		if t.ExecutionStatus == "error" {
			mark = "ERR"
		}
		var outs []string
		if t.Data != nil {
			for _, o := range t.Data.Main {
				outs = append(outs, fmt.Sprint(len(o)))
			}
		}
		run := ""
		if nr.Run > 0 {
			run = fmt.Sprintf(" (run %d)", nr.Run+1)
		}
		line := fmt.Sprintf("  %s %-*s  items out: [%s]  %dms%s", mark, width, nr.Node, strings.Join(outs, ", "), t.ExecutionTime, run)
		if t.Error != nil {
			line += "\n      error: " + t.Error.Message
			if t.Error.Description != "" {
				line += " — " + t.Error.Description
			}
		}
		fmt.Fprintln(w, line)
	}
	if e := res.Data.ResultData.Error; e != nil && res.Status != "success" {
		fmt.Fprintf(w, "Failed at %q: %s\n", res.Data.ResultData.LastNodeExecuted, e.Message)
	}
}
