package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/scope"
)

type evalOptions struct {
	ef     engineFlags
	item   string
	items  string
	index  int
	wfFile string
	node   string
	mode   string
}

func newEvalCmd(env cliEnv) *cobra.Command {
	var o evalOptions
	cmd := &cobra.Command{
		Use:   "eval [flags] 'EXPRESSION'",
		Short: "Evaluate an n8n expression",
		Long: `Evaluates a parameter value as a node parameter would be (the leading = is optional)
and prints the result as JSON on stdout: a string quoted, undefined as nothing.

Alone, the expression sees --json or --items. With --file WORKFLOW.json --node NODE
the workflow runs up to that node (pinned data is used in the default manual mode)
and the expression is evaluated there, as NODE's parameter.

Exit codes: 0 success, 1 the expression (or the run up to --node) failed, 2 usage error.`,
		Example: `  n8n-go eval '={{ $json.name.toUpperCase() }}' --json '{"name":"ada"}'
  n8n-go eval '{{ $input.all().length }}' --items '[{"v":1},{"v":2}]'
  n8n-go eval '={{ $("Globals").item.json.workspace_id }}' --file wf.json --node "Get active Clients from Clockify"`,
		Args: exactArgs(1, "one expression (quote it for the shell)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(evalExpression(cmd, args, &o, env))
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.item, "json", "", "the current item's json ($json), a JSON `OBJECT`")
	fs.StringVar(&o.items, "items", "", "all input items ($input.all()), a JSON `ARRAY` of objects; --item picks the current one")
	fs.IntVar(&o.index, "item", 0, "index of the current item in --items ($itemIndex)")
	fs.StringVarP(&o.wfFile, "file", "f", "", "evaluate in the workflow in `FILE`: run it up to --node and evaluate there")
	fs.StringVar(&o.node, "node", "", "with --file: the `NODE` whose parameter the expression is")
	fs.StringVar(&o.mode, "mode", "manual", "with --file: execution `MODE` of the run up to --node (manual uses pinned data)")
	o.ef.register(fs)
	_ = cmd.RegisterFlagCompletionFunc("node", completeNodeFlag)
	_ = cmd.RegisterFlagCompletionFunc("file", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
	})
	return cmd
}

func evalExpression(cmd *cobra.Command, args []string, o *evalOptions, env cliEnv) int {
	ef := &o.ef
	item, items, index, wfFile, node, mode := o.item, o.items, o.index, o.wfFile, o.node, o.mode
	if wfFile == "" && ef.pick != "" {
		if st, err := os.Stat(ef.pick); err == nil && !st.IsDir() {
			fmt.Fprintf(env.stderr, "n8n-go eval: --workflow picks a workflow by name or id in --file; pass the file itself with --file %s\n", ef.pick)
		} else {
			fmt.Fprintln(env.stderr, "n8n-go eval: --workflow needs --file")
		}
		return exitInvalid
	}
	if probs := ef.preflight(env); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(env.stderr, "n8n-go eval: "+p)
		}
		return exitInvalid
	}
	src := args[0]
	if !strings.HasPrefix(src, "=") {
		src = "=" + src
	}
	allowEnv := ef.allowEnv
	if wfFile != "" || node != "" {
		return evalInWorkflow(env, ef, wfFile, node, mode, src, index)
	}
	var input []data.Item
	switch {
	case items != "":
		v, err := data.ParseJSON([]byte(items))
		list, isList := v.([]any)
		if err == nil && !isList {
			err = errors.New("not an array")
		}
		for _, e := range list {
			o, ok := e.(*data.Object)
			if !ok && err == nil {
				err = errors.New("an element is not an object")
			}
			input = append(input, data.Item{JSON: o})
		}
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go eval: --items: expected a JSON array of objects: %v\n", err)
			return exitInvalid
		}
	case item != "":
		obj, err := data.ParseJSONObject([]byte(item))
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go eval: --json: expected a JSON object: %v\n", err)
			return exitInvalid
		}
		input = []data.Item{{JSON: obj}}
	default:
		input = []data.Item{{JSON: data.NewObject(0)}}
	}
	if index < 0 || index >= len(input) {
		fmt.Fprintf(env.stderr, "n8n-go eval: --item %d is outside the %d input items\n", index, len(input))
		return exitInvalid
	}
	for i := range input {
		input[i].Paired = data.One(i)
	}
	timezone := ef.timezone
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
		fmt.Fprintln(env.stderr, "n8n-go eval: --file and --node go together")
		return exitInvalid
	}
	w, err := ef.load(env, []string{file})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go eval: %v\n", err)
		return exitInvalid
	}
	if err := checkNodeName(w, "--node", node); err != nil {
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

func (d *evalData) ItemIndex() int                             { return d.index }
func (d *evalData) RunIndex() int                              { return 0 }
func (d *evalData) InputItems() []data.Item                    { return d.items }
func (d *evalData) NodeExists(string) bool                     { return false }
func (d *evalData) IsExecuted(string) bool                     { return false }
func (d *evalData) Parameters() *data.Object                   { return data.NewObject(0) }
func (d *evalData) Vars() *data.Object                         { return data.NewObject(0) }
func (d *evalData) Now() time.Time                             { return time.Now().In(d.loc) }
func (d *evalData) Location() *time.Location                   { return d.loc }
func (d *evalData) Env() (map[string]string, bool)             { return d.env, d.allowEnv }
func (d *evalData) Workflow() scope.WorkflowInfo               { return scope.WorkflowInfo{} }
func (d *evalData) Execution() scope.ExecutionInfo             { return scope.ExecutionInfo{Mode: "test"} }
func (d *evalData) PrevNode() (string, int, int, bool)         { return "", 0, 0, false }
func (d *evalData) NodeParameters(string) (*data.Object, bool) { return nil, false }

func (d *evalData) NodeOutput(name string, _, _ int) ([]data.Item, error) {
	return nil, &scope.Error{Message: "Referenced node doesn't exist", Description: fmt.Sprintf("n8n-go eval has no node %q; only the given items", name)}
}

func (d *evalData) PairedItem(name string, _ int) (data.Item, error) {
	return data.Item{}, &scope.Error{Message: "Referenced node doesn't exist", Description: fmt.Sprintf("n8n-go eval has no node %q; only the given items", name)}
}
