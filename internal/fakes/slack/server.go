// Package slack is a stateful fake of the Slack Web API
// (https://slack.com/api/<method>) for tests and for recording real n8n
// against known data. It is an http.Handler: serve it with httptest, or
// over HTTPS on an address (cmd/fakeslack) for real n8n; it also answers
// the file upload URLs it hands out (files.slack.com/upload/v1/…).
//
// It keeps the team, users, channels (with their messages and
// reactions), files and the bot; checks the bearer token; takes
// parameters from the query string and JSON, urlencoded or multipart
// bodies; pages lists with cursors; answers failures as Slack does — HTTP
// 200 with {"ok":false,"error":"channel_not_found"}, 429 with Retry-After
// for rate limits; logs every request; and lets tests inject faults.
// Timestamps come from the state's fixed clock and a counter, so runs
// compare.
package slack

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// AdminPrefix is where the fake's own control routes live.
const AdminPrefix = "/__fake/"

// Options configure a Server.
type Options struct {
	// Tokens are the accepted bearer tokens; empty accepts any.
	Tokens []string
	// RateLimit is the requests per second accepted; beyond it the fake
	// answers 429 {"ok":false,"error":"ratelimited"} with Retry-After.
	RateLimit float64
	RateBurst int
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	limiter fakekit.Limiter
	log     fakekit.Log[Request]
	faults  fakekit.Faults

	mu sync.Mutex
	st State
}

// New returns a fake with an empty workspace.
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
	s.st = emptyState()
	return s
}

// slackError is an {"ok":false,"error":…} answer.
type slackError struct {
	code   string
	status int
	extra  *data.Object
}

func fail(code string) *slackError { return &slackError{code: code, status: 200} }

func (e *slackError) body() []byte {
	o := data.ObjectOf("ok", false, "error", e.code)
	if e.extra != nil {
		for k, v := range e.extra.All() {
			o.Set(k, v)
		}
	}
	b, _ := data.MarshalValue(o)
	return b
}

func faultBody(status int) []byte {
	code := strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	if status == http.StatusTooManyRequests {
		code = "ratelimited"
	}
	return (&slackError{code: code}).body()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 50<<20)
	entry := Request{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		ContentType: mediaType(r.Header.Get("Content-Type")), Auth: s.authState(r)}
	params, logged, perr := parseParams(r, raw)
	entry.Body = logged
	fa, done := s.faults.Answer(r.Method, entry.Path, faultBody)
	var a fakekit.Answer
	switch {
	case done:
		a = fa
	case !s.limiter.Allow():
		a = fakekit.Answer{Status: 429, Body: fail("ratelimited").body(), Header: map[string]string{"Retry-After": "1"}}
	default:
		a = s.answer(r, entry.Auth, params, perr)
		a.Delay = fa.Delay
	}
	entry.Status = a.Status
	s.log.Add(entry)
	fakekit.Write(w, r, a, "application/json; charset=utf-8")
}

func (s *Server) authState(r *http.Request) string {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return "none"
	}
	if len(s.opts.Tokens) == 0 {
		return "bearer"
	}
	for _, t := range s.opts.Tokens {
		if t == tok {
			return "bearer"
		}
	}
	return "invalid"
}

func (s *Server) answer(r *http.Request, authState string, p *data.Object, perr error) fakekit.Answer {
	reply := func(v *data.Object, e *slackError) fakekit.Answer {
		if e != nil {
			return fakekit.Answer{Status: e.status, Body: e.body()}
		}
		b, err := data.MarshalValue(v)
		if err != nil {
			return fakekit.Answer{Status: 500, Body: fail("internal_error").body()}
		}
		return fakekit.Answer{Status: 200, Body: b}
	}
	if id, ok := strings.CutPrefix(r.URL.Path, "/upload/v1/"); ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		n, err := s.receiveUpload(id, p)
		if err != nil {
			return fakekit.Answer{Status: 404, Body: []byte("file not found")}
		}
		return fakekit.Answer{Status: 200, Body: []byte("OK - " + strconv.Itoa(n))}
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		return fakekit.Answer{Status: 404, Body: []byte(`{"ok":false,"error":"unknown_method"}`)}
	}
	switch authState {
	case "none":
		return reply(nil, fail("not_authed"))
	case "invalid":
		return reply(nil, fail("invalid_auth"))
	}
	if perr != nil {
		return reply(nil, fail("invalid_arguments"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.call(method, p)
	if err != nil {
		return reply(nil, err)
	}
	out := data.ObjectOf("ok", true)
	for k, v := range res.All() {
		out.Set(k, v)
	}
	return reply(out, nil)
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	return mt
}

// upload is a file part of a multipart body.
type upload struct {
	name, contentType string
	data              []byte
}

// parseParams reads the query string, then a JSON, urlencoded or
// multipart body. logged is what the request log keeps: a JSON body as
// sent (key order kept), other bodies as their fields in order (files by
// name, type, size and sha256).
func parseParams(r *http.Request, raw []byte) (*data.Object, json.RawMessage, error) {
	p := data.NewObject(4)
	q := r.URL.Query()
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if k, err := url.QueryUnescape(k); err == nil && k != "" && !p.Has(k) {
			p.Set(k, q.Get(k))
		}
	}
	mt, mparams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case len(raw) == 0:
		return p, nil, nil
	case mt == "application/json":
		v, err := data.ParseJSON(raw)
		o, ok := v.(*data.Object)
		if err != nil || !ok {
			return p, json.RawMessage(strconv.Quote(string(raw))), fmt.Errorf("invalid json")
		}
		for k, x := range o.All() {
			p.Set(k, x)
		}
		b, _ := data.MarshalValue(o)
		return p, b, nil
	case mt == "application/x-www-form-urlencoded":
		logged := data.NewObject(4)
		for _, kv := range strings.Split(string(raw), "&") {
			k, v, _ := strings.Cut(kv, "=")
			k, _ = url.QueryUnescape(k)
			v, _ = url.QueryUnescape(v)
			p.Set(k, v)
			logged.Set(k, v)
		}
		b, _ := data.MarshalValue(logged)
		return p, b, nil
	case mt == "multipart/form-data":
		logged := data.NewObject(4)
		mr := multipart.NewReader(strings.NewReader(string(raw)), mparams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return p, nil, fmt.Errorf("bad multipart body")
			}
			content, _ := io.ReadAll(io.LimitReader(part, 50<<20))
			if part.FileName() == "" {
				p.Set(part.FormName(), string(content))
				logged.Set(part.FormName(), string(content))
				continue
			}
			sum := sha256.Sum256(content)
			p.Set(part.FormName(), &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: content})
			logged.Set(part.FormName(), data.ObjectOf("filename", part.FileName(), "contentType", part.Header.Get("Content-Type"),
				"size", float64(len(content)), "sha256", hex.EncodeToString(sum[:])))
		}
		b, _ := data.MarshalValue(logged)
		return p, b, nil
	}
	return p, json.RawMessage(strconv.Quote(string(raw))), nil
}

// str is a parameter as text.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	if data.IsUndefined(v) {
		return ""
	}
	b, _ := data.MarshalValue(v)
	return string(b)
}
