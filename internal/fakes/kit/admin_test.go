package kit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAdminRoutes(t *testing.T) {
	var seeded string
	var faults []Fault
	cleared, reset := false, false
	a := Admin{Prefix: "/__fake/",
		Requests:    func() any { return []string{"GET /x"} },
		ResetLog:    func() { reset = true },
		Dump:        func() []byte { return []byte(`{"n":1}`) },
		Seed:        func(b []byte) error { seeded = string(b); return nil },
		AddFault:    func(f Fault) { faults = append(faults, f) },
		ClearFaults: func() { cleared = true }}
	cases := []struct{ method, path, body, want string }{
		{"GET", "/__fake/requests", "", "[\n  \"GET /x\"\n]"},
		{"DELETE", "/__fake/requests", "", "{}"},
		{"GET", "/__fake/state", "", `{"n":1}`},
		{"PUT", "/__fake/state", `{"a":2}`, "{}"},
		{"POST", "/__fake/faults", `{"status":503}`, "{}"},
		{"DELETE", "/__fake/faults", "", "{}"},
		{"GET", "/__fake/nothing", "", "unknown admin route\n"},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		a.ServeHTTP(w, httptest.NewRequest(c.method, c.path, strings.NewReader(c.body)))
		if got := w.Body.String(); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.method, c.path, got, c.want)
		}
	}
	if !reset || !cleared || seeded != `{"a":2}` || len(faults) != 1 || faults[0].Status != http.StatusServiceUnavailable {
		t.Fatalf("reset %v cleared %v seeded %q faults %+v", reset, cleared, seeded, faults)
	}
}
