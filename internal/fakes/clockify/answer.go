package clockify

import (
	"encoding/json"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// marshalAnswer is json.Marshal(v). The answers the template's traffic
// gets by the thousand (a task, project or client created, lists of
// them) are written here without reflection (encoding/json was a third of
// serving a create in the template benchmark); any other value, and any
// field value other than nil, a string, a bool or a float64 in an
// interface, goes to encoding/json.
func marshalAnswer(v any) ([]byte, error) {
	if b, ok := appendAnswer(make([]byte, 0, 384), v); ok {
		return b, nil
	}
	return json.Marshal(v)
}

func appendAnswer(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case *Task:
		return appendTask(b, x)
	case *Project:
		return appendProject(b, x)
	case *Client:
		return appendClient(b, x)
	case []any:
		if x == nil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			switch e.(type) {
			case *Task, *Project, *Client:
				b, ok = appendAnswer(b, e)
			}
			if !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	}
	return b, false
}

// jsonWriter appends an object's members in the struct's field order,
// remembering whether one could not be written.
type jsonWriter struct {
	b  []byte
	ok bool
}

func (w *jsonWriter) key(k string) {
	if len(w.b) == 0 || w.b[len(w.b)-1] != '{' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...) // the fields' names need no escaping
	w.b = append(w.b, '"', ':')
}

func (w *jsonWriter) str(k, v string) {
	w.key(k)
	w.b = fakekit.AppendJSONString(w.b, v)
}

func (w *jsonWriter) boolean(k string, v bool) {
	w.key(k)
	w.boolValue(v)
}

func (w *jsonWriter) float(k string, v float64) {
	w.key(k)
	var ok bool
	if w.b, ok = fakekit.AppendJSONFloat(w.b, v); !ok {
		w.ok = false
	}
}

// anyValue writes an interface field: nil, strings, bools and float64
// here, anything else is left to encoding/json (ok false).
func (w *jsonWriter) anyValue(k string, v any) {
	w.key(k)
	switch x := v.(type) {
	case nil:
		w.b = append(w.b, "null"...)
	case string:
		w.b = fakekit.AppendJSONString(w.b, x)
	case bool:
		w.boolValue(x)
	case float64:
		var ok bool
		if w.b, ok = fakekit.AppendJSONFloat(w.b, x); !ok {
			w.ok = false
		}
	default:
		w.ok = false
	}
}

func (w *jsonWriter) boolValue(v bool) {
	if v {
		w.b = append(w.b, "true"...)
	} else {
		w.b = append(w.b, "false"...)
	}
}

func (w *jsonWriter) strings(k string, v []string) {
	w.key(k)
	if v == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '[')
	for i, s := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = fakekit.AppendJSONString(w.b, s)
	}
	w.b = append(w.b, ']')
}

// list writes a []any field: nil and empty here, others to encoding/json.
func (w *jsonWriter) list(k string, v []any) {
	w.key(k)
	switch {
	case v == nil:
		w.b = append(w.b, "null"...)
	case len(v) == 0:
		w.b = append(w.b, "[]"...)
	default:
		w.ok = false
	}
}

func appendTask(b []byte, t *Task) ([]byte, bool) {
	if t == nil {
		return append(b, "null"...), true
	}
	w := jsonWriter{b: append(b, '{'), ok: true}
	w.str("id", t.ID)
	w.str("name", t.Name)
	w.str("projectId", t.ProjectID)
	w.strings("assigneeIds", t.AssigneeIDs)
	w.anyValue("assigneeId", t.AssigneeID)
	w.strings("userGroupIds", t.UserGroupIDs)
	w.str("estimate", t.Estimate)
	w.str("status", t.Status)
	w.float("budgetEstimate", t.BudgetEstimate)
	w.boolean("billable", t.Billable)
	w.anyValue("hourlyRate", t.HourlyRate)
	w.anyValue("costRate", t.CostRate)
	w.str("duration", t.Duration)
	return append(w.b, '}'), w.ok
}

func appendProject(b []byte, p *Project) ([]byte, bool) {
	if p == nil {
		return append(b, "null"...), true
	}
	w := jsonWriter{b: append(b, '{'), ok: true}
	w.str("id", p.ID)
	w.str("name", p.Name)
	w.key("hourlyRate")
	if p.HourlyRate == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.b = append(w.b, '{')
		w.float("amount", p.HourlyRate.Amount)
		w.str("currency", p.HourlyRate.Currency)
		w.b = append(w.b, '}')
	}
	w.str("clientId", p.ClientID)
	w.str("workspaceId", p.WorkspaceID)
	w.boolean("billable", p.Billable)
	w.list("memberships", p.Memberships)
	w.str("color", p.Color)
	w.key("estimate")
	w.b = append(w.b, '{')
	w.str("estimate", p.Estimate.Estimate)
	w.str("type", p.Estimate.Type)
	w.b = append(w.b, '}')
	w.boolean("archived", p.Archived)
	w.str("duration", p.Duration)
	w.str("clientName", p.ClientName)
	w.str("note", p.Note)
	w.anyValue("costRate", p.CostRate)
	w.anyValue("timeEstimate", p.TimeEstimate)
	w.anyValue("budgetEstimate", p.BudgetEstimate)
	w.boolean("template", p.Template)
	w.boolean("public", p.Public)
	return append(w.b, '}'), w.ok
}

func appendClient(b []byte, c *Client) ([]byte, bool) {
	if c == nil {
		return append(b, "null"...), true
	}
	w := jsonWriter{b: append(b, '{'), ok: true}
	w.str("id", c.ID)
	w.str("name", c.Name)
	w.anyValue("email", c.Email)
	w.str("workspaceId", c.WorkspaceID)
	w.boolean("archived", c.Archived)
	w.anyValue("address", c.Address)
	w.anyValue("note", c.Note)
	w.anyValue("currencyId", c.CurrencyID)
	w.anyValue("currencyCode", c.CurrencyCode)
	return append(w.b, '}'), w.ok
}
