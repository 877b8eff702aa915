// Package executeworkflow is n8n's Execute Workflow node ("Execute
// Sub-workflow", typeVersions 1 to 1.3): it runs another workflow, found by
// id among the workflows given with --workflows, read from a local file,
// loaded from a URL or given as JSON, once with all items or once per item, waiting for it or
// not.
package executeworkflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/executeworkflowtrigger"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

// maxWorkflowFile bounds a workflow read from a local file.
const maxWorkflowFile = 32 << 20

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.executeWorkflow", Versions: []float64{1, 1.1, 1.2, 1.3},
		Defaults: func(v float64) map[string]any {
			d := map[string]any{"source": "database", "mode": "once", "options": map[string]any{},
				"workflowPath": "", "workflowJson": "\n\n\n", "workflowUrl": ""}
			if v < 1.1 {
				d["workflowId"] = ""
			} else {
				d["workflowId"] = map[string]any{}
			}
			return d
		},
		WorkflowRefs: func(p engine.Params, v float64) []string {
			if s, _ := p.Value("source").(string); s != "database" {
				return nil
			}
			var id any = p.Value("workflowId")
			if o, ok := id.(*data.Object); ok {
				id = o.Value("value")
			}
			if s, ok := id.(string); ok && s != "" && !strings.HasPrefix(s, "=") {
				return []string{s}
			}
			return nil
		},
		Check: func(p engine.Params, v float64) []string {
			switch s := p.Value("source").(type) {
			case string:
				switch {
				case s == "database" || s == "parameter":
				case s == "localFile" && v < 1.2:
				case s == "url" && v < 1.2:
				default:
					return []string{fmt.Sprintf("parameter source: %q is not a source of typeVersion %v", s, v)}
				}
			}
			switch m := p.Value("mode").(type) {
			case string:
				if m != "once" && m != "each" {
					return []string{fmt.Sprintf(`parameter mode: expected "once" or "each", got %q`, m)}
				}
			}
			return nil
		},
	}
}

func opErr(msg, desc string, item int) *engine.NodeError {
	return &engine.NodeError{Name: "NodeOperationError", Message: msg, Description: desc, ItemIndex: item}
}

// info is n8n's IExecuteWorkflowInfo: an id or the workflow itself.
type info struct {
	id string
	wf *workflow.Workflow
}

func getInfo(ex *engine.Exec, source string, item int) (info, error) {
	switch source {
	case "database":
		var id string
		if ex.Version() == 1 {
			s, err := ex.ParamString("workflowId", item)
			if err != nil {
				return info{}, err
			}
			id = s
		} else {
			v, err := ex.Param("workflowId", item)
			if err != nil {
				return info{}, err
			}
			switch x := v.(type) {
			case *data.Object:
				id, _ = x.Value("value").(string)
				if f, ok := x.Value("value").(float64); ok {
					id = data.FormatNumber(f, false)
				}
			case string:
				id = x
			}
		}
		return info{id: id}, nil
	case "localFile":
		path, err := ex.ParamString("workflowPath", item)
		if err != nil {
			return info{}, err
		}
		b, err := readLimited(path)
		if errors.Is(err, os.ErrNotExist) {
			return info{}, opErr(fmt.Sprintf("The file \"%s\" could not be found, [item %d]", path, item), "", -1)
		}
		if err != nil {
			return info{}, err
		}
		w, err := workflow.Parse(b, "")
		if err != nil {
			return info{}, opErr("The file content is not valid JSON", err.Error(), -1)
		}
		return info{wf: w}, nil
	case "url":
		u, err := ex.ParamString("workflowUrl", item)
		if err != nil {
			return info{}, err
		}
		b, err := fetchWorkflow(ex, u)
		if err != nil {
			return info{}, err
		}
		w, err := workflow.Parse(b, "")
		if err != nil {
			return info{}, opErr("The workflow loaded from the URL is not an n8n workflow", err.Error(), -1)
		}
		return info{wf: w}, nil
	case "parameter":
		v, err := ex.Param("workflowJson", item)
		if err != nil {
			return info{}, err
		}
		var b []byte
		switch x := v.(type) {
		case string:
			b = []byte(x)
		case *data.Object:
			b, err = data.MarshalValue(x)
			if err != nil {
				return info{}, err
			}
		}
		w, err := workflow.Parse(b, "")
		if err != nil {
			return info{}, opErr("The workflow JSON is not an n8n workflow", err.Error(), -1)
		}
		return info{wf: w}, nil
	}
	return info{}, opErr(fmt.Sprintf("The source %q is not supported", source), "", -1)
}

// fetchWorkflow is source "url": n8n GETs the URL accepting JSON (gzip
// allowed; Go's transport decompresses it) and parses the answer.
func fetchWorkflow(ex *engine.Exec, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ex.Context(), http.MethodGet, u, nil)
	if err != nil {
		return nil, opErr(fmt.Sprintf("Invalid URL: %s", u), err.Error(), -1)
	}
	req.Header.Set("Accept", "application/json,text/*;q=0.99")
	res, err := ex.HTTP("").Do(req)
	if err != nil {
		return nil, opErr(fmt.Sprintf("The workflow could not be loaded from %s", u), err.Error(), -1)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxWorkflowFile+1))
	if err != nil {
		return nil, opErr(fmt.Sprintf("The workflow could not be loaded from %s", u), err.Error(), -1)
	}
	if res.StatusCode >= 300 {
		return nil, opErr(fmt.Sprintf("The workflow could not be loaded from %s: %d %s", u, res.StatusCode, http.StatusText(res.StatusCode)), strings.TrimSpace(string(b)), -1)
	}
	if len(b) > maxWorkflowFile {
		return nil, opErr(fmt.Sprintf("The workflow at %s is larger than %d bytes", u, maxWorkflowFile), "", -1)
	}
	return b, nil
}

func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxWorkflowFile {
		return nil, fmt.Errorf("workflow file %s is larger than %d MiB", path, maxWorkflowFile>>20)
	}
	return os.ReadFile(path)
}

// load returns the workflow to run and the id n8n reports for it.
func load(ex *engine.Exec, in info) (*workflow.Workflow, string, error) {
	if in.wf != nil {
		id := in.wf.ID
		if id == "" {
			id = ex.WorkflowID()
		}
		return in.wf, id, nil
	}
	w, err := ex.LoadWorkflow(in.id)
	if err != nil {
		return nil, "", err
	}
	return w, in.id, nil
}

// startNode is n8n's findSubworkflowStart: the Execute Workflow Trigger,
// else a Manual Trigger (or the old Start node).
func startNode(w *workflow.Workflow) (string, error) {
	for _, n := range w.Nodes {
		if n.Type == executeworkflowtrigger.Type {
			return n.Name, nil
		}
	}
	for _, n := range w.Nodes {
		switch n.Type {
		case "n8n-nodes-base.start", "n8n-nodes-base.manualTrigger", "@n8n/n8n-nodes-langchain.manualChatTrigger":
			return n.Name, nil
		}
	}
	return "", &engine.NodeError{Name: "SubworkflowOperationError", Message: "Missing node to start execution",
		Description: "Please make sure the workflow you're calling contains an Execute Workflow Trigger node", ItemIndex: -1}
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	source, err := ex.ParamString("source", 0)
	if err != nil {
		return nil, err
	}
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	items, err := inputData(ex)
	if err != nil {
		return nil, err
	}
	if mode == "each" {
		return runEach(ex, source, items)
	}
	return runOnce(ex, source, items)
}

func waitFor(ex *engine.Exec, item int) (bool, error) {
	v, err := ex.ParamOr("options.waitForSubWorkflow", item, true)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	return !ok || b, nil
}

func subMeta(execID, wfID string) *data.Object {
	return data.ObjectOf("executionId", execID, "workflowId", wfID)
}

func call(ex *engine.Exec, source string, item int, items []data.Item, wait bool) (*engine.SubRun, string, error) {
	in, err := getInfo(ex, source, item)
	if err != nil {
		return nil, "", err
	}
	w, id, err := load(ex, in)
	if err != nil {
		return nil, "", err
	}
	start, err := startNode(w)
	if err != nil {
		return nil, id, err
	}
	sr, err := ex.ExecuteWorkflow(w, engine.SubOptions{Start: start, Items: items, Wait: wait})
	return sr, id, err
}

func runEach(ex *engine.Exec, source string, items []data.Item) ([][]data.Item, error) {
	var out [][]data.Item
	add := func(o int, its ...data.Item) {
		for len(out) <= o {
			out = append(out, nil)
		}
		out[o] = append(out[o], its...)
	}
	for i := range items {
		var sr *engine.SubRun
		wait, err := waitFor(ex, i)
		if err == nil {
			sr, _, err = call(ex, source, i, []data.Item{items[i]}, wait)
			if err == nil {
				if !wait {
					if len(out) == 0 {
						out = append(out, []data.Item{})
					}
					it := items[i]
					it.Paired = data.One(i)
					add(0, it)
					continue
				}
				for o, list := range sr.Output {
					cp := make([]data.Item, len(list))
					for k, it := range list {
						it.Paired = data.One(i)
						cp[k] = it
					}
					add(o, cp...)
				}
				continue
			}
		}
		if ex.ContinueOnFail() {
			o := i
			if ex.Version() >= 1.3 {
				o = 0
			}
			add(o, data.Item{JSON: data.ObjectOf("error", errMessage(err)), Paired: data.One(i)})
			continue
		}
		if failedInNode(sr) {
			// n8n rebuilds a sub-run's node error as a NodeOperationError,
			// which its wrapper then passes on unchanged.
			return nil, err
		}
		return nil, &engine.NodeError{Name: "NodeOperationError", Message: fmt.Sprintf("Error executing workflow with item at index %d", i),
			Description: errMessage(err), ItemIndex: i, Err: err}
	}
	ex.SetMetadata(data.ObjectOf("subExecutionsCount", float64(len(items))))
	for i := range out {
		if out[i] == nil {
			out[i] = []data.Item{}
		}
	}
	return out, nil
}

// failedInNode reports a sub-run that failed in one of its nodes.
func failedInNode(sr *engine.SubRun) bool {
	if sr == nil || sr.Result == nil {
		return false
	}
	rd := sr.Result.Data.ResultData
	runs := rd.RunData[rd.LastNodeExecuted]
	return rd.Error != nil && len(runs) > 0 && runs[len(runs)-1].Error != nil
}

func errMessage(err error) string {
	if ne := engine.AsNodeError(err); ne != nil {
		return ne.Message
	}
	return err.Error()
}

func runOnce(ex *engine.Exec, source string, items []data.Item) ([][]data.Item, error) {
	fail := func(err error) ([][]data.Item, error) {
		if ex.ContinueOnFail() {
			return [][]data.Item{{{JSON: data.ObjectOf("error", errMessage(err)), Paired: allPaired(len(items))}}}, nil
		}
		return nil, err
	}
	wait, err := waitFor(ex, 0)
	if err != nil {
		return fail(err)
	}
	sr, id, err := call(ex, source, 0, items, wait)
	if err != nil {
		return fail(err)
	}
	ex.SetMetadata(data.ObjectOf("subExecution", subMeta(sr.ExecutionID, id), "subExecutionsCount", 1.0))
	if !wait {
		return [][]data.Item{items}, nil
	}
	out := make([][]data.Item, len(sr.Output))
	for o, list := range sr.Output {
		if list == nil {
			continue
		}
		cp := make([]data.Item, len(list))
		for k, it := range list {
			switch {
			case it.Paired.IsSet():
				if p, ok := traceBack(sr.Result, it, k); ok {
					it.Paired = p
				}
			case len(list) == len(items):
				it.Paired = data.One(k)
			default:
				it.Paired = allPaired(len(items))
			}
			cp[k] = it
		}
		out[o] = cp
	}
	return out, nil
}

func allPaired(n int) data.Paired {
	ps := make([]data.PairedItem, n)
	for i := range ps {
		ps[i] = data.PairedItem{Item: i}
	}
	return data.Many(ps...)
}

// traceBack is n8n's findPairedItemThroughWorkflowData: follow an output
// item's pairedItem back through the sub-run to the start node's item,
// whose pairedItem names the caller's input item. (n8n reads the input
// index as an output index on the way; so does this.)
func traceBack(res *engine.Result, it data.Item, idx int) (data.Paired, bool) {
	if res == nil {
		return data.Paired{}, false
	}
	rd := res.Data.ResultData.RunData
	runs := rd[res.Data.ResultData.LastNodeExecuted]
	if len(runs) == 0 {
		return data.Paired{}, false
	}
	prev := func(t *engine.TaskData) *engine.TaskData {
		if t == nil || len(t.Source) == 0 || t.Source[0] == nil {
			return nil
		}
		r := rd[t.Source[0].PreviousNode]
		if n := t.Source[0].PreviousNodeRun; n < len(r) {
			return r[n]
		}
		return nil
	}
	task := prev(runs[len(runs)-1])
	p := it.Paired
	for task != nil {
		in, item := 0, idx
		if len(p.List()) > 0 && p.Shape != data.PairedArray {
			in, item = int(p.List()[0].Input), p.List()[0].Item
		} else if p.Shape == data.PairedArray {
			// n8n reads .input/.item of an array: undefined, so the defaults.
			in, item = 0, idx
		}
		p = data.Paired{}
		if task.Data != nil && in < len(task.Data.Main) && item >= 0 && item < len(task.Data.Main[in]) {
			p = task.Data.Main[in][item].Paired
		}
		task = prev(task)
	}
	return p, p.IsSet()
}

// inputData is n8n's getCurrentWorkflowInputData: each item with the
// values mapped in workflowInputs (v1.2+) over its json, without the
// fields the mapping removed.
func inputData(ex *engine.Exec) ([]data.Item, error) {
	in := ex.Input(0)
	out := make([]data.Item, len(in))
	for i, it := range in {
		j := data.CloneObject(it.JSON)
		if j == nil {
			j = data.NewObject(0)
		}
		if ex.Version() >= 1.2 {
			v, err := ex.Param("workflowInputs.value", i)
			if err != nil {
				return nil, err
			}
			if vals, ok := v.(*data.Object); ok {
				for k, e := range vals.All() {
					j.Set(k, e)
				}
			}
		}
		out[i] = data.Item{JSON: j, Binary: it.Binary, Paired: data.One(i)}
	}
	if ex.Version() < 1.2 {
		return out, nil
	}
	sv, err := ex.Param("workflowInputs.schema", 0)
	if err != nil {
		return nil, err
	}
	schema, _ := sv.([]any)
	removed := map[string]bool{}
	for _, f := range schema {
		o, _ := f.(*data.Object)
		if r, _ := o.Value("removed").(bool); r {
			name, _ := o.Value("displayName").(string)
			removed[name] = true
		}
	}
	if len(removed) > 0 {
		for i := range out {
			for k := range removed {
				out[i].JSON.Delete(k)
			}
		}
	}
	return out, nil
}
