// Package googledrive is a stateful fake of the Google Drive v3 REST API
// (https://www.googleapis.com/drive/v3 and /upload/drive/v3) for tests
// and for recording real n8n against known data. It is an http.Handler:
// serve it with httptest, or over HTTPS (cmd/fakegoogledrive).
//
// It keeps files and folders (with their bytes), permissions and shared
// drives; checks the Bearer token; answers files list (q subset, orderBy,
// pageSize/pageToken, fields selection), get (fields, alt=media), create
// (metadata, multipart, media and resumable uploads), update (metadata,
// addParents/removeParents, media), copy, delete, export and
// permissions.create, and drives create/get/list/update/delete; answers
// errors with Google's bodies (404 notFound, 400 invalid, 403
// fileNotExportable, 429 and 403 rateLimitExceeded); logs every request
// with multipart bodies decoded and their random boundary normalised.
// Served under docs.googleapis.com too, it answers the Docs API's
// documents.batchUpdate (insertText) on stored Google Documents (docs.go).
package googledrive

import (
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

// RootID is the id of My Drive's root folder ("root" names it too).
const RootID = "0AFakeRootFolderUk9PVA"

// Options configure a Server.
type Options struct {
	// Tokens are the accepted Bearer tokens; empty accepts any.
	Tokens []string
	// Checker, when set, decides instead of Tokens whether a bearer
	// token is valid (the token endpoint fake, which counts uses).
	Checker interface{ Check(token string) bool }
	// RateLimit is requests per second before rate-limit answers (0: none).
	RateLimit       float64
	RateBurst       int
	RateLimitStatus int // 429 (default) or 403
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	limiter fakekit.Limiter
	log     fakekit.Log[Request]
	faults  fakekit.Faults

	mu      sync.Mutex
	st      State
	uploads map[string]*upload
}

// upload is a resumable upload session.
type upload struct {
	meta   map[string]any
	fileID string // set for an update of an existing file
	data   []byte
}

// New returns an empty Drive (a root folder only).
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst), uploads: map[string]*upload{}}
	s.normalize()
	return s
}

// apiError is Google's error body.
type apiError struct {
	status                  int
	message, reason, domain string
	location                string
}

func (e *apiError) MarshalJSON() ([]byte, error) {
	item := ordered{{"message", e.message}, {"domain", e.domain}, {"reason", e.reason}}
	if e.location != "" {
		item = append(item, field{"location", e.location}, field{"locationType", "parameter"})
	}
	return json.Marshal(ordered{{"error", ordered{{"code", e.status}, {"message", e.message}, {"errors", []any{item}}}}})
}

func fileNotFound(id string) *apiError {
	return &apiError{404, "File not found: " + id + ".", "notFound", "global", "fileId"}
}

func invalid(msg, location string) *apiError {
	return &apiError{400, msg, "invalid", "global", location}
}

// ErrorBody is Google's error body for a fault status.
func ErrorBody(status int) []byte {
	var e *apiError
	switch status {
	case 429:
		e = &apiError{429, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits", ""}
	case 403:
		e = &apiError{403, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits", ""}
	case 401:
		e = &apiError{401, "Invalid Credentials", "authError", "global", "Authorization"}
	default:
		e = &apiError{status, http.StatusText(status), "backendError", "global", ""}
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
	raw := fakekit.ReadBody(r, 100<<20)
	entry := newRequest(r, raw)
	a := s.handle(r, raw)
	entry.Status = a.Status
	s.log.Add(entry)
	ct := "application/json; charset=UTF-8"
	if a.Header["Content-Type"] != "" {
		ct = a.Header["Content-Type"]
		delete(a.Header, "Content-Type")
	}
	fakekit.Write(w, r, a, ct)
}

// reply is a route's answer: JSON value, raw bytes or nothing.
type reply struct {
	status int
	value  any
	bytes  []byte
	ctype  string
	header map[string]string
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
	if err := s.checkToken(r); err != nil {
		a.Status = err.status
		a.Body, _ = json.Marshal(err)
		return a
	}
	s.mu.Lock()
	rep, err := s.route(r, raw)
	s.mu.Unlock()
	if err != nil {
		a.Status = err.status
		a.Body, _ = json.Marshal(err)
		return a
	}
	a.Status = rep.status
	a.Header = rep.header
	switch {
	case rep.bytes != nil:
		a.Body = rep.bytes
		if a.Header == nil {
			a.Header = map[string]string{}
		}
		a.Header["Content-Type"] = rep.ctype
	case rep.value != nil:
		b, merr := json.MarshalIndent(rep.value, "", " ")
		if merr != nil {
			a.Status, a.Body = 500, ErrorBody(500)
		} else {
			a.Body = b
		}
	}
	return a
}

func (s *Server) checkToken(r *http.Request) *apiError {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return &apiError{401, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "required", "global", "Authorization"}
	}
	if s.opts.Checker != nil {
		if s.opts.Checker.Check(tok) {
			return nil
		}
		return &apiError{401, "Invalid Credentials", "authError", "global", "Authorization"}
	}
	if len(s.opts.Tokens) == 0 {
		return nil
	}
	for _, t := range s.opts.Tokens {
		if t == tok {
			return nil
		}
	}
	return &apiError{401, "Invalid Credentials", "authError", "global", "Authorization"}
}

func (s *Server) route(r *http.Request, raw []byte) (reply, *apiError) {
	p := r.URL.Path
	q := r.URL.Query()
	if id, ok := strings.CutPrefix(p, docsPrefix); ok && r.Method == http.MethodPost {
		if id, ok = strings.CutSuffix(id, ":batchUpdate"); ok && id != "" && !strings.Contains(id, "/") {
			return s.docsBatchUpdate(id, raw), nil
		}
	}
	upload := strings.HasPrefix(p, "/upload/drive/v3/")
	p = strings.TrimPrefix(p, "/upload")
	rest, ok := strings.CutPrefix(p, "/drive/v3/")
	if !ok {
		return reply{}, &apiError{404, "Not Found", "notFound", "global", ""}
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	for i, x := range segs {
		if u, err := url.PathUnescape(x); err == nil {
			segs[i] = u
		}
	}
	m := r.Method
	switch segs[0] {
	case "files":
		switch {
		case len(segs) == 1 && m == http.MethodGet:
			return s.list(q)
		case len(segs) == 1 && m == http.MethodPost:
			return s.create(r, q, raw, upload)
		case len(segs) == 1 && m == http.MethodPut && q.Get("upload_id") != "":
			return s.resume(r, q, raw)
		case len(segs) == 2 && m == http.MethodGet:
			return s.get(segs[1], q)
		case len(segs) == 2 && m == http.MethodPatch:
			return s.update(r, segs[1], q, raw, upload)
		case len(segs) == 2 && m == http.MethodDelete:
			return s.delete(segs[1])
		case len(segs) == 3 && segs[2] == "copy" && m == http.MethodPost:
			return s.copy(segs[1], q, raw)
		case len(segs) == 3 && segs[2] == "export" && m == http.MethodGet:
			return s.export(segs[1], q)
		case len(segs) == 3 && segs[2] == "permissions" && m == http.MethodPost:
			return s.share(segs[1], raw)
		}
	case "drives":
		return s.drives(m, segs[1:], q, raw)
	}
	return reply{}, &apiError{404, "Not Found", "notFound", "global", ""}
}

func jsonBody(raw []byte) (map[string]any, *apiError) {
	body := map[string]any{}
	if len(strings.TrimSpace(string(raw))) == 0 {
		return body, nil
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, invalid(fmt.Sprintf("Invalid JSON payload received. %v", err), "")
	}
	return body, nil
}
