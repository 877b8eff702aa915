package gmail

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The token itself is not kept; a
// message's raw field is replaced by "<raw>" and its MIME text, normalised
// (see Normalize), is logged as MIME.
type Request struct {
	Method      string     `json:"method"`
	Path        string     `json:"path"`
	RawQuery    string     `json:"rawQuery,omitempty"`
	Query       url.Values `json:"query,omitempty"`
	Host        string     `json:"host,omitempty"`
	ContentType string     `json:"contentType,omitempty"`
	Accept      string     `json:"accept,omitempty"`
	HasToken    bool       `json:"hasToken"`
	Body        any        `json:"body,omitempty"`
	MIME        string     `json:"mime,omitempty"`
	RawBody     string     `json:"rawBody,omitempty"`
	Status      int        `json:"status"`
}

func newRequest(r *http.Request, raw []byte) Request {
	e := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Query: r.URL.Query(),
		Host: r.Host, ContentType: r.Header.Get("Content-Type"), Accept: r.Header.Get("Accept"),
		HasToken: strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "),
	}
	v, ok := fakekit.JSONBody(raw)
	if !ok {
		e.RawBody = string(raw)
		return e
	}
	if m, ok := v.(map[string]any); ok {
		holder := m
		if inner, ok := m["message"].(map[string]any); ok {
			holder = inner
		}
		if text, ok := decodeRaw(holder["raw"]); ok {
			holder["raw"] = "<raw>"
			e.MIME = Normalize(text)
		}
	}
	e.Body = v
	return e
}

// Fault makes matching requests misbehave (see fakekit.Fault); a fault
// with a status and no Body answers with Google's error body.
type Fault = fakekit.Fault

// AddFault queues a fault; faults are tried in the order added.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// Seed replaces the whole state with a State document. Missing system
// labels are added, messages without id, thread, snippet, size, history
// or date get them.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakegmail: seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.normalize()
	return nil
}

// Dump returns the whole state as a State document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}

// normalize fills defaults; s.mu is held (or the server is new).
func (s *Server) normalize() {
	if s.st.Email == "" {
		s.st.Email = "me@example.com"
	}
	if s.st.NextID == 0 {
		s.st.NextID = 1
	}
	if s.st.Clock == 0 {
		s.st.Clock = 1767225600000 // 2026-01-01T00:00:00Z
	}
	if s.st.History == 0 {
		s.st.History = 1000
	}
	sys := systemLabels()
	for i := len(sys) - 1; i >= 0; i-- {
		if s.label(sys[i].ID) == nil {
			s.st.Labels = append([]*Label{sys[i]}, s.st.Labels...)
		}
	}
	for _, l := range s.st.Labels {
		if l.ID == "" {
			l.ID = "Label_" + strconv.FormatUint(s.next(), 10)
		}
		if l.Type == "" {
			l.Type = "user"
		}
	}
	for _, m := range s.st.Messages {
		if m.ID == "" {
			m.ID = s.newID()
		}
		if m.ThreadID == "" {
			m.ThreadID = s.threadOf(parseMIME(m.MIME))
			if m.ThreadID == "" {
				m.ThreadID = m.ID
			}
		}
		s.fill(m)
	}
	for _, d := range s.st.Drafts {
		if d.ID == "" {
			d.ID = "r" + strconv.FormatUint(7000000000000000000+s.next(), 10)
		}
	}
	if s.st.Messages == nil {
		s.st.Messages = []*Message{}
	}
	if s.st.Drafts == nil {
		s.st.Drafts = []*Draft{}
	}
}

// fill derives a message's missing fields.
func (s *Server) fill(m *Message) {
	if m.LabelIDs == nil {
		m.LabelIDs = []string{}
	}
	if m.Snippet == "" {
		m.Snippet = snippet(parseMIME(m.MIME))
	}
	if m.SizeEstimate == 0 {
		m.SizeEstimate = len(m.MIME)
	}
	if m.HistoryID == "" {
		s.st.History++
		m.HistoryID = strconv.FormatUint(s.st.History, 10)
	}
	if m.InternalDate == "" {
		m.InternalDate = strconv.FormatInt(s.st.Clock, 10)
		s.st.Clock += 1000
	}
}

func (s *Server) next() uint64 {
	n := s.st.NextID
	s.st.NextID++
	return n
}

// newID is a message id: 16 hex digits from the counter.
func (s *Server) newID() string { return fmt.Sprintf("19b%013x", s.next()) }

// serveAdmin answers the control routes used by out-of-process callers
// (fakekit.Admin).
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	fakekit.Admin{Prefix: AdminPrefix, Requests: func() any { return s.Requests() }, ResetLog: s.ResetLog,
		Dump: s.Dump, Seed: s.Seed, AddFault: s.AddFault, ClearFaults: s.ClearFaults}.ServeHTTP(w, r)
}
