package airtable

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// maxBatch is how many records Airtable takes in one write.
const maxBatch = 10

func (r *run) options(i int) (*data.Object, error) {
	v, err := r.ex.ParamOr("options", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	o, _ := v.(*data.Object)
	if o == nil {
		o = data.NewObject(0)
	}
	return o, nil
}

// columns reads the resource mapper's mode and matching columns (item 0).
func (r *run) columns() error {
	mode, err := r.ex.ParamOr("columns.mappingMode", 0, nil)
	if err != nil {
		return err
	}
	r.dataMode = jsString(mode)
	if r.op == "update" || r.op == "upsert" {
		m, err := r.ex.ParamOr("columns.matchingColumns", 0, []any{})
		if err != nil {
			return err
		}
		list, _ := m.([]any)
		for _, c := range list {
			r.matchingOn = append(r.matchingOn, jsString(c))
		}
	}
	return nil
}

// columnValues is columns.value for item i (a copy).
func (r *run) columnValues(i int) (*data.Object, error) {
	v, err := r.ex.ParamOr("columns.value", i, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	o, _ := v.(*data.Object)
	if o == nil {
		return data.NewObject(0), nil
	}
	return o.Clone(), nil
}

// removeIgnored drops options.ignoreFields (a comma list or a list).
func removeIgnored(fields *data.Object, ignore any) *data.Object {
	var names []string
	switch x := ignore.(type) {
	case string:
		if x == "" {
			return fields
		}
		for _, f := range strings.Split(x, ",") {
			names = append(names, strings.TrimSpace(f))
		}
	case []any:
		if len(x) == 0 {
			return fields
		}
		for _, f := range x {
			names = append(names, jsString(f))
		}
	default:
		return fields
	}
	out := data.NewObject(fields.Len())
	for k, v := range fields.All() {
		keep := true
		for _, n := range names {
			if n == k {
				keep = false
			}
		}
		if keep {
			out.Set(k, v)
		}
	}
	return out
}

func (r *run) fail(i int, err error, id string, out *[]data.Item, item func(error) *data.Object) error {
	err = processError(err, id, i)
	if r.ex.ContinueOnFail() {
		*out = append(*out, data.Item{JSON: item(err)})
		return nil
	}
	return err
}

// processError is n8n's processAirtableError.
func processError(err error, id string, i int) error {
	ne, ok := err.(*engine.NodeError)
	if !ok {
		return err
	}
	if id != "" && (ne.Description == "NOT_FOUND" || strings.Contains(ne.Description, "You must provide an array of up to 10 record objects")) {
		ne.Description = id + " is not a valid Record ID"
	}
	if ne.Context == nil {
		ne.Context = map[string]any{}
	}
	ne.Context["itemIndex"] = i
	ne.ItemIndex = i
	return ne
}

func messageAndError(err error) *data.Object {
	msg := err.Error()
	if ne, ok := err.(*engine.NodeError); ok {
		msg = ne.Message
	}
	return data.ObjectOf("message", msg, "error", data.ObjectOf("message", msg))
}

func errorOnly(err error) *data.Object {
	msg := err.Error()
	if ne, ok := err.(*engine.NodeError); ok {
		msg = ne.Message
	}
	return data.ObjectOf("error", msg)
}

// flatten is n8n's flattenOutput: the record without "fields", then its
// fields.
func flatten(rec any) *data.Object {
	m, _ := rec.(*data.Object)
	out := data.NewObject(4)
	if m == nil {
		return out
	}
	for k, v := range m.All() {
		if k != "fields" {
			out.Set(k, v)
		}
	}
	if f, ok := m.Value("fields").(*data.Object); ok {
		for k, v := range f.All() {
			out.Set(k, v)
		}
	}
	return out
}

// wrap is wrapData + constructExecutionMetaData.
func wrap(v any, i int) []data.Item {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	out := make([]data.Item, 0, len(list))
	for _, e := range list {
		m, _ := e.(*data.Object)
		if m == nil {
			m = data.NewObject(0)
		}
		out = append(out, data.Item{JSON: m, Paired: data.One(i)})
	}
	return out
}

func (r *run) create(ctx context.Context) ([]data.Item, error) {
	if err := r.columns(); err != nil {
		return nil, err
	}
	var out []data.Item
	for i, it := range r.ex.Input(0) {
		err := func() error {
			opts, err := r.options(i)
			if err != nil {
				return err
			}
			body := data.ObjectOf("typecast", truthy(opts.Value("typecast")))
			switch r.dataMode {
			case "autoMapInputData":
				body.Set("fields", removeIgnored(it.JSON, opts.Value("ignoreFields")))
			case "defineBelow":
				fields, err := r.columnValues(i)
				if err != nil {
					return err
				}
				body.Set("fields", fields)
			}
			resp, err := r.api(ctx, i, "POST", r.base+"/"+r.table, body, nil)
			if err != nil {
				return err
			}
			out = append(out, wrap(resp, i)...)
			return nil
		}()
		if err != nil {
			if ferr := r.fail(i, err, "", &out, messageAndError); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

func (r *run) getOrDelete(ctx context.Context) ([]data.Item, error) {
	var out []data.Item
	for i := range r.ex.Input(0) {
		var id string
		err := func() error {
			v, err := r.ex.Param("id", i)
			if err != nil {
				return err
			}
			id = jsString(v)
			method := "GET"
			if r.op == "deleteRecord" {
				method = "DELETE"
			}
			resp, err := r.api(ctx, i, method, r.base+"/"+r.table+"/"+id, nil, nil)
			if err != nil {
				return err
			}
			if r.op == "get" {
				resp = flatten(resp)
			}
			out = append(out, wrap(resp, i)...)
			return nil
		}()
		if err != nil {
			if ferr := r.fail(i, err, id, &out, errorOnly); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

// search lists records; typeVersion 2 runs once for all items (pairing
// every output with every input), 2.1 once per item.
func (r *run) search(ctx context.Context) ([]data.Item, error) {
	items := r.ex.Input(0)
	n := len(items)
	var fallback data.Paired
	if r.ex.Version() < 2.1 {
		if n > 0 {
			n = 1
		}
		list := make([]data.PairedItem, len(items))
		for j := range items {
			list[j] = data.PairedItem{Item: j}
		}
		fallback = data.MakePaired(list, data.PairedArray)
	}
	var out []data.Item
	for i := 0; i < n; i++ {
		err := func() error {
			returnAll, err := r.ex.ParamOr("returnAll", i, true)
			if err != nil {
				return err
			}
			opts, err := r.options(i)
			if err != nil {
				return err
			}
			sortV, err := r.ex.ParamOr("sort", i, data.NewObject(0))
			if err != nil {
				return err
			}
			formula, err := r.ex.ParamOr("filterByFormula", i, "")
			if err != nil {
				return err
			}
			qs := data.NewObject(4)
			if truthy(formula) {
				qs.Set("filterByFormula", formula)
			}
			if f := opts.Value("fields"); truthy(f) {
				if s, ok := f.(string); ok {
					var list []any
					for _, p := range strings.Split(s, ",") {
						list = append(list, strings.TrimSpace(p))
					}
					qs.Set("fields", list)
				} else {
					qs.Set("fields", f)
				}
			}
			if so, ok := sortV.(*data.Object); ok {
				if p := so.Value("property"); truthy(p) {
					qs.Set("sort", p)
				}
			}
			if v, ok := opts.Value("view").(*data.Object); ok {
				qs.Set("view", v.Value("value"))
			}
			var records []any
			if truthy(returnAll) {
				records, err = r.all(ctx, i, r.base+"/"+r.table, qs)
				if err != nil {
					return err
				}
			} else {
				limit, err := r.ex.Param("limit", i)
				if err != nil {
					return err
				}
				qs.Set("maxRecords", limit)
				resp, err := r.api(ctx, i, "GET", r.base+"/"+r.table, nil, qs)
				if err != nil {
					return err
				}
				if m, ok := resp.(*data.Object); ok {
					records, _ = m.Value("records").([]any)
				}
			}
			if truthy(opts.Value("downloadFields")) {
				return engine.OperationError(i, "The Download Attachments option is not supported by n8n-go")
			}
			// itemData is a list ([{item: i}]), so pairedItem is one too.
			paired := data.Many(data.PairedItem{Item: i})
			if fallback.List() != nil {
				paired = fallback
			}
			for _, rec := range records {
				out = append(out, data.Item{JSON: flatten(rec), Paired: paired})
			}
			return nil
		}()
		if err != nil {
			if !r.ex.ContinueOnFail() {
				return nil, err
			}
			j := messageAndError(err)
			out = append(out, data.Item{JSON: j, Paired: data.One(i)})
		}
	}
	return out, nil
}

// update changes records matched by id or by the matching columns.
func (r *run) update(ctx context.Context) ([]data.Item, error) {
	if err := r.columns(); err != nil {
		return nil, err
	}
	endpoint := r.base + "/" + r.table
	var table []any
	byID := contains(r.matchingOn, "id")
	if !byID {
		fields := make([]any, len(r.matchingOn))
		for j, c := range r.matchingOn {
			fields[j] = c
		}
		var err error
		table, err = r.all(ctx, 0, endpoint, data.ObjectOf("fields", fields))
		if err != nil {
			return nil, err
		}
	}
	var out []data.Item
	for i, it := range r.ex.Input(0) {
		recordID := ""
		err := func() error {
			opts, err := r.options(i)
			if err != nil {
				return err
			}
			var records []any
			var fields *data.Object
			if r.dataMode == "autoMapInputData" {
				fields = it.JSON.Clone()
			} else if fields, err = r.columnValues(i); err != nil {
				return err
			}
			if byID {
				recordID = jsString(fields.Value("id"))
				id := fields.Value("id")
				fields.Delete("id")
				if r.dataMode == "autoMapInputData" {
					fields = removeIgnored(fields, opts.Value("ignoreFields"))
				}
				records = append(records, data.ObjectOf("id", id, "fields", fields))
			} else {
				matches, err := findMatches(table, r.matchingOn, fields, truthy(opts.Value("updateAllMatches")), i)
				if err != nil {
					return err
				}
				send := fields
				if r.dataMode == "autoMapInputData" {
					send = removeIgnored(fields, opts.Value("ignoreFields"))
				} else {
					names := make([]any, len(r.matchingOn))
					for j, c := range r.matchingOn {
						names[j] = c
					}
					send = removeIgnored(fields, names)
				}
				for _, m := range matches {
					records = append(records, data.ObjectOf("id", m.Value("id"), "fields", send))
				}
			}
			resp, err := r.batchUpdate(ctx, i, endpoint, data.ObjectOf("typecast", truthy(opts.Value("typecast"))), records)
			if err != nil {
				return err
			}
			out = append(out, wrap(field(resp, "records"), i)...)
			return nil
		}()
		if err != nil {
			if ferr := r.fail(i, err, recordID, &out, messageAndError); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

func (r *run) upsert(ctx context.Context) ([]data.Item, error) {
	if err := r.columns(); err != nil {
		return nil, err
	}
	endpoint := r.base + "/" + r.table
	byID := contains(r.matchingOn, "id")
	var out []data.Item
	for i, it := range r.ex.Input(0) {
		err := func() error {
			opts, err := r.options(i)
			if err != nil {
				return err
			}
			var rec *data.Object
			if r.dataMode == "autoMapInputData" {
				fields := it.JSON.Clone()
				if byID {
					id := fields.Value("id")
					fields.Delete("id")
					rec = data.ObjectOf("id", id, "fields", removeIgnored(fields, opts.Value("ignoreFields")))
				} else {
					rec = data.ObjectOf("fields", removeIgnored(fields, opts.Value("ignoreFields")))
				}
			} else {
				fields, err := r.columnValues(i)
				if err != nil {
					return err
				}
				if byID {
					id := valueOrUndefined(fields, "id")
					fields.Delete("id")
					rec = data.ObjectOf("id", id, "fields", fields)
				} else {
					rec = data.ObjectOf("fields", fields)
				}
			}
			body := data.ObjectOf("typecast", truthy(opts.Value("typecast")))
			if !byID {
				names := make([]any, len(r.matchingOn))
				for j, c := range r.matchingOn {
					names[j] = c
				}
				body.Set("performUpsert", data.ObjectOf("fieldsToMergeOn", names))
			}
			resp, err := r.batchUpdate(ctx, i, endpoint, body, []any{rec})
			if err != nil {
				ne, _ := err.(*engine.NodeError)
				switch {
				case ne != nil && ne.HTTPCode == "422" && byID:
					create := body.Clone()
					fo, _ := rec.Value("fields").(*data.Object)
					create.Set("records", []any{data.ObjectOf("fields", fo)})
					if resp, err = r.api(ctx, i, "POST", endpoint, create, nil); err != nil {
						return err
					}
				case ne != nil && strings.Contains(ne.Description, "Cannot update more than one record"):
					return err
				default:
					return err
				}
			}
			out = append(out, wrap(field(resp, "records"), i)...)
			return nil
		}()
		if err != nil {
			if ferr := r.fail(i, err, "", &out, messageAndError); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

func valueOrUndefined(o *data.Object, k string) any {
	if v, ok := o.Get(k); ok {
		return v
	}
	return data.Undefined
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// findMatches is n8n's findMatches (strict equality of the key fields).
func findMatches(table []any, keys []string, fields *data.Object, all bool, i int) ([]*data.Object, error) {
	var out []*data.Object
	for _, rec := range table {
		ro, _ := rec.(*data.Object)
		if ro == nil {
			continue
		}
		rf, _ := ro.Value("fields").(*data.Object)
		match := true
		for _, k := range keys {
			var a any = data.Undefined
			if rf != nil {
				if v, ok := rf.Get(k); ok {
					a = v
				}
			}
			b := valueOrUndefined(fields, k)
			if !strictEqual(a, b) {
				match = false
				break
			}
		}
		if match {
			out = append(out, ro)
			if !all {
				break
			}
		}
	}
	if len(out) == 0 {
		if all {
			return nil, engine.OperationError(i, "No records match provided keys")
		}
		return nil, engine.OperationError(i, "Record matching provided keys was not found")
	}
	return out, nil
}

// strictEqual is JavaScript's === for JSON values (objects by identity:
// never equal here).
func strictEqual(a, b any) bool {
	switch x := a.(type) {
	case string, float64, bool, nil, data.UndefinedType:
		return a == b || (x == nil && b == nil)
	}
	return false
}

func field(resp any, key string) any {
	if m, ok := resp.(*data.Object); ok {
		if v, ok := m.Get(key); ok {
			return v
		}
	}
	return data.Undefined
}
