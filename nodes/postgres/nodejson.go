package postgres

import (
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// n8n's error objects carry the node as the workflow holds it while
// running: its displayed parameters with defaults filled in, in the order
// of the node type's description. nodeParameters rebuilds that list for
// the Postgres node (from n8n 1.123.81's description).

func rlDefault(v string) *data.Object {
	return data.ObjectOf("__rl", true, "mode", "list", "value", v)
}

func nodeParameters(raw *data.Object, op string, version float64) *data.Object {
	out := data.NewObject(8)
	get := func(k string, def func() any) {
		if v, ok := raw.Get(k); ok {
			out.Set(k, v)
			return
		}
		if def != nil {
			out.Set(k, def())
		}
	}
	val := func(v any) func() any { return func() any { return v } }
	emptyObj := func() any { return data.NewObject(0) }
	out.Set("resource", "database")
	out.Set("operation", op)
	if op == "executeQuery" {
		get("query", val(""))
		get("options", emptyObj)
		return out
	}
	get("schema", func() any { return rlDefault("public") })
	get("table", func() any { return rlDefault("") })
	if t, ok := out.Value("table").(*data.Object); ok && t.Value("value") == "" {
		return out
	}
	str := func(k, def string) string {
		if s, ok := raw.Value(k).(string); ok {
			return s
		}
		return def
	}
	switch op {
	case "deleteTable":
		cmd := str("deleteCommand", "truncate")
		get("deleteCommand", val("truncate"))
		switch cmd {
		case "truncate":
			get("restartSequences", val(false))
		case "delete":
			get("where", emptyObj)
			get("combineConditions", val("AND"))
		}
	case "insert", "update", "upsert":
		if version >= 2.2 {
			get("columns", func() any { return data.ObjectOf("mappingMode", "defineBelow", "value", nil) })
			break
		}
		mode := str("dataMode", "autoMapInputData")
		get("dataMode", val("autoMapInputData"))
		if mode == "autoMapInputData" && (op == "insert" || op == "upsert" || version < 2.1) {
			out.Set("notice", "")
		}
		if op != "insert" {
			get("columnToMatchOn", val(""))
			if mode == "defineBelow" {
				get("valueToMatchOn", val(""))
			}
		}
		if mode == "defineBelow" {
			get("valuesToSend", emptyObj)
		}
	case "select":
		get("returnAll", val(false))
		if all, _ := out.Value("returnAll").(bool); !all {
			get("limit", val(50.0))
		}
		get("where", emptyObj)
		get("combineConditions", val("AND"))
		get("sort", emptyObj)
	}
	get("options", emptyObj)
	return out
}

// nodeJSON is the node object n8n puts in its errors.
func nodeJSON(n *workflow.Node, op string) *data.Object {
	raw := n.Parameters
	if raw == nil {
		raw = data.NewObject(0)
	}
	o := data.NewObject(10)
	o.Set("parameters", nodeParameters(raw, op, n.TypeVersion))
	o.Set("name", n.Name)
	o.Set("type", n.Type)
	o.Set("typeVersion", n.TypeVersion)
	o.Set("position", []any{n.Position[0], n.Position[1]})
	if n.ID != "" {
		o.Set("id", n.ID)
	}
	if len(n.Credentials) > 0 {
		creds := data.NewObject(len(n.Credentials))
		for k, c := range n.Credentials {
			creds.Set(k, data.ObjectOf("id", c.ID, "name", c.Name))
		}
		o.Set("credentials", creds)
	}
	if n.OnError != "" {
		o.Set("onError", n.OnError)
	}
	if n.ExecuteOnce {
		o.Set("executeOnce", true)
	}
	if n.ContinueOnFail {
		o.Set("continueOnFail", true)
	}
	return o
}

// errorJSON is {...error} of n8n's NodeOperationError: its own enumerable
// fields.
func (r *run) errorJSON(ne *engine.NodeError) *data.Object {
	o := data.NewObject(9)
	o.Set("level", "warning")
	o.Set("tags", data.NewObject(0))
	if ne.Description != "" {
		o.Set("description", ne.Description)
	}
	o.Set("timestamp", float64(r.now().UnixMilli()))
	ctx := data.NewObject(1)
	if ne.ItemIndex >= 0 {
		ctx.Set("itemIndex", float64(ne.ItemIndex))
	}
	o.Set("context", ctx)
	o.Set("functionality", "regular")
	o.Set("name", "NodeOperationError")
	o.Set("node", nodeJSON(r.ex.Node(), r.opts.operation))
	o.Set("messages", []any{})
	return o
}

func (r *run) now() time.Time { return r.ex.Now() }
