package kit

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// Admin answers a fake's control routes under Prefix, for callers in
// another process (the recorders):
//
//	GET  requests  the request log      DELETE requests  clear it
//	GET  state     Dump()               PUT    state     Seed(body)
//	POST faults    AddFault(body)       DELETE faults    ClearFaults()
//
// Each field is the fake's own method; Requests returns its typed log.
type Admin struct {
	Prefix      string
	Requests    func() any
	ResetLog    func()
	Dump        func() []byte
	Seed        func([]byte) error
	AddFault    func(Fault)
	ClearFaults func()
}

func (a Admin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	what := strings.TrimPrefix(r.URL.Path, a.Prefix)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	w.Header().Set("Content-Type", "application/json")
	switch what + " " + r.Method {
	case "requests GET":
		b, _ := json.MarshalIndent(a.Requests(), "", "  ")
		w.Write(b)
	case "requests DELETE":
		a.ResetLog()
		w.Write([]byte("{}"))
	case "state GET":
		w.Write(a.Dump())
	case "state PUT":
		if err := a.Seed(body); err != nil {
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
		a.AddFault(f)
		w.Write([]byte("{}"))
	case "faults DELETE":
		a.ClearFaults()
		w.Write([]byte("{}"))
	default:
		http.Error(w, "unknown admin route", http.StatusNotFound)
	}
}
