package notion

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The token itself is not kept.
type Request struct {
	Method        string     `json:"method"`
	Path          string     `json:"path"`
	RawQuery      string     `json:"rawQuery,omitempty"`
	Query         url.Values `json:"query,omitempty"`
	NotionVersion string     `json:"notionVersion,omitempty"`
	ContentType   string     `json:"contentType,omitempty"`
	HasAuth       bool       `json:"hasAuth"`
	// Body is the parsed JSON body (nil when empty); RawBody keeps a body
	// that is not JSON.
	Body    any    `json:"body,omitempty"`
	RawBody string `json:"rawBody,omitempty"`
	// Status is the answer's status (0: the connection was dropped).
	Status int `json:"status"`
	// At is when the request arrived and Raw the body as sent (neither is
	// serialised: runs must compare, and Body holds the content).
	At  time.Time `json:"-"`
	Raw []byte    `json:"-"`
}

// Fault makes matching requests misbehave (see fakekit.Fault); a fault
// with a status and no Body answers with Notion's error object for the
// status, e.g. rate_limited for 429.
type Fault = fakekit.Fault

// AddFault queues a fault; faults are tried in the order added.
func (s *Server) AddFault(f Fault) {
	s.faults.Add(f)
}

// FailNext makes the next k requests matching method and path (substring)
// answer status, with Notion's error body and Retry-After retryAfter.
func (s *Server) FailNext(k int, method, path string, status int, retryAfter string) {
	if k <= 0 {
		return
	}
	s.AddFault(Fault{Method: method, Path: path, Times: k, Status: status, RetryAfter: retryAfter})
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.faults.Clear()
}

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	all := s.log.All()
	for i := range all {
		all[i].fillBody()
	}
	return all
}

// fillBody sets Body (a JSON body) or RawBody (any other) from Raw.
func (e *Request) fillBody() {
	if v, ok := fakekit.JSONBody(e.Raw); ok {
		e.Body, e.RawBody = v, ""
		return
	}
	e.Body, e.RawBody = nil, string(e.Raw)
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.log.Reset()
}

// serveAdmin serves the control routes:
//
//	GET  /__fake/state     the state (Dump)
//	POST /__fake/seed      replace the state (Seed)
//	GET  /__fake/requests  the request log
//	POST /__fake/reset-log empty the log
//	POST /__fake/faults    queue a Fault (JSON)
//	DELETE /__fake/faults  clear faults
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	write := func(status int, v any) {
		w.WriteHeader(status)
		b, _ := json.Marshal(v)
		w.Write(b)
	}
	route := strings.TrimPrefix(r.URL.Path, AdminPrefix)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	switch {
	case route == "state" && r.Method == http.MethodGet:
		w.Write(s.Dump())
	case route == "seed" && r.Method == http.MethodPost:
		if err := s.Seed(body); err != nil {
			write(400, map[string]string{"error": err.Error()})
			return
		}
		write(200, map[string]bool{"ok": true})
	case route == "requests" && r.Method == http.MethodGet:
		write(200, s.Requests())
	case route == "reset-log" && r.Method == http.MethodPost:
		s.ResetLog()
		write(200, map[string]bool{"ok": true})
	case route == "faults" && r.Method == http.MethodPost:
		var f Fault
		if err := json.Unmarshal(body, &f); err != nil {
			write(400, map[string]string{"error": err.Error()})
			return
		}
		s.AddFault(f)
		write(200, map[string]bool{"ok": true})
	case route == "faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		write(200, map[string]bool{"ok": true})
	default:
		write(404, map[string]string{"error": "unknown control route " + route})
	}
}
