// Package postgres is n8n's Postgres node (n8n-nodes-base.postgres,
// typeVersion 1 and the v2 line 2 … 2.6): execute query, insert, upsert,
// update, select and delete on a PostgreSQL database, with n8n's query
// text (pg-promise formatting), query batching, output items and error
// texts.
package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

var operations = []string{"deleteTable", "executeQuery", "insert", "upsert", "select", "update"}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.postgres",
		Versions: []float64{1, 2, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return v1Defaults()
			}
			return map[string]any{"resource": "database", "operation": "insert"}
		},
		Credentials: func(engine.Params, float64) []string { return []string{CredentialType} },
		Check: func(p engine.Params, v float64) []string {
			op, _ := p.Value("operation").(string)
			if isExpr(op) {
				return nil
			}
			ops := operations
			if v < 2 {
				ops = v1Operations
			}
			for _, o := range ops {
				if o == op {
					return nil
				}
			}
			return []string{fmt.Sprintf("parameter operation: unknown value %q (expected one of %v)", op, ops)}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			switch op, _ := p.Value("operation").(string); op {
			case "insert":
				return "inserts the rows a second time"
			case "executeQuery":
				return "runs the query a second time"
			}
			return ""
		},
	}
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// nodeOptions are the options n8n reads once, from item 0.
type nodeOptions struct {
	version              float64
	operation            string
	queryBatching        string
	replaceEmptyStrings  bool
	treatQuotedAsText    bool
	largeNumbers         bool
	connectionTimeoutSec float64
}

// run is one execution of the node.
type run struct {
	ex    *engine.Exec
	opts  nodeOptions
	sess  *session
	items []data.Item
}

// Execute runs the operation on all input items.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 2 {
		return executeV1(ctx, ex)
	}
	items := ex.Input(0)
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	cred, err := ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	o := nodeOptions{version: ex.Version(), operation: op, queryBatching: "single", connectionTimeoutSec: 30}
	if v, _ := ex.Param("options.queryBatching", 0); v != nil {
		if s, ok := v.(string); ok && s != "" {
			o.queryBatching = s
		}
	}
	if v, _ := ex.Param("options.replaceEmptyStrings", 0); v == true {
		o.replaceEmptyStrings = true
	}
	if v, _ := ex.Param("options.treatQueryParametersInSingleQuotesAsText", 0); v == true {
		o.treatQuotedAsText = true
	}
	if v, _ := ex.Param("options.largeNumbersOutput", 0); v == "numbers" {
		o.largeNumbers = true
	}
	if v, _ := ex.Param("options.connectionTimeout", 0); v != nil {
		if f, ok := v.(float64); ok && f > 0 {
			o.connectionTimeoutSec = f
		}
	}
	r := &run{ex: ex, opts: o, items: items}
	if o.replaceEmptyStrings {
		r.items = replaceEmptyStrings(items)
	}
	st := readSettings(cred)
	conn, err := connect(ctx, st, time.Duration(o.connectionTimeoutSec*float64(time.Second)))
	if err != nil {
		// pg-promise connects lazily: n8n meets the failure on the first
		// query, through its error handling.
		return r.connectFailure(err)
	}
	r.sess = &session{conn: conn, dec: decoder{isoTimestamps: o.version >= 2.1, largeNumbers: o.largeNumbers, loc: time.Local}}
	defer r.sess.close()

	var out []data.Item
	switch op {
	case "executeQuery":
		out, err = r.executeQuery(ctx)
	case "insert":
		out, err = r.insert(ctx)
	case "upsert":
		out, err = r.upsert(ctx)
	case "update":
		out, err = r.update(ctx)
	case "select":
		out, err = r.selectRows(ctx)
	case "deleteTable":
		out, err = r.deleteTable(ctx)
	default:
		return nil, engine.OperationError(-1, "The operation \"%s\" is not supported!", op)
	}
	if err != nil {
		return nil, err
	}
	return [][]data.Item{out}, nil
}

// connectFailure reports a connection that could not be opened as n8n
// does: for execute query, select and delete it surfaces from the query
// runner (an error item under continueOnFail); the other operations read
// the table's columns first and fail outright.
func (r *run) connectFailure(err error) ([][]data.Item, error) {
	switch r.opts.operation {
	case "executeQuery", "select", "deleteTable":
		ne := parseError(err, nil, -1)
		if r.opts.queryBatching == "single" && r.ex.ContinueOnFail() {
			return [][]data.Item{{r.errorItem(ne)}}, nil
		}
		if r.opts.queryBatching != "single" {
			return nil, asOperationError(err)
		}
		return nil, ne
	}
	return nil, asOperationError(err)
}

func asOperationError(err error) error {
	pe := asPgError(err)
	return &engine.NodeError{Name: "NodeOperationError", Message: pe.message, ItemIndex: -1, Err: err}
}

// replaceEmptyStrings is the replaceEmptyStrings option: "" values at the
// top level of each item's JSON become null (on copies).
func replaceEmptyStrings(items []data.Item) []data.Item {
	out := make([]data.Item, len(items))
	for i, it := range items {
		out[i] = it
		if it.JSON == nil {
			continue
		}
		j := it.JSON.Clone()
		for k, v := range j.All() {
			if v == "" {
				j.Set(k, nil)
			}
		}
		out[i].JSON = j
	}
	return out
}
