package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// Nodes of these types talk to outside systems even without a
// credential; test new pins them (with the trigger and every node that
// has credentials) unless told otherwise.
var externalTypes = map[string]bool{
	"n8n-nodes-base.httpRequest":     true,
	"n8n-nodes-base.executeCommand":  true,
	"n8n-nodes-base.readWriteFile":   true,
	"n8n-nodes-base.ftp":             true,
	"n8n-nodes-base.ssh":             true,
	"n8n-nodes-base.emailSend":       true,
	"n8n-nodes-base.executeWorkflow": true,
}

type testNewOptions struct {
	n8n      n8nFlags
	output   string
	workflow string
	pin      []string
	noPin    []string
	pinNone  bool
}

func newTestNewCmd(env cliEnv) *cobra.Command {
	var o testNewOptions
	cmd := &cobra.Command{
		Use:   "new [flags] EXECUTION_ID|EXECUTION.json",
		Short: "Write a test case (*.test.json) from a real n8n execution",
		Long: `Turns an execution of a real n8n into a test case: the workflow as it ran (from
the execution; written beside the case as NAME.workflow.json), the start
node's output and the outputs of nodes that talk to outside systems replayed
as recorded ("recorded": the trigger, nodes with credentials, HTTP Request and
similar; --pin/--no-pin change the choice), and every other node's recorded
output as the expectation: items, pairedItem, how often each node ran ("Node#1"
for a second run, null for a run that did not happen), and the run's status
and error. n8n-go test then checks n8n-go against what n8n really did.

The execution is an id on the n8n instance (--n8n-url/N8N_URL,
--api-key/N8N_API_KEY; GET /api/v1/executions/ID?includeData=true) or a file
holding that answer. A file without the workflow (n8n execute --rawOutput)
needs --workflow.

Exit codes: 0 written, 1 the API failed, 2 usage error or an unusable execution.`,
		Example: `  n8n-go test new 1234 -o tests/orders.test.json
  n8n-go test new saved-execution.json -o tests/orders.test.json
  n8n-go test new 1234 --pin "Get customers" --no-pin "Call API" -o tests/orders.test.json`,
		Args: exactArgs(1, "one execution id or execution file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(testNew(args[0], &o, env))
		},
	}
	fs := cmd.Flags()
	o.n8n.register(fs)
	fs.StringVarP(&o.output, "output", "o", "", "the case `FILE` to write (default execution-<id>.test.json); the workflow goes beside it")
	fs.StringVar(&o.workflow, "workflow", "", "the workflow `FILE` that ran, for an execution file that does not hold it")
	fs.StringArrayVar(&o.pin, "pin", nil, "also replay this `NODE`'s recorded output instead of running it (repeatable)")
	fs.StringArrayVar(&o.noPin, "no-pin", nil, "run this `NODE` in n8n-go and expect its recorded output, even if it would be pinned (repeatable)")
	fs.BoolVar(&o.pinNone, "pin-trigger-only", false, "replay only the start node; every other node runs and is compared")
	return cmd
}

// execution is the part of an n8n execution test new reads.
type execution struct {
	id       string
	status   string
	mode     string
	started  string
	errorMsg string
	workflow json.RawMessage // workflowData, or --workflow's file
	// pinData is the data pinned in the editor for a manual run
	// (resultData.pinData): the case pins it too.
	pinData *data.Object
	runs    *data.Object // NormalizeRun's runData: node → [task]
}

func testNew(src string, o *testNewOptions, env cliEnv) int {
	raw, err := readExecution(src, o, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		var bad badInput
		if errors.As(err, &bad) {
			return exitInvalid
		}
		return exitFailed
	}
	ex, err := parseExecution(raw)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %s: %v\n", src, err)
		return exitInvalid
	}
	if o.workflow != "" {
		if ex.workflow, err = os.ReadFile(o.workflow); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go test new: --workflow: %v\n", unwrapPath(err))
			return exitInvalid
		}
	}
	if len(ex.workflow) == 0 {
		fmt.Fprintf(env.stderr, "n8n-go test new: %s holds no workflowData (n8n execute --rawOutput leaves it out); give the workflow with --workflow FILE\n", src)
		return exitInvalid
	}
	w, err := workflow.Parse(ex.workflow, "")
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: the execution's workflow: %v\n", err)
		return exitInvalid
	}
	for _, n := range append(slices.Clone(o.pin), o.noPin...) {
		if err := checkNodeName(w, "--pin/--no-pin", n); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
			return exitInvalid
		}
	}
	out := o.output
	if out == "" {
		id := ex.id
		if id == "" {
			id = strings.TrimSuffix(filepath.Base(src), ".json")
		}
		out = "execution-" + safeName(id) + caseSuffix
	}
	if !strings.HasSuffix(out, caseSuffix) {
		fmt.Fprintf(env.stderr, "n8n-go test new: -o %s: a case file's name ends in %s (n8n-go test looks for those)\n", out, caseSuffix)
		return exitInvalid
	}
	wfFile := strings.TrimSuffix(out, caseSuffix) + ".workflow.json"
	doc, notes, err := buildCase(ex, w, o, filepath.Base(wfFile))
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		return exitInvalid
	}
	wfBytes, err := exportForm(ex.workflow)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		return exitInvalid
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		return exitFailed
	}
	if err := writeFileAtomic(wfFile, wfBytes); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		return exitFailed
	}
	if err := writeFileAtomic(out, doc); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go test new: %v\n", err)
		return exitFailed
	}
	for _, n := range notes {
		fmt.Fprintln(env.stderr, "note: "+n)
	}
	fmt.Fprintf(env.stderr, "wrote %s (workflow %q, execution %s, %s) and %s\n", out, w.Name, orDash(ex.id), ex.status, wfFile)
	return exitOK
}

// badInput is an error in what test new was given (exit 2), not the API's.
type badInput struct{ err error }

func (b badInput) Error() string { return b.err.Error() }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var unsafeChars = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[^A-Za-z0-9._-]+`)
})

func safeName(s string) string { return strings.Trim(unsafeChars().ReplaceAllString(s, "-"), "-.") }

// readExecution reads the execution file, or fetches the execution id.
func readExecution(src string, o *testNewOptions, env cliEnv) ([]byte, error) {
	if st, err := os.Stat(src); err == nil && !st.IsDir() {
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, badInput{err}
		}
		return b, nil
	}
	if strings.ContainsAny(src, `/\`) || strings.HasSuffix(src, ".json") {
		return nil, badInput{fmt.Errorf("%s: no such file (an execution id has no slashes)", src)}
	}
	c, err := o.n8n.client(env)
	if err != nil {
		return nil, badInput{err}
	}
	b, err := c.Execution(env.ctx, src, true)
	if ferr := o.n8n.finish(); err == nil {
		err = ferr
	}
	return b, err
}

// parseExecution reads the API's execution ({id, status, mode, data,
// workflowData}) or the IRun `n8n execute --rawOutput` prints.
func parseExecution(b []byte) (*execution, error) {
	v, err := data.ParseJSON(b)
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	root, ok := v.(*data.Object)
	if !ok {
		return nil, errors.New("not an execution: expected a JSON object")
	}
	ex := &execution{}
	ex.id = scalarString(root.Value("id"))
	ex.status, _ = root.Value("status").(string)
	ex.mode, _ = root.Value("mode").(string)
	ex.started, _ = root.Value("startedAt").(string)
	if wd, ok := root.Value("workflowData").(*data.Object); ok {
		if ex.workflow, err = data.MarshalValue(wd); err != nil {
			return nil, err
		}
	}
	d, _ := root.Value("data").(*data.Object)
	if d == nil {
		return nil, errors.New("the execution has no run data: fetch it with includeData=true (test new does) or save the whole execution")
	}
	if rd, _ := d.Value("resultData").(*data.Object); rd != nil {
		if e, _ := rd.Value("error").(*data.Object); e != nil {
			ex.errorMsg, _ = e.Value("message").(string)
		}
		if pd, _ := rd.Value("pinData").(*data.Object); pd != nil && pd.Len() > 0 {
			ex.pinData = pd
		}
	}
	norm, err := golden.NormalizeRun(b)
	if err != nil {
		return nil, err
	}
	nv, err := data.ParseJSON(norm)
	if err != nil {
		return nil, err
	}
	ex.runs, _ = nv.(*data.Object).Value("runData").(*data.Object)
	if ex.runs == nil || ex.runs.Len() == 0 {
		return nil, errors.New("the execution has no node runs")
	}
	if ex.status == "" {
		ex.status = "success"
		if ex.errorMsg != "" {
			ex.status = "error"
		}
	}
	return ex, nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	}
	return ""
}

// tasks lists a node's normalised runs.
func (ex *execution) tasks(node string) []*data.Object {
	list, _ := ex.runs.Value(node).([]any)
	out := make([]*data.Object, 0, len(list))
	for _, t := range list {
		if o, ok := t.(*data.Object); ok {
			out = append(out, o)
		}
	}
	return out
}

// startNode is the node the execution started at: the run with
// executionIndex 0, else the first run without a source.
func (ex *execution) startNode() string {
	best, bestIdx := "", -1.0
	for _, node := range ex.runs.Keys() {
		for _, t := range ex.tasks(node) {
			idx, ok := t.Value("executionIndex").(float64)
			src, _ := t.Value("source").([]any)
			if ok && (bestIdx < 0 || idx < bestIdx) && len(src) == 0 {
				best, bestIdx = node, idx
			}
			if !ok && best == "" && len(src) == 0 {
				best = node
			}
		}
	}
	return best
}

// buildCase writes the case document.
func buildCase(ex *execution, w *workflow.Workflow, o *testNewOptions, wfFile string) ([]byte, []string, error) {
	start := ex.startNode()
	if start == "" {
		return nil, nil, errors.New("cannot tell where the execution started: no node run without a source")
	}
	pinned := map[string]bool{start: true}
	if !o.pinNone {
		for _, n := range w.Nodes {
			if len(n.Credentials) > 0 || externalTypes[n.Type] {
				pinned[n.Name] = true
			}
		}
	}
	for _, n := range o.pin {
		pinned[n] = true
	}
	for _, n := range o.noPin {
		if n != start {
			delete(pinned, n)
		}
	}
	var notes []string
	recorded := data.NewObject(0)
	expect := data.NewObject(0)
	for _, n := range w.Nodes {
		if n.Type == "n8n-nodes-base.stickyNote" {
			continue
		}
		tasks := ex.tasks(n.Name)
		if pinned[n.Name] {
			var runs []any
			for k, t := range tasks {
				d, _ := t.Value("data").(*data.Object)
				if d == nil {
					notes = append(notes, fmt.Sprintf("node %q run %d failed in n8n (%s): a failure cannot be replayed, so the node runs in n8n-go from that run on", n.Name, k, taskError(t)))
					break
				}
				runs = append(runs, d.Value("main"))
			}
			if runs == nil {
				// It did not run: [] says so (no credential needed for it; if
				// it runs in n8n-go, its null expectation fails the case).
				runs = []any{}
			}
			recorded.Set(n.Name, runs)
		}
		for k, t := range tasks {
			if pinned[n.Name] && k < recordedRuns(recorded, n.Name) {
				continue
			}
			key := n.Name
			if k > 0 {
				key = fmt.Sprintf("%s#%d", n.Name, k)
			}
			d, _ := t.Value("data").(*data.Object)
			if d == nil {
				// A failed run: the case's status and error check it.
				continue
			}
			expect.Set(key, d.Value("main"))
		}
		// How often it ran: the next run must not happen.
		key := n.Name
		if len(tasks) > 0 {
			key = fmt.Sprintf("%s#%d", n.Name, len(tasks))
		}
		if !n.Disabled {
			expect.Set(key, nil)
		}
	}
	doc := data.NewObject(0)
	doc.Set("workflow", wfFile)
	doc.Set("trigger", start)
	if m := caseMode(ex.mode); m != "" {
		doc.Set("mode", m)
	}
	if ex.started != "" {
		doc.Set("now", ex.started)
	}
	if ex.status != "success" {
		doc.Set("status", "error") // canceled and crashed runs fail too
		if ex.errorMsg != "" {
			doc.Set("error", ex.errorMsg)
		}
	}
	if ex.pinData != nil {
		// A manual run from the editor used pinned data: so does the case
		// (pinData needs manual mode, which the case then has).
		doc.Set("pinData", ex.pinData)
	}
	doc.Set("recorded", recorded)
	doc.Set("expect", expect)
	b, err := data.MarshalValue(doc)
	if err != nil {
		return nil, nil, err
	}
	pretty, err := prettyJSON(b)
	return pretty, notes, err
}

func recordedRuns(rec *data.Object, node string) int {
	l, _ := rec.Value(node).([]any)
	return len(l)
}

func taskError(t *data.Object) string {
	if e, ok := t.Value("error").(*data.Object); ok {
		if m, ok := e.Value("message").(string); ok {
			return m
		}
	}
	return "no output"
}

// caseMode maps n8n's execution mode to one n8n-go runs: the modes whose
// behaviour differs (manual uses pinned data; the rest run as triggered).
func caseMode(mode string) string {
	switch mode {
	case "manual", "trigger", "webhook", "cli":
		return mode
	case "":
		return ""
	}
	return "trigger"
}
