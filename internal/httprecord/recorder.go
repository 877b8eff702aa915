package httprecord

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/n8n-go/n8n-go/internal/httpx"
)

// Recorder is an http.RoundTripper that sends each request on and keeps a
// redacted copy of the exchange. Exchanges are kept in the order the
// requests were made.
type Recorder struct {
	next    http.RoundTripper
	mapURL  func(*url.URL) *url.URL
	secrets *Secrets

	mu        sync.Mutex
	exchanges []*Exchange
}

// NewRecorder returns a Recorder that sends requests with next (nil: a
// clone of http.DefaultTransport). Requests reach it with the URL the node
// asked for; mapURL (may be nil) gives the URL to actually send to (host
// mapping, see httpx.Client.MapURL), and the Host header keeps the
// original host. secrets (may be nil) are scrubbed from what is kept.
func NewRecorder(next http.RoundTripper, mapURL func(*url.URL) *url.URL, secrets *Secrets) *Recorder {
	if next == nil {
		next = httpx.NewTransport(0)
	}
	if secrets == nil {
		secrets = &Secrets{}
	}
	return &Recorder{next: next, mapURL: mapURL, secrets: secrets}
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	ex := &Exchange{Request: Request{
		Method: req.Method,
		URL:    r.secrets.Text(req.URL.String()),
		Header: r.secrets.Header(req.Header),
		Body:   redactBody(newBody(body), r.secrets),
	}}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, ex)
	r.mu.Unlock()

	out := req.Clone(req.Context())
	if r.mapURL != nil {
		out.URL = r.mapURL(req.URL)
		out.Host = req.URL.Host
	}
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.ContentLength = int64(len(body))
	}
	resp, err := r.next.RoundTrip(out)
	if err != nil {
		r.mu.Lock()
		ex.Error = r.secrets.Text(err.Error())
		r.mu.Unlock()
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		r.mu.Lock()
		ex.Error = r.secrets.Text(fmt.Sprintf("read response body: %v", err))
		r.mu.Unlock()
		return nil, fmt.Errorf("read response body: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	hdr := r.secrets.Header(resp.Header)
	delete(hdr, "Content-Length") // replay sets it from the body
	r.mu.Lock()
	ex.Response = &Response{Status: resp.StatusCode, Header: hdr, Body: redactBody(newBody(respBody), r.secrets)}
	r.mu.Unlock()
	return resp, nil
}

// Recording returns what was recorded so far.
func (r *Recorder) Recording() *Recording {
	r.mu.Lock()
	defer r.mu.Unlock()
	ex := make([]*Exchange, len(r.exchanges))
	for i, e := range r.exchanges {
		c := *e
		ex[i] = &c
	}
	return &Recording{Version: FormatVersion, Credentials: r.secrets.Shapes(), Exchanges: ex}
}

// readBody reads and restores req.Body; nil when the request has none.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	return b, nil
}

// redactBody scrubs secrets from a body's text forms (base64 is left
// alone: binary payloads are not searched).
func redactBody(b Body, s *Secrets) Body {
	if len(b.JSON) > 0 {
		red := s.Text(string(b.JSON))
		if json.Valid([]byte(red)) {
			b.JSON = []byte(red)
		} else {
			b.JSON, b.Text = nil, red
		}
	}
	b.Text = s.Text(b.Text)
	return b
}
