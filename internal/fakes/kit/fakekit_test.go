package kit

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestFaultsTake(t *testing.T) {
	var q Faults
	q.Add(Fault{Method: "post", Path: "/query", Skip: 1, Times: 2, Status: 429})
	q.Add(Fault{Path: "/users", Status: 500})
	cases := []struct {
		method, path string
		want         int // status of the hit, 0: none
	}{
		{"GET", "/v1/databases/x/query", 0},  // method differs
		{"POST", "/v1/databases/x/query", 0}, // skipped
		{"POST", "/v1/databases/x/query", 429},
		{"GET", "/v1/users", 500},
		{"GET", "/v1/users", 0}, // Times 0 means once
		{"POST", "/v1/databases/x/query", 429},
		{"POST", "/v1/databases/x/query", 0}, // used up
	}
	for i, c := range cases {
		got := 0
		if f := q.Take(c.method, c.path); f != nil {
			got = f.Status
		}
		if got != c.want {
			t.Errorf("request %d %s %s: status %d, want %d", i, c.method, c.path, got, c.want)
		}
	}
}

func TestFaultsAnswer(t *testing.T) {
	def := func(status int) []byte { return []byte(`{"default":true}`) }
	cases := []struct {
		name       string
		fault      *Fault
		done       bool
		wantBody   string
		wantHeader string
	}{
		{"none", nil, false, "", ""},
		{"delay only", &Fault{Delay: 1}, false, "", ""},
		{"status default body", &Fault{Status: 503, RetryAfter: "2"}, true, `{"default":true}`, "2"},
		{"status own body", &Fault{Status: 400, Body: `x`}, true, "x", ""},
		{"drop", &Fault{Drop: true}, true, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var q Faults
			if c.fault != nil {
				q.Add(*c.fault)
			}
			a, done := q.Answer("GET", "/p", def)
			if done != c.done || string(a.Body) != c.wantBody || a.Header["Retry-After"] != c.wantHeader {
				t.Errorf("got done=%v body=%q header=%v", done, a.Body, a.Header)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	cases := []struct {
		name   string
		a      Answer
		status int
		ctype  string
		body   string
	}{
		{"json", Answer{Status: 201, Body: []byte(`{}`), Header: map[string]string{"Retry-After": "1"}}, 201, "application/json", "{}"},
		{"no body", Answer{Status: 204}, 204, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			Write(w, httptest.NewRequest(http.MethodGet, "/", nil), c.a, "application/json")
			if w.Code != c.status || w.Header().Get("Content-Type") != c.ctype || w.Body.String() != c.body {
				t.Errorf("got %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
			}
		})
	}
}

func TestLogAllNilWhenEmpty(t *testing.T) {
	var l Log[int]
	if l.All() != nil {
		t.Fatal("empty log must be nil (serialised as null)")
	}
	l.Add(1)
	l.Add(2)
	if got := l.All(); len(got) != 2 || got[1] != 2 {
		t.Fatalf("All = %v", got)
	}
	l.Reset()
	if l.All() != nil {
		t.Fatal("Reset left entries")
	}
}

func TestLimiterZeroNeverLimits(t *testing.T) {
	var l Limiter
	for range 100 {
		if !l.Allow() {
			t.Fatal("zero Limiter limited")
		}
	}
	l = NewLimiter(1, 1)
	if !l.Allow() || l.Allow() {
		t.Fatal("burst 1 should allow exactly one request at once")
	}
}
