// Package httpx is the HTTP plumbing every node shares: host mapping (so
// hard-coded hosts such as https://api.clockify.me reach a fake or a staging
// server without editing the workflow), a rate limiter per credential, and
// 429 handling that honours Retry-After.
package httpx

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Options configure a Client. The zero value maps nothing and limits nothing.
type Options struct {
	// Endpoints maps a host ("api.clockify.me") to a base URL
	// ("http://127.0.0.1:8080"); a request to that host goes to the base URL
	// with its path appended.
	Endpoints map[string]string
	// Limits maps a limiter key (usually a credential type such as
	// "notionApi") to requests per second: a token bucket per key, which
	// costs nothing until a run sends more than the burst.
	Limits map[string]float64
	// Bursts is each key's bucket size; keys without one use Burst (at
	// least 1).
	Bursts map[string]int
	Burst  int
	// MaxRetries bounds the retries of a 429 answer (default 5).
	MaxRetries int
	// MaxRetryWait caps one Retry-After wait (default 30s). An answer
	// asking for a longer wait is returned as is (the node fails or
	// retries by its own settings) instead of being waited for.
	MaxRetryWait time.Duration
	// RetryBudget caps the sum of the 429 waits of one request (default
	// 60s): past it the 429 answer is returned.
	RetryBudget time.Duration
	// RequestTimeout bounds one request from sending to the end of
	// reading its answer, 429 waits included (default 5 minutes), so a
	// server that never answers cannot hang a run.
	RequestTimeout time.Duration
	// MaxResponseBytes caps the body of one answer (default 256 MiB);
	// reading past it fails with *ResponseTooLargeError.
	MaxResponseBytes int64
	// Transport is the underlying transport (default NewTransport
	// clone). Tests pass one that trusts a fake's certificate.
	Transport http.RoundTripper
	Logger    *slog.Logger
}

// Client hands out *http.Client values that share one connection pool.
type Client struct {
	opts     Options
	base     http.RoundTripper
	endpoint map[string]*url.URL
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	// pausedUntil holds, per limiter key, the end of the last Retry-After
	// wait: every request under the key waits for it, not only the one
	// that was answered 429, so a burst does not run into the limit again.
	pausedUntil map[string]time.Time
	// variants are the transports of ForVariant, one per setting.
	variants map[Variant]http.RoundTripper
}

// ParseEndpoint parses "host=baseURL", the form of the --endpoint flag.
func ParseEndpoint(s string) (host, base string, err error) {
	host, base, ok := strings.Cut(s, "=")
	host, base = strings.TrimSpace(host), strings.TrimSpace(base)
	if !ok || host == "" || base == "" {
		return "", "", fmt.Errorf("endpoint %q: expected HOST=BASE_URL, e.g. api.clockify.me=http://127.0.0.1:8080", s)
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", fmt.Errorf("endpoint %q: %q is not an http(s) base URL", s, base)
	}
	return strings.ToLower(host), base, nil
}

// New returns a Client, checking every endpoint.
func New(opts Options) (*Client, error) {
	c := &Client{opts: opts, endpoint: map[string]*url.URL{}, limiters: map[string]*rate.Limiter{}, pausedUntil: map[string]time.Time{}}
	for host, base := range opts.Endpoints {
		u, err := url.Parse(base)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("endpoint for %s: %q is not a base URL", host, base)
		}
		c.endpoint[strings.ToLower(host)] = u
	}
	c.base = opts.Transport
	if c.base == nil {
		c.base = NewTransport(0)
	}
	if t, ok := c.base.(*http.Transport); ok && t.DialTLSContext == nil && t.DialTLS == nil {
		// Connections report when a request's bytes reach the socket
		// (OnWire).
		c.base = wireTransport(t)
	}
	if c.opts.MaxRetries == 0 {
		c.opts.MaxRetries = 5
	}
	if c.opts.MaxRetryWait == 0 {
		c.opts.MaxRetryWait = 30 * time.Second
	}
	if c.opts.RetryBudget == 0 {
		c.opts.RetryBudget = 60 * time.Second
	}
	if c.opts.RequestTimeout == 0 {
		c.opts.RequestTimeout = DefaultRequestTimeout
	}
	if c.opts.MaxResponseBytes == 0 {
		c.opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	return c, nil
}

// For returns an *http.Client whose requests are mapped and limited under key.
func (c *Client) For(key string) *http.Client {
	return &http.Client{Transport: &transport{c: c, key: key}, Timeout: c.opts.RequestTimeout}
}

// MapURL returns the URL a request to u is sent to.
func (c *Client) MapURL(u *url.URL) *url.URL {
	base, ok := c.endpoint[strings.ToLower(u.Hostname())]
	if !ok {
		return u
	}
	m := *u
	m.Scheme, m.Host = base.Scheme, base.Host
	if p := strings.TrimSuffix(base.Path, "/"); p != "" {
		m.Path = p + u.Path
		if u.RawPath != "" {
			m.RawPath = p + u.RawPath
		}
	}
	return &m
}

func (c *Client) limiter(key string) *rate.Limiter {
	rps, ok := c.opts.Limits[key]
	if !ok || rps <= 0 {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.limiters[key]
	if l == nil {
		burst, ok := c.opts.Bursts[key]
		if !ok {
			burst = c.opts.Burst
		}
		if burst <= 0 {
			burst = 1
		}
		l = rate.NewLimiter(rate.Limit(rps), burst)
		c.limiters[key] = l
	}
	return l
}

type transport struct {
	c   *Client
	key string
	// base, when set, replaces the client's base transport (a variant).
	base http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	mapped := req.Clone(ctx)
	mapped.URL = t.c.MapURL(req.URL)
	// The Host header keeps the original name so a fake serving several
	// APIs on one port can dispatch on it.
	mapped.Host = req.URL.Host
	var body []byte
	if req.Body != nil && req.GetBody == nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		body = b
	}
	var waited time.Duration
	for attempt := 0; ; attempt++ {
		if err := sleep(ctx, t.c.pause(t.key)); err != nil {
			return nil, err
		}
		if l := t.c.limiter(t.key); l != nil {
			if err := l.Wait(ctx); err != nil {
				return nil, fmt.Errorf("rate limit wait: %w", err)
			}
		}
		switch {
		case body != nil:
			mapped.Body = io.NopCloser(strings.NewReader(string(body)))
		case req.GetBody != nil && attempt > 0:
			b, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			mapped.Body = b
		}
		base := t.c.base
		if t.base != nil {
			base = t.base
		}
		resp, err := base.RoundTrip(mapped)
		if resp != nil {
			// The caller sees the URL it asked for, not the endpoint's
			// (n8n's binary "directory", a response's URL).
			resp.Request = req
		}
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt >= t.c.opts.MaxRetries {
			return capBody(resp, t.c.opts.MaxResponseBytes), err
		}
		wait := retryAfter(resp.Header.Get("Retry-After"), attempt)
		if wait > t.c.opts.MaxRetryWait || waited+wait > t.c.opts.RetryBudget {
			// Waiting that long would hold the run for minutes (a
			// Retry-After of 999999 waited 7.5 minutes): the 429 goes to
			// the node, whose "Retry On Fail" tries decide what follows.
			if t.c.opts.Logger != nil {
				t.c.opts.Logger.Warn("rate limited; the requested wait is beyond the limit, not retrying", "host", req.URL.Host, "retryAfter", wait, "waited", waited)
			}
			return capBody(resp, t.c.opts.MaxResponseBytes), nil
		}
		if tr := triesFrom(ctx); tr != nil && !tr.Take() {
			// The node's own tries are used up: its retry loop decides.
			return capBody(resp, t.c.opts.MaxResponseBytes), nil
		}
		waited += wait
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		t.c.pauseFor(t.key, wait)
		if t.c.opts.Logger != nil {
			t.c.opts.Logger.Info("rate limited; waiting", "host", req.URL.Host, "wait", wait)
		}
	}
}

// pause returns how long requests under key must still wait after a 429.
func (c *Client) pause(key string) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Until(c.pausedUntil[key])
}

func (c *Client) pauseFor(key string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := time.Now().Add(d); until.After(c.pausedUntil[key]) {
		c.pausedUntil[key] = until
	}
}

// retryAfter reads seconds or an HTTP date; without one it backs off
// exponentially from 500ms.
func retryAfter(h string, attempt int) time.Duration {
	if h != "" {
		if s, err := strconv.ParseFloat(h, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(h); err == nil {
			if d := time.Until(t); d > 0 {
				return d
			}
			return 0
		}
	}
	return (500 * time.Millisecond) << attempt
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
