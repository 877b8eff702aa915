// Package apis puts the Notion and Clockify fakes behind one request
// log, so a run's API traffic can be compared in order across both APIs.
//
// Log.Wrap records every request a handler serves (method, path, query,
// JSON body, status) under an API name. Mux dispatches by the Host header,
// which is how real n8n reaches the fakes (both hosts resolve to one HTTPS
// listener); n8n-go reaches each wrapped handler through its own
// httptest server instead.
package apis

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Hosts of the real APIs the template calls.
const (
	NotionHost   = "api.notion.com"
	ClockifyHost = "api.clockify.me"
)

// Entry is one logged request. Secrets (headers) are not kept.
type Entry struct {
	API    string              `json:"api"`
	Method string              `json:"method"`
	Path   string              `json:"path"`
	Query  map[string][]string `json:"query,omitempty"`
	// Body is the parsed JSON body; RawBody holds a body that is not JSON.
	Body    any    `json:"body,omitempty"`
	RawBody string `json:"rawBody,omitempty"`
	Status  int    `json:"status"`
	// raw is the body as sent until the log is read: Body and RawBody are
	// filled from it then (Entries), not parsed for every request.
	raw []byte
}

// fillBody sets Body or RawBody from raw and forgets raw.
func (e *Entry) fillBody() {
	if e.raw == nil {
		return
	}
	if v, ok := fakekit.JSONBody(e.raw); ok {
		e.Body = v
	} else if len(bytes.TrimSpace(e.raw)) > 0 {
		e.RawBody = string(e.raw)
	}
	e.raw = nil
}

// Log is an ordered request log shared by several handlers.
//
// It keeps the newest Limit entries (0: fakekit.DefaultLogLimit): under
// `serve --sandbox` the fakes live as long as the server, and an
// append-only log grew with every execution. Once full it is a ring, as
// fakekit.Log is: a window slid over a slice copied the whole log into a
// new array every few hundred requests.
type Log struct {
	Limit   int
	mu      sync.Mutex
	entries []Entry
	start   int // the oldest entry's index in entries
	dropped int // entries dropped from the front; absolute index base
}

// Entries returns a copy of the log.
func (l *Log) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	all := make([]Entry, 0, len(l.entries))
	all = append(all, l.entries[l.start:]...)
	all = append(all, l.entries[:l.start]...)
	for i := range all {
		all[i].fillBody()
	}
	return all
}

// Reset empties the log.
func (l *Log) Reset() {
	l.mu.Lock()
	l.entries = nil
	l.start = 0
	l.dropped = 0
	l.mu.Unlock()
}

// add appends e, dropping the oldest entry when full, and returns e's
// absolute index for setStatus.
func (l *Log) add(e Entry) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit := l.Limit
	if limit <= 0 {
		limit = fakekit.DefaultLogLimit
	}
	if len(l.entries) >= limit {
		l.entries[l.start] = e // drops the oldest entry
		if l.start++; l.start == len(l.entries) {
			l.start = 0
		}
		l.dropped++
	} else {
		// Below the limit (a raised Limit may find a wrapped ring).
		if l.start != 0 {
			l.entries = append(l.entries[l.start:len(l.entries):len(l.entries)], l.entries[:l.start]...)
			l.start = 0
		}
		l.entries = append(l.entries, e)
	}
	return l.dropped + len(l.entries) - 1
}

func (l *Log) setStatus(abs, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := abs - l.dropped; i >= 0 && i < len(l.entries) {
		l.entries[(l.start+i)%len(l.entries)].Status = status
	}
}

// Wrap returns h with every request logged under api. Control routes of the
// fakes (paths starting with /__fake) are served but not logged.
func (l *Log) Wrap(api string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/__fake") {
			h.ServeHTTP(w, r)
			return
		}
		raw := fakekit.ReadBody(r, 64<<20)
		fakekit.SetBody(r, raw)
		e := Entry{API: api, Method: r.Method, Path: r.URL.EscapedPath(), raw: raw}
		if r.URL.RawQuery != "" {
			if q := r.URL.Query(); len(q) > 0 {
				e.Query = map[string][]string(q)
			}
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		// Logged before serving so a handler that panics (dropped
		// connection) still leaves its request in the log; the status is
		// filled in afterwards.
		idx := l.add(e)
		defer func() { l.setStatus(idx, sw.status) }()
		h.ServeHTTP(sw, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// WriteAnswer passes a whole answer on (fakekit.AnswerWriter) when the
// writer below takes it so, recording its status.
func (s *statusWriter) WriteAnswer(status int, contentType string, body []byte) bool {
	aw, ok := s.ResponseWriter.(fakekit.AnswerWriter)
	if !ok || !aw.WriteAnswer(status, contentType, body) {
		return false
	}
	if !s.wrote {
		s.status, s.wrote = status, true
	}
	return true
}

// Hijack lets a fake drop the connection (fault injection).
func (s *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	s.status = 0
	if hj, ok := s.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, http.ErrNotSupported
}

// Mux dispatches by Host (port ignored) to the handler registered for it.
type Mux map[string]http.Handler

// ServeHTTP implements http.Handler.
func (m Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if h, ok := m[strings.ToLower(host)]; ok {
		h.ServeHTTP(w, r)
		return
	}
	http.Error(w, "fakeapis: no fake for host "+url.PathEscape(host), http.StatusMisdirectedRequest)
}
