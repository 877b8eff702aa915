// Package airtable is a stateful fake of the Airtable Web API
// (https://api.airtable.com/v0) for tests and for recording real n8n
// against known data. It is an http.Handler: serve it with httptest, or
// over HTTPS on an address (cmd/fakeairtable) for real n8n.
//
// It keeps bases, tables (schema, views, records); checks the bearer
// token; lists records with filterByFormula (a formula evaluator for the
// usual filter functions), fields, sort, view, maxRecords and
// pageSize/offset paging; creates, updates (PATCH, with performUpsert),
// gets and deletes records with type checks and typecast; answers errors
// with Airtable's bodies ({"error":{"type":…,"message":…}}, {"error":
// "NOT_FOUND"}, 429 RATE_LIMIT_REACHED with Retry-After); logs every
// request; and lets tests inject faults.
package airtable

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// AdminPrefix is where the fake's own control routes live.
const AdminPrefix = "/__fake/"

// Options configure a Server.
type Options struct {
	// Tokens are the accepted bearer tokens; empty accepts any.
	Tokens []string
	// RateLimit is the requests per second accepted (Airtable: 5 per
	// base); beyond it the fake answers 429. 0 means no limit.
	RateLimit float64
	RateBurst int
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	limiter fakekit.Limiter
	log     fakekit.Log[Request]
	faults  fakekit.Faults

	mu sync.Mutex
	st State
}

// New returns an empty fake.
func New(opts Options) *Server {
	return &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst), st: emptyState()}
}

// apiError is an Airtable failure.
type apiError struct {
	status int
	body   *data.Object
}

func typed(status int, typ, format string, args ...any) *apiError {
	return &apiError{status: status, body: data.ObjectOf("error", data.ObjectOf("type", typ, "message", fmt.Sprintf(format, args...)))}
}

func notFound() *apiError { return &apiError{status: 404, body: data.ObjectOf("error", "NOT_FOUND")} }

const rateLimitBody = `{"errors":[{"error":"RATE_LIMIT_REACHED","message":"Rate limit exceeded. Please try again later"}]}`

func faultBody(status int) []byte {
	switch status {
	case 429:
		return []byte(rateLimitBody)
	case 404:
		return []byte(`{"error":"NOT_FOUND"}`)
	}
	b, _ := data.MarshalValue(typed(status, strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_")), "%s", http.StatusText(status)).body)
	return b
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 10<<20)
	entry := Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		ContentType: mediaType(r.Header.Get("Content-Type")), Auth: s.authState(r)}
	if len(raw) > 0 {
		if v, err := data.ParseJSON(raw); err == nil {
			entry.Body, _ = data.MarshalValue(v)
		} else {
			entry.Body, _ = json.Marshal(string(raw))
		}
	}
	fa, done := s.faults.Answer(r.Method, entry.Path, faultBody)
	var a fakekit.Answer
	switch {
	case done:
		a = fa
	case !s.limiter.Allow():
		a = fakekit.Answer{Status: 429, Body: []byte(rateLimitBody), Header: map[string]string{"Retry-After": "30"}}
	default:
		a = s.answer(r, entry.Auth, raw)
		a.Delay = fa.Delay
	}
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=utf-8")
}

func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(ct)
}

func (s *Server) authState(r *http.Request) string {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return "none"
	}
	if len(s.opts.Tokens) == 0 {
		return "bearer"
	}
	for _, t := range s.opts.Tokens {
		if t == tok {
			return "bearer"
		}
	}
	return "invalid"
}

func (s *Server) answer(r *http.Request, authState string, raw []byte) fakekit.Answer {
	out := func(status int, v any) fakekit.Answer {
		b, err := data.MarshalValue(v)
		if err != nil {
			return fakekit.Answer{Status: 500, Body: []byte(`{"error":"SERVER_ERROR"}`)}
		}
		return fakekit.Answer{Status: status, Body: b}
	}
	fail := func(e *apiError) fakekit.Answer { return out(e.status, e.body) }
	if authState != "bearer" {
		return fail(typed(401, "AUTHENTICATION_REQUIRED", "Authentication required"))
	}
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v0/")
	if !ok {
		return fail(notFound())
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for i, sg := range segs {
		if u, err := url.PathUnescape(sg); err == nil {
			segs[i] = u
		}
	}
	var body *data.Object
	if len(raw) > 0 {
		v, err := data.ParseJSON(raw)
		o, ok := v.(*data.Object)
		if err != nil || !ok {
			return fail(typed(422, "INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data."))
		}
		body = o
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if segs[0] == "meta" {
		res, err := s.meta(r.Method, segs[1:])
		if err != nil {
			return fail(err)
		}
		return out(200, res)
	}
	b := s.base(segs[0])
	if b == nil || len(segs) < 2 {
		return fail(typed(403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct."))
	}
	t := b.table(segs[1])
	if t == nil {
		return fail(typed(404, "TABLE_NOT_FOUND", "Could not find table %s in application %s", segs[1], b.ID))
	}
	var res any
	var err *apiError
	switch {
	case len(segs) == 2 && r.Method == http.MethodGet:
		res, err = s.list(t, r.URL.Query(), r.URL.RawQuery)
	case len(segs) == 2 && r.Method == http.MethodPost:
		res, err = s.create(t, body)
	case len(segs) == 2 && (r.Method == http.MethodPatch || r.Method == http.MethodPut):
		res, err = s.updateMany(t, body, r.Method == http.MethodPut)
	case len(segs) == 2 && r.Method == http.MethodDelete:
		res, err = s.deleteMany(t, r.URL.RawQuery)
	case len(segs) == 3 && r.Method == http.MethodGet:
		if _, rec := t.record(segs[2]); rec != nil {
			res = rec.Clone()
		} else {
			err = notFound()
		}
	case len(segs) == 3 && r.Method == http.MethodDelete:
		i, rec := t.record(segs[2])
		if rec == nil {
			err = notFound()
		} else {
			t.Records = append(t.Records[:i], t.Records[i+1:]...)
			res = data.ObjectOf("deleted", true, "id", segs[2])
		}
	case len(segs) == 3 && (r.Method == http.MethodPatch || r.Method == http.MethodPut):
		fields, _ := body.Value("fields").(*data.Object)
		res, err = s.update(t, segs[2], fields, truthy(body.Value("typecast")), r.Method == http.MethodPut)
	default:
		err = notFound()
	}
	if err != nil {
		return fail(err)
	}
	return out(200, res)
}

func (s *Server) meta(method string, segs []string) (any, *apiError) {
	if method != http.MethodGet || len(segs) == 0 || segs[0] != "bases" {
		return nil, notFound()
	}
	if len(segs) == 1 {
		list := []any{}
		for _, b := range s.st.Bases {
			list = append(list, data.ObjectOf("id", b.ID, "name", b.Name, "permissionLevel", b.PermissionLevel))
		}
		return data.ObjectOf("bases", list), nil
	}
	b := s.base(segs[1])
	if b == nil || len(segs) != 3 || segs[2] != "tables" {
		return nil, notFound()
	}
	list := []any{}
	for _, t := range b.Tables {
		fields := []any{}
		for _, f := range t.Fields {
			fo := data.ObjectOf("type", f.Type, "id", f.ID, "name", f.Name)
			if f.Options != nil {
				fo.Set("options", f.Options)
			}
			fields = append(fields, fo)
		}
		views := []any{}
		for _, v := range t.Views {
			views = append(views, data.ObjectOf("id", v.ID, "name", v.Name, "type", v.Type))
		}
		list = append(list, data.ObjectOf("id", t.ID, "name", t.Name, "primaryFieldId", t.PrimaryFieldID, "fields", fields, "views", views))
	}
	return data.ObjectOf("tables", list), nil
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var indexedKey = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(fields|sort)(\[(\d*)\])?(\[(field|direction)\])?$`)
})

// list is GET /v0/{base}/{table}.
func (s *Server) list(t *Table, q url.Values, rawQuery string) (any, *apiError) {
	var fields []string
	type sortKey struct{ field, dir string }
	sorts := map[int]*sortKey{}
	var order []string
	for _, kv := range strings.Split(rawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); err == nil {
			order = append(order, k)
		}
	}
	seen := map[string]bool{}
	for _, k := range order {
		if seen[k] {
			continue
		}
		seen[k] = true
		m := indexedKey().FindStringSubmatch(k)
		if m == nil {
			continue
		}
		if m[1] == "fields" {
			fields = append(fields, q[k]...)
			continue
		}
		n, _ := strconv.Atoi(m[3])
		if sorts[n] == nil {
			sorts[n] = &sortKey{dir: "asc"}
		}
		if m[5] == "field" {
			sorts[n].field = q.Get(k)
		} else if m[5] == "direction" {
			sorts[n].dir = q.Get(k)
		}
	}
	for _, f := range fields {
		if t.field(f) == nil {
			return nil, typed(422, "UNKNOWN_FIELD_NAME", "Unknown field name: %q", f)
		}
	}
	recs := t.Records
	if v := q.Get("view"); v != "" {
		view := t.view(v)
		if view == nil {
			return nil, typed(422, "VIEW_NAME_NOT_FOUND", "Could not find view %q in table %q", v, t.Name)
		}
		if view.Records != nil {
			recs = nil
			for _, id := range view.Records {
				if _, r := t.record(id); r != nil {
					recs = append(recs, r)
				}
			}
		}
	}
	if f := q.Get("filterByFormula"); f != "" {
		e, err := compile(f, t)
		if err != nil {
			return nil, typed(422, "INVALID_FILTER_BY_FORMULA", "The formula for filtering records is invalid: %v", err)
		}
		var kept []*data.Object
		for _, r := range recs {
			fo, _ := r.Value("fields").(*data.Object)
			if fo == nil {
				fo = data.NewObject(0)
			}
			if truthy(e(&record{id: toStr(r.Value("id")), fields: fo})) {
				kept = append(kept, r)
			}
		}
		recs = kept
	}
	if len(sorts) > 0 {
		idx := make([]int, 0, len(sorts))
		for k := range sorts {
			idx = append(idx, k)
		}
		sort.Ints(idx)
		recs = append([]*data.Object(nil), recs...)
		for _, k := range idx {
			if t.field(sorts[k].field) == nil {
				return nil, typed(422, "UNKNOWN_FIELD_NAME", "Unknown field name: %q", sorts[k].field)
			}
		}
		sort.SliceStable(recs, func(a, b int) bool {
			for _, k := range idx {
				sk := sorts[k]
				fa, _ := recs[a].Value("fields").(*data.Object)
				fb, _ := recs[b].Value("fields").(*data.Object)
				c := compare(valueOf(fa, sk.field), valueOf(fb, sk.field))
				if c == 0 {
					continue
				}
				if sk.dir == "desc" {
					return c > 0
				}
				return c < 0
			}
			return false
		})
	}
	if m := q.Get("maxRecords"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 {
			return nil, typed(422, "INVALID_REQUEST_UNKNOWN", "Invalid request: parameter validation failed. Check your request data.")
		}
		if n > 0 && n < len(recs) {
			recs = recs[:n]
		}
	}
	pageSize := 100
	if p := q.Get("pageSize"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 100 {
			return nil, typed(422, "INVALID_PAGE_SIZE", "Invalid page size: %s", p)
		}
		pageSize = n
	}
	start := 0
	if off := q.Get("offset"); off != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.SplitN(off, "/", 2)[0], "itr"))
		if err != nil || n < 0 || n > len(recs) {
			return nil, typed(422, "LIST_RECORDS_ITERATOR_NOT_AVAILABLE", "The iterator is not available or has expired")
		}
		start = n
	}
	end := min(start+pageSize, len(recs))
	page := make([]any, 0, end-start)
	for _, r := range recs[start:end] {
		page = append(page, project(r, fields))
	}
	res := data.ObjectOf("records", page)
	if end < len(recs) {
		res.Set("offset", fmt.Sprintf("itr%d/%s", end, recs[end].Value("id")))
	}
	return res, nil
}

func valueOf(o *data.Object, k string) any {
	if o == nil {
		return nil
	}
	return o.Value(k)
}

// project keeps only the requested fields of a record.
func project(r *data.Object, fields []string) *data.Object {
	c := r.Clone()
	if len(fields) == 0 {
		return c
	}
	fo, _ := r.Value("fields").(*data.Object)
	out := data.NewObject(len(fields))
	if fo != nil {
		for k, v := range fo.All() {
			for _, f := range fields {
				if f == k {
					out.Set(k, v)
				}
			}
		}
	}
	c.Set("fields", out)
	return c
}
