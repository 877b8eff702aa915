// Package notionfake is a small stateful fake of the part of the Notion API
// the template uses: database queries (filters, start_cursor paging, 100
// pages at most per answer) and page updates, with rollups computed from
// relations on every read so a stored Clockify id shows up in the
// dependent pages' rollups at once. It stands in until internal/fakenotion
// lands; seeds are plain Notion API objects, so they carry over.
package notionfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// State is the whole store: Notion API database and page objects in
// creation order. Seed and Dump use it.
type State struct {
	Databases []map[string]any `json:"databases"`
	Pages     []map[string]any `json:"pages"`
}

// Fault makes matching requests fail (Path is a substring of the path).
type Fault struct {
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	Skip   int    `json:"skip,omitempty"`
	Times  int    `json:"times,omitempty"` // 0 means 1, <0 forever
	Status int    `json:"status,omitempty"`
	Body   string `json:"body,omitempty"`
}

// Server is the fake; safe for concurrent use.
type Server struct {
	// EditTime is written to last_edited_time by updates (fixed so runs
	// compare).
	EditTime string

	mu     sync.Mutex
	st     State
	faults []*Fault
}

// New returns an empty fake.
func New() *Server { return &Server{EditTime: "2025-03-02T10:00:00.000Z"} }

// Seed replaces the state with a State document.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("notionfake: seed: %w", err)
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// Dump returns the state with rollups computed, as indented JSON.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := State{Databases: s.st.Databases, Pages: make([]map[string]any, len(s.st.Pages))}
	for i, p := range s.st.Pages {
		out.Pages[i] = s.render(p)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	return b
}

// AddFault queues a fault.
func (s *Server) AddFault(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	s.faults = append(s.faults, &f)
	s.mu.Unlock()
}

func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Method != "" && !strings.EqualFold(f.Method, method)) || !strings.Contains(path, f.Path) {
			continue
		}
		if f.Skip > 0 {
			f.Skip--
			return nil
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) body() []byte {
	b, _ := json.Marshal(map[string]any{"object": "error", "status": e.status, "code": e.code, "message": e.message})
	return b
}

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// ServeHTTP implements http.Handler. Control routes: GET /__fake/state.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 16<<20))
	r.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/__fake/state" {
		w.Write(s.Dump())
		return
	}
	if f := s.takeFault(r.Method, r.URL.Path); f != nil {
		body := f.Body
		if body == "" {
			body = string((&apiError{f.Status, "internal_server_error", "Unexpected error occurred."}).body())
		}
		w.WriteHeader(f.Status)
		io.WriteString(w, body)
		return
	}
	v, aerr := s.route(r, raw)
	if aerr != nil {
		w.WriteHeader(aerr.status)
		w.Write(aerr.body())
		return
	}
	b, _ := json.Marshal(v)
	w.Write(b)
}

func (s *Server) route(r *http.Request, raw []byte) (any, *apiError) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") || len(r.Header.Get("Authorization")) <= len("Bearer ") {
		return nil, errf(401, "unauthorized", "API token is invalid.")
	}
	var body map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, errf(400, "invalid_json", "Error parsing JSON body.")
		}
	}
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(segs) == 4 && segs[0] == "v1" && segs[1] == "databases" && segs[3] == "query" && r.Method == http.MethodPost:
		return s.query(normID(segs[2]), body)
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "pages" && r.Method == http.MethodPatch:
		return s.update(normID(segs[2]), body)
	case len(segs) == 3 && segs[0] == "v1" && segs[1] == "pages" && r.Method == http.MethodGet:
		s.mu.Lock()
		defer s.mu.Unlock()
		p := s.page(normID(segs[2]))
		if p == nil {
			return nil, errf(404, "object_not_found", "Could not find page with ID: %s. Make sure the relevant pages and databases are shared with your integration.", segs[2])
		}
		return s.render(p), nil
	}
	return nil, errf(400, "invalid_request_url", "Invalid request URL.")
}

// normID accepts ids with or without dashes.
func normID(id string) string {
	c := strings.ReplaceAll(id, "-", "")
	if len(c) != 32 {
		return id
	}
	return c[:8] + "-" + c[8:12] + "-" + c[12:16] + "-" + c[16:20] + "-" + c[20:]
}

func (s *Server) database(id string) map[string]any {
	for _, d := range s.st.Databases {
		if d["id"] == id {
			return d
		}
	}
	return nil
}

func (s *Server) page(id string) map[string]any {
	for _, p := range s.st.Pages {
		if p["id"] == id {
			return p
		}
	}
	return nil
}

func parentDB(p map[string]any) string {
	par, _ := p["parent"].(map[string]any)
	id, _ := par["database_id"].(string)
	return id
}

func (s *Server) query(dbID string, body map[string]any) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	db := s.database(dbID)
	if db == nil {
		return nil, errf(404, "object_not_found", "Could not find database with ID: %s. Make sure the relevant pages and databases are shared with your integration.", dbID)
	}
	size := 100
	if v, ok := body["page_size"].(float64); ok {
		if v < 1 || v > 100 || v != float64(int(v)) {
			return nil, errf(400, "validation_error", "body failed validation: body.page_size should be ≤ `100`, instead was `%v`.", v)
		}
		size = int(v)
	}
	var filter map[string]any
	if f, ok := body["filter"]; ok && f != nil {
		filter, ok = f.(map[string]any)
		if !ok {
			return nil, errf(400, "validation_error", "body failed validation: body.filter should be an object.")
		}
	}
	var matched []map[string]any
	for _, p := range s.st.Pages {
		if parentDB(p) != dbID || p["archived"] == true || p["in_trash"] == true {
			continue
		}
		rp := s.render(p)
		if filter != nil {
			ok, err := match(filter, rp["properties"].(map[string]any), db)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		matched = append(matched, rp)
	}
	start := 0
	if c, ok := body["start_cursor"].(string); ok && c != "" {
		start = -1
		for i, p := range matched {
			if p["id"] == normID(c) {
				start = i
				break
			}
		}
		if start < 0 {
			return nil, errf(400, "validation_error", "start_cursor provided is invalid: %s", c)
		}
	}
	end := min(start+size, len(matched))
	results := make([]any, 0, end-start)
	for _, p := range matched[start:end] {
		results = append(results, p)
	}
	var next any
	if end < len(matched) {
		next = matched[end]["id"]
	}
	return map[string]any{
		"object": "list", "results": results, "next_cursor": next, "has_more": next != nil,
		"type": "page_or_database", "page_or_database": map[string]any{},
		"request_id": "00000000-0000-4000-8000-000000000000",
	}, nil
}

func (s *Server) update(id string, body map[string]any) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.page(id)
	if p == nil {
		return nil, errf(404, "object_not_found", "Could not find page with ID: %s. Make sure the relevant pages and databases are shared with your integration.", id)
	}
	db := s.database(parentDB(p))
	props, _ := p["properties"].(map[string]any)
	schema, _ := db["properties"].(map[string]any)
	upd, _ := body["properties"].(map[string]any)
	for name, v := range upd {
		sp, ok := schema[name].(map[string]any)
		if !ok {
			return nil, errf(400, "validation_error", "%s is not a property that exists.", name)
		}
		typ, _ := sp["type"].(string)
		val, _ := v.(map[string]any)
		switch typ {
		case "rich_text", "title":
			list, ok := val[typ].([]any)
			if !ok {
				return nil, errf(400, "validation_error", "body failed validation: body.properties.%s.%s should be defined, instead was `undefined`.", name, typ)
			}
			props[name] = map[string]any{"id": sp["id"], "type": typ, typ: textRuns(list)}
		case "checkbox":
			b, ok := val["checkbox"].(bool)
			if !ok {
				return nil, errf(400, "validation_error", "body failed validation: body.properties.%s.checkbox should be a boolean.", name)
			}
			props[name] = map[string]any{"id": sp["id"], "type": typ, "checkbox": b}
		default:
			return nil, errf(400, "validation_error", "the fake cannot update %s properties (%s).", typ, name)
		}
	}
	p["last_edited_time"] = s.EditTime
	if a, ok := body["archived"].(bool); ok {
		p["archived"] = a
	}
	return s.render(p), nil
}

// textRuns turns request rich text ({text:{content}}) into response runs.
func textRuns(in []any) []any {
	out := make([]any, 0, len(in))
	for _, r := range in {
		m, _ := r.(map[string]any)
		t, _ := m["text"].(map[string]any)
		c, _ := t["content"].(string)
		out = append(out, map[string]any{
			"type": "text", "text": map[string]any{"content": c, "link": nil},
			"annotations": map[string]any{"bold": false, "italic": false, "strikethrough": false, "underline": false, "code": false, "color": "default"},
			"plain_text":  c, "href": nil,
		})
	}
	return out
}

// render returns a copy of p with its rollups computed; s.mu is held.
func (s *Server) render(p map[string]any) map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = v
	}
	db := s.database(parentDB(p))
	if db == nil {
		return out
	}
	schema, _ := db["properties"].(map[string]any)
	src, _ := p["properties"].(map[string]any)
	props := make(map[string]any, len(src))
	for k, v := range src {
		props[k] = v
	}
	for name, def := range schema {
		sp, _ := def.(map[string]any)
		if sp["type"] != "rollup" {
			continue
		}
		cfg, _ := sp["rollup"].(map[string]any)
		relName, _ := cfg["relation_property_name"].(string)
		target, _ := cfg["rollup_property_name"].(string)
		arr := []any{}
		rel, _ := src[relName].(map[string]any)
		ids, _ := rel["relation"].([]any)
		for _, r := range ids {
			rm, _ := r.(map[string]any)
			id, _ := rm["id"].(string)
			other := s.page(id)
			if other == nil {
				continue
			}
			ov := s.render(other)["properties"].(map[string]any)[target]
			om, ok := ov.(map[string]any)
			if !ok {
				continue
			}
			typ, _ := om["type"].(string)
			if typ == "rollup" {
				// A rollup of a rollup shows the inner array's elements.
				inner, _ := om["rollup"].(map[string]any)
				if a, ok := inner["array"].([]any); ok {
					arr = append(arr, a...)
				}
				continue
			}
			arr = append(arr, map[string]any{"type": typ, typ: om[typ]})
		}
		props[name] = map[string]any{"id": sp["id"], "type": "rollup", "rollup": map[string]any{
			"type": "array", "array": arr, "function": "show_original",
		}}
	}
	out["properties"] = props
	return out
}
