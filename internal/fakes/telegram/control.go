package telegram

import (
	"encoding/json"
	"net/http"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The token is replaced by "<token>".
type Request struct {
	Method      string `json:"method"`
	APIMethod   string `json:"apiMethod,omitempty"`
	Path        string `json:"path"`
	RawQuery    string `json:"rawQuery,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	HasToken    bool   `json:"hasToken"`
	// Body is a JSON body as sent (compacted, key order kept), or the
	// fields of a urlencoded or multipart body in order, files described
	// by name, type, size and sha256.
	Body   json.RawMessage `json:"body,omitempty"`
	Status int             `json:"status"`
}

// Fault makes matching requests misbehave (see fakekit.Fault); a fault
// with a status and no Body answers with a Bot API error body.
type Fault = fakekit.Fault

// AddFault queues a fault; faults are tried in the order added.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request { return s.log.All() }

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// serveAdmin answers the control routes used by out-of-process callers
// (fakekit.Admin).
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	fakekit.Admin{Prefix: AdminPrefix, Requests: func() any { return s.Requests() }, ResetLog: s.ResetLog,
		Dump: s.Dump, Seed: s.Seed, AddFault: s.AddFault, ClearFaults: s.ClearFaults}.ServeHTTP(w, r)
}
