package airtable

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// create is POST /v0/{base}/{table}: one {fields} or {records: [...]}
// (at most 10).
func (s *Server) create(t *Table, body *data.Object) (any, *apiError) {
	if body == nil {
		return nil, typed(422, "INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body")
	}
	typecast := truthy(body.Value("typecast"))
	if list, ok := body.Value("records").([]any); ok {
		if len(list) == 0 || len(list) > 10 {
			return nil, typed(422, "INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" string and a \"fields\" object")
		}
		var made []*data.Object
		for _, e := range list {
			eo, _ := e.(*data.Object)
			fields, _ := eo.Value("fields").(*data.Object)
			clean, err := s.check(t, data.NewObject(0), fields, typecast)
			if err != nil {
				return nil, err
			}
			made = append(made, s.newRecord(clean))
		}
		out := []any{}
		for _, r := range made {
			t.Records = append(t.Records, r)
			out = append(out, r.Clone())
		}
		return data.ObjectOf("records", out), nil
	}
	fields, ok := body.Value("fields").(*data.Object)
	if !ok {
		return nil, typed(422, "INVALID_REQUEST_MISSING_FIELDS", "Could not find field \"fields\" in the request body")
	}
	clean, err := s.check(t, data.NewObject(0), fields, typecast)
	if err != nil {
		return nil, err
	}
	r := s.newRecord(clean)
	t.Records = append(t.Records, r)
	return r.Clone(), nil
}

func (s *Server) newRecord(fields *data.Object) *data.Object {
	return data.ObjectOf("id", s.newRecordID(), "createdTime", s.st.Now, "fields", fields)
}

// update changes one record's fields (PATCH merges, PUT replaces).
func (s *Server) update(t *Table, id string, fields *data.Object, typecast, replace bool) (*data.Object, *apiError) {
	if !validRecordID(id) {
		return nil, typed(422, "INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" string and a \"fields\" object")
	}
	_, rec := t.record(id)
	if rec == nil {
		return nil, notFound()
	}
	base, _ := rec.Value("fields").(*data.Object)
	if base == nil || replace {
		base = data.NewObject(0)
	}
	clean, err := s.check(t, base.Clone(), fields, typecast)
	if err != nil {
		return nil, err
	}
	rec.Set("fields", clean)
	return rec.Clone(), nil
}

// updateMany is PATCH/PUT /v0/{base}/{table} with records and, for an
// upsert, performUpsert.fieldsToMergeOn.
func (s *Server) updateMany(t *Table, body *data.Object, replace bool) (any, *apiError) {
	list, ok := body.Value("records").([]any)
	if body == nil || !ok || len(list) == 0 || len(list) > 10 {
		return nil, typed(422, "INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" string and a \"fields\" object")
	}
	typecast := truthy(body.Value("typecast"))
	var merge []string
	if pu, ok := body.Value("performUpsert").(*data.Object); ok {
		keys, _ := pu.Value("fieldsToMergeOn").([]any)
		if len(keys) == 0 || len(keys) > 3 {
			return nil, typed(422, "INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data.")
		}
		for _, k := range keys {
			name := toStr(k)
			if t.field(name) == nil {
				return nil, typed(422, "UNKNOWN_FIELD_NAME", "Unknown field name: %q", name)
			}
			merge = append(merge, name)
		}
	}
	out := []any{}
	var created, updated []any
	for _, e := range list {
		eo, _ := e.(*data.Object)
		if eo == nil {
			return nil, typed(422, "INVALID_RECORDS", "You must provide an array of up to 10 record objects, each with an \"id\" string and a \"fields\" object")
		}
		fields, _ := eo.Value("fields").(*data.Object)
		if fields == nil {
			fields = data.NewObject(0)
		}
		id := toStr(eo.Value("id"))
		if merge != nil && id == "" {
			var matches []*data.Object
			for _, r := range t.Records {
				fo, _ := r.Value("fields").(*data.Object)
				all := true
				for _, k := range merge {
					if !equal(valueOf(fo, k), fields.Value(k)) {
						all = false
					}
				}
				if all {
					matches = append(matches, r)
				}
			}
			switch len(matches) {
			case 0:
				clean, err := s.check(t, data.NewObject(0), fields, typecast)
				if err != nil {
					return nil, err
				}
				r := s.newRecord(clean)
				t.Records = append(t.Records, r)
				created = append(created, r.Value("id"))
				out = append(out, r.Clone())
				continue
			case 1:
				id = toStr(matches[0].Value("id"))
			default:
				return nil, typed(422, "INVALID_REQUEST_UNKNOWN", "Cannot update more than one record at a time with performUpsert: %d records match the merge fields", len(matches))
			}
			rec, err := s.update(t, id, fields, typecast, replace)
			if err != nil {
				return nil, err
			}
			updated = append(updated, id)
			out = append(out, rec)
			continue
		}
		rec, err := s.update(t, id, fields, typecast, replace)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	res := data.ObjectOf("records", out)
	if merge != nil {
		if created == nil {
			created = []any{}
		}
		if updated == nil {
			updated = []any{}
		}
		res = data.ObjectOf("records", out, "createdRecords", created, "updatedRecords", updated)
	}
	return res, nil
}

// check validates fields against the schema (converting with typecast)
// and merges them into base in the table's field order, leaving empty
// values out as Airtable does.
func (s *Server) check(t *Table, base, fields *data.Object, typecast bool) (*data.Object, *apiError) {
	if fields != nil {
		for name, v := range fields.All() {
			f := t.field(name)
			if f == nil {
				return nil, typed(422, "UNKNOWN_FIELD_NAME", "Unknown field name: %q", name)
			}
			cv, ok := convert(f, v, typecast)
			if !ok {
				return nil, typed(422, "INVALID_VALUE_FOR_COLUMN", "Field %q cannot accept the provided value", f.Name)
			}
			base.Set(f.Name, cv)
		}
	}
	out := data.NewObject(base.Len())
	for _, f := range t.Fields {
		if v, ok := base.Get(f.Name); ok && !isBlankValue(v) {
			out.Set(f.Name, v)
		}
	}
	return out, nil
}

// convert checks a value for a field type; typecast converts text.
func convert(f *Field, v any, typecast bool) (any, bool) {
	if v == nil || data.IsUndefined(v) {
		return nil, true
	}
	switch f.Type {
	case "number", "currency", "percent", "rating", "duration":
		switch x := v.(type) {
		case float64:
			return x, true
		case string:
			if !typecast {
				return nil, false
			}
			n, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return nil, true
			}
			return n, true
		}
		return nil, false
	case "checkbox":
		switch x := v.(type) {
		case bool:
			return x, true
		case string:
			if typecast {
				return x == "true" || x == "1" || x == "checked", true
			}
		}
		return nil, false
	case "multipleSelects":
		switch x := v.(type) {
		case []any:
			return x, true
		case string:
			if typecast {
				var out []any
				for _, p := range strings.Split(x, ",") {
					if p = strings.TrimSpace(p); p != "" {
						out = append(out, p)
					}
				}
				return out, true
			}
		}
		return nil, false
	case "singleSelect":
		x, ok := v.(string)
		if !ok {
			if !typecast {
				return nil, false
			}
			x = toStr(v)
		}
		if !typecast && !selectHas(f, x) {
			return nil, false
		}
		return x, true
	case "multipleRecordLinks", "multipleAttachments", "multipleCollaborators":
		if l, ok := v.([]any); ok {
			return l, true
		}
		return nil, false
	default: // text, email, url, date, phone…
		switch x := v.(type) {
		case string:
			return x, true
		case float64, bool:
			if typecast {
				return toStr(x), true
			}
		}
		return nil, false
	}
}

func selectHas(f *Field, name string) bool {
	o, ok := f.Options.(map[string]any)
	if !ok {
		return true
	}
	choices, _ := o["choices"].([]any)
	for _, c := range choices {
		if cm, ok := c.(map[string]any); ok && cm["name"] == name {
			return true
		}
	}
	return false
}

// deleteMany is DELETE /v0/{base}/{table}?records[]=…: up to 10 ids (as
// records[]=, records[0]= or records=), all found or none deleted.
func (s *Server) deleteMany(t *Table, rawQuery string) (any, *apiError) {
	var ids []string
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || !deleteKey().MatchString(k) {
			continue
		}
		ids = append(ids, v)
	}
	if len(ids) == 0 || len(ids) > 10 {
		return nil, typed(422, "INVALID_RECORDS", "You must provide an array of up to 10 record IDs")
	}
	for _, id := range ids {
		if _, rec := t.record(id); rec == nil {
			return nil, notFound()
		}
	}
	out := []any{}
	for _, id := range ids {
		i, _ := t.record(id)
		t.Records = append(t.Records[:i], t.Records[i+1:]...)
		out = append(out, data.ObjectOf("id", id, "deleted", true))
	}
	return data.ObjectOf("records", out), nil
}

var deleteKey = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^records(\[\d*\])?$`)
})
