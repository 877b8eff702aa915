package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// Issue 21 item 8: Retry-After: 999999 held a run for minutes. A wait
// beyond MaxRetryWait, or beyond the request's retry budget, is not
// waited for: the 429 goes back to the node at once.
func TestLongRetryAfterIsNotWaited(t *testing.T) {
	rec := &recorder{fail: 100, retryAfter: "999999"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, _ := New(Options{})
	done := make(chan *http.Response, 1)
	go func() {
		resp, err := c.For("k").Get(srv.URL)
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	select {
	case resp := <-done:
		if resp != nil {
			resp.Body.Close()
			if resp.StatusCode != 429 || len(rec.bodies) != 1 {
				t.Fatalf("status %d after %d requests, want the first 429", resp.StatusCode, len(rec.bodies))
			}
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the client waited for Retry-After: 999999")
	}
}

func TestRetryBudgetBoundsTheSumOfWaits(t *testing.T) {
	rec := &recorder{fail: 100, retryAfter: "0.04"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, _ := New(Options{MaxRetries: 50, RetryBudget: 100 * time.Millisecond})
	resp, err := c.For("k").Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// Waits of 40ms fit twice in 100ms: three requests, then the 429.
	if resp.StatusCode != 429 || len(rec.bodies) != 3 {
		t.Fatalf("status %d after %d requests", resp.StatusCode, len(rec.bodies))
	}
}

// Issue 21 item 8: a server that never answers hung the run.
func TestRequestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	c, _ := New(Options{RequestTimeout: 100 * time.Millisecond})
	_, err := c.For("k").Get(srv.URL)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if d, _ := New(Options{}); d.For("k").Timeout != DefaultRequestTimeout {
		t.Fatal("the default client has no timeout")
	}
}

// Issue 21 item 11: a 1.5 GB answer took more than 6 GB of memory.
func TestResponseBodyIsCapped(t *testing.T) {
	big := strings.Repeat("x", 3000)
	for _, chunked := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if chunked {
				w.(http.Flusher).Flush()
			}
			io.WriteString(w, big)
		}))
		c, _ := New(Options{MaxResponseBytes: 1000})
		resp, err := c.For("k").Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		var tl *ResponseTooLargeError
		if !errors.As(err, &tl) || !strings.Contains(err.Error(), "larger than 1000 bytes") {
			t.Fatalf("chunked=%v: err = %v", chunked, err)
		}
		srv.Close()
	}
	// A body of exactly the limit is read whole.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, big) }))
	defer srv.Close()
	c, _ := New(Options{MaxResponseBytes: 3000})
	resp, _ := c.For("k").Get(srv.URL)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || len(b) != 3000 {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
}

func TestReadBody(t *testing.T) {
	for _, c := range []struct {
		body   string
		length int64
	}{
		{"hello", 5},
		{"hello", -1},
		{"hello", 3},  // announced too short: all is read
		{"hello", 50}, // announced too long
		{"", 0},
		{strings.Repeat("x", 70000), 70000},
	} {
		resp := &http.Response{Body: io.NopCloser(strings.NewReader(c.body)), ContentLength: c.length}
		got, err := ReadBody(resp)
		if err != nil || string(got) != c.body {
			t.Errorf("length %d: got %d bytes, %v", c.length, len(got), err)
		}
	}
	resp := &http.Response{Body: io.NopCloser(iotest.ErrReader(errors.New("boom"))), ContentLength: 10}
	if _, err := ReadBody(resp); err == nil || err.Error() != "boom" {
		t.Errorf("error: %v", err)
	}
}
