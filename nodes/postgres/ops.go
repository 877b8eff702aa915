package postgres

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// resolvables finds the {{ … }} parts n8n evaluates inside a plain query
// string (getResolvables).
var resolvables = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\{\{[\s\S]*?\}\}`)
})

// quotedParam is a '$N' literal, which n8n may turn into a text value.
var quotedParam = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`'\$[0-9]+'`)
})

// evalText evaluates {{ expr }} for item i and prints the result as
// JavaScript's String() does.
func (r *run) evalExpr(res string, i int) (any, error) {
	return r.ex.Evaluate("query", "="+res, i)
}

func (r *run) executeQuery(ctx context.Context) ([]data.Item, error) {
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		q, err := r.ex.ParamString("query", i)
		if err != nil {
			return nil, err
		}
		for _, res := range resolvables().FindAllString(q, -1) {
			v, err := r.evalExpr(res, i)
			if err != nil {
				return nil, err
			}
			q = strings.Replace(q, res, rawText(v), 1)
		}
		values := []any{}
		var repl any = ""
		if _, present := r.ex.Params().Get("options.queryReplacement"); present {
			if repl, err = r.ex.Param("options.queryReplacement", i); err != nil {
				return nil, err
			}
		}
		if f, ok := repl.(float64); ok {
			repl = data.FormatNumber(f, false)
		}
		switch rv := repl.(type) {
		case string:
			raw, _ := r.ex.Params().Get("options.queryReplacement")
			rawStr, _ := raw.(string)
			if rawStr != "" {
				values, err = r.replacementValues(rawStr, i)
				if err != nil {
					return nil, err
				}
			}
		case []any:
			values = rv
		default:
			return nil, engine.OperationError(i, "Query Parameters must be a string of comma-separated values or an array of values")
		}
		if isEmptyReplacement(repl) || r.opts.treatQuotedAsText {
			next := len(values) + 1
			for _, lit := range quotedParam().FindAllString(q, -1) {
				q = strings.Replace(q, lit, "$"+strconv.Itoa(next), 1)
				values = append(values, strings.ReplaceAll(lit, "'", ""))
				next++
			}
		}
		queries = append(queries, query{text: q, values: values, partial: true})
	}
	return r.runQueries(ctx, queries)
}

func isEmptyReplacement(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0 || math.IsNaN(x)
	case bool:
		return !x
	}
	return false
}

// replacementValues reads the Query Parameters option from its raw text,
// as n8n does: from 2.5 each {{ }} result is one JSON value or a comma
// list; before, the text is split on commas first.
func (r *run) replacementValues(raw string, i int) ([]any, error) {
	raw = strings.TrimLeft(raw, "=")
	values := []any{}
	if r.opts.version >= 2.5 {
		found := resolvables().FindAllString(raw, -1)
		if len(found) == 0 {
			for _, s := range stringToArray(raw) {
				values = append(values, s)
			}
			return values, nil
		}
		for _, res := range found {
			v, err := r.evalExpr(res, i)
			if err != nil {
				return nil, err
			}
			text := exprText(v)
			if isJSONText(text) {
				values = append(values, text)
				continue
			}
			for _, s := range stringToArray(text) {
				values = append(values, s)
			}
		}
		return values, nil
	}
	for _, part := range stringToArray(raw) {
		found := resolvables().FindAllString(part, -1)
		if len(found) == 0 {
			values = append(values, part)
			continue
		}
		for _, res := range found {
			v, err := r.evalExpr(res, i)
			if err != nil {
				return nil, err
			}
			values = append(values, v)
		}
	}
	return values, nil
}

// exprText is n8n's evaluateExpression helper of the Postgres node.
func exprText(v any) string {
	switch x := v.(type) {
	case data.UndefinedType:
		return ""
	case nil:
		return "null"
	case *data.Object, []any:
		b, err := data.MarshalValue(x)
		if err != nil {
			return ""
		}
		return string(b)
	}
	return rawText(v)
}

func isJSONText(s string) bool {
	_, err := data.ParseJSONString(strings.TrimSpace(s))
	return err == nil
}

func stringToArray(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part != "" {
			out = append(out, strings.TrimSpace(part))
		}
	}
	return out
}

// locator reads a resource locator parameter's value (extractValue).
func (r *run) locator(name string, i int, def string) (string, error) {
	v, err := r.ex.Param(name, i)
	if err != nil {
		return "", err
	}
	if o, ok := v.(*data.Object); ok {
		v = o.Value("value")
	}
	if v == nil || data.IsUndefined(v) {
		if _, present := r.ex.Params().Get(name); !present {
			return def, nil
		}
		return "", nil
	}
	return rawText(v), nil
}

func (r *run) schemaTable(i int) (string, string, error) {
	schema, err := r.locator("schema", i, "public")
	if err != nil {
		return "", "", err
	}
	table, err := r.locator("table", i, "")
	return schema, table, err
}

// column is one row of information_schema.columns.
type column struct {
	name, dataType string
	nullable       bool
}

func (r *run) tableSchema(ctx context.Context, schema, table string) ([]column, error) {
	sql, err := formatQuery("SELECT column_name, data_type, is_nullable, udt_name, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2", []any{schema, table})
	if err != nil {
		return nil, err
	}
	sets, err := r.sess.multi(ctx, sql)
	if err != nil {
		return nil, asOperationError(err)
	}
	var cols []column
	for _, s := range sets {
		for _, row := range s {
			n, _ := row.Value("column_name").(string)
			t, _ := row.Value("data_type").(string)
			nl, _ := row.Value("is_nullable").(string)
			cols = append(cols, column{name: n, dataType: t, nullable: nl == "YES"})
		}
	}
	return cols, nil
}

// schemaCache re-reads the table's columns when an item names another
// table (configureTableSchemaUpdater).
type schemaCache struct {
	schema, table string
	cols          []column
}

func (c *schemaCache) get(ctx context.Context, r *run, schema, table string) ([]column, error) {
	if schema != c.schema || table != c.table {
		cols, err := r.tableSchema(ctx, schema, table)
		if err != nil {
			return nil, err
		}
		c.schema, c.table, c.cols = schema, table, cols
	}
	return c.cols, nil
}

func checkItemAgainstSchema(item *data.Object, cols []column, i int) error {
	if len(cols) == 0 {
		return nil
	}
	byName := make(map[string]column, len(cols))
	for _, c := range cols {
		byName[c.name] = c
	}
	for _, k := range item.Keys() {
		c, ok := byName[k]
		if !ok {
			return engine.OperationError(i, "Column '%s' does not exist in selected table", k)
		}
		if item.Value(k) == nil && !c.nullable {
			return engine.OperationError(i, "Column '%s' is not nullable", k)
		}
	}
	return nil
}

// convertArrays is n8n's convertArraysToPostgresFormat (from 2.4): values
// of ARRAY columns become PostgreSQL array literals.
func convertArrays(item *data.Object, cols []column, i int) (*data.Object, error) {
	item = data.CloneJSON(item).(*data.Object)
	for _, c := range cols {
		if strings.ToUpper(c.dataType) != "ARRAY" {
			continue
		}
		v := item.Value(c.name)
		if s, ok := v.(string); ok {
			p, err := data.ParseJSONString(s)
			if err != nil {
				return nil, engine.OperationError(i, "JSON parameter needs to be valid JSON")
			}
			v = p
		}
		list, ok := v.([]any)
		if !ok {
			if !c.nullable {
				return nil, engine.OperationError(i, "Column '%s' has to be an array", c.name)
			}
			continue
		}
		parts := make([]string, len(list))
		for j, e := range list {
			switch x := e.(type) {
			case float64:
				parts[j] = data.FormatNumber(x, false)
				continue
			case bool:
				e = strconv.FormatBool(x)
			case nil, *data.Object, []any:
				b, _ := data.MarshalValue(x)
				e = string(b)
			}
			if s, ok := e.(string); ok {
				parts[j] = `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
			} else {
				parts[j] = rawText(e)
			}
		}
		item.Set(c.name, "{"+strings.Join(parts, ",")+"}")
	}
	return item, nil
}

func addReturning(q string, outputColumns []any, values []any) (string, []any) {
	for _, c := range outputColumns {
		if c == "*" {
			return q + " RETURNING *", values
		}
	}
	return q + " RETURNING $" + strconv.Itoa(len(values)+1) + ":name", append(values, outputColumns)
}

func (r *run) outputColumns(i int) ([]any, error) {
	v, err := r.ex.ParamOr("options.outputColumns", i, []any{"*"})
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return []any{"*"}, nil
	}
	return list, nil
}

// mappedItem is the row an item writes: its JSON (auto-map) or the
// columns defined in the node (valuesToSend before 2.2, the resource
// mapper's value after).
//
// validate is false where n8n reads the whole "columns" parameter (insert
// into a table with json columns), which skips the mapper's type checks.
func (r *run) mappedItem(i int, validate bool) (*data.Object, string, error) {
	var mode string
	var err error
	if r.opts.version < 2.2 {
		mode, err = r.paramStringOr("dataMode", i, "autoMapInputData")
	} else {
		mode, err = r.paramStringOr("columns.mappingMode", i, "defineBelow")
	}
	if err != nil {
		return nil, "", err
	}
	item := data.NewObject(0)
	switch mode {
	case "autoMapInputData":
		if r.items[i].JSON != nil {
			item = r.items[i].JSON
		}
	case "defineBelow":
		if r.opts.version < 2.2 {
			v, err := r.ex.Param("valuesToSend.values", i)
			if err != nil {
				return nil, "", err
			}
			list, _ := v.([]any)
			for _, e := range list {
				o, ok := e.(*data.Object)
				if !ok {
					continue
				}
				item.Set(rawText(o.Value("column")), valueOr(o, "value", ""))
			}
		} else {
			v, err := r.ex.Param("columns.value", i)
			if err != nil {
				return nil, "", err
			}
			o, ok := v.(*data.Object)
			if !ok {
				return nil, "", engine.OperationError(i, "Cannot convert undefined or null to object")
			}
			item = o
			if validate {
				if item, err = r.validateMapper(item, i); err != nil {
					return nil, "", err
				}
			}
		}
	}
	return item, mode, nil
}

func valueOr(o *data.Object, k string, def any) any {
	if v, ok := o.Get(k); ok {
		return v
	}
	return def
}

func (r *run) paramStringOr(path string, i int, def string) (string, error) {
	v, err := r.ex.ParamOr(path, i, def)
	if err != nil {
		return "", err
	}
	return rawText(v), nil
}

func (r *run) insert(ctx context.Context) ([]data.Item, error) {
	schema, table, err := r.schemaTable(0)
	if err != nil {
		return nil, err
	}
	cache := &schemaCache{}
	if _, err := cache.get(ctx, r, schema, table); err != nil {
		return nil, err
	}
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		if schema, table, err = r.schemaTable(i); err != nil {
			return nil, err
		}
		skip, _ := r.ex.Param("options.skipOnConflict", i)
		onConflict := ""
		if skip == true {
			onConflict = " ON CONFLICT DO NOTHING"
		}
		q := "INSERT INTO $1:name.$2:name($3:name) VALUES($3:csv)" + onConflict
		cols, err := cache.get(ctx, r, schema, table)
		if err != nil {
			return nil, err
		}
		item, mode, err := r.mappedItem(i, !hasJSONColumn(cols))
		if err != nil {
			return nil, err
		}
		if mode == "defineBelow" && r.opts.version >= 2.2 {
			item = jsonColumnsAsText(item, cols)
		}
		if r.opts.version >= 2.4 {
			if item, err = convertArrays(item, cols, i); err != nil {
				return nil, err
			}
		}
		if err := checkItemAgainstSchema(item, cols, i); err != nil {
			return nil, err
		}
		out, err := r.outputColumns(i)
		if err != nil {
			return nil, err
		}
		if r.opts.version >= 2.6 && item.Len() == 0 {
			q = "INSERT INTO $1:name.$2:name DEFAULT VALUES"
		}
		values := []any{schema, table, item}
		q, values = addReturning(q, out, values)
		queries = append(queries, query{text: q, values: values})
	}
	return r.runQueries(ctx, queries)
}

// jsonColumnsAsText is convertValuesToJsonWithPgp: values of json (not
// jsonb) columns are sent as their JSON text.
func jsonColumnsAsText(item *data.Object, cols []column) *data.Object {
	if !hasJSONColumn(cols) {
		return item
	}
	item = item.Clone()
	for _, c := range cols {
		if c.dataType != "json" {
			continue
		}
		v, ok := item.Get(c.name)
		if !ok || v == nil || data.IsUndefined(v) {
			continue
		}
		b, err := data.MarshalValue(v)
		if err == nil {
			item.Set(c.name, string(b))
		}
	}
	return item
}

func (r *run) matchColumns(i int) ([]string, error) {
	if r.opts.version < 2.2 {
		s, err := r.ex.ParamString("columnToMatchOn", i)
		return []string{s}, err
	}
	v, err := r.ex.Param("columns.matchingColumns", i)
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, rawText(e))
	}
	return out, nil
}

// truthy is JavaScript's truthiness.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (r *run) upsert(ctx context.Context) ([]data.Item, error) {
	schema, table, err := r.schemaTable(0)
	if err != nil {
		return nil, err
	}
	cache := &schemaCache{}
	if _, err := cache.get(ctx, r, schema, table); err != nil {
		return nil, err
	}
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		if schema, table, err = r.schemaTable(i); err != nil {
			return nil, err
		}
		match, err := r.matchColumns(i)
		if err != nil {
			return nil, err
		}
		item, mode, err := r.mappedItem(i, true)
		if err != nil {
			return nil, err
		}
		if mode == "defineBelow" && r.opts.version < 2.2 && len(match) > 0 {
			v, err := r.ex.Param("valueToMatchOn", i)
			if err != nil {
				return nil, err
			}
			item.Set(match[0], v)
		}
		first := ""
		if len(match) > 0 {
			first = match[0]
		}
		if !truthy(item.Value(first)) {
			return nil, engine.OperationError(-1, "Column to match on not found in input item. Add a column to match on or set the 'Data Mode' to 'Define Below' to define the value to match on.")
		}
		if item.Len() == 1 {
			return nil, engine.OperationError(-1, "Add values to update or insert to the input item or set the 'Data Mode' to 'Define Below' to define the values to insert or update.")
		}
		cols, err := cache.get(ctx, r, schema, table)
		if err != nil {
			return nil, err
		}
		if r.opts.version >= 2.4 {
			if item, err = convertArrays(item, cols, i); err != nil {
				return nil, err
			}
		}
		if err := checkItemAgainstSchema(item, cols, i); err != nil {
			return nil, err
		}
		values := []any{schema, table}
		n := 3
		conflict := make([]string, 0, len(match))
		for _, c := range match {
			conflict = append(conflict, fmt.Sprintf("$%d:name", n))
			n++
			values = append(values, c)
		}
		insertQ := fmt.Sprintf("INSERT INTO $1:name.$2:name($%d:name) VALUES($%d:csv) ON CONFLICT (%s)", n, n, strings.Join(conflict, ","))
		n++
		values = append(values, item)
		var updates []string
		for _, k := range item.Keys() {
			if contains(match, k) {
				continue
			}
			updates = append(updates, fmt.Sprintf("$%d:name = $%d", n, n+1))
			n += 2
			values = append(values, k, item.Value(k))
		}
		upd := " DO NOTHING "
		if len(updates) > 0 {
			upd = " DO UPDATE  SET " + strings.Join(updates, ", ")
		}
		out, err := r.outputColumns(i)
		if err != nil {
			return nil, err
		}
		q, vals := addReturning(insertQ+upd, out, values)
		queries = append(queries, query{text: q, values: vals})
	}
	return r.runQueries(ctx, queries)
}

func (r *run) update(ctx context.Context) ([]data.Item, error) {
	schema, table, err := r.schemaTable(0)
	if err != nil {
		return nil, err
	}
	cache := &schemaCache{}
	if _, err := cache.get(ctx, r, schema, table); err != nil {
		return nil, err
	}
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		if schema, table, err = r.schemaTable(i); err != nil {
			return nil, err
		}
		match, err := r.matchColumns(i)
		if err != nil {
			return nil, err
		}
		item, mode, err := r.mappedItem(i, true)
		if err != nil {
			return nil, err
		}
		var valueToMatch any = ""
		if r.opts.version < 2.2 {
			if valueToMatch, err = r.ex.ParamOr("valueToMatchOn", i, ""); err != nil {
				return nil, err
			}
			if mode == "autoMapInputData" {
				valueToMatch = item.Value(match[0])
			} else if mode == "defineBelow" {
				item.Set(match[0], valueToMatch)
			}
			if !truthy(item.Value(match[0])) && mode == "autoMapInputData" {
				return nil, engine.OperationError(-1, "Column to match on not found in input item. Add a column to match on or set the 'Data Mode' to 'Define Below' to define the value to match on.")
			}
		} else {
			mv := make([]any, 0, 2*len(match))
			for _, c := range match {
				mv = append(mv, c, valueOr(item, c, data.Undefined))
			}
			exists, err := r.rowExists(ctx, schema, table, mv)
			if err != nil {
				return nil, err
			}
			if !exists {
				var desc []string
				for j := 0; j+1 < len(mv); j += 2 {
					desc = append(desc, rawText(mv[j])+"="+jsString(mv[j+1]))
				}
				ne := engine.OperationError(i, "The row you are trying to update doesn't exist")
				ne.Description = fmt.Sprintf("No rows matching the provided values (%s) were found in the table \"%s\".", strings.Join(desc, ", "), table)
				return nil, ne
			}
		}
		cols, err := cache.get(ctx, r, schema, table)
		if err != nil {
			return nil, err
		}
		if r.opts.version >= 2.4 {
			if item, err = convertArrays(item, cols, i); err != nil {
				return nil, err
			}
		}
		if err := checkItemAgainstSchema(item, cols, i); err != nil {
			return nil, err
		}
		values := []any{schema, table}
		n := 3
		var condition string
		if r.opts.version < 2.2 {
			condition = fmt.Sprintf("$%d:name = $%d", n, n+1)
			n += 2
			values = append(values, match[0], valueToMatch)
		} else {
			conds := make([]string, 0, len(match))
			for _, c := range match {
				conds = append(conds, fmt.Sprintf("$%d:name = $%d", n, n+1))
				n += 2
				values = append(values, c, item.Value(c))
			}
			condition = strings.Join(conds, " AND ")
		}
		var updates []string
		for _, k := range item.Keys() {
			if contains(match, k) {
				continue
			}
			updates = append(updates, fmt.Sprintf("$%d:name = $%d", n, n+1))
			n += 2
			values = append(values, k, item.Value(k))
		}
		if len(updates) == 0 {
			return nil, engine.OperationError(-1, "Add values to update to the input item or set the 'Data Mode' to 'Define Below' to define the values to update.")
		}
		q := "UPDATE $1:name.$2:name SET " + strings.Join(updates, ", ") + " WHERE " + condition
		out, err := r.outputColumns(i)
		if err != nil {
			return nil, err
		}
		q, values = addReturning(q, out, values)
		queries = append(queries, query{text: q, values: values})
	}
	return r.runQueries(ctx, queries)
}

// jsString is a value in a JavaScript template literal.
func jsString(v any) string {
	if data.IsUndefined(v) {
		return "undefined"
	}
	if v == nil {
		return "null"
	}
	return rawText(v)
}

func (r *run) rowExists(ctx context.Context, schema, table string, mv []any) (bool, error) {
	var where []string
	for j := 3; j < 3+len(mv); j += 2 {
		where = append(where, fmt.Sprintf("$%d:name=$%d", j, j+1))
	}
	sql, err := formatQuery("SELECT EXISTS(SELECT 1 FROM $1:name.$2:name WHERE "+strings.Join(where, " AND ")+")", append([]any{schema, table}, mv...))
	if err != nil {
		return false, asOperationError(err)
	}
	sets, err := r.sess.multi(ctx, sql)
	if err != nil {
		return false, asOperationError(err)
	}
	if len(sets) == 0 || len(sets[0]) == 0 {
		return false, nil
	}
	return sets[0][0].Value("exists") == true, nil
}

// whereClause is one "Select Rows" condition with n8n's defaults.
type whereClause struct {
	column    any
	condition string
	value     any
}

func (r *run) whereClauses(i int) ([]whereClause, string, error) {
	v, err := r.ex.Param("where.values", i)
	if err != nil {
		return nil, "", err
	}
	list, _ := v.([]any)
	out := make([]whereClause, 0, len(list))
	for _, e := range list {
		o, ok := e.(*data.Object)
		if !ok {
			continue
		}
		out = append(out, whereClause{column: valueOr(o, "column", ""), condition: rawText(valueOr(o, "condition", "equal")), value: valueOr(o, "value", "")})
	}
	combine, err := r.paramStringOr("combineConditions", i, "AND")
	return out, combine, err
}

// addWhereClauses is n8n's: numeric operators need numbers, IS (NOT) NULL
// takes no value, conditions joined by AND or OR.
func addWhereClauses(i int, q string, clauses []whereClause, values []any, combine string) (string, []any, error) {
	if len(clauses) == 0 {
		return q, values, nil
	}
	with := "AND"
	if combine == "OR" {
		with = "OR"
	}
	n := len(values) + 1
	var b strings.Builder
	b.WriteString(" WHERE")
	for idx, c := range clauses {
		if c.condition == "equal" {
			c.condition = "="
		}
		switch c.condition {
		case ">", "<", ">=", "<=":
			f := jsNumber(c.value)
			if math.IsNaN(f) {
				return "", nil, engine.OperationError(i, "Operator in entry %d of 'Select Rows' works with numbers, but value %s is not a number", idx+1, jsString(c.value))
			}
			c.value = f
		}
		fmt.Fprintf(&b, " $%d:name", n)
		values = append(values, c.column)
		n++
		b.WriteString(" " + c.condition)
		if c.condition != "IS NULL" && c.condition != "IS NOT NULL" {
			fmt.Fprintf(&b, " $%d", n)
			values = append(values, c.value)
			n++
		}
		if idx != len(clauses)-1 {
			b.WriteString(" " + with)
		}
	}
	return q + b.String(), values, nil
}

// jsNumber is JavaScript's Number(v).
func jsNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case bool:
		if x {
			return 1
		}
		return 0
	case nil:
		return 0
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return 0
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "_xXpP") && !strings.EqualFold(s, "inf") && !strings.EqualFold(s, "infinity") && !strings.EqualFold(s, "nan") {
			return f
		}
		switch s {
		case "Infinity", "+Infinity":
			return math.Inf(1)
		case "-Infinity":
			return math.Inf(-1)
		}
		if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'b' || s[1] == 'B' || s[1] == 'o' || s[1] == 'O') {
			base := map[byte]int{'x': 16, 'X': 16, 'b': 2, 'B': 2, 'o': 8, 'O': 8}[s[1]]
			if n, err := strconv.ParseUint(s[2:], base, 64); err == nil {
				return float64(n)
			}
		}
	}
	return math.NaN()
}

func (r *run) sortRules(i int, q string, values []any) (string, []any, error) {
	v, err := r.ex.Param("sort.values", i)
	if err != nil {
		return "", nil, err
	}
	list, _ := v.([]any)
	if len(list) == 0 {
		return q, values, nil
	}
	n := len(values) + 1
	var b strings.Builder
	b.WriteString(" ORDER BY")
	for idx, e := range list {
		o, _ := e.(*data.Object)
		if o == nil {
			o = data.NewObject(0)
		}
		fmt.Fprintf(&b, " $%d:name", n)
		values = append(values, valueOr(o, "column", ""))
		n++
		dir := "ASC"
		if o.Value("direction") == "DESC" {
			dir = "DESC"
		}
		b.WriteString(" " + dir)
		if idx != len(list)-1 {
			b.WriteByte(',')
		}
	}
	return q + b.String(), values, nil
}

func (r *run) selectRows(ctx context.Context) ([]data.Item, error) {
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		schema, table, err := r.schemaTable(i)
		if err != nil {
			return nil, err
		}
		values := []any{schema, table}
		out, err := r.outputColumns(i)
		if err != nil {
			return nil, err
		}
		q := "SELECT * FROM $1:name.$2:name"
		if !containsAny(out, "*") {
			values = append(values, out)
			q = fmt.Sprintf("SELECT $%d:name FROM $1:name.$2:name", len(values))
		}
		clauses, combine, err := r.whereClauses(i)
		if err != nil {
			return nil, err
		}
		if q, values, err = addWhereClauses(i, q, clauses, values, combine); err != nil {
			return nil, err
		}
		if q, values, err = r.sortRules(i, q, values); err != nil {
			return nil, err
		}
		all, err := r.ex.ParamOr("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		if !truthy(all) {
			limit, err := r.ex.ParamOr("limit", i, 50.0)
			if err != nil {
				return nil, err
			}
			q += " LIMIT " + rawText(limit)
		}
		queries = append(queries, query{text: q, values: values})
	}
	return r.runQueries(ctx, queries)
}

func containsAny(list []any, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (r *run) deleteTable(ctx context.Context) ([]data.Item, error) {
	queries := make([]query, 0, len(r.items))
	for i := range r.items {
		cascadeV, err := r.ex.Param("options.cascade", i)
		if err != nil {
			return nil, err
		}
		schema, table, err := r.schemaTable(i)
		if err != nil {
			return nil, err
		}
		cmd, err := r.paramStringOr("deleteCommand", i, "truncate")
		if err != nil {
			return nil, err
		}
		values := []any{schema, table}
		cascade := ""
		if truthy(cascadeV) {
			cascade = " CASCADE"
		}
		q := ""
		switch cmd {
		case "drop":
			q = "DROP TABLE IF EXISTS $1:name.$2:name" + cascade
		case "truncate":
			restart, err := r.ex.ParamOr("restartSequences", i, false)
			if err != nil {
				return nil, err
			}
			identity := ""
			if truthy(restart) {
				identity = " RESTART IDENTITY"
			}
			q = "TRUNCATE TABLE $1:name.$2:name" + identity + cascade
		case "delete":
			clauses, combine, err := r.whereClauses(i)
			if err != nil {
				return nil, err
			}
			if q, values, err = addWhereClauses(i, "DELETE FROM $1:name.$2:name", clauses, values, combine); err != nil {
				return nil, err
			}
		}
		if q == "" {
			return nil, engine.OperationError(i, "Invalid delete command, only drop, delete and truncate are supported ")
		}
		queries = append(queries, query{text: q, values: values})
	}
	return r.runQueries(ctx, queries)
}

func hasJSONColumn(cols []column) bool {
	for _, c := range cols {
		if c.dataType == "json" {
			return true
		}
	}
	return false
}
