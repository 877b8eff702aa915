package apis

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestLogKeepsNewestWithTheirStatus checks the ring the log keeps once
// full: the newest Limit requests, oldest first, each with the status
// its own answer had (setStatus finds its slot after the ring wrapped).
func TestLogKeepsNewestWithTheirStatus(t *testing.T) {
	tests := []struct {
		limit, requests int
	}{
		{3, 2}, {3, 3}, {3, 4}, {3, 10}, {1, 5}, {5, 23},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.limit)+"/"+strconv.Itoa(tt.requests), func(t *testing.T) {
			l := &Log{Limit: tt.limit}
			h := l.Wrap("api", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/r"))
				w.WriteHeader(200 + n)
			}))
			for i := range tt.requests {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/r"+strconv.Itoa(i), strings.NewReader(`{"i":`+strconv.Itoa(i)+`}`)))
			}
			got := l.Entries()
			first := max(0, tt.requests-tt.limit)
			if len(got) != tt.requests-first {
				t.Fatalf("%d entries, want %d", len(got), tt.requests-first)
			}
			for k, e := range got {
				i := first + k
				body, _ := e.Body.(map[string]any)
				if e.Path != "/r"+strconv.Itoa(i) || e.Status != 200+i || body["i"] != float64(i) {
					t.Errorf("entry %d: %s %d %v; want /r%d %d", k, e.Path, e.Status, e.Body, i, 200+i)
				}
			}
		})
	}
}

// TestLogFullDoesNotMoveEntries: once full, a request takes the oldest
// one's slot, not a copy of the whole log into a new array.
func TestLogFullDoesNotMoveEntries(t *testing.T) {
	l := &Log{Limit: 50}
	for range 50 {
		l.add(Entry{})
	}
	backing := unsafe.SliceData(l.entries)
	for range 500 {
		l.setStatus(l.add(Entry{}), 200)
	}
	if unsafe.SliceData(l.entries) != backing {
		t.Fatal("a full log moved its entries to a new array")
	}
}
