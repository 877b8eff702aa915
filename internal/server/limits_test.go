package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type countingBody struct{ left, read int }

func (c *countingBody) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), c.left)
	c.left -= n
	c.read += n
	return n, nil
}

func (c *countingBody) Close() error { return nil }

// Issue 21 item 11: webhook bodies were read before authentication (100
// concurrent 15 MB bodies with a wrong token took 1.7 GB). A refused caller's
// body is now never read.
func TestWrongAuthDoesNotReadTheBody(t *testing.T) {
	c := creds{"httpHeaderAuth": {"name": "X-Key", "value": "secret"}}
	s, _ := newTestServer(t, nil, Options{Credentials: c},
		wf("header", webhookNode(`{"path":"h","authentication":"headerAuth","httpMethod":"POST"}`)))
	for _, key := range []string{"", "wrong"} {
		body := &countingBody{left: 15 << 20}
		req := httptest.NewRequest("POST", "/webhook/h", nil)
		req.Body = body
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("X-Key", key)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden || body.read != 0 {
			t.Fatalf("key %q: %d, %d body bytes read", key, rec.Code, body.read)
		}
	}
}

// Issue 21 item 11: bodies being read at once are bounded in bytes too,
// not only one by one.
func TestConcurrentBodiesShareABudget(t *testing.T) {
	s, _ := newTestServer(t, nil, Options{MaxBodyBytes: 1 << 20, MaxBodyMemory: 2 << 20, QueueSize: 4},
		wf("open", webhookNode(`{"path":"o","httpMethod":"POST"}`)))
	type call struct {
		pw   *io.PipeWriter
		done chan int
	}
	start := func() call {
		pr, pw := io.Pipe()
		req := httptest.NewRequest("POST", "/webhook/o", nil)
		req.Body, req.ContentLength = pr, 1<<20
		req.Header.Set("Content-Type", "application/json")
		c := call{pw: pw, done: make(chan int, 1)}
		go func() {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			c.done <- rec.Code
		}()
		return c
	}
	a, b := start(), start()
	// Both hold their reservation while their bodies trickle in.
	for {
		s.bodies.mu.Lock()
		used := s.bodies.used
		s.bodies.mu.Unlock()
		if used == 2<<20 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	third := start()
	if code := <-third.done; code != http.StatusServiceUnavailable {
		t.Fatalf("third body: %d, want 503", code)
	}
	for _, c := range []call{a, b} {
		io.WriteString(c.pw, "{}")
		c.pw.Close()
		if code := <-c.done; code != 200 {
			t.Fatalf("held body: %d", code)
		}
	}
	third.pw.Close()
}
