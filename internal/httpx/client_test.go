package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		in, host, base string
		ok             bool
	}{
		{"api.notion.com=http://127.0.0.1:8080", "api.notion.com", "http://127.0.0.1:8080", true},
		{" API.Clockify.me = https://x.test/base ", "api.clockify.me", "https://x.test/base", true},
		{"api.notion.com", "", "", false},
		{"=http://x", "", "", false},
		{"h=ftp://x", "", "", false},
		{"h=http://", "", "", false},
	}
	for _, c := range cases {
		host, base, err := ParseEndpoint(c.in)
		if (err == nil) != c.ok || host != c.host || base != c.base {
			t.Errorf("ParseEndpoint(%q) = %q, %q, %v", c.in, host, base, err)
		}
	}
}

func TestMapURL(t *testing.T) {
	c, err := New(Options{Endpoints: map[string]string{"API.notion.com": "http://127.0.0.1:9/prefix/"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"https://api.notion.com/v1/pages/x?a=1": "http://127.0.0.1:9/prefix/v1/pages/x?a=1",
		"https://api.clockify.me/api/v1":        "https://api.clockify.me/api/v1",
		"https://api.notion.com:443/v1/a%2Fb":   "http://127.0.0.1:9/prefix/v1/a%2Fb",
	}
	for in, want := range cases {
		u, _ := url.Parse(in)
		if got := c.MapURL(u).String(); got != want {
			t.Errorf("MapURL(%s) = %s, want %s", in, got, want)
		}
	}
	if _, err := New(Options{Endpoints: map[string]string{"h": "::bad"}}); err == nil {
		t.Error("bad endpoint accepted")
	}
}

// recorder is a server that answers 429 to the first fail requests.
type recorder struct {
	mu         sync.Mutex
	fail       int
	retryAfter string
	bodies     []string
	hosts      []string
	times      []time.Time
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, string(b))
	r.hosts = append(r.hosts, req.Host)
	r.times = append(r.times, time.Now())
	fail := r.fail > 0
	if fail {
		r.fail--
	}
	r.mu.Unlock()
	if fail {
		if r.retryAfter != "" {
			w.Header().Set("Retry-After", r.retryAfter)
		}
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"code":"rate_limited"}`)
		return
	}
	io.WriteString(w, `{"ok":true}`)
}

func TestRetries429WithBody(t *testing.T) {
	for _, withGetBody := range []bool{true, false} {
		rec := &recorder{fail: 2, retryAfter: "0"}
		srv := httptest.NewServer(rec)
		defer srv.Close()
		c, err := New(Options{Endpoints: map[string]string{"api.notion.com": srv.URL}})
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = strings.NewReader(`{"filter":{}}`)
		if !withGetBody {
			body = io.MultiReader(body) // hides the type: no GetBody
		}
		req, _ := http.NewRequest("POST", "https://api.notion.com/v1/databases/x/query", body)
		resp, err := c.For("notionApi").Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(got) != `{"ok":true}` {
			t.Errorf("answer %d %s", resp.StatusCode, got)
		}
		if len(rec.bodies) != 3 {
			t.Fatalf("%d requests, want 3", len(rec.bodies))
		}
		for i, b := range rec.bodies {
			if b != `{"filter":{}}` || rec.hosts[i] != "api.notion.com" {
				t.Errorf("GetBody=%v attempt %d: body %q host %q", withGetBody, i, b, rec.hosts[i])
			}
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	rec := &recorder{fail: 100, retryAfter: "0"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, _ := New(Options{MaxRetries: 2})
	resp, err := c.For("k").Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || len(rec.bodies) != 3 {
		t.Errorf("status %d after %d requests", resp.StatusCode, len(rec.bodies))
	}
}

func TestRetryWaitIsCancelable(t *testing.T) {
	rec := &recorder{fail: 1, retryAfter: "3600"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, _ := New(Options{MaxRetryWait: time.Hour, RetryBudget: 2 * time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	done := make(chan error, 1)
	go func() {
		_, err := c.For("k").Do(req)
		done <- err
	}()
	for {
		rec.mu.Lock()
		n := len(rec.bodies)
		rec.mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestRetryAfter(t *testing.T) {
	if d := retryAfter("2", 0); d != 2*time.Second {
		t.Errorf("seconds: %v", d)
	}
	if d := retryAfter("0.5", 0); d != 500*time.Millisecond {
		t.Errorf("fraction: %v", d)
	}
	if d := retryAfter(time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0); d != 0 {
		t.Errorf("past date: %v", d)
	}
	if d := retryAfter(time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 0); d < 59*time.Minute {
		t.Errorf("future date: %v", d)
	}
	if d := retryAfter("", 2); d != 2*time.Second {
		t.Errorf("backoff: %v", d)
	}
}

// TestPauseIsShared checks that after a 429 the other requests under the
// same key wait for the Retry-After too, while other keys do not.
func TestPauseIsShared(t *testing.T) {
	rec := &recorder{fail: 1, retryAfter: "0.3"}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	c, _ := New(Options{})
	resp, err := c.For("a").Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c.pause("a") > 0 {
		t.Errorf("pause still active after the retried request")
	}
	c.pauseFor("a", time.Hour)
	if c.pause("a") < 59*time.Minute || c.pause("b") > 0 {
		t.Errorf("pause a %v b %v", c.pause("a"), c.pause("b"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if _, err := c.For("a").Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("paused key served: %v", err)
	}
	if resp, err := c.For("b").Get(srv.URL); err != nil {
		t.Errorf("other key: %v", err)
	} else {
		resp.Body.Close()
	}
}

func TestLimiterPerKey(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	defer srv.Close()
	c, _ := New(Options{Limits: map[string]float64{"slow": 0.001}, Burst: 1})
	if c.limiter("slow") == nil || c.limiter("fast") != nil {
		t.Fatal("limiters not per key")
	}
	resp, err := c.For("slow").Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// The bucket is empty now: a second request would wait ~1000 s.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if _, err := c.For("slow").Do(req); err == nil {
		t.Error("limited request was not held back")
	}
	for range 5 {
		resp, err := c.For("fast").Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if n.Load() != 6 {
		t.Errorf("%d requests served, want 6", n.Load())
	}
}

func BenchmarkRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, _ := New(Options{Endpoints: map[string]string{"api.notion.com": srv.URL}})
	cl := c.For("notionApi")
	b.ResetTimer()
	for range b.N {
		req, _ := http.NewRequest("POST", "https://api.notion.com/v1/x", strings.NewReader(`{"a":1}`))
		resp, err := cl.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// TestBurstPerKey: a key's bucket holds its own burst, so a small run under
// a slow average rate is not paced at all; past the burst it waits.
func TestBurstPerKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, _ := New(Options{Limits: map[string]float64{"api": 0.001, "other": 0.001}, Bursts: map[string]int{"api": 12}, Burst: 2})
	if b := c.limiter("api").Burst(); b != 12 {
		t.Errorf("api burst %d, want 12", b)
	}
	if b := c.limiter("other").Burst(); b != 2 {
		t.Errorf("other burst %d, want the default 2", b)
	}
	for i := range 12 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		resp, err := c.For("api").Do(req)
		cancel()
		if err != nil {
			t.Fatalf("request %d within the burst was held back: %v", i, err)
		}
		resp.Body.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if _, err := c.For("api").Do(req); err == nil {
		t.Error("request past the burst was not held back")
	}
}

// BenchmarkSmallRunUnderNotionRate sends a template-sized run (12 calls)
// through a 3/s bucket: with burst 3 (the old default) it waits ~3 s,
// with Notion's rule burst it does not wait.
func BenchmarkSmallRunUnderNotionRate(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, burst := range []int{3, 30} {
		b.Run(fmt.Sprintf("burst%d", burst), func(b *testing.B) {
			for range b.N {
				c, _ := New(Options{Limits: map[string]float64{"notionApi": 3}, Bursts: map[string]int{"notionApi": burst}})
				for range 12 {
					resp, err := c.For("notionApi").Get(srv.URL)
					if err != nil {
						b.Fatal(err)
					}
					resp.Body.Close()
				}
			}
		})
	}
}
