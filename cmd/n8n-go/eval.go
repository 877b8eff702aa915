package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/scope"
)

func evalCommand(args []string, env cliEnv) int {
	fs := pflag.NewFlagSet("eval", pflag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var (
		item     string
		items    string
		index    int
		timezone string
		allowEnv bool
		wfFile   string
		node     string
		mode     string
		ef       engineFlags
	)
	fs.StringVar(&item, "json", "", "the current item's json ($json), a JSON object")
	fs.StringVar(&items, "items", "", "all input items ($input.all()), a JSON array of objects; --item picks the current one")
	fs.IntVar(&index, "item", 0, "index of the current item in --items ($itemIndex)")
	fs.StringVar(&wfFile, "workflow", "", "evaluate in a workflow: run it up to --node (pinned data is used) and evaluate there")
	fs.StringVar(&node, "node", "", "with --workflow: the node whose parameter the expression is")
	fs.StringVar(&mode, "mode", "manual", "with --workflow: execution mode of the run up to --node (manual uses pinned data)")
	ef.registerEngine(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: n8n-go eval [flags] 'EXPRESSION'\n\nEvaluates a parameter value as a node parameter would be (the leading = is optional)\nand prints the result as JSON: a string quoted, undefined as nothing.\nExit 1 on an expression error (printed to stderr).\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitInvalid
	}
	src := fs.Arg(0)
	if !strings.HasPrefix(src, "=") {
		src = "=" + src
	}
	allowEnv = ef.allowEnv
	if wfFile != "" || node != "" {
		return evalInWorkflow(env, &ef, wfFile, node, mode, src, index)
	}
	var input []data.Item
	switch {
	case items != "":
		var objs []map[string]any
		if err := json.Unmarshal([]byte(items), &objs); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go eval: --items: expected a JSON array of objects: %v\n", err)
			return exitInvalid
		}
		for _, o := range objs {
			input = append(input, data.Item{JSON: o})
		}
	case item != "":
		var obj map[string]any
		if err := json.Unmarshal([]byte(item), &obj); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go eval: --json: expected a JSON object: %v\n", err)
			return exitInvalid
		}
		input = []data.Item{{JSON: obj}}
	default:
		input = []data.Item{{JSON: map[string]any{}}}
	}
	if index < 0 || index >= len(input) {
		fmt.Fprintf(env.stderr, "n8n-go eval: --item %d is outside the %d input items\n", index, len(input))
		return exitInvalid
	}
	for i := range input {
		input[i].Paired = data.One(i)
	}
	timezone = ef.timezone
	if timezone == "" {
		timezone = env.getenv("GENERIC_TIMEZONE")
	}
	loc := time.UTC
	for _, name := range []string{timezone, "America/New_York"} {
		if name == "" {
			continue
		}
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
			break
		}
	}
	envMap := map[string]string{}
	for _, kv := range env.environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			envMap[k] = v
		}
	}
	d := &evalData{items: input, index: index, loc: loc, env: envMap, allowEnv: allowEnv}
	ev := expression.New(expression.Options{AllowEnv: allowEnv})
	v, err := ev.Evaluate(env.ctx, src, d)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: %v\n", err)
		return exitFailed
	}
	return printEvalResult(env, v)
}

// evalInWorkflow runs the workflow up to node and evaluates src there.
func evalInWorkflow(env cliEnv, ef *engineFlags, file, node, mode, src string, item int) int {
	if file == "" || node == "" {
		fmt.Fprintln(env.stderr, "n8n-go eval: --workflow and --node go together")
		return exitInvalid
	}
	w, err := ef.load([]string{file})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: %v\n", err)
		return exitInvalid
	}
	eng, err := ef.build(env, extra{})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: %v\n", err)
		return exitInvalid
	}
	v, _, err := eng.EvaluateAt(env.ctx, w, engine.RunOptions{Mode: mode}, node, src, item)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: %v\n", err)
		var ve *engine.ValidationError
		if errors.As(err, &ve) {
			return exitInvalid
		}
		return exitFailed
	}
	return printEvalResult(env, v)
}

// printEvalResult prints a value as JSON; undefined prints nothing.
func printEvalResult(env cliEnv, v any) int {
	if data.IsUndefined(v) {
		return exitOK
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: cannot print the result: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(env.stdout, string(b))
	return exitOK
}

// evalData is what an expression sees under `n8n-go eval`: the given items
// and no other node.
type evalData struct {
	items    []data.Item
	index    int
	loc      *time.Location
	env      map[string]string
	allowEnv bool
}

func (d *evalData) ItemIndex() int                               { return d.index }
func (d *evalData) RunIndex() int                                { return 0 }
func (d *evalData) InputItems() []data.Item                      { return d.items }
func (d *evalData) NodeExists(string) bool                       { return false }
func (d *evalData) IsExecuted(string) bool                       { return false }
func (d *evalData) Parameters() map[string]any                   { return map[string]any{} }
func (d *evalData) Vars() map[string]any                         { return map[string]any{} }
func (d *evalData) Now() time.Time                               { return time.Now().In(d.loc) }
func (d *evalData) Location() *time.Location                     { return d.loc }
func (d *evalData) Env() (map[string]string, bool)               { return d.env, d.allowEnv }
func (d *evalData) Workflow() scope.WorkflowInfo                 { return scope.WorkflowInfo{} }
func (d *evalData) Execution() scope.ExecutionInfo               { return scope.ExecutionInfo{Mode: "test"} }
func (d *evalData) PrevNode() (string, int, int, bool)           { return "", 0, 0, false }
func (d *evalData) NodeParameters(string) (map[string]any, bool) { return nil, false }

func (d *evalData) NodeOutput(name string, _, _ int) ([]data.Item, error) {
	return nil, &scope.Error{Message: "Referenced node doesn't exist", Description: fmt.Sprintf("n8n-go eval has no node %q; only the given items", name)}
}

func (d *evalData) PairedItem(name string, _ int) (data.Item, error) {
	return data.Item{}, &scope.Error{Message: "Referenced node doesn't exist", Description: fmt.Sprintf("n8n-go eval has no node %q; only the given items", name)}
}
