package airtable

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The token itself is not kept.
type Request struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	RawQuery    string `json:"rawQuery,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	// Auth is "bearer" (a known token), "invalid" or "none".
	Auth string `json:"auth"`
	// Body is a JSON body as sent (compacted, key order kept), or the
	// fields of a urlencoded or multipart body in order, files described
	// by name, type, size and sha256.
	Body   json.RawMessage `json:"body,omitempty"`
	Status int             `json:"status"`
}

// Fault makes matching requests misbehave (see fakekit.Fault); a fault
// with a status and no Body answers with an Airtable error body.
type Fault = fakekit.Fault

// AddFault queues a fault; faults are tried in the order added.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// serveAdmin answers the control routes used by out-of-process callers:
//
//	GET  /__fake/requests  the request log      DELETE /__fake/requests  clear it
//	GET  /__fake/state     Dump()               PUT    /__fake/state     Seed(body)
//	POST /__fake/faults    AddFault(body)       DELETE /__fake/faults    ClearFaults()
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	what := strings.TrimPrefix(r.URL.Path, AdminPrefix)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	w.Header().Set("Content-Type", "application/json")
	switch what + " " + r.Method {
	case "requests GET":
		b, _ := json.MarshalIndent(s.Requests(), "", "  ")
		w.Write(b)
	case "requests DELETE":
		s.ResetLog()
		w.Write([]byte("{}"))
	case "state GET":
		w.Write(s.Dump())
	case "state PUT":
		if err := s.Seed(body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Write([]byte("{}"))
	case "faults POST":
		var f Fault
		if err := json.Unmarshal(body, &f); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.AddFault(f)
		w.Write([]byte("{}"))
	case "faults DELETE":
		s.ClearFaults()
		w.Write([]byte("{}"))
	default:
		http.Error(w, "unknown admin route", http.StatusNotFound)
	}
}
