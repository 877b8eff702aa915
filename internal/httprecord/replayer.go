package httprecord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/internal/golden"
)

// Replayer is an http.RoundTripper that answers from a Recording and never
// touches the network. A request is matched by method, URL (query parameter
// order ignored) and body (JSON compared semantically) against the
// recorded exchanges in order; each exchange answers once.
type Replayer struct {
	// OnMiss, when set before the first request, is called (outside any
	// lock) with each request no exchange answers; a test harness uses it
	// to stop the run at once instead of letting nodes retry.
	OnMiss func(*MismatchError)

	rec     *Recording
	secrets *Secrets

	mu     sync.Mutex
	used   []bool
	misses []*MismatchError
}

// NewReplayer returns a Replayer over rec. secrets (may be nil) are the
// credential values of the replaying run: they are scrubbed from each
// request before matching, as they were when recording.
func NewReplayer(rec *Recording, secrets *Secrets) *Replayer {
	if secrets == nil {
		secrets = &Secrets{}
	}
	return &Replayer{rec: rec, secrets: secrets, used: make([]bool, len(rec.Exchanges))}
}

// RoundTrip implements http.RoundTripper.
func (p *Replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	raw, err := readBody(req)
	if err != nil {
		return nil, err
	}
	got := Request{Method: req.Method, URL: p.secrets.Text(req.URL.String()), Body: redactBody(newBody(raw), p.secrets)}
	ex, miss := p.take(got)
	if miss != nil {
		if p.OnMiss != nil {
			p.OnMiss(miss)
		}
		return nil, miss
	}
	if ex.Response == nil {
		return nil, errors.New(ex.Error)
	}
	return ex.Response.http(req)
}

// take marks the first unused exchange matching got as used.
func (p *Replayer) take(got Request) (*Exchange, *MismatchError) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, ex := range p.rec.Exchanges {
		if !p.used[i] && sameRequest(ex.Request, got) {
			p.used[i] = true
			return ex, nil
		}
	}
	miss := p.mismatch(got)
	p.misses = append(p.misses, miss)
	return nil, miss
}

func (r *Response) http(req *http.Request) (*http.Response, error) {
	b, err := r.Body.Bytes()
	if err != nil {
		return nil, fmt.Errorf("http replay: %w", err)
	}
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	return &http.Response{
		Status:     fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)),
		StatusCode: r.Status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(b)), ContentLength: int64(len(b)),
		Request: req,
	}, nil
}

// Misses returns the requests that matched no recorded exchange.
func (p *Replayer) Misses() []*MismatchError {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*MismatchError(nil), p.misses...)
}

// Unused describes the recorded exchanges no request used, as
// "#N METHOD URL" (N counts from 0 in file order).
func (p *Replayer) Unused() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for i, ex := range p.rec.Exchanges {
		if !p.used[i] {
			out = append(out, fmt.Sprintf("#%d %s %s", i, ex.Request.Method, ex.Request.URL))
		}
	}
	return out
}

// MismatchError is the error a request gets when no recorded exchange is
// left for it. It names the request and the closest recorded exchange.
type MismatchError struct {
	Method, URL string
	Body        Body
	// Closest is the index of the most similar recorded exchange, -1 when
	// the recording is empty.
	Closest int
	// Differences says how Closest differs ("body: $.name: want …").
	Differences []string
	closest     *Request
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "http replay: no recorded exchange left for %s %s", e.Method, e.URL)
	if s := e.Body.short(); s != "" {
		fmt.Fprintf(&b, " with body %s", s)
	}
	if e.Closest < 0 {
		b.WriteString("; the recording has no exchanges")
		return b.String()
	}
	fmt.Fprintf(&b, "; closest recorded: #%d %s %s", e.Closest, e.closest.Method, e.closest.URL)
	if len(e.Differences) > 0 {
		b.WriteString(" (" + strings.Join(e.Differences, "; ") + ")")
	}
	return b.String()
}

func (p *Replayer) mismatch(got Request) *MismatchError {
	e := &MismatchError{Method: got.Method, URL: got.URL, Body: got.Body, Closest: -1}
	best, bestScore := -1, -1
	for i, ex := range p.rec.Exchanges {
		r := ex.Request
		score := 0
		if strings.EqualFold(r.Method, got.Method) {
			score += 1 << 11
		}
		if sameURL(r.URL, got.URL) {
			score += 1 << 10
			if len(bodyDiff(r.Body, got.Body)) == 0 {
				score += 1 << 9
			}
		} else if samePath(r.URL, got.URL) {
			score += 1 << 8
		}
		if !p.used[i] {
			score += 1 << 7
		}
		score += min(commonPrefix(r.URL, got.URL), 1<<7-1)
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return e
	}
	r := p.rec.Exchanges[best].Request
	e.Closest, e.closest = best, &r
	if !strings.EqualFold(r.Method, got.Method) {
		e.Differences = append(e.Differences, "method: recorded "+r.Method)
	}
	if !sameURL(r.URL, got.URL) {
		e.Differences = append(e.Differences, "url: recorded "+r.URL)
	}
	for _, d := range bodyDiff(r.Body, got.Body) {
		e.Differences = append(e.Differences, "body: "+d)
	}
	if len(e.Differences) == 0 && p.used[best] {
		e.Differences = append(e.Differences, "it was already used: the run made this request more often than the recording")
	}
	return e
}

func sameRequest(rec, got Request) bool {
	return strings.EqualFold(rec.Method, got.Method) && sameURL(rec.URL, got.URL) && len(bodyDiff(rec.Body, got.Body)) == 0
}

// canonURL sorts the query parameters so their order does not matter.
func canonURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if u.RawQuery != "" {
		if q, err := url.ParseQuery(u.RawQuery); err == nil {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

func sameURL(a, b string) bool { return a == b || canonURL(a) == canonURL(b) }

func samePath(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	return errA == nil && errB == nil && ua.Host == ub.Host && ua.Path == ub.Path
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// bodyDiff says how got differs from the recorded body (none: equal). JSON
// bodies compare semantically: key order and number spelling are ignored.
func bodyDiff(rec, got Body) []string {
	if len(rec.JSON) > 0 && len(got.JSON) > 0 {
		w, errW := decodeJSON(rec.JSON)
		g, errG := decodeJSON(got.JSON)
		if errW == nil && errG == nil {
			return golden.CompareValues(w, g, golden.Options{NoDefaultDrop: true, MaxDiffs: 3, IgnoreKeyOrder: true})
		}
	}
	rb, errR := rec.Bytes()
	gb, errG := got.Bytes()
	if errR != nil || errG != nil || !bytes.Equal(rb, gb) {
		return []string{fmt.Sprintf("recorded %s, got %s", orEmpty(rec.short()), orEmpty(got.short()))}
	}
	return nil
}

func orEmpty(s string) string {
	if s == "" {
		return "no body"
	}
	return s
}

func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// short renders a body for an error message.
func (b Body) short() string {
	var s string
	switch {
	case len(b.JSON) > 0:
		c, _ := b.Bytes()
		s = string(c)
	case b.Base64 != "":
		s = "base64:" + b.Base64
	case b.Text != "":
		s = strconv.Quote(b.Text)
	}
	const limit = 200
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}
