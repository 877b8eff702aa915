package postgres

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// v1Operations are typeVersion 1's operations.
var v1Operations = []string{"executeQuery", "insert", "update"}

func v1Defaults() map[string]any {
	return map[string]any{"operation": "insert", "query": "", "schema": "public", "table": "", "columns": "",
		"updateKey": "id", "returnFields": "*", "additionalFields": map[string]any{}}
}

// castPattern is the column type a "name:type" column may carry.
var castPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_ ]*(\.[a-zA-Z_][a-zA-Z0-9_]*)?(\([a-zA-Z0-9_, ]+\)( [a-zA-Z_][a-zA-Z0-9_ ]*)?)?(\[\])*$`)
})

// v1Column is one column of pg-promise's ColumnSet: its name and cast.
type v1Column struct{ name, cast string }

// variable formats one value as the ColumnSet's variable does: the value,
// then ::cast.
func (c v1Column) variable(v any) string {
	s := formatValue(v)
	if c.cast != "" {
		s += "::" + c.cast
	}
	return s
}

// v1Columns parses "name, other:type" (each cast checked as n8n does).
func v1Columns(s string) ([]v1Column, error) {
	var out []v1Column
	for _, part := range strings.Split(s, ",") {
		name, cast, _ := strings.Cut(strings.TrimSpace(part), ":")
		if c, _, _ := strings.Cut(cast, ":"); c != cast {
			cast = c
		}
		if cast != "" && !castPattern().MatchString(cast) {
			return nil, engine.OperationError(-1, "Invalid column type: \"%s\"", cast)
		}
		out = append(out, v1Column{name: name, cast: cast})
	}
	return out, nil
}

// executeV1 is typeVersion 1: execute query, insert and update through
// pg-promise's helpers, in the modes multiple (one multi-statement query),
// independently and transaction.
func executeV1(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	cred, err := ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	add, err := ex.ParamOr("additionalFields", 0, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	fields, _ := add.(*data.Object)
	if fields == nil {
		fields = data.NewObject(0)
	}
	mode := "multiple"
	if m, ok := fields.Value("mode").(string); ok {
		mode = m
	}
	o := nodeOptions{version: ex.Version(), operation: op, queryBatching: mode, connectionTimeoutSec: 30,
		largeNumbers: fields.Value("largeNumbersOutput") == "numbers"}
	r := &run{ex: ex, opts: o, items: ex.Input(0)}
	conn, err := connect(ctx, readSettings(cred), time.Duration(o.connectionTimeoutSec*float64(time.Second)))
	if err != nil {
		return nil, asOperationError(err)
	}
	r.sess = &session{conn: conn, dec: decoder{largeNumbers: o.largeNumbers, loc: time.Local}}
	defer r.sess.close()
	if mode != "multiple" && mode != "independently" && mode != "transaction" {
		return nil, engine.OperationError(-1, "multiple, independently or transaction are valid options")
	}
	var out []data.Item
	switch op {
	case "executeQuery":
		out, err = r.v1Query(ctx, fields)
	case "insert":
		out, err = r.v1Insert(ctx)
	case "update":
		out, err = r.v1Update(ctx)
	default:
		return nil, engine.OperationError(-1, "The operation \"%s\" is not supported!", op)
	}
	if err != nil {
		return nil, err
	}
	return [][]data.Item{nonNil(out)}, nil
}

// v1Fail is the error of a statement as typeVersion 1 throws it: the
// server's error as node-postgres raises it (named "error"), other
// failures as a NodeOperationError.
func v1Fail(err error) error {
	ne := asOperationError(err).(*engine.NodeError)
	var se *pgconn.PgError
	if errors.As(err, &se) {
		ne.Name = "error"
	}
	return ne
}

// v1Rows turns rows into items paired with item i.
func v1Rows(rows []*data.Object, i int) []data.Item {
	out := make([]data.Item, len(rows))
	for j, row := range rows {
		out[j] = data.Item{JSON: row, Paired: data.One(i)}
	}
	return out
}

// last is what pg-promise's any() answers for a multi-statement query:
// the last statement's rows.
func last(sets [][]*data.Object) []*data.Object {
	if len(sets) == 0 {
		return nil
	}
	return sets[len(sets)-1]
}

// v1Each runs one statement per item (independently, or in a transaction
// that stops at the first failure); fail builds the item of a failure
// under continueOnFail.
func (r *run) v1Each(ctx context.Context, n int, stmt func(i int) (string, error), paired bool, fail func(i int, err error) data.Item) ([]data.Item, error) {
	tx := r.opts.queryBatching == "transaction"
	if tx {
		if err := r.sess.exec(ctx, "begin"); err != nil {
			return nil, v1Fail(err)
		}
	}
	var out []data.Item
	for i := 0; i < n; i++ {
		sql, err := stmt(i)
		var sets [][]*data.Object
		if err == nil {
			sets, err = r.sess.multi(ctx, sql)
		}
		if err != nil {
			if !r.ex.ContinueOnFail() {
				if tx {
					_ = r.sess.exec(ctx, "rollback")
				}
				return nil, v1Fail(err)
			}
			out = append(out, fail(i, err))
			if tx {
				break
			}
			continue
		}
		rows := last(sets)
		if paired {
			out = append(out, v1Rows(rows, i)...)
		} else {
			for _, row := range rows {
				out = append(out, data.Item{JSON: row})
			}
		}
	}
	if tx {
		if err := r.sess.exec(ctx, "commit"); err != nil {
			return nil, v1Fail(err)
		}
	}
	return out, nil
}

// v1ErrorItem is a failed item under continueOnFail: the values it was
// about with the error's code and message. (n8n puts code and message
// beside json, where run data does not keep them.)
func v1ErrorItem(json *data.Object, i int, paired bool) data.Item {
	it := data.Item{JSON: json}
	if paired {
		it.Paired = data.One(i)
	}
	return it
}

func (r *run) v1Query(ctx context.Context, fields *data.Object) ([]data.Item, error) {
	var props []string
	if s, ok := fields.Value("queryParams").(string); ok && s != "" {
		for _, p := range strings.Split(s, ",") {
			props = append(props, strings.TrimSpace(p))
		}
	}
	queries := make([]query, len(r.items))
	for i, it := range r.items {
		// The query is noDataExpression: n8n strips a leading "=" when it
		// loads the node and never evaluates it (typeVersion 1 does not
		// resolve {{ }} inside either).
		raw, _ := r.ex.Params().Get("query")
		q, _ := raw.(string)
		q = strings.TrimPrefix(q, "=")
		queries[i] = query{text: q, partial: props == nil}
		if props != nil {
			values := make([]any, len(props))
			for j, p := range props {
				v, ok := it.JSON.Get(p)
				if !ok {
					v = data.Undefined
				}
				values[j] = v
			}
			queries[i].values = values
		}
	}
	if r.opts.queryBatching == "multiple" {
		sql, err := concatQueries(queries)
		if err != nil {
			return nil, v1Fail(err)
		}
		sets, err := r.sess.multi(ctx, sql)
		if err != nil {
			return nil, v1Fail(err)
		}
		var out []data.Item
		for i, rows := range sets {
			out = append(out, v1Rows(rows, i)...)
		}
		return out, nil
	}
	return r.v1Each(ctx, len(queries), func(i int) (string, error) {
		if queries[i].values == nil {
			return queries[i].text, nil
		}
		return formatQuery(queries[i].text, queries[i].values)
	}, true, func(i int, _ error) data.Item { return v1ErrorItem(r.items[i].JSON.Clone(), i, true) })
}

// v1Table is the table's name as pg-promise's TableName writes it.
func (r *run) v1Table() (string, error) {
	table, err := r.ex.ParamString("table", 0)
	if err != nil {
		return "", err
	}
	schema, err := r.ex.ParamString("schema", 0)
	if err != nil {
		return "", err
	}
	if schema != "" {
		return quoteName(schema) + "." + quoteName(table), nil
	}
	return quoteName(table), nil
}

// v1Returning is generateReturning: " RETURNING " and the listed names.
func (r *run) v1Returning() (string, error) {
	s, err := r.ex.ParamString("returnFields", 0)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, f := range strings.Split(s, ",") {
		n, err := asName(strings.TrimSpace(f))
		if err != nil {
			return "", v1Fail(err)
		}
		parts = append(parts, n)
	}
	return " RETURNING " + strings.Join(parts, ", "), nil
}

// v1Values is one item's column values (undefined when absent).
func v1Values(it data.Item, cols []v1Column) []any {
	out := make([]any, len(cols))
	for j, c := range cols {
		v, ok := it.JSON.Get(c.name)
		if !ok {
			v = data.Undefined
		}
		out[j] = v
	}
	return out
}

// v1Tuple is "(v1,v2::cast,…)".
func v1Tuple(cols []v1Column, values []any) string {
	parts := make([]string, len(cols))
	for j, c := range cols {
		parts[j] = c.variable(values[j])
	}
	return "(" + strings.Join(parts, ",") + ")"
}

func v1Names(cols []v1Column) string {
	parts := make([]string, len(cols))
	for j, c := range cols {
		parts[j] = quoteName(c.name)
	}
	return strings.Join(parts, ",")
}

// v1Copy is getItemCopy: the item's values keyed column0, column1, …
// (the ColumnSet's property names), as n8n's error items show them.
func v1Copy(cols []v1Column, values []any) *data.Object {
	o := data.NewObject(len(cols))
	for j := range cols {
		o.Set("column"+itoa(j), values[j])
	}
	return o
}

func (r *run) v1Insert(ctx context.Context) ([]data.Item, error) {
	table, err := r.v1Table()
	if err != nil {
		return nil, err
	}
	spec, err := r.ex.ParamString("columns", 0)
	if err != nil {
		return nil, err
	}
	cols, err := v1Columns(spec)
	if err != nil {
		return nil, err
	}
	returning, err := r.v1Returning()
	if err != nil {
		return nil, err
	}
	head := "insert into " + table + "(" + v1Names(cols) + ") values"
	if r.opts.queryBatching == "multiple" {
		if len(r.items) == 0 {
			return nil, engine.OperationError(-1, "Cannot generate an INSERT from an empty array.")
		}
		tuples := make([]string, len(r.items))
		for i, it := range r.items {
			tuples[i] = v1Tuple(cols, v1Values(it, cols))
		}
		sets, err := r.sess.multi(ctx, head+strings.Join(tuples, ",")+returning)
		if err != nil {
			return nil, v1Fail(err)
		}
		// Each returned row is paired with the item of its position.
		return v1Rows2(last(sets)), nil
	}
	return r.v1Each(ctx, len(r.items), func(i int) (string, error) {
		return head + v1Tuple(cols, v1Values(r.items[i], cols)) + returning, nil
	}, true, func(i int, _ error) data.Item {
		return v1ErrorItem(v1Copy(cols, v1Values(r.items[i], cols)), i, true)
	})
}

// v1Rows2 pairs row j with item j.
func v1Rows2(rows []*data.Object) []data.Item {
	out := make([]data.Item, len(rows))
	for j, row := range rows {
		out[j] = data.Item{JSON: row, Paired: data.One(j)}
	}
	return out
}

func (r *run) v1Update(ctx context.Context) ([]data.Item, error) {
	table, err := r.v1Table()
	if err != nil {
		return nil, err
	}
	spec, err := r.ex.ParamString("columns", 0)
	if err != nil {
		return nil, err
	}
	cols, err := v1Columns(spec)
	if err != nil {
		return nil, err
	}
	keySpec, err := r.ex.ParamString("updateKey", 0)
	if err != nil {
		return nil, err
	}
	keys, err := v1Columns(keySpec)
	if err != nil {
		return nil, err
	}
	// A key that is not among the columns goes first; a key column
	// without a cast takes the key's.
	for _, k := range keys {
		found := false
		for j := range cols {
			if cols[j].name == k.name {
				found = true
				if cols[j].cast == "" {
					cols[j].cast = k.cast
				}
			}
		}
		if !found {
			cols = append([]v1Column{k}, cols...)
		}
	}
	returning, err := r.v1Returning()
	if err != nil {
		return nil, err
	}
	if r.opts.queryBatching == "multiple" {
		if len(r.items) == 0 {
			return nil, engine.OperationError(-1, "Cannot generate an UPDATE from an empty array.")
		}
		sets := make([]string, len(cols))
		for j, c := range cols {
			sets[j] = quoteName(c.name) + "=v." + quoteName(c.name)
		}
		tuples := make([]string, len(r.items))
		for i, it := range r.items {
			tuples[i] = v1Tuple(cols, v1Values(it, cols))
		}
		conds := make([]string, len(keys))
		for j, k := range keys {
			conds[j] = "v." + quoteName(k.name) + " = t." + quoteName(k.name)
		}
		sql := "update " + table + " as t set " + strings.Join(sets, ",") + " from (values" + strings.Join(tuples, ",") +
			") as v(" + v1Names(cols) + ") WHERE " + strings.Join(conds, " AND ") + returning
		res, err := r.sess.multi(ctx, sql)
		if err != nil {
			return nil, v1Fail(err)
		}
		return unpaired(last(res)), nil
	}
	return r.v1Each(ctx, len(r.items), func(i int) (string, error) {
		values := v1Values(r.items[i], cols)
		sets := make([]string, len(cols))
		for j, c := range cols {
			sets[j] = quoteName(c.name) + "=" + c.variable(values[j])
		}
		conds := make([]string, len(keys))
		for j, k := range keys {
			for jj, c := range cols {
				if c.name == k.name {
					conds[j] = quoteName(k.name) + " = " + formatValue(values[jj])
				}
			}
		}
		return "update " + table + " set " + strings.Join(sets, ",") + " WHERE " + strings.Join(conds, " AND ") + returning, nil
	}, false, func(i int, err error) data.Item {
		o := v1Copy(cols, v1Values(r.items[i], cols))
		pe := asPgError(err)
		var code any = data.Undefined
		if pe.code != "" {
			code = pe.code
		}
		o.Set("code", code)
		o.Set("message", pe.message)
		return v1ErrorItem(o, i, false)
	})
}

// unpaired is wrapData: rows as items without pairedItem.
func unpaired(rows []*data.Object) []data.Item {
	out := make([]data.Item, len(rows))
	for j, row := range rows {
		out[j] = data.Item{JSON: row}
	}
	return out
}
