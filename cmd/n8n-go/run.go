package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/errorflow"
	"github.com/n8n-go/n8n-go/nodes/errortrigger"
)

// runOptions are run's own flags.
type runOptions struct {
	ef      engineFlags
	output  string
	trigger string
	input   string
	mode    string
	quiet   bool
	sandbox bool
	print   string
	// HTTP recording and replay (see httprec.go).
	recordFile string
	replayFile string
	// errorWorkflow is --error-workflow: the workflow run when this one fails.
	errorWorkflow string
	// cpuProfile and memProfile are pprof files for measuring the engine.
	cpuProfile string
	memProfile string
}

func newRunCmd(env cliEnv) *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run [flags] WORKFLOW.json|n8n://ID",
		Short: "Run a workflow once and print a line per node",
		Long: `Runs the workflow once, as n8n execute does: it starts at the first trigger with a
trigger function (e.g. the Schedule Trigger) unless --trigger names another node.
Every node run is reported on stderr as it finishes; -o writes n8n's run data,
--print writes one node's output items on stdout.

The workflow is a file, or n8n://ID: the workflow with that id on the n8n
instance --n8n-url/N8N_URL (API key --api-key/N8N_API_KEY), as it is there now.

Everything is checked before the first node runs (node types, credentials,
expressions, output paths, time zone, endpoints).

Exit codes: 0 success, 1 the workflow failed, 2 usage or validation error.`,
		Example: `  n8n-go run --sandbox workflows/notion-clockify-sync.json
  n8n-go run wf.json --credentials creds.json -o run.json
  n8n-go run wf.json --trigger Webhook --input '{"name":"ada"}' --print last
  n8n-go run wf.json --record-http rec.json   # later: --replay-http rec.json
  N8N_URL=http://localhost:5678 N8N_API_KEY=… n8n-go run n8n://8tKcWy9BsD8AM2zE --credentials creds.json`,
		Args:              exactArgs(1, "one workflow file or n8n://ID"),
		ValidArgsFunction: completeWorkflowFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			stop, err := startProfiles(o.cpuProfile, o.memProfile)
			if err != nil {
				fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
				return exitWith(exitInvalid)
			}
			code := runWorkflow(cmd, args, &o, env)
			if err := stop(); err != nil {
				fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
			}
			return exitWith(code)
		},
	}
	fs := cmd.Flags()
	o.ef.register(fs)
	fs.StringVarP(&o.output, "output", "o", "", "write the run data (n8n's execution JSON) to `FILE`, or - for stdout")
	fs.StringVar(&o.trigger, "trigger", "", "start the run at this `NODE` (default: the first trigger with a trigger function, as n8n execute)")
	fs.StringVar(&o.input, "input", "", "`JSON` object or array of objects (or @FILE) the start node emits instead of one empty item")
	fs.StringVar(&o.mode, "mode", "cli", "execution `MODE`: cli (as n8n execute) or manual (pinned data replaces pinned nodes)")
	fs.StringVar(&o.print, "print", "", "print this `NODE`'s output items (its last run) as JSON on stdout; \"last\": the last node that ran")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print no per-node lines or summary")
	fs.BoolVar(&o.sandbox, "sandbox", false, "run against in-process fake Notion and Clockify APIs seeded with a demo workspace (no credentials needed)")
	fs.StringVar(&o.recordFile, "record-http", "", "save every HTTP exchange of the run to `FILE`, secrets redacted (for --replay-http and n8n-go test)")
	fs.StringVar(&o.errorWorkflow, "error-workflow", "", "when the run fails, run the workflow in `FILE` from its Error Trigger with n8n's error data (default: settings.errorWorkflow looked up in --workflows, or this workflow's own Error Trigger)")
	fs.StringVar(&o.replayFile, "replay-http", "", "answer every HTTP request from `FILE` (made with --record-http) instead of the network")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to `FILE` (go tool pprof)")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile (allocations and what is live) at the end of the run to `FILE` (go tool pprof)")
	_ = cmd.RegisterFlagCompletionFunc("trigger", completeNodeFlag)
	_ = cmd.RegisterFlagCompletionFunc("print", completePrintFlag)
	_ = cmd.RegisterFlagCompletionFunc("mode", cobra.FixedCompletions([]string{"cli", "manual"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runWorkflow(cmd *cobra.Command, args []string, o *runOptions, env cliEnv) int {
	fs := cmd.Flags()
	ef := &o.ef
	output, trigger, input, mode, quiet, sandbox := o.output, o.trigger, o.input, o.mode, o.quiet, o.sandbox
	recordFile, replayFile := o.recordFile, o.replayFile
	w, err := ef.load(env, args)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	// Everything that can be checked is checked before anything starts:
	// nothing may call an API and then fail on a flag.
	if probs := o.check(w, env); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(env.stderr, "n8n-go run: "+p)
		}
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
		ef.unlimited = true
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
	if replayFile != "" {
		ef.unlimited = true // a replay asks no server, so nothing to protect
		if !fs.Changed("notion-rate") {
			ef.notionRate = 0
		}
	}
	x.requests = new(atomic.Int64)
	eng, err := ef.build(env, x)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
		return exitInvalid
	}
	var errWF *workflow.Workflow
	if o.errorWorkflow != "" {
		if errWF, err = loadErrorWorkflow(o.errorWorkflow, eng); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: --error-workflow: %v\n", err)
			return exitInvalid
		}
	}
	var start []data.Item
	if input != "" {
		start, err = parseInput(input)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: --input: %v\n", err)
			return exitInvalid
		}
	}
	// The run is execution 1, as the first execution of a fresh n8n: error
	// workflows and $execution.id see that id.
	ro := engine.RunOptions{Mode: mode, Start: trigger, StartItems: start, ExecutionID: "1"}
	var prog *progress
	if !quiet {
		prog = newProgress(env.stderr, nodeNames(w), env.terminal, env.terminal && env.getenv("NO_COLOR") == "", x.requests)
		ro.Hooks = prog.hooks()
		fmt.Fprintf(env.stderr, "Workflow %q: running\n", w.Name)
		prog.start()
	}
	if ef.verbose {
		ro.Hooks = logHooks(ro.Hooks, ef.logger(env))
	}
	if output != "" {
		// The run data goes to a file: runs nothing later reads wait there
		// instead of in memory (the file written is the same).
		spool, err := engine.NewSpool("")
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: %v\n", err)
			return exitFailed
		}
		defer spool.Close()
		ro.Spool = spool
		if o.print != "" && o.print != "last" {
			ro.Keep = []string{o.print}
		}
	}
	res, err := eng.Run(env.ctx, w, ro)
	prog.finish()
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
	if o.print != "" {
		if err := printNodeOutput(env.stdout, res, o.print); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: --print: %v\n", err)
			return exitFailed
		}
	}
	if !quiet {
		printSummary(env.stderr, w.Name, res)
		if report != nil {
			report(env.stderr)
		}
	}
	if errorflow.Failed(res, mode) {
		runErrorWorkflow(env, eng, w, res, mode, ro.ExecutionID, errWF, quiet)
	}
	if res.Status != "success" {
		return exitFailed
	}
	return exitOK
}

// loadErrorWorkflow reads and validates --error-workflow's file up front.
func loadErrorWorkflow(path string, eng *engine.Engine) (*workflow.Workflow, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ew, err := workflow.Parse(b, "")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if probs := eng.Validate(ew); len(probs) > 0 {
		return nil, fmt.Errorf("%s: %w", path, &engine.ValidationError{Problems: probs})
	}
	if _, ok := errortrigger.StartNode(ew); !ok {
		return nil, fmt.Errorf("%s: the workflow has no Error Trigger node to start from", path)
	}
	return ew, nil
}

// runErrorWorkflow runs the error workflow of a failed run, as n8n does
// after saving a failed execution; its outcome does not change run's exit
// code.
func runErrorWorkflow(env cliEnv, eng *engine.Engine, w *workflow.Workflow, res *engine.Result, mode, execID string, ew *workflow.Workflow, quiet bool) {
	if ew == nil {
		var err error
		if ew, err = errorflow.Pick(env.ctx, w, mode, eng.Workflows()); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go run: error workflow not run: %v\n", err)
			return
		}
		if ew == nil {
			return
		}
	}
	payload, err := errorflow.Payload(w, res, mode, execID, "http://localhost:5678/")
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: error workflow not run: %v\n", err)
		return
	}
	eres, err := errorflow.Run(env.ctx, eng, ew, payload, "2")
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go run: error workflow not run: %v\n", err)
		return
	}
	if !quiet {
		fmt.Fprintf(env.stderr, "Error workflow %q: %s (%d node runs)\n", ew.Name, eres.Status, len(eres.Order))
		if e := eres.Data.ResultData.Error; e != nil && eres.Status != "success" {
			fmt.Fprintf(env.stderr, "Failed at %q: %s\n", eres.Data.ResultData.LastNodeExecuted, e.Message)
		}
	}
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
		obj, err := data.ParseJSONObject(r)
		if err != nil || obj == nil {
			return nil, fmt.Errorf("element %d is not a JSON object: %v", i, err)
		}
		if j, ok := obj.Value("json").(*data.Object); ok && obj.Len() <= 3 {
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

// printSummary prints how the run ended; the node lines were printed as
// the nodes finished.
func printSummary(w io.Writer, name string, res *engine.Result) {
	fmt.Fprintf(w, "Workflow %q: %s in %s (%d node runs)\n", name, res.Status, res.StoppedAt.Sub(res.StartedAt).Round(1e5), len(res.Order))
	if e := res.Data.ResultData.Error; e != nil && res.Status != "success" {
		fmt.Fprintf(w, "Failed at %q: %s\n", res.Data.ResultData.LastNodeExecuted, e.Message)
	}
}

// check lists what is wrong with the flags and the workflow before
// anything runs, one line per cause.
func (o *runOptions) check(w *workflow.Workflow, env cliEnv) []string {
	probs := o.ef.preflight(env)
	if o.mode != "cli" && o.mode != "manual" {
		probs = append(probs, fmt.Sprintf("--mode: %q is not a mode; use cli or manual", o.mode))
	}
	if err := checkNodeName(w, "--trigger", o.trigger); err != nil {
		probs = append(probs, err.Error())
	}
	if o.print != "" && o.print != "last" {
		if err := checkNodeName(w, "--print", o.print); err != nil {
			probs = append(probs, err.Error())
		}
	}
	if o.print != "" && o.output == "-" {
		probs = append(probs, "--print and -o - both write to stdout; write the run data to a file")
	}
	if o.recordFile != "" && o.replayFile != "" {
		probs = append(probs, "--record-http and --replay-http exclude each other")
	}
	if o.replayFile != "" {
		if _, err := os.Stat(o.replayFile); err != nil {
			probs = append(probs, fmt.Sprintf("--replay-http %s: %v", o.replayFile, unwrapPath(err)))
		}
	}
	for _, c := range []struct{ flag, path string }{{"-o", o.output}, {"--record-http", o.recordFile}} {
		if err := checkWritable(c.flag, c.path); err != nil {
			probs = append(probs, err.Error())
		}
	}
	if o.input != "" {
		if _, err := parseInput(o.input); err != nil {
			probs = append(probs, "--input: "+err.Error())
		}
	}
	return append(probs, checkReferences(w)...)
}

// printNodeOutput writes the output items of node's last run (or of the
// last node that ran) as a JSON array of items; a node with several
// outputs gives an array per output.
func printNodeOutput(w io.Writer, res *engine.Result, node string) error {
	if node == "last" {
		if len(res.Order) == 0 {
			return errors.New("no node ran")
		}
		node = res.Order[len(res.Order)-1].Node
	}
	runs := res.Data.ResultData.RunData[node]
	if len(runs) == 0 {
		return fmt.Errorf("node %q did not run", node)
	}
	t := runs[len(runs)-1]
	if t.Data == nil {
		return fmt.Errorf("node %q has no output (it failed: %s)", node, errMessage(t))
	}
	b, err := json.Marshal(t.Data)
	if err != nil {
		return err
	}
	var doc struct {
		Main []json.RawMessage `json:"main"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return err
	}
	var out json.RawMessage = []byte("[]")
	switch len(doc.Main) {
	case 0:
	case 1:
		out = doc.Main[0]
	default:
		out = b[len(`{"main":`) : len(b)-1]
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, out, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err = w.Write(buf.Bytes())
	return err
}

func errMessage(t *engine.TaskData) string {
	if t.Error == nil {
		return "no data"
	}
	return t.Error.Message
}
