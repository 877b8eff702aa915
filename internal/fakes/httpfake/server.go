// Package httpfake is a generic fake HTTP API for the HTTP Request node's
// tests and for recording real n8n against it: it logs every request in
// arrival order, numbers what POST creates (ids 1, 2, … per collection, in
// arrival order, as a real API hands them out), echoes anything else, and
// can answer after a random per-request latency so concurrent requests
// finish out of order.
//
// Routes:
//
//	POST /<collection>       creates a record: {"id": n, …the JSON body's fields}
//	GET  /<collection>       the records in id order; ?offset=&limit= a window of them
//	GET  /<collection>/pages ?page=N (1-based, size ?size=, default 3):
//	                         {"data": [records], "page": N, "next": next page's URL or null}
//	GET  /<collection>/<id>  one record (404 past the last)
//	anything else            {"method","path","query","contentType","body"} as received,
//	                         a multipart boundary replaced by "BOUNDARY" (clients draw
//	                         it at random); headers are in the request log only
package httpfake

import (
	"encoding/json"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Options configure a Server.
type Options struct {
	// Jitter makes every answer wait a random time in [0, Jitter), drawn
	// after the request was numbered.
	Jitter time.Duration
	// Seed seeds the jitter's random source (0: a fixed default), so a
	// failing order can be replayed.
	Seed uint64
	// MaxBody caps a logged request body (default 1 MiB).
	MaxBody int64
	// Scheme is the scheme of the URLs the fake writes (next pages); empty
	// takes the connection's. A test serving plain HTTP in place of an
	// HTTPS recording sets "https" so the answers match.
	Scheme string
	// PublicBase is the base URL clients sign OAuth1 requests for
	// ("https://api.fake.test"); empty takes the request's scheme and host.
	PublicBase string
	// OAuth1 checks "Authorization: OAuth" signatures (nil: none holds).
	OAuth1 *OAuth1Keys
	// OAuth2Client is the client the token endpoint accepts.
	OAuth2Client *Client
	// Digest is the user the /digest/ routes accept.
	Digest *DigestUser
}

// Request is one logged request.
type Request struct {
	// Seq is the arrival number (1, 2, …).
	Seq      int    `json:"seq"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	RawQuery string `json:"query"`
	// Header holds the request headers, names lower-cased, repeated
	// values joined with ", ".
	Header map[string]string `json:"header"`
	Body   string            `json:"body"`
	// Created is the id a POST handed out (0: none).
	Created int `json:"created,omitempty"`
}

// Server is the fake. It is safe for concurrent use.
type Server struct {
	opts Options
	log  fakekit.Log[Request]

	mu      sync.Mutex
	seq     int
	rnd     *rand.Rand
	records map[string][]*data.Object
	// tokens are the OAuth2 access tokens the token endpoint issued.
	tokens []string
}

// New returns an empty fake.
func New(opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	seed := opts.Seed
	if seed == 0 {
		seed = 0x5eed
	}
	return &Server{opts: opts, rnd: rand.New(rand.NewPCG(seed, seed)), records: map[string][]*data.Object{}}
}

// Requests returns the request log in arrival order.
func (s *Server) Requests() []Request { return s.log.All() }

// Seed accepts a state document as Dump writes it: {"<collection>": [records]}.
func (s *Server) Seed(doc []byte) error {
	v, err := data.ParseJSONObject(doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, list := range v.All() {
		arr, _ := list.([]any)
		for _, e := range arr {
			if o, ok := e.(*data.Object); ok {
				s.records[name] = append(s.records[name], o)
			}
		}
	}
	return nil
}

// Dump is the state: every collection's records, collections by name.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.records))
	for k := range s.records {
		names = append(names, k)
	}
	sort.Strings(names)
	out := data.NewObject(len(names))
	for _, k := range names {
		list := make([]any, len(s.records[k]))
		for i, o := range s.records[k] {
			list[i] = o
		}
		out.Set(k, list)
	}
	b, _ := data.MarshalValue(out)
	return b
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw := fakekit.ReadBody(r, s.opts.MaxBody)
	entry := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: headers(r.Header), Body: string(raw)}
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")

	// Numbering happens under one lock, in the order requests arrive.
	s.mu.Lock()
	s.seq++
	entry.Seq = s.seq
	var ans any
	status := http.StatusOK
	var answerHeader map[string]string
	authz := r.Header.Get("Authorization")
	if strings.HasPrefix(authz, "OAuth ") {
		entry.Header["authorization"] = s.checkOAuth1(r, authz, raw)
	}
	digestOK := false
	if strings.HasPrefix(authz, "Digest ") {
		digestOK, entry.Header["authorization"] = s.checkDigest(r, authz)
	}
	bearer, bearerOK := s.bearerValid(r)
	switch {
	case segs[0] == "digest" && !digestOK:
		status, ans = http.StatusUnauthorized, data.ObjectOf("message", "digest authentication required")
		answerHeader = map[string]string{"WWW-Authenticate": `Digest realm="` + digestRealm + `", qop="auth", nonce="` + digestNonce + `", opaque="` + digestOpaque + `"`}
	case r.Method == http.MethodPost && r.URL.Path == "/oauth/token":
		status, ans = s.token(r, raw)
	case segs[0] == "secure" && !bearerOK:
		status, ans = http.StatusUnauthorized, data.ObjectOf("error", "invalid_token")
	case segs[0] == "secure":
		ct, body := normalizeBoundary(r.Header.Get("Content-Type"), string(raw))
		ans = data.ObjectOf("method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"contentType", ct, "body", body, "token", bearer)
	case r.Method == http.MethodPost && len(segs) == 1 && segs[0] != "":
		rec := data.NewObject(4)
		rec.Set("id", float64(len(s.records[segs[0]])+1))
		if body, err := data.ParseJSONObject(raw); err == nil {
			for k, v := range body.All() {
				if k != "id" {
					rec.Set(k, v)
				}
			}
		}
		s.records[segs[0]] = append(s.records[segs[0]], rec)
		entry.Created = len(s.records[segs[0]])
		ans = rec
	case r.Method == http.MethodGet && len(segs) == 1 && s.records[segs[0]] != nil:
		ans = window(s.records[segs[0]], r.URL.Query())
	case r.Method == http.MethodGet && len(segs) == 2 && segs[1] == "pages" && s.records[segs[0]] != nil:
		ans = s.page(r, segs[0])
	case r.Method == http.MethodGet && len(segs) == 2 && s.records[segs[0]] != nil:
		id, err := strconv.Atoi(segs[1])
		if err != nil || id < 1 || id > len(s.records[segs[0]]) {
			status, ans = http.StatusNotFound, data.ObjectOf("message", "not found")
		} else {
			ans = s.records[segs[0]][id-1]
		}
	default:
		ct, body := normalizeBoundary(r.Header.Get("Content-Type"), string(raw))
		ans = data.ObjectOf("method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"contentType", ct, "body", body)
	}
	var delay time.Duration
	if s.opts.Jitter > 0 {
		delay = time.Duration(s.rnd.Int64N(int64(s.opts.Jitter)))
	}
	s.mu.Unlock()
	s.log.Add(entry)

	body, err := data.MarshalValue(ans)
	if err != nil {
		body, _ = json.Marshal(map[string]string{"message": err.Error()})
		status = http.StatusInternalServerError
	}
	fakekit.Write(w, r, fakekit.Answer{Status: status, Body: body, Header: answerHeader, Delay: delay}, "application/json; charset=utf-8")
}

func headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return out
}

// normalizeBoundary replaces a multipart boundary in the content type and
// the body by "BOUNDARY".
func normalizeBoundary(ct, body string) (string, string) {
	_, params, err := mime.ParseMediaType(ct)
	b := params["boundary"]
	if err != nil || b == "" {
		return ct, body
	}
	return strings.ReplaceAll(ct, b, "BOUNDARY"), strings.ReplaceAll(body, b, "BOUNDARY")
}

// window is records[offset:offset+limit] (limit 0: to the end).
func window(recs []*data.Object, q url.Values) []any {
	off, _ := strconv.Atoi(q.Get("offset"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	off = min(max(off, 0), len(recs))
	end := len(recs)
	if limit > 0 {
		end = min(off+limit, end)
	}
	list := make([]any, 0, end-off)
	for _, o := range recs[off:end] {
		list = append(list, o)
	}
	return list
}

// page is one page of a collection with the next page's absolute URL.
func (s *Server) page(r *http.Request, name string) *data.Object {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(n, 1)
	size, _ := strconv.Atoi(q.Get("size"))
	if size <= 0 {
		size = 3
	}
	recs := s.records[name]
	list := window(recs, url.Values{"offset": {strconv.Itoa((n - 1) * size)}, "limit": {strconv.Itoa(size)}})
	var next any
	if n*size < len(recs) {
		scheme := s.opts.Scheme
		switch {
		case scheme != "":
		case r.TLS != nil:
			scheme = "https"
		default:
			scheme = "http"
		}
		nq := url.Values{"page": {strconv.Itoa(n + 1)}}
		if q.Get("size") != "" {
			nq.Set("size", q.Get("size"))
		}
		next = scheme + "://" + r.Host + r.URL.Path + "?" + nq.Encode()
	}
	return data.ObjectOf("data", list, "page", float64(n), "next", next)
}
