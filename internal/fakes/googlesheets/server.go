// Package googlesheets is a stateful fake of the Google Sheets API v4
// (https://sheets.googleapis.com) for tests and for recording real n8n
// against known data.
//
// It keeps spreadsheets with their sheets and cells and serves
// spreadsheets get (with `fields` masks) and create, batchUpdate
// (addSheet, deleteSheet, deleteDimension, appendDimension,
// insertDimension), and values get, update, append, clear and
// batchUpdate, with A1 ranges, USER_ENTERED/RAW input and
// FORMATTED_VALUE/UNFORMATTED_VALUE/FORMULA rendering. Bearer tokens are
// checked against a googleoauth fake when one is given. Errors use
// Google's JSON error body ({"error":{"code","message","status"}}),
// including the 429 RESOURCE_EXHAUSTED and the 403 rateLimitExceeded
// answers of rate limiting. Every request is logged; faults can be
// injected.
//
// Limits of the fake: formulas are stored, not calculated; dates,
// percentages and currency typed as USER_ENTERED stay text; the
// FORMATTED_VALUE of a number is its plain decimal form.
package googlesheets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// AdminPrefix is where the fake's control routes live.
const AdminPrefix = "/__fake/"

// TokenChecker validates a bearer token (googleoauth.Server does).
type TokenChecker interface {
	Check(token string) bool
}

// Options configure a Server.
type Options struct {
	// Tokens checks bearer tokens; nil accepts any non-empty token.
	Tokens TokenChecker
	// RateLimit is the requests per second accepted; beyond it the fake
	// answers 429 RESOURCE_EXHAUSTED (or 403 rateLimitExceeded with
	// Legacy403). 0 means no limit.
	RateLimit float64
	RateBurst int
	Legacy403 bool
}

// Server is the fake; safe for concurrent use.
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
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
	s.st.NextID = 1
	return s
}

// Request is one logged API request. The token is kept: the fake's
// tokens are its own counters, and which one a request used is what a
// token refresh test checks.
type Request struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	RawQuery    string `json:"rawQuery,omitempty"`
	Host        string `json:"host,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Token       string `json:"token,omitempty"`
	Body        any    `json:"body,omitempty"`
	RawBody     string `json:"rawBody,omitempty"`
	Status      int    `json:"status"`
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// AddFault queues a fault; a fault with a status and no body answers
// with Google's error body for that status.
func (s *Server) AddFault(f fakekit.Fault) { s.faults.Add(f) }

// apiError is Google's error: {"error":{"code","message","status"}}.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Errors  []any  `json:"errors,omitempty"`
	Status  string `json:"status,omitempty"`
	Details []any  `json:"details,omitempty"`
}

func (e *apiError) body() []byte {
	b, _ := json.MarshalIndent(map[string]*apiError{"error": e}, "", "  ")
	return b
}

func errf(code int, status, format string, args ...any) *apiError {
	return &apiError{Code: code, Status: status, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *apiError {
	return errf(400, "INVALID_ARGUMENT", format, args...)
}

var notFound = &apiError{Code: 404, Message: "Requested entity was not found.", Status: "NOT_FOUND"}

// ErrorBody is the body Google sends with status code (used for faults).
func ErrorBody(code int, legacy bool) []byte {
	switch {
	case code == 429:
		return rateLimited().body()
	case code == 403 && legacy:
		return (&apiError{Code: 403, Message: "Rate Limit Exceeded", Errors: []any{map[string]any{
			"message": "Rate Limit Exceeded", "domain": "usageLimits", "reason": "rateLimitExceeded"}}}).body()
	case code == 403:
		return errf(403, "PERMISSION_DENIED", "The caller does not have permission").body()
	case code == 401:
		return unauthenticated().body()
	case code == 404:
		return notFound.body()
	case code >= 500:
		return errf(code, "INTERNAL", "Internal error encountered.").body()
	}
	return errf(code, "INVALID_ARGUMENT", "%s", http.StatusText(code)).body()
}

func rateLimited() *apiError {
	return &apiError{Code: 429, Status: "RESOURCE_EXHAUSTED",
		Message: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
		Details: []any{map[string]any{
			"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com",
			"metadata": map[string]any{"quota_limit": "WriteRequestsPerMinutePerUser", "quota_limit_value": "60",
				"quota_metric": "sheets.googleapis.com/write_requests", "service": "sheets.googleapis.com", "consumer": "projects/000000000000", "quota_location": "global"},
		}}}
}

func unauthenticated() *apiError {
	return &apiError{Code: 401, Status: "UNAUTHENTICATED",
		Message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
		Details: []any{map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_EXPIRED", "domain": "googleapis.com",
			"metadata": map[string]any{"service": "sheets.googleapis.com", "method": "google.apps.sheets.v4.SpreadsheetsService"}}}}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 32<<20)
	entry := Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Host: r.Host,
		ContentType: r.Header.Get("Content-Type"), RawBody: string(raw)}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		entry.Token = tok
	}
	if v, ok := fakekit.JSONBody(raw); ok {
		entry.Body, entry.RawBody = v, ""
	}
	a := s.handle(r, raw, entry)
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=UTF-8")
}

func (s *Server) handle(r *http.Request, raw []byte, entry Request) fakekit.Answer {
	if a, done := s.faults.Answer(r.Method, entry.Path, func(status int) []byte { return ErrorBody(status, s.opts.Legacy403) }); done {
		return a
	}
	if !s.limiter.Allow() {
		if s.opts.Legacy403 {
			return fakekit.Answer{Status: 403, Body: ErrorBody(403, true)}
		}
		return fakekit.Answer{Status: 429, Body: rateLimited().body()}
	}
	if entry.Token == "" || (s.opts.Tokens != nil && !s.opts.Tokens.Check(entry.Token)) {
		return fakekit.Answer{Status: 401, Body: unauthenticated().body(), Header: map[string]string{"WWW-Authenticate": `Bearer realm="https://accounts.google.com/"`}}
	}
	if id, ok := driveRevisionsID(entry.Path); ok && r.Method == http.MethodGet {
		return s.driveRevisions(id, r.URL.Query())
	}
	if strings.HasPrefix(entry.Path, drivePrefix) {
		return s.driveDelete(r)
	}
	if entry.Path == ExportPath && r.Method == http.MethodGet {
		return s.export(r.URL.Query())
	}
	status, v, err := s.route(r, raw)
	if err != nil {
		return fakekit.Answer{Status: err.Code, Body: err.body()}
	}
	b, merr := json.MarshalIndent(v, "", "  ")
	if merr != nil {
		return fakekit.Answer{Status: 500, Body: ErrorBody(500, false)}
	}
	return fakekit.Answer{Status: status, Body: b}
}

// route dispatches /v4/spreadsheets[/{id}[/values/{range}[:verb]]|:verb].
func (s *Server) route(r *http.Request, raw []byte) (status int, v any, aerr *apiError) {
	p := r.URL.EscapedPath()
	rest, ok := strings.CutPrefix(p, "/v4/spreadsheets")
	if !ok {
		return 0, nil, errf(404, "NOT_FOUND", "Method not found.")
	}
	var body map[string]any
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		if len(bytes.TrimSpace(raw)) > 0 {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			if err := dec.Decode(&body); err != nil {
				return 0, nil, badRequest("Invalid JSON payload received. Unexpected token.")
			}
		}
		if body == nil {
			body = map[string]any{}
		}
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	if rest == "" || rest == "/" {
		if r.Method != http.MethodPost {
			return 0, nil, errf(404, "NOT_FOUND", "Method not found.")
		}
		return s.create(body)
	}
	rest = strings.TrimPrefix(rest, "/")
	id, tail, _ := strings.Cut(rest, "/")
	verb := ""
	if i := strings.Index(id, ":"); i >= 0 {
		id, verb = id[:i], id[i+1:]
	}
	sp := s.st.spreadsheet(id)
	if sp == nil {
		return 0, nil, notFound
	}
	if r.Method != http.MethodGet {
		// A write that succeeded is a new revision.
		defer func() {
			if aerr == nil {
				sp.snapshot()
			}
		}()
	}
	switch {
	case tail == "" && verb == "" && r.Method == http.MethodGet:
		return 200, filterFields(sp.resource(), q.Get("fields")), nil
	case tail == "" && verb == "batchUpdate" && r.Method == http.MethodPost:
		return s.batchUpdate(sp, body)
	case tail == "values:batchUpdate" && r.Method == http.MethodPost:
		return s.valuesBatchUpdate(sp, body)
	case strings.HasPrefix(tail, "values/"):
		enc := strings.TrimPrefix(tail, "values/")
		rverb := ""
		if i := strings.LastIndex(enc, ":"); i >= 0 && isVerb(enc[i+1:]) {
			enc, rverb = enc[:i], enc[i+1:]
		}
		a1, err := url.PathUnescape(enc)
		if err != nil {
			return 0, nil, badRequest("Unable to parse range: %s", enc)
		}
		switch {
		case rverb == "" && r.Method == http.MethodGet:
			return s.valuesGet(sp, a1, q)
		case rverb == "" && r.Method == http.MethodPut:
			return s.valuesUpdate(sp, a1, q, body)
		case rverb == "append" && r.Method == http.MethodPost:
			return s.valuesAppend(sp, a1, q, body)
		case rverb == "clear" && r.Method == http.MethodPost:
			return s.valuesClear(sp, a1)
		}
	}
	return 0, nil, errf(404, "NOT_FOUND", "Method not found.")
}

func isVerb(s string) bool { return s == "append" || s == "clear" }
