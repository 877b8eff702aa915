// Package form is n8n's Form node (n8n-nodes-base.form, typeVersions 1 and
// 2.3): a further page of a form started by a Form Trigger, or the form's
// ending (completion screen, redirect, text). The execution waits at the
// node until the page is submitted at /form-waiting/<executionId>, which
// `serve` hosts (internal/server); the node then outputs the submitted
// item, or, for an ending, its input.
package form

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/wait"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: formtrigger.FormType, Versions: []float64{1, 2.3},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "page", "defineForm": "fields", "formFields": map[string]any{}, "jsonOutput": defaultJSONFields,
				"limitWaitTime": false, "limitType": "afterTimeInterval", "resumeAmount": 45.0, "resumeUnit": "minutes",
				"maxDateAndTime": "", "respondWith": "text", "redirectUrl": "", "completionTitle": "",
				"completionMessage": "", "responseText": "", "inputDataFieldName": "data", "options": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			switch op := p.Value("operation").(type) {
			case string:
				if op != "page" && op != "completion" {
					return []string{fmt.Sprintf(`parameter operation: expected "page" or "completion", got %q`, op)}
				}
			}
			// n8n checks fields given as JSON (validateType form-fields)
			// before it runs the workflow ("The workflow has issues");
			// an expression is checked when the page is requested.
			if raw, ok := p.Value("jsonOutput").(string); ok && p.String("defineForm") == "json" &&
				p.String("operation") != "completion" && !strings.HasPrefix(raw, "=") {
				if _, err := formtrigger.JSONFields(raw); err != nil {
					return []string{"parameter jsonOutput: " + err.Error()}
				}
			}
			return nil
		},
	}
}

func opErr(msg string) error {
	return &engine.NodeError{Name: "NodeOperationError", Message: msg, ItemIndex: -1}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	w := ex.Workflow()
	trigger := executedTrigger(ex, w)
	if trigger == nil {
		if len(formTriggers(w, ex.Name())) == 0 {
			return nil, opErr("Form Trigger node must be set before this node")
		}
		return nil, opErr("Form Trigger node was not executed")
	}
	after := descendants(w, ex.Name())
	next := false
	for _, name := range after {
		if n := w.Node(name); n != nil && n.Type == formtrigger.FormType && !n.Disabled {
			next = true
		}
	}
	if op == "completion" && next {
		return nil, opErr("Completion has to be the last Form node in the workflow")
	}
	until, err := wait.LimitTime(ex)
	if err != nil {
		return nil, err
	}
	fw := &wait.FormWait{FormMode: "production", Location: ex.Location(), NextPage: next}
	if m, err := ex.Evaluate("formMode", "={{ $('"+trigger.Name+"').first().json.formMode }}", 0); err == nil {
		if s, ok := m.(string); ok {
			fw.FormMode = s
		}
	}
	tp := data.ToMap(trigger.Parameters)
	topts, _ := tp["options"].(map[string]any)
	attribution := topts["appendAttribution"] != false
	opts, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	o, _ := data.ToPlain(opts).(map[string]any)
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	title := str(o, "formTitle")
	if title == "" {
		title = str(tp, "formTitle")
	}
	if op == "completion" {
		e := &wait.Ending{Title: "", FormTitle: title, CSS: str(o, "customCss"), AppendAttribution: attribution}
		for _, f := range []struct {
			name string
			dst  *string
		}{{"respondWith", &e.RespondWith}, {"completionTitle", &e.Title}, {"completionMessage", &e.Message},
			{"redirectUrl", &e.RedirectURL}, {"responseText", &e.ResponseText}} {
			if *f.dst, err = ex.ParamString(f.name, 0); err != nil {
				return nil, err
			}
		}
		if e.RespondWith == "returnBinary" {
			// n8n reads the file when the ending page is shown; the
			// run's data is the same now.
			if e.Binary, err = binaryResponse(ex); err != nil {
				e.Error = err.Error()
			}
		}
		fw.Ending = e
	} else {
		fields, fieldsErr, err := pageFields(ex)
		if err != nil {
			return nil, err
		}
		fw.FieldsError = fieldsErr
		button := str(o, "buttonLabel")
		if button == "" {
			button = str(topts, "buttonLabel")
		}
		if button == "" {
			button = "Submit"
		}
		useZone, set := topts["useWorkflowTimezone"].(bool)
		if !set {
			useZone = trigger.TypeVersion > 2
		}
		fw.Page = &formtrigger.Config{Node: ex.Name(), Version: ex.Version(), Title: title, Description: str(o, "formDescription"),
			Fields: fields, ResponseMode: "responseNode", ButtonLabel: button, AppendAttribution: attribution,
			CustomCSS: str(o, "customCss"), UseWorkflowTimezone: useZone}
		if q, err := ex.Evaluate("query", "={{ $('"+trigger.Name+"').first().json.formQueryParameters }}", 0); err == nil {
			fw.Query = queryValues(q)
		}
	}
	items, err := wait.Park(ctx, ex, wait.Parked{Form: fw, Until: until})
	if errors.Is(err, wait.ErrParkedRun) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if items == nil || op == "completion" {
		// An ending's submission passes the input on ($input.all()), as
		// does a wait that ran out.
		return [][]data.Item{ex.Input(0)}, nil
	}
	return [][]data.Item{items}, nil
}

// queryValues turns the trigger's formQueryParameters into the values
// that pre-fill a page.
func queryValues(v any) url.Values {
	m, ok := v.(*data.Object)
	if !ok {
		return nil
	}
	q := url.Values{}
	for k, v := range m.All() {
		switch x := v.(type) {
		case string:
			q.Add(k, x)
		case []any:
			for _, e := range x {
				if s, ok := e.(string); ok {
					q.Add(k, s)
				}
			}
		}
	}
	return q
}

// formTriggers are the Form Triggers before name.
func formTriggers(w *workflow.Workflow, name string) []*workflow.Node {
	var out []*workflow.Node
	for _, n := range w.Nodes {
		if n.Type == formtrigger.Type && w.IsAncestor(n.Name, name) {
			out = append(out, n)
		}
	}
	return out
}

// executedTrigger is the Form Trigger that started the run (n8n's
// getFormTriggerNode: the first parent trigger with data).
func executedTrigger(ex *engine.Exec, w *workflow.Workflow) *workflow.Node {
	for _, n := range formTriggers(w, ex.Name()) {
		if _, err := ex.Evaluate("trigger", "={{ $('"+n.Name+"').first() }}", 0); err == nil {
			return n
		}
	}
	return nil
}

func descendants(w *workflow.Workflow, start string) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	var out []string
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, outs := range w.Outputs(cur) {
			for _, c := range outs {
				if !seen[c.Node] {
					seen[c.Node] = true
					out = append(out, c.Node)
					queue = append(queue, c.Node)
				}
			}
		}
	}
	return out
}
