package googlesheets

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// serveAdmin answers the control routes:
//
//	GET  /__fake/requests  the request log      DELETE /__fake/requests  clear it
//	GET  /__fake/state     Dump()               PUT    /__fake/state     Seed(body)
//	POST /__fake/faults    AddFault(body)       DELETE /__fake/faults    clear faults
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	w.Header().Set("Content-Type", "application/json")
	switch strings.TrimPrefix(r.URL.Path, AdminPrefix) + " " + r.Method {
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
		var f fakekit.Fault
		if err := json.Unmarshal(body, &f); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.AddFault(f)
		w.Write([]byte("{}"))
	case "faults DELETE":
		s.faults.Clear()
		w.Write([]byte("{}"))
	default:
		http.Error(w, "unknown admin route", http.StatusNotFound)
	}
}
