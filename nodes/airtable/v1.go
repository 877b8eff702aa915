package airtable

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// v1Operations are typeVersion 1's operations.
var v1Operations = []string{"append", "delete", "list", "read", "update"}

// v1Defaults are typeVersion 1's top-level parameter defaults: the API
// key credential is the default authentication (and refused at run time,
// as n8n does since Airtable retired API keys).
func v1Defaults() map[string]any {
	return map[string]any{"authentication": "airtableApi", "operation": "read",
		"application": map[string]any{"mode": "url", "value": ""}, "table": map[string]any{"mode": "url", "value": ""},
		"addAllFields": true, "fields": []any{}, "id": "", "returnAll": true, "limit": float64(100),
		"downloadAttachments": false, "downloadFieldNames": "", "additionalOptions": map[string]any{},
		"updateAllFields": true, "options": map[string]any{}}
}

// executeV1 is typeVersion 1: raw records (fields not flattened), writes
// in bulks of options.bulkSize (10 at most), list once for all items.
func (r *run) executeV1(ctx context.Context) ([]data.Item, error) {
	var err error
	if r.auth, err = r.ex.ParamString("authentication", 0); err != nil {
		return nil, err
	}
	if r.auth == "airtableApi" {
		return nil, engine.OperationError(-1, "The API Key connection was deprecated by Airtable, please use Access Token or OAuth2 instead.")
	}
	if r.op, err = r.ex.ParamString("operation", 0); err != nil {
		return nil, err
	}
	if r.base, err = r.locator("application", 0, baseURLRe()); err != nil {
		return nil, err
	}
	table, err := r.locator("table", 0, tableURLRe())
	if err != nil {
		return nil, err
	}
	r.table = encodeURI(table)
	switch r.op {
	case "append", "update":
		return r.v1Write(ctx)
	case "delete":
		return r.v1Delete(ctx)
	case "list":
		return r.v1List(ctx)
	case "read":
		return r.v1Read(ctx)
	}
	return nil, engine.OperationError(-1, "The operation \"%s\" is not known!", r.op)
}

// v1Fail is v1's catch: {error: message} without pairing when the node
// continues on fail.
func (r *run) v1Fail(err error, out *[]data.Item) error {
	if !r.ex.ContinueOnFail() {
		return err
	}
	*out = append(*out, data.Item{JSON: errorOnly(err)})
	return nil
}

// v1Records turns an answer's records into items paired with item i.
func v1Records(resp any, i int) []data.Item {
	recs, _ := field(resp, "records").([]any)
	return wrap(recs, i)
}

// v1Fields is the fields an append/update row sends: all the item's keys
// but id, or only the listed ones.
func (r *run) v1Fields(i int, it data.Item, all bool, opts *data.Object) (*data.Object, error) {
	if !all {
		v, err := r.ex.ParamOr("fields", i, []any{})
		if err != nil {
			return nil, err
		}
		names, _ := v.([]any)
		out := data.NewObject(len(names))
		for _, n := range names {
			k := jsString(n)
			v, ok := it.JSON.Get(k)
			if !ok {
				v = data.Undefined // not sent, as JSON.stringify drops it
			}
			out.Set(k, v)
		}
		return out, nil
	}
	fields := it.JSON.Clone()
	fields.Delete("id")
	if r.op == "update" {
		// ignoreFields filters the item's own keys: id comes back (n8n does so).
		if s, ok := opts.Value("ignoreFields").(string); ok && s != "" {
			var names []string
			for _, f := range strings.Split(s, ",") {
				if f = strings.TrimSpace(f); f != "" {
					names = append(names, f)
				}
			}
			if len(names) > 0 {
				fields = data.NewObject(it.JSON.Len())
				for k, v := range it.JSON.All() {
					if !contains(names, k) {
						fields.Set(k, v)
					}
				}
			}
		}
	}
	return fields, nil
}

// v1Write is append (POST) and update (PATCH by id): rows gathered until
// bulkSize or the last item. A failed bulk keeps its rows for the next.
func (r *run) v1Write(ctx context.Context) ([]data.Item, error) {
	items := r.ex.Input(0)
	allParam, method := "addAllFields", "POST"
	if r.op == "update" {
		allParam, method = "updateAllFields", "PATCH"
	}
	var out []data.Item
	var rows []any
	bulkSize := 10
	body := data.NewObject(2) // append's body lives across bulks, as n8n's
	for i, it := range items {
		err := func() error {
			all, err := r.ex.ParamBool(allParam, i)
			if err != nil {
				return err
			}
			opts, err := r.options(i)
			if err != nil {
				return err
			}
			if n, ok := opts.Value("bulkSize").(float64); ok && n != 0 {
				bulkSize = int(n)
			}
			fields, err := r.v1Fields(i, it, all, opts)
			if err != nil {
				return err
			}
			row := data.ObjectOf("fields", fields)
			if r.op == "update" {
				id, err := r.ex.Param("id", i)
				if err != nil {
					return err
				}
				row.Set("id", id)
			}
			rows = append(rows, row)
			if len(rows) != bulkSize && i != len(items)-1 {
				return nil
			}
			send := body
			if r.op == "update" {
				send = data.ObjectOf("records", rows, "typecast", truthy(opts.Value("typecast")))
			} else {
				if opts.Value("typecast") == true {
					body.Set("typecast", true)
				}
				body.Set("records", rows)
			}
			resp, err := r.api(ctx, i, method, r.base+"/"+r.table, send, nil)
			if err != nil {
				return err
			}
			out = append(out, v1Records(resp, i)...)
			rows = nil
			return nil
		}()
		if err != nil {
			if ferr := r.v1Fail(err, &out); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

// v1Delete deletes by id in bulks (records[0]=…&records[1]=…); the bulk
// size comes from item 0's options.
func (r *run) v1Delete(ctx context.Context) ([]data.Item, error) {
	items := r.ex.Input(0)
	opts, err := r.options(0)
	if err != nil {
		return nil, err
	}
	bulkSize := 10
	if n, ok := opts.Value("bulkSize").(float64); ok && n != 0 {
		bulkSize = int(n)
	}
	var out []data.Item
	var rows []any
	for i := range items {
		err := func() error {
			id, err := r.ex.Param("id", i)
			if err != nil {
				return err
			}
			rows = append(rows, id)
			if len(rows) != bulkSize && i != len(items)-1 {
				return nil
			}
			resp, err := r.api(ctx, i, "DELETE", r.base+"/"+r.table, nil, data.ObjectOf("records", rows))
			if err != nil {
				return err
			}
			out = append(out, v1Records(resp, i)...)
			rows = nil
			return nil
		}()
		if err != nil {
			if ferr := r.v1Fail(err, &out); ferr != nil {
				return nil, ferr
			}
		}
	}
	return out, nil
}

// v1List runs once (item 0's parameters) and pairs every record with
// every input item.
func (r *run) v1List(ctx context.Context) ([]data.Item, error) {
	var out []data.Item
	err := func() error {
		returnAll, err := r.ex.ParamBool("returnAll", 0)
		if err != nil {
			return err
		}
		download, err := r.ex.ParamBool("downloadAttachments", 0)
		if err != nil {
			return err
		}
		if download {
			return engine.OperationError(0, "Airtable: the Download Attachments option is not supported by n8n-go")
		}
		v, err := r.ex.ParamOr("additionalOptions", 0, data.NewObject(0))
		if err != nil {
			return err
		}
		qs := data.NewObject(4)
		if o, ok := v.(*data.Object); ok {
			for k, e := range o.All() {
				if so, ok := e.(*data.Object); k == "sort" && ok && so.Has("property") {
					e = so.Value("property")
				}
				qs.Set(k, e)
			}
		}
		var records []any
		if returnAll {
			if records, err = r.all(ctx, 0, r.base+"/"+r.table, qs); err != nil {
				return err
			}
		} else {
			limit, err := r.ex.Param("limit", 0)
			if err != nil {
				return err
			}
			qs.Set("maxRecords", limit)
			resp, err := r.api(ctx, 0, "GET", r.base+"/"+r.table, nil, qs)
			if err != nil {
				return err
			}
			records, _ = field(resp, "records").([]any)
		}
		n := len(r.ex.Input(0))
		list := make([]data.PairedItem, n)
		for j := range list {
			list[j] = data.PairedItem{Item: j}
		}
		for _, rec := range records {
			m, _ := rec.(*data.Object)
			if m == nil {
				m = data.NewObject(0)
			}
			out = append(out, data.Item{JSON: m, Paired: data.Many(list...)})
		}
		return nil
	}()
	if err != nil {
		if ferr := r.v1Fail(err, &out); ferr != nil {
			return nil, ferr
		}
	}
	return out, nil
}

// v1Read gets each item's record as Airtable answers it.
func (r *run) v1Read(ctx context.Context) ([]data.Item, error) {
	var out []data.Item
	for i := range r.ex.Input(0) {
		id, err := r.ex.Param("id", i)
		if err != nil {
			return nil, err
		}
		resp, err := r.api(ctx, i, "GET", r.base+"/"+r.table+"/"+jsString(id), nil, nil)
		if err != nil {
			if ferr := r.v1Fail(err, &out); ferr != nil {
				return nil, ferr
			}
			continue
		}
		out = append(out, wrap(resp, i)...)
	}
	return out, nil
}
