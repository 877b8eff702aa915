// Package telegram is a stateful fake of the Telegram Bot API
// (https://api.telegram.org/bot<token>/<method>) for tests and for
// recording real n8n against known data. It is an http.Handler: serve it
// with httptest, or over HTTPS on an address (cmd/faketelegram) for real
// n8n.
//
// It keeps the bot, chats, messages (with ids from a counter, dates from
// the state's fixed clock), pins, the webhook registration, pending
// callback queries and uploaded files; accepts parameters as the real API
// does (JSON, urlencoded or multipart bodies, or the query string); parses
// Markdown and HTML parse modes into entities; answers errors with the real
// {"ok":false,"error_code":…,"description":…} bodies; logs every request
// (the token replaced); and lets tests inject faults and rate limits.
package telegram

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
	// Tokens are the accepted bot tokens; empty accepts any non-empty token.
	Tokens []string
	// RateLimit is the requests per second accepted; beyond it the fake
	// answers 429 with retry_after. 0 means no limit.
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

// New returns a fake with an empty state (a bot, no chats).
func New(opts Options) *Server {
	s := &Server{opts: opts, limiter: fakekit.NewLimiter(opts.RateLimit, opts.RateBurst)}
	s.st = emptyState()
	return s
}

// apiError is a Bot API failure.
type apiError struct {
	code        int
	description string
	retryAfter  int
}

func (e *apiError) body() []byte {
	o := data.ObjectOf("ok", false, "error_code", float64(e.code), "description", e.description)
	if e.retryAfter > 0 {
		o.Set("parameters", data.ObjectOf("retry_after", float64(e.retryAfter)))
	}
	b, _ := data.MarshalValue(o)
	return b
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: 400, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// faultBody is the body of a fault answer that gives none.
func faultBody(status int) []byte {
	e := &apiError{code: status, description: http.StatusText(status)}
	if status == http.StatusTooManyRequests {
		e.description, e.retryAfter = "Too Many Requests: retry after 1", 1
	}
	return e.body()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	raw := fakekit.ReadBody(r, 50<<20)
	token, method, file := splitPath(r.URL.Path)
	entry := Request{Method: r.Method, APIMethod: method, Path: redactPath(r.URL.Path, token), RawQuery: r.URL.RawQuery,
		ContentType: mediaType(r.Header.Get("Content-Type")), HasToken: token != ""}
	params, logged, perr := parseParams(r, raw)
	entry.Body = logged
	fa, done := s.faults.Answer(r.Method, entry.Path, faultBody)
	var a fakekit.Answer
	switch {
	case done:
		a = fa
	case !s.limiter.Allow():
		e := &apiError{code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1}
		a = fakekit.Answer{Status: 429, Body: e.body(), Header: map[string]string{"Retry-After": "1"}}
	default:
		a = s.answer(token, method, file, params, perr)
		a.Delay = fa.Delay
	}
	entry.Status = a.Status
	s.log.Add(entry)
	ctype := "application/json"
	if file != "" && a.Status == 200 {
		ctype = "application/octet-stream"
	}
	fakekit.Write(w, r, a, ctype)
}

// answer runs one API call.
func (s *Server) answer(token, method, file string, p *data.Object, perr error) fakekit.Answer {
	fail := func(e *apiError) fakekit.Answer { return fakekit.Answer{Status: e.code, Body: e.body()} }
	if token == "" || !s.tokenOK(token) {
		if token == "" && method == "" && file == "" {
			return fail(&apiError{code: 404, description: "Not Found"})
		}
		return fail(&apiError{code: 401, description: "Unauthorized"})
	}
	if file != "" {
		s.mu.Lock()
		content, ok := s.fileContent(file)
		s.mu.Unlock()
		if !ok {
			return fail(&apiError{code: 404, description: "Not Found"})
		}
		return fakekit.Answer{Status: 200, Body: content}
	}
	if perr != nil {
		return fail(badRequest("%v", perr))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, desc, err := s.call(strings.ToLower(method), p)
	if err != nil {
		return fail(err)
	}
	o := data.ObjectOf("ok", true, "result", res)
	if desc != "" {
		o.Set("description", desc)
	}
	b, merr := data.MarshalValue(o)
	if merr != nil {
		return fail(&apiError{code: 500, description: "Internal Server Error"})
	}
	return fakekit.Answer{Status: 200, Body: b}
}

func (s *Server) tokenOK(t string) bool {
	if len(s.opts.Tokens) == 0 {
		return true
	}
	for _, k := range s.opts.Tokens {
		if k == t {
			return true
		}
	}
	return false
}

// splitPath reads /bot<token>/<method> and /file/bot<token>/<path>.
func splitPath(p string) (token, method, file string) {
	if rest, ok := strings.CutPrefix(p, "/file/bot"); ok {
		token, file, _ = strings.Cut(rest, "/")
		if file == "" {
			file = "/"
		}
		return token, "", file
	}
	rest, ok := strings.CutPrefix(p, "/bot")
	if !ok {
		return "", "", ""
	}
	token, method, _ = strings.Cut(rest, "/")
	return token, method, ""
}

// redactPath hides the token in the logged path.
func redactPath(p, token string) string {
	if token == "" {
		return p
	}
	return strings.Replace(p, "bot"+token, "bot<token>", 1)
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	return mt
}

// parseParams reads the call's parameters as the Bot API does: the query
// string, then a JSON, urlencoded or multipart body. logged is what the
// request log keeps: a JSON body as sent (key order kept), other bodies as
// an object of their fields in order (files as name, type, size, sha256).
func parseParams(r *http.Request, raw []byte) (*data.Object, json.RawMessage, error) {
	p := data.NewObject(4)
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 {
			p.Set(k, vs[len(vs)-1])
		}
	}
	ct := r.Header.Get("Content-Type")
	mt, mparams, _ := mime.ParseMediaType(ct)
	switch {
	case len(raw) == 0:
		return p, nil, nil
	case mt == "application/json":
		v, err := data.ParseJSON(raw)
		if err != nil {
			return p, json.RawMessage(strconv.Quote(string(raw))), fmt.Errorf("can't parse JSON object")
		}
		o, ok := v.(*data.Object)
		if !ok {
			return p, json.RawMessage(raw), fmt.Errorf("can't parse JSON object")
		}
		for k, x := range o.All() {
			p.Set(k, x)
		}
		return p, compact(raw), nil
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
				return p, nil, fmt.Errorf("can't parse multipart body")
			}
			content, _ := io.ReadAll(io.LimitReader(part, 50<<20))
			name := part.FormName()
			if part.FileName() == "" {
				p.Set(name, string(content))
				logged.Set(name, string(content))
				continue
			}
			sum := sha256.Sum256(content)
			f := &upload{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: content}
			p.Set(name, f)
			logged.Set(name, data.ObjectOf("filename", f.name, "contentType", f.contentType,
				"size", float64(len(content)), "sha256", hex.EncodeToString(sum[:])))
		}
		b, _ := data.MarshalValue(logged)
		return p, b, nil
	}
	return p, json.RawMessage(strconv.Quote(string(raw))), nil
}

// upload is a file sent in a multipart body.
type upload struct {
	name, contentType string
	data              []byte
}

func compact(raw []byte) json.RawMessage {
	v, err := data.ParseJSON(raw)
	if err != nil {
		return raw
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return raw
	}
	return b
}
