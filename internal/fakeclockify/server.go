// Package fakeclockify is a stateful fake of the Clockify REST API
// (https://api.clockify.me/api/v1) for tests and for recording real n8n
// against known data. It is an http.Handler: serve it with httptest, or
// over HTTPS on an address (cmd/fakeclockify) for real n8n.
//
// It keeps workspaces, clients, projects, tasks, tags, users and time
// entries; checks X-Api-Key; honours the archived, is-active, name and
// other filters and page/page-size paging (an empty array past the end);
// answers unknown ids with 400 {"message":…,"code":501} like the real API;
// logs every request; and lets tests inject faults and rate limits.
// Ids are 24 hex digits taken from a counter so runs compare.
package fakeclockify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// BasePath is the API prefix every route lives under.
const BasePath = "/api/v1"

// AdminPrefix is where the fake's own control routes live (no API key).
const AdminPrefix = "/__fake/"

// Options configure a Server. The zero value accepts any non-empty key.
type Options struct {
	// APIKeys are the accepted X-Api-Key values; empty accepts any
	// non-empty key.
	APIKeys []string
	// AllowActiveClientDelete lets DELETE remove a client that is not
	// archived. Real Clockify's rule for clients is unverified; projects
	// always have to be archived first.
	AllowActiveClientDelete bool
	// RateLimit is the number of requests per second accepted (over all
	// keys); beyond it the fake answers 429. 0 means no limit.
	RateLimit float64
	// RateBurst is the limiter's burst (default 1).
	RateBurst int
	// RetryAfter is the Retry-After header sent with rate-limit 429s
	// ("" sends none, like the real API).
	RetryAfter string
	// Now is the clock for time entries (default time.Now).
	Now func() time.Time
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	limiter *rate.Limiter

	mu     sync.Mutex
	st     State
	log    []Request
	faults []*Fault
}

// New returns an empty fake.
func New(opts Options) *Server {
	s := &Server{opts: opts}
	if opts.RateLimit > 0 {
		b := opts.RateBurst
		if b <= 0 {
			b = 1
		}
		s.limiter = rate.NewLimiter(rate.Limit(opts.RateLimit), b)
	}
	if s.opts.Now == nil {
		s.opts.Now = time.Now
	}
	s.st.NextID = 1
	return s
}

// apiError is the real API's error body.
type apiError struct {
	status  int
	Message string `json:"message"`
	Code    int    `json:"code"`
}

func errf(status, code int, format string, args ...any) *apiError {
	return &apiError{status: status, Message: fmt.Sprintf(format, args...), Code: code}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	r.Body.Close()
	entry := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Query: r.URL.Query(),
		Host: r.Host, ContentType: r.Header.Get("Content-Type"), Accept: r.Header.Get("Accept"),
		HasAPIKey: r.Header.Get("X-Api-Key") != "", RawBody: string(raw),
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			entry.Body = v
		}
	}
	status, body, hdr, drop, delay := s.handle(r, raw, &entry)
	entry.Status = status
	s.mu.Lock()
	s.log = append(s.log, entry)
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	if drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	for k, v := range hdr {
		w.Header().Set(k, v)
	}
	if body == nil {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// handle decides the answer: faults, rate limit, auth, then the route.
func (s *Server) handle(r *http.Request, raw []byte, entry *Request) (status int, body []byte, hdr map[string]string, drop bool, delay time.Duration) {
	if f := s.takeFault(r.Method, entry.Path); f != nil {
		delay = f.Delay
		if f.Drop {
			return 0, nil, nil, true, delay
		}
		if f.Status != 0 {
			hdr = map[string]string{}
			if f.RetryAfter != "" {
				hdr["Retry-After"] = f.RetryAfter
			}
			b := f.Body
			if b == "" {
				b = fmt.Sprintf(`{"message":%q,"code":%d}`, http.StatusText(f.Status), f.Status)
			}
			return f.Status, []byte(b), hdr, false, delay
		}
	}
	if s.limiter != nil && !s.limiter.Allow() {
		hdr = map[string]string{}
		if s.opts.RetryAfter != "" {
			hdr["Retry-After"] = s.opts.RetryAfter
		}
		return http.StatusTooManyRequests, []byte(`{"message":"Too many requests","code":429}`), hdr, false, delay
	}
	status, v, err := s.route(r, raw)
	if err != nil {
		b, _ := json.Marshal(err)
		return err.status, b, nil, false, delay
	}
	if v == nil {
		return status, nil, nil, false, delay
	}
	b, merr := json.Marshal(v)
	if merr != nil {
		return 500, []byte(`{"message":"marshal","code":500}`), nil, false, delay
	}
	return status, b, nil, false, delay
}

// segments splits the path below /api/v1. Leading slashes are dropped (n8n
// sends /api/v1//workspaces), a trailing one is ignored, and empty
// segments inside stay, so /workspaces//clients has an empty workspace id.
func segments(p string) ([]string, bool) {
	if !strings.HasPrefix(p, BasePath+"/") {
		return nil, false
	}
	p = strings.TrimLeft(strings.TrimPrefix(p, BasePath), "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return nil, true
	}
	parts := strings.Split(p, "/")
	for i, x := range parts {
		if u, err := url.PathUnescape(x); err == nil {
			parts[i] = u
		}
	}
	return parts, true
}

func (s *Server) checkKey(r *http.Request) *apiError {
	k := r.Header.Get("X-Api-Key")
	if k == "" {
		return errf(401, 1000, "Full authentication is required to access this resource")
	}
	if len(s.opts.APIKeys) == 0 {
		return nil
	}
	for _, a := range s.opts.APIKeys {
		if a == k {
			return nil
		}
	}
	return errf(401, 4003, "Api key does not exist")
}

func methodNotAllowed(m string) *apiError {
	return errf(405, 3000, "Request method '%s' is not supported", m)
}

func (s *Server) route(r *http.Request, raw []byte) (int, any, *apiError) {
	segs, ok := segments(r.URL.Path)
	if !ok {
		return 0, nil, errf(404, 3000, "No static resource %s.", strings.TrimPrefix(r.URL.Path, "/"))
	}
	if err := s.checkKey(r); err != nil {
		return 0, nil, err
	}
	var body map[string]any
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		if len(bytes.TrimSpace(raw)) > 0 {
			if err := json.Unmarshal(raw, &body); err != nil {
				return 0, nil, errf(400, 3002, "Malformed JSON request")
			}
		}
		if body == nil {
			body = map[string]any{}
		}
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(segs) == 1 && segs[0] == "user":
		if r.Method != http.MethodGet {
			return 0, nil, methodNotAllowed(r.Method)
		}
		if len(s.st.Users) == 0 {
			return 0, nil, errf(404, 501, "User not found")
		}
		return 200, s.st.Users[0], nil
	case len(segs) >= 1 && segs[0] == "workspaces":
	default:
		return 0, nil, errf(404, 3000, "No static resource %s.", strings.TrimPrefix(r.URL.Path, "/"))
	}
	if len(segs) == 1 {
		if r.Method != http.MethodGet {
			return 0, nil, methodNotAllowed(r.Method)
		}
		out := make([]any, 0, len(s.st.Workspaces))
		for _, w := range s.st.Workspaces {
			out = append(out, w)
		}
		return 200, out, nil
	}
	ws := s.workspace(segs[1])
	if ws == nil {
		return 0, nil, errf(403, 501, "Access Denied")
	}
	if len(segs) == 2 {
		if r.Method != http.MethodGet {
			return 0, nil, methodNotAllowed(r.Method)
		}
		return 200, ws, nil
	}
	rest := segs[2:]
	switch rest[0] {
	case "clients":
		return s.clients(r.Method, ws.ID, rest[1:], q, body)
	case "projects":
		if len(rest) >= 3 && rest[2] == "tasks" {
			return s.tasks(r.Method, ws.ID, rest[1], rest[3:], q, body)
		}
		return s.projects(r.Method, ws.ID, rest[1:], q, body)
	case "tags":
		return s.tags(r.Method, ws.ID, rest[1:], q, body)
	case "users":
		if len(rest) != 1 {
			break
		}
		if r.Method != http.MethodGet {
			return 0, nil, methodNotAllowed(r.Method)
		}
		return s.users(ws.ID, q)
	case "time-entries":
		return s.timeEntries(r.Method, ws.ID, rest[1:], body)
	case "custom-fields":
		if len(rest) == 1 && r.Method == http.MethodGet {
			return 200, []any{}, nil
		}
	}
	return 0, nil, errf(404, 3000, "No static resource %s.", strings.TrimPrefix(r.URL.Path, "/"))
}

func (s *Server) workspace(id string) *Workspace {
	for _, w := range s.st.Workspaces {
		if w.ID == id {
			return w
		}
	}
	return nil
}
