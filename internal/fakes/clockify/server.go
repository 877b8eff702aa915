// Package clockify is a stateful fake of the Clockify REST API
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
package clockify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
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
	limiter fakekit.Limiter
	log     fakekit.Log[Request]
	faults  fakekit.Faults

	mu sync.Mutex
	st State
	// ix finds entities by id and name without a pass over the state.
	ix index
	// lists caches sorted list results between writes (see namedPage);
	// every request but a GET, and every control call, clears it.
	lists map[string]any
}

// New returns an empty fake.
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
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
	raw := fakekit.ReadBody(r, 10<<20)
	entry := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Query: r.URL.Query(),
		Host: r.Host, ContentType: fakekit.HeaderValue(r.Header, "Content-Type"), Accept: fakekit.HeaderValue(r.Header, "Accept"),
		HasAPIKey: fakekit.HeaderValue(r.Header, "X-Api-Key") != "", raw: raw,
	}
	// The query is parsed once, for the log and the route (which only
	// reads it).
	a := s.handle(r, raw, entry.Path, entry.Query)
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json")
}

// faultBody is the body of a fault answer that gives none.
func faultBody(status int) []byte {
	return fmt.Appendf(nil, `{"message":%q,"code":%d}`, http.StatusText(status), status)
}

// handle decides the answer: faults, rate limit, auth, then the route.
func (s *Server) handle(r *http.Request, raw []byte, path string, q url.Values) fakekit.Answer {
	a, done := s.faults.Answer(r.Method, path, faultBody)
	if done {
		return a
	}
	if !s.limiter.Allow() {
		a.Status, a.Body = http.StatusTooManyRequests, []byte(`{"message":"Too many requests","code":429}`)
		if s.opts.RetryAfter != "" {
			a.Header = map[string]string{"Retry-After": s.opts.RetryAfter}
		}
		return a
	}
	status, v, err := s.route(r, raw, q)
	switch {
	case err != nil:
		a.Status = err.status
		a.Body, _ = json.Marshal(err)
	case v == nil:
		a.Status = status
	default:
		b, merr := marshalAnswer(v)
		if merr != nil {
			a.Status, a.Body = 500, []byte(`{"message":"marshal","code":500}`)
		} else {
			a.Status, a.Body = status, b
		}
	}
	return a
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
	if !strings.Contains(p, "%") {
		// Nothing to unescape: PathUnescape would return each segment
		// as it is, after a pass over its bytes.
		return parts, true
	}
	for i, x := range parts {
		if u, err := url.PathUnescape(x); err == nil {
			parts[i] = u
		}
	}
	return parts, true
}

// decodeBody is json.Unmarshal(raw, &body) into a nil map (null leaves
// it nil, any other value but an object fails), through the fakes'
// parser of request bodies.
func decodeBody(raw []byte) (body map[string]any, ok bool) {
	v, err := fakekit.UnmarshalAny(raw)
	body, isMap := v.(map[string]any)
	return body, err == nil && (v == nil || isMap)
}

func (s *Server) checkKey(r *http.Request) *apiError {
	k := fakekit.HeaderValue(r.Header, "X-Api-Key")
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

func (s *Server) route(r *http.Request, raw []byte, q url.Values) (int, any, *apiError) {
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
			var ok bool
			if body, ok = decodeBody(raw); !ok {
				return 0, nil, errf(400, 3002, "Malformed JSON request")
			}
		}
		if body == nil {
			body = map[string]any{}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method != http.MethodGet {
		s.lists = nil
	}
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
