// Package gmail is a stateful fake of the Gmail REST API
// (https://www.googleapis.com/gmail/v1) for tests and for recording real
// n8n against known data. It is an http.Handler: serve it with httptest,
// or over HTTPS (cmd/fakegmail) for real n8n.
//
// It keeps one mailbox (labels, messages as MIME text, drafts); checks the
// Bearer token; answers users.messages list/get (minimal, metadata, full,
// raw)/send/modify/trash/untrash/delete/attachments, users.labels,
// users.drafts, users.threads list/get and users.getProfile; pages with
// pageToken; searches with a subset of q (see matches); answers errors
// with Google's bodies (404 notFound, 400 invalidArgument, 409 duplicate,
// 429 and 403 rateLimitExceeded); logs every request with the MIME of
// sent messages decoded and normalised (Normalize); and lets tests inject
// faults and rate limits.
package gmail

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// AdminPrefix is where the fake's own control routes live (no token).
const AdminPrefix = "/__fake/"

// Options configure a Server.
type Options struct {
	// Tokens are the accepted Bearer tokens; empty accepts any.
	Tokens []string
	// Checker, when set, decides instead of Tokens whether a bearer
	// token is valid (the token endpoint fake, which counts uses).
	Checker interface{ Check(token string) bool }
	// RateLimit is the number of requests per second accepted; beyond it
	// the fake answers RateLimitStatus. 0 means no limit.
	RateLimit float64
	RateBurst int
	// RateLimitStatus is 429 (RESOURCE_EXHAUSTED, the default) or 403
	// (the older usageLimits rateLimitExceeded answer).
	RateLimitStatus int
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

// New returns a fake with an empty mailbox (system labels only).
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
	s.st = State{}
	s.normalize()
	return s
}

// apiError is Google's error body.
type apiError struct {
	status  int
	message string
	reason  string
	domain  string
	code    string // status string, "" for the legacy 403 shape
}

func (e *apiError) MarshalJSON() ([]byte, error) {
	type item struct {
		Message string `json:"message"`
		Domain  string `json:"domain"`
		Reason  string `json:"reason"`
	}
	type inner struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  []item `json:"errors"`
		Status  string `json:"status,omitempty"`
	}
	domain := e.domain
	if domain == "" {
		domain = "global"
	}
	return json.Marshal(struct {
		Error inner `json:"error"`
	}{inner{e.status, e.message, []item{{e.message, domain, e.reason}}, e.code}})
}

func notFound() *apiError {
	return &apiError{404, "Requested entity was not found.", "notFound", "", "NOT_FOUND"}
}

func invalid(format string, args ...any) *apiError {
	return &apiError{400, fmt.Sprintf(format, args...), "invalidArgument", "", "INVALID_ARGUMENT"}
}

func unauthenticated() *apiError {
	return &apiError{401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.", "authError", "", "UNAUTHENTICATED"}
}

// ErrorBody is Google's error body for status (the rate-limit answers for
// 429 and 403, a generic one otherwise).
func ErrorBody(status int) []byte {
	var e *apiError
	switch status {
	case 429:
		e = &apiError{429, "Resource has been exhausted (e.g. check quota).", "rateLimitExceeded", "", "RESOURCE_EXHAUSTED"}
	case 403:
		e = &apiError{403, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits", ""}
	case 404:
		e = notFound()
	case 401:
		e = unauthenticated()
	default:
		e = &apiError{status, http.StatusText(status), "backendError", "", ""}
	}
	b, _ := json.Marshal(e)
	return b
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 50<<20)
	entry := newRequest(r, raw)
	a := s.handle(r, raw)
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=UTF-8")
}

func (s *Server) handle(r *http.Request, raw []byte) fakekit.Answer {
	a, done := s.faults.Answer(r.Method, r.URL.Path, ErrorBody)
	if done {
		return a
	}
	if !s.limiter.Allow() {
		st := s.opts.RateLimitStatus
		if st == 0 {
			st = 429
		}
		a.Status, a.Body = st, ErrorBody(st)
		return a
	}
	status, v, err := s.route(r, raw)
	switch {
	case err != nil:
		a.Status = err.status
		a.Body, _ = json.Marshal(err)
	case v == nil:
		a.Status = status
	default:
		b, merr := json.MarshalIndent(v, "", "  ")
		if merr != nil {
			a.Status, a.Body = 500, ErrorBody(500)
		} else {
			a.Status, a.Body = status, b
		}
	}
	return a
}

func (s *Server) checkToken(r *http.Request) *apiError {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return unauthenticated()
	}
	if s.opts.Checker != nil {
		if s.opts.Checker.Check(tok) {
			return nil
		}
		return unauthenticated()
	}
	if len(s.opts.Tokens) == 0 {
		return nil
	}
	for _, t := range s.opts.Tokens {
		if t == tok {
			return nil
		}
	}
	return unauthenticated()
}

// segments splits the path below /gmail/v1/users/{user} (the upload
// prefix /upload/gmail/v1 is the same API).
func segments(p string) ([]string, bool) {
	p = strings.TrimPrefix(p, "/upload")
	rest, ok := strings.CutPrefix(p, "/gmail/v1/users/")
	if !ok {
		return nil, false
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	for i, x := range parts {
		if u, err := url.PathUnescape(x); err == nil {
			parts[i] = u
		}
	}
	return parts[1:], true
}

func (s *Server) route(r *http.Request, raw []byte) (int, any, *apiError) {
	segs, ok := segments(r.URL.Path)
	if !ok {
		return 0, nil, &apiError{404, "Not Found", "notFound", "", "NOT_FOUND"}
	}
	if err := s.checkToken(r); err != nil {
		return 0, nil, err
	}
	var body map[string]any
	if len(strings.TrimSpace(string(raw))) > 0 && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
		if err := json.Unmarshal(raw, &body); err != nil {
			return 0, nil, invalid("Invalid JSON payload received.")
		}
	}
	if body == nil {
		body = map[string]any{}
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := r.Method
	switch {
	case len(segs) == 1 && segs[0] == "profile" && m == http.MethodGet:
		return 200, s.profile(), nil
	case len(segs) >= 1 && segs[0] == "messages":
		return s.messages(m, segs[1:], q, body)
	case len(segs) >= 1 && segs[0] == "labels":
		return s.labels(m, segs[1:], body)
	case len(segs) >= 1 && segs[0] == "drafts":
		return s.drafts(m, segs[1:], q, body)
	case len(segs) >= 1 && segs[0] == "threads":
		return s.threads(m, segs[1:], q, body)
	}
	return 0, nil, &apiError{404, "Not Found", "notFound", "", "NOT_FOUND"}
}

func (s *Server) profile() any {
	threads := map[string]bool{}
	for _, m := range s.st.Messages {
		threads[m.ThreadID] = true
	}
	return struct {
		EmailAddress  string `json:"emailAddress"`
		MessagesTotal int    `json:"messagesTotal"`
		ThreadsTotal  int    `json:"threadsTotal"`
		HistoryID     string `json:"historyId"`
	}{s.st.Email, len(s.st.Messages), len(threads), fmt.Sprint(s.st.History)}
}

// decodeRaw reads a raw field: base64url (padded or not) or standard
// base64, as clients send it.
func decodeRaw(v any) (string, bool) {
	str, ok := v.(string)
	if !ok || str == "" {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.URLEncoding, base64.RawURLEncoding, base64.StdEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(str); err == nil {
			return string(b), true
		}
	}
	return "", false
}
