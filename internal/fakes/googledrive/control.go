package googledrive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The token is not kept. A multipart
// body is logged as its parts (Parts), with the random boundary out of
// ContentType; other non-JSON bodies as text (RawBody) when UTF-8, else
// their size.
type Request struct {
	Method       string     `json:"method"`
	Path         string     `json:"path"`
	RawQuery     string     `json:"rawQuery,omitempty"`
	Query        url.Values `json:"query,omitempty"`
	Host         string     `json:"host,omitempty"`
	ContentType  string     `json:"contentType,omitempty"`
	ContentRange string     `json:"contentRange,omitempty"`
	Accept       string     `json:"accept,omitempty"`
	HasToken     bool       `json:"hasToken"`
	Body         any        `json:"body,omitempty"`
	Parts        []Part     `json:"parts,omitempty"`
	RawBody      string     `json:"rawBody,omitempty"`
	BodySize     int        `json:"bodySize,omitempty"`
	Status       int        `json:"status"`
}

// Part is one part of a logged multipart body.
type Part struct {
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

func newRequest(r *http.Request, raw []byte) Request {
	e := Request{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Query: r.URL.Query(),
		Host: r.Host, ContentType: r.Header.Get("Content-Type"), ContentRange: r.Header.Get("Content-Range"),
		Accept: r.Header.Get("Accept"), HasToken: strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "),
	}
	// drives.create's requestId is a random UUID: logged as <uuid>.
	if e.Query.Has("requestId") {
		e.Query.Set("requestId", "<uuid>")
		e.RawQuery = e.Query.Encode()
	}
	if mt, params, err := mime.ParseMediaType(e.ContentType); err == nil && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		e.ContentType = mt + "; boundary=<boundary>"
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				break
			}
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(p)
			h := map[string]string{}
			for k := range p.Header {
				h[k] = p.Header.Get(k)
			}
			body := buf.String()
			if !utf8.Valid(buf.Bytes()) {
				body = fmt.Sprintf("<%d bytes>", buf.Len())
			}
			e.Parts = append(e.Parts, Part{Headers: h, Body: body})
		}
		return e
	}
	if v, ok := fakekit.JSONBody(raw); ok {
		e.Body = v
		return e
	}
	if utf8.Valid(raw) {
		e.RawBody = string(raw)
	} else {
		e.BodySize = len(raw)
	}
	return e
}

// Fault makes matching requests misbehave (see fakekit.Fault).
type Fault = fakekit.Fault

// AddFault queues a fault.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// Seed replaces the whole state with a State document; files get ids,
// times and the root folder as parent when they have none.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakegoogledrive: seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.uploads = map[string]*upload{}
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

func (s *Server) normalize() {
	if s.st.Owner == "" {
		s.st.Owner = "me@example.com"
	}
	if s.st.NextID == 0 {
		s.st.NextID = 1
	}
	if s.st.Clock == 0 {
		s.st.Clock = 1767225600 // 2026-01-01T00:00:00Z
	}
	if s.file(RootID) == nil {
		t := s.now()
		root := &File{ID: RootID, Name: "My Drive", MimeType: FolderType, Parents: []string{}, CreatedTime: t, ModifiedTime: t, Version: 1}
		root.Permissions = []*Permission{{Kind: "drive#permission", ID: "owner", Type: "user", Role: "owner", EmailAddress: s.st.Owner}}
		s.st.Files = append([]*File{root}, s.st.Files...)
	}
	for _, f := range s.st.Files {
		if f.ID == "" {
			f.ID = s.newID()
		}
		if f.MimeType == "" {
			f.MimeType = "application/octet-stream"
		}
		if f.Parents == nil && f.ID != RootID {
			f.Parents = []string{RootID}
		}
		if f.CreatedTime == "" {
			f.CreatedTime = s.now()
		}
		if f.ModifiedTime == "" {
			f.ModifiedTime = f.CreatedTime
		}
		if f.Version == 0 {
			f.Version = 1
		}
		if f.Permissions == nil {
			f.Permissions = []*Permission{{Kind: "drive#permission", ID: "owner", Type: "user", Role: "owner", EmailAddress: s.st.Owner}}
		}
	}
	for _, d := range s.st.Drives {
		if d.CreatedTime == "" {
			d.CreatedTime = s.now()
		}
	}
	if s.st.Drives == nil {
		s.st.Drives = []*Drive{}
	}
}

func (s *Server) next() uint64 {
	n := s.st.NextID
	s.st.NextID++
	return n
}

// newID is a file id: 33 characters like Drive's, from the counter.
func (s *Server) newID() string { return "1FakeDriveFile" + fmt.Sprintf("%019d", s.next()) }

// serveAdmin answers the control routes used by out-of-process callers
// (fakekit.Admin).
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	fakekit.Admin{Prefix: AdminPrefix, Requests: func() any { return s.Requests() }, ResetLog: s.ResetLog,
		Dump: s.Dump, Seed: s.Seed, AddFault: s.AddFault, ClearFaults: s.ClearFaults}.ServeHTTP(w, r)
}
