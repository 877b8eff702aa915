// Package notion is a stateful fake of the Notion REST API
// (https://api.notion.com/v1) for tests and for recording real n8n against
// known data. It is an http.Handler: serve it with httptest (Start), or
// over HTTPS on an address (ListenTLS, cmd/fakenotion) for real n8n.
//
// It keeps databases (schemas with select/status options, relations,
// rollups and simple formulas), pages, users and blocks; checks the bearer
// token and the Notion-Version header; evaluates database query filters
// (compound and/or, every property type, the legacy `text` and `phone`
// keys of API version 2021-08-16, rollup any/every/none, timestamps),
// sorts and start_cursor paging; answers with Notion's error bodies; logs
// every request; and lets tests inject faults and a rate limit.
//
// State is plain Notion API JSON: Seed takes {"databases":[…],"pages":[…],
// "users":[…],"blocks":[…]} (short forms such as {"rich_text":[{"text":
// {"content":"x"}}]} are accepted and normalised), and Dump returns the
// same document with every computed value (rollups, formulas, urls)
// filled in. New ids come from a counter and timestamps from an
// injectable clock, so two runs against the same seed compare equal.
package notion

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

// AdminPrefix is where the fake's control routes live (no token needed).
const AdminPrefix = "/__fake/"

// DefaultNow is the fake's clock reading when Options.Now is nil: a fixed
// instant, so runs compare byte for byte.
var DefaultNow = time.Date(2025, 3, 2, 10, 0, 0, 0, time.UTC)

// Options configure a Server. The zero value accepts any non-empty token.
type Options struct {
	// Tokens are the accepted bearer tokens; empty accepts any non-empty one.
	Tokens []string
	// AllowMissingVersion serves requests without a Notion-Version header
	// (the real API answers 400 missing_version).
	AllowMissingVersion bool
	// RateLimit is the number of requests per second served; beyond it the
	// fake answers 429 rate_limited. 0 means no limit.
	RateLimit float64
	// RateBurst is the limiter's burst (default 1).
	RateBurst int
	// RetryAfter is the Retry-After header of rate-limit answers
	// (default "1"; Notion sends whole seconds).
	RetryAfter string
	// Now is the clock for created_time/last_edited_time (default: the
	// fixed DefaultNow). Times are truncated to the minute, as Notion does.
	Now func() time.Time
	// IDPrefix is the first 8 hex digits of ids the fake creates (default
	// "5eed0000"); the rest is a counter.
	IDPrefix string
	// BotID is the user id written to created_by/last_edited_by of objects
	// the fake creates (default: the first seeded bot, else a fixed id).
	BotID string
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	limiter fakekit.Limiter
	log     fakekit.Log[Request]
	faults  fakekit.Faults

	mu sync.Mutex
	st store
	// renders caches rendered pages (rollups and formulas computed) between
	// writes: a paged query renders every page of the database once per
	// page of results otherwise. Any write or control call clears it.
	renders map[renderKey]map[string]any
	// queries caches a database query's matching, sorted pages between
	// writes, by database, filter and sorts: the pages of one paged query
	// then cost their own size, not a pass over the whole database each.
	queries map[string]*queryResult
	// valueJSON keeps stored property values' JSON by page id
	// (appendStored) until the value is replaced.
	valueJSON map[string]*storedJSON
	// plans are the databases' page plans by id (Seed drops them).
	plans map[string]*pagePlan
	// nowAt and nowText are the minute now last read and its text.
	nowAt   time.Time
	nowText string
	// cacheOK is set while a read-only request runs: only then may
	// renderPageDepth use the cache (a write request renders pages before
	// and after changing them).
	cacheOK bool
	// scratch is the buffer encode writes in (s.mu held).
	scratch []byte
	// answerBufs are the buffers answers are encoded in, reused once
	// written: a query answer of 100 pages is ~300 KB, and answers copied
	// out of one shared buffer were a fifth of what the fake allocated in
	// the template benchmark.
	answerBufs sync.Pool
}

type renderKey struct {
	id    string
	depth int
}

// New returns an empty fake.
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
	s.answerBufs.New = func() any { return new([]byte) }
	if s.opts.RetryAfter == "" {
		s.opts.RetryAfter = "1"
	}
	if s.opts.IDPrefix == "" {
		s.opts.IDPrefix = "5eed0000"
	}
	s.st = newStore()
	return s
}

// apiError is Notion's error object.
type apiError struct {
	Object  string `json:"object"`
	Status  int    `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{Object: "error", Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func validation(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, "validation_error", format, args...)
}

func notFound(kind, id string) *apiError {
	return errf(http.StatusNotFound, "object_not_found",
		"Could not find %s with ID: %s. Make sure the relevant pages and databases are shared with your integration.", kind, id)
}

// defaultErrorBody is the body of a fault or limit answer with a status.
func defaultErrorBody(status int) []byte {
	var e *apiError
	switch status {
	case 400:
		e = validation("body failed validation.")
	case 401:
		e = errf(status, "unauthorized", "API token is invalid.")
	case 403:
		e = errf(status, "restricted_resource", "Insufficient permissions for this endpoint.")
	case 404:
		e = errf(status, "object_not_found", "Could not find object.")
	case 409:
		e = errf(status, "conflict_error", "Conflict occurred while saving. Please try again.")
	case 429:
		e = errf(status, "rate_limited", "You have been rate limited. Please try again in a few minutes.")
	case 502:
		e = errf(status, "bad_gateway", "Bad gateway.")
	case 503:
		e = errf(status, "service_unavailable", "Notion is unavailable, please try again later.")
	case 504:
		e = errf(status, "gateway_timeout", "Notion timed out while processing the request.")
	case 529:
		e = errf(status, "service_overload", "Notion is overloaded, please try again later.")
	default:
		e = errf(status, "internal_server_error", "Unexpected error occurred.")
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
	raw := fakekit.ReadBody(r, 16<<20)
	entry := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		NotionVersion: fakekit.HeaderValue(r.Header, "Notion-Version"), ContentType: fakekit.HeaderValue(r.Header, "Content-Type"),
		HasAuth: fakekit.HeaderValue(r.Header, "Authorization") != "", At: time.Now(), Raw: raw,
	}
	if r.URL.RawQuery != "" {
		entry.Query = r.URL.Query()
	}
	// Body and RawBody are filled from Raw when the log is read
	// (Requests): parsing every body for a log that keeps the newest
	// thousand was a third of the fake's JSON decoding.
	a, buf := s.handle(r, raw)
	entry.Status = a.Status
	if a.Drop {
		entry.Status = 0
	}
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=utf-8")
	if buf != nil && cap(a.Body) <= maxScratch {
		// Written: the ResponseWriter keeps none of it (io.Writer).
		*buf = a.Body[:0]
		s.answerBufs.Put(buf)
	}
}

// errorAnswer answers e after delay (a fault's that let the request on).
func errorAnswer(e *apiError, delay time.Duration) fakekit.Answer {
	b, _ := json.Marshal(e)
	return fakekit.Answer{Status: e.Status, Body: b, Delay: delay}
}

// handle decides the answer: faults, rate limit, auth, version, then the
// route. buf, when not nil, holds the answer's body: it is from
// s.answerBufs, for ServeHTTP to return once the body is written.
func (s *Server) handle(r *http.Request, raw []byte) (a fakekit.Answer, buf *[]byte) {
	a, done := s.faults.Answer(r.Method, r.URL.Path, defaultErrorBody)
	if done {
		return a, nil
	}
	if !s.limiter.Allow() {
		a.Status, a.Body = http.StatusTooManyRequests, defaultErrorBody(http.StatusTooManyRequests)
		a.Header = map[string]string{"Retry-After": s.opts.RetryAfter}
		return a, nil
	}
	if e := s.checkAuth(r); e != nil {
		return errorAnswer(e, a.Delay), nil
	}
	version := fakekit.HeaderValue(r.Header, "Notion-Version")
	if version == "" && !s.opts.AllowMissingVersion {
		return errorAnswer(errf(400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`."), a.Delay), nil
	}
	if version == "" {
		version = "2022-06-28"
	}
	req := &apiRequest{method: r.Method, version: version}
	if r.URL.RawQuery != "" {
		// Most calls have no query: parsing an empty one still makes a map.
		req.query = r.URL.Query()
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		body, err := fakekit.UnmarshalAny(raw)
		if err != nil {
			return errorAnswer(errf(400, "invalid_json", "Error parsing JSON body."), a.Delay), nil
		}
		m, ok := body.(map[string]any)
		if !ok {
			return errorAnswer(validation("body failed validation: body should be an object, instead was `%s`.", compact(body)), a.Delay), nil
		}
		req.body = m
	}
	if req.body == nil {
		req.body = map[string]any{}
	}
	segs := splitPath(r.URL.Path)
	s.mu.Lock()
	s.cacheOK = readOnly(r.Method, segs)
	if !s.cacheOK {
		s.renders, s.queries = nil, nil
	}
	v, e := s.route(req, segs)
	s.cacheOK = false
	var b []byte
	if e == nil {
		// Encoded under the lock: v may write pages from the store
		// (pageAnswer, query results).
		buf = s.answerBufs.Get().(*[]byte)
		var err error
		b, err = s.encodeTo((*buf)[:0], v)
		if err != nil {
			e = errf(500, "internal_server_error", "Unexpected error occurred.")
		}
	}
	s.mu.Unlock()
	if e != nil {
		return errorAnswer(e, a.Delay), nil
	}
	a.Status, a.Body = http.StatusOK, b
	return a, buf
}

func (s *Server) checkAuth(r *http.Request) *apiError {
	h := strings.TrimSpace(fakekit.HeaderValue(r.Header, "Authorization"))
	tok, ok := strings.CutPrefix(h, "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		return errf(401, "unauthorized", "API token is invalid.")
	}
	if len(s.opts.Tokens) == 0 {
		return nil
	}
	for _, t := range s.opts.Tokens {
		if t == tok {
			return nil
		}
	}
	return errf(401, "unauthorized", "API token is invalid.")
}

// apiRequest is a parsed API call.
type apiRequest struct {
	method  string
	query   url.Values
	body    map[string]any
	version string
}

// legacyText reports whether block text lives under "text" (API versions
// before 2022-02-22) rather than "rich_text".
func (r *apiRequest) legacyText() bool { return r.version < "2022-02-22" }

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	parts := strings.Split(p, "/")
	if !strings.Contains(p, "%") {
		// Nothing to unescape: PathUnescape would return each segment
		// as it is, after a pass over its bytes.
		return parts
	}
	for i, x := range parts {
		if u, err := url.PathUnescape(x); err == nil {
			parts[i] = u
		}
	}
	return parts
}

func invalidURL() *apiError {
	return errf(400, "invalid_request_url", "Invalid request URL.")
}

func badMethod(m string) *apiError {
	return errf(405, "invalid_request", "Method %s is not supported for this endpoint.", m)
}

// route serves one API call; s.mu is held.
func (s *Server) route(r *apiRequest, segs []string) (any, *apiError) {
	if len(segs) < 2 || segs[0] != "v1" {
		return nil, invalidURL()
	}
	rest := segs[1:]
	switch rest[0] {
	case "databases":
		switch {
		case len(rest) == 2 && r.method == http.MethodGet:
			return s.getDatabase(rest[1])
		case len(rest) == 3 && rest[2] == "query" && r.method == http.MethodPost:
			return s.queryDatabase(rest[1], r)
		case len(rest) == 2 || (len(rest) == 3 && rest[2] == "query"):
			return nil, badMethod(r.method)
		}
	case "pages":
		switch {
		case len(rest) == 1 && r.method == http.MethodPost:
			return s.createPage(r)
		case len(rest) == 2 && r.method == http.MethodGet:
			return s.getPage(rest[1])
		case len(rest) == 2 && r.method == http.MethodPatch:
			return s.updatePage(rest[1], r)
		case len(rest) <= 2:
			return nil, badMethod(r.method)
		}
	case "search":
		if len(rest) == 1 {
			if r.method != http.MethodPost {
				return nil, badMethod(r.method)
			}
			return s.search(r)
		}
	case "users":
		switch {
		case len(rest) == 1 && r.method == http.MethodGet:
			return s.listUsers(r)
		case len(rest) == 2 && rest[1] == "me" && r.method == http.MethodGet:
			return s.me()
		case len(rest) == 2 && r.method == http.MethodGet:
			return s.getUser(rest[1])
		case len(rest) <= 2:
			return nil, badMethod(r.method)
		}
	case "blocks":
		switch {
		case len(rest) == 2 && r.method == http.MethodGet:
			return s.getBlock(rest[1], r)
		case len(rest) == 3 && rest[2] == "children" && r.method == http.MethodGet:
			return s.blockChildren(rest[1], r)
		case len(rest) == 3 && rest[2] == "children" && r.method == http.MethodPatch:
			return s.appendChildren(rest[1], r)
		case len(rest) <= 3:
			return nil, badMethod(r.method)
		}
	}
	return nil, invalidURL()
}

func compact(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// readOnly reports whether a request cannot change state: GETs, database
// queries and search.
func readOnly(method string, segs []string) bool {
	if method == http.MethodGet {
		return true
	}
	n := len(segs)
	return method == http.MethodPost && ((n == 4 && segs[1] == "databases" && segs[3] == "query") || (n == 2 && segs[1] == "search"))
}
