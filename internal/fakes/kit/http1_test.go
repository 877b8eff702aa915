package kit

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// echo answers what a fake would: the method, path, query, a header and
// the body it read, with a status taken from the path.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	switch r.URL.Path {
	case "/drop":
		Write(w, r, Answer{Drop: true}, "")
		return
	case "/nocontent":
		w.WriteHeader(http.StatusNoContent)
		return
	case "/plain":
		io.WriteString(w, "<html>hi</html>")
		return
	case "/big":
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(bytes.Repeat([]byte("x"), 3<<20))
		return
	}
	Write(w, r, Answer{Status: http.StatusCreated, Body: fmt.Appendf(nil, "%s %s %s %s %s %s", r.Method, r.URL.Path, r.URL.RawQuery, r.Host, r.Header.Get("X-Key"), body),
		Header: map[string]string{"Retry-After": "1"}}, "application/json; charset=utf-8")
}

// TestHTTP1MatchesNetHTTP sends the same requests to the small server and
// to net/http's and compares what a client sees.
func TestHTTP1MatchesNetHTTP(t *testing.T) {
	l, err := Listen(http.HandlerFunc(echo), "127.0.0.1:0", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ref := httptest.NewServer(http.HandlerFunc(echo))
	defer ref.Close()
	cases := []struct {
		method, path, body string
		chunked            bool
	}{
		{"GET", "/v1/users?a=1&b=%20x", "", false},
		{"POST", "/v1/pages", `{"a":1}`, false},
		{"PATCH", "/v1/pages/x", strings.Repeat("y", 70000), true},
		{"HEAD", "/v1/users", "", false},
		{"GET", "/nocontent", "", false},
		{"GET", "/plain", "", false},
		{"GET", "/big", "", false},
		{"DELETE", "/v1/x", "", false},
	}
	client := &http.Client{Timeout: 10 * time.Second}
	do := func(base string, method, path, body string, chunked bool) string {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
			if chunked {
				rd = io.MultiReader(rd) // unknown length: sent chunked
			}
		}
		req, err := http.NewRequest(method, base+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Key", "k")
		req.Host = "api.example.com"
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		// Content-Length is not compared: net/http chunks a long body
		// the handler gave no length for, the small server always sends it.
		return fmt.Sprintf("%d %q %q %d %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"),
			len(b), b[:min(len(b), 200)])
	}
	// Twice over, so the second round reuses kept-alive connections.
	for round := range 2 {
		for _, c := range cases {
			got := do("http://"+l.Addr(), c.method, c.path, c.body, c.chunked)
			want := do(ref.URL, c.method, c.path, c.body, c.chunked)
			if got != want {
				t.Errorf("round %d %s %s:\n got %s\nwant %s", round, c.method, c.path, got, want)
			}
		}
	}
	// A dropped connection is an error for the client, and the server
	// goes on serving others.
	if _, err := client.Get("http://" + l.Addr() + "/drop"); err == nil {
		t.Error("drop: no error")
	}
	if got := do("http://"+l.Addr(), "GET", "/v1/after", "", false); !strings.HasPrefix(got, "201 ") {
		t.Errorf("after drop: %s", got)
	}
}

// TestHTTP1CloseWaitsForIdle checks Close returns with a kept-alive
// connection open.
func TestHTTP1CloseWaitsForIdle(t *testing.T) {
	l, err := Listen(http.HandlerFunc(echo), "127.0.0.1:0", "", "")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + l.Addr() + "/x")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	done := make(chan error, 1)
	go func() { done <- l.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not return")
	}
}

// BenchmarkListenPlain is one keep-alive request and answer through a
// plain Listen (client and server CPU together).
func BenchmarkListenPlain(b *testing.B) {
	body := bytes.Repeat([]byte("z"), 2048)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		Write(w, r, Answer{Status: 200, Body: body}, "application/json")
	})
	for _, name := range []string{"http1", "net-http"} {
		b.Run(name, func(b *testing.B) {
			base := ""
			if name == "http1" {
				l, err := Listen(h, "127.0.0.1:0", "", "")
				if err != nil {
					b.Fatal(err)
				}
				defer l.Close()
				base = "http://" + l.Addr()
			} else {
				srv := httptest.NewServer(h)
				defer srv.Close()
				base = srv.URL
			}
			client := &http.Client{}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for range b.N {
				resp, err := client.Post(base+"/v1/pages", "application/json", strings.NewReader(`{"properties":{}}`))
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			// CPU of client and server together (the client's share is
			// the same for both servers): wall time hides the server's
			// cost while they take turns.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the process's user+system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// TestWriteAnswerBytes: an answer Write gives whole (WriteAnswer) reaches
// the client byte for byte as the same answer given through the header
// map, WriteHeader and Write.
func TestWriteAnswerBytes(t *testing.T) {
	answer := func(r *http.Request) (Answer, string) {
		status := http.StatusOK
		fmt.Sscan(r.URL.Query().Get("status"), &status)
		body := []byte(r.URL.Query().Get("body"))
		if r.URL.Query().Has("nil") {
			body = nil
		}
		return Answer{Status: status, Body: body}, r.URL.Query().Get("ct")
	}
	whole := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ct := answer(r)
		if r.URL.Query().Has("set") {
			w.Header().Set("X-Set", "before")
		}
		Write(w, r, a, ct)
		if r.URL.Query().Has("after") {
			w.Header().Set("X-After", "1")
		}
	})
	long := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ct := answer(r)
		if r.URL.Query().Has("set") {
			w.Header().Set("X-Set", "before")
		}
		if a.Body != nil {
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Length", fmt.Sprint(len(a.Body)))
		}
		w.WriteHeader(a.Status)
		w.Write(a.Body)
		if r.URL.Query().Has("after") {
			w.Header().Set("X-After", "1")
		}
	})
	raw := func(h http.Handler, method, target string) string {
		l, err := Listen(h, "127.0.0.1:0", "", "")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		c, err := net.Dial("tcp", l.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", method, target)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, _ := io.ReadAll(c)
		return string(b)
	}
	for _, target := range []string{
		"/?status=200&body=%7B%7D&ct=application/json",
		"/?status=201&body=&ct=application/json",
		"/?status=404&body=nope&ct=text/plain",
		"/?status=529&body=x&ct=application/json",
		"/?status=204&body=x&ct=application/json",
		"/?status=200&nil&ct=application/json",
		"/?status=200&body=x&ct=",
		"/?status=200&body=x&ct=a&set",
		"/?status=200&body=x&ct=a&after",
	} {
		for _, method := range []string{"GET", "HEAD"} {
			got, want := raw(whole, method, target), raw(long, method, target)
			if got != want || want == "" {
				t.Errorf("%s %s:\n got %q\nwant %q", method, target, got, want)
			}
		}
	}
}
