package kit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
)

// readRequest is http.ReadRequest(br) with fewer allocations for the
// requests clients of the fakes send: an HTTP/1.1 request line with an
// origin-form target and plain header lines, a body with at most one
// Content-Length. In the template benchmark net/textproto's line reader
// and header map were a sixth of the fakes' CPU (allocations and the
// collections they cause).
//
// The head is parsed from the reader's buffer without consuming it, so
// whatever the fast path does not take (chunked bodies, HTTP/1.0,
// continuation lines, a head longer than the buffer, anything malformed)
// goes to http.ReadRequest from the same position, and so gets its
// answer and its errors.
//
// into, when not nil, is where the request is parsed (and its header map
// kept): a connection passes the same one for each of its requests,
// which were a request struct and a header map allocated each (with the
// head's string, most of what the fakes allocated per request). The
// request is then valid until the next call: the server serves one at a
// time, and a handler must not keep the request or its header after it
// returns (none does: logs copy what they keep).
func readRequest(br *bufio.Reader, into *request) (*http.Request, error) {
	head, err := peekHead(br)
	if err != nil {
		return nil, err
	}
	if head != nil {
		if req := parseHead(head, br, into); req != nil {
			br.Discard(len(head))
			return req, nil
		}
	}
	return http.ReadRequest(br)
}

// peekHead returns the buffered bytes up to and including the blank line
// ending a request's head, reading until it is buffered. nil (and no
// error) leaves the request to http.ReadRequest: the head does not fit
// the buffer, has a line ending in a bare LF, or the connection ended or
// failed inside it (ReadRequest then reports that as it does). An error
// is returned only when nothing at all was read, as ReadRequest returns
// it then (io.EOF when the client closed between requests).
func peekHead(br *bufio.Reader) ([]byte, error) {
	n := max(br.Buffered(), 1)
	scanned := 0
	for {
		buf, err := br.Peek(n)
		if err != nil {
			if len(buf) == 0 {
				return nil, err
			}
			return nil, nil
		}
		buf, _ = br.Peek(br.Buffered())
		for i := scanned; i < len(buf); i++ {
			if buf[i] != '\n' {
				continue
			}
			if i == 0 || buf[i-1] != '\r' {
				return nil, nil
			}
			if i >= 3 && buf[i-2] == '\n' {
				return buf[:i+1], nil
			}
		}
		scanned = len(buf)
		if len(buf) >= br.Size() {
			return nil, nil
		}
		n = len(buf) + 1
	}
}

// request is one allocation for what a parsed request needs besides its
// strings.
type request struct {
	req    http.Request
	url    url.URL
	body   lengthBody
	header http.Header
	vals   [16]string
	// lines are the previous request's header lines (headerLine).
	lines []headLine
}

// parseHead turns a request's head into the *http.Request http.ReadRequest
// would return, with its body read from br after the head, in r (a new
// one when nil); nil when the head is not one the fast path takes.
func parseHead(head []byte, br *bufio.Reader, r *request) *http.Request {
	lineBytes, rest, _ := bytes.Cut(head[:len(head)-2], crlf)
	line := string(lineBytes)
	method, line, ok1 := strings.Cut(line, " ")
	target, proto, ok2 := strings.Cut(line, " ")
	if !ok1 || !ok2 || proto != "HTTP/1.1" || !isToken(method) || method == http.MethodConnect || method == "PRI" {
		return nil
	}
	if r == nil {
		r = &request{}
	}
	if !parseTarget(target, &r.url) {
		return nil
	}
	h := r.header
	if h == nil {
		h = make(http.Header, bytes.Count(rest, crlf))
		r.header = h
	} else {
		clear(h)
	}
	vals := r.vals[:0:len(r.vals)]
	var host, length string
	hosts, lengths := 0, 0
	for n := 0; len(rest) > 0; n++ {
		var kv []byte
		kv, rest, _ = bytes.Cut(rest, crlf)
		k, v, ok := r.headerLine(n, kv)
		if !ok {
			return nil
		}
		switch k {
		case "Transfer-Encoding", "Trailer", "Connection", "Pragma":
			// What http.ReadRequest treats specially is left to it: these
			// change the body's framing, the connection's fate or other
			// headers.
			return nil
		case "Host":
			// Not kept in the header, as http.ReadRequest does: it is
			// req.Host.
			host, hosts = v, hosts+1
			continue
		case "Content-Length":
			length, lengths = v, lengths+1
		}
		if old, dup := h[k]; dup {
			h[k] = append(old, v)
			continue
		}
		if len(vals) < cap(vals) {
			vals = append(vals, v)
			h[k] = vals[len(vals)-1 : len(vals) : len(vals)]
		} else {
			h[k] = []string{v}
		}
	}
	var n int64
	if hosts > 1 || lengths > 1 || (lengths == 1 && !parseLength(length, &n)) {
		return nil
	}
	req := &r.req
	*req = http.Request{
		Method: method, URL: &r.url, Proto: proto, ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Host: host, RequestURI: target, ContentLength: n, Body: http.NoBody,
	}
	if n > 0 {
		r.body = lengthBody{r: br, n: n}
		req.Body = &r.body
	}
	return req
}

var crlf = []byte("\r\n")

// headerLine returns the canonical key and the value of header line kv,
// the n-th of its head; false when the fast path does not take it. The
// line is compared with the n-th line of the connection's previous
// request first: clients send most lines again as they were (Host,
// User-Agent, Authorization, …), and those are then neither copied into
// a new string nor parsed again.
func (r *request) headerLine(n int, kv []byte) (k, v string, ok bool) {
	if n < len(r.lines) && r.lines[n].raw == string(kv) {
		return r.lines[n].key, r.lines[n].val, true
	}
	raw := string(kv)
	k, v, ok = strings.Cut(raw, ":")
	if !ok || !isToken(k) {
		return "", "", false
	}
	v = strings.Trim(v, " \t")
	if !validValue(v) {
		return "", "", false
	}
	k = canonicalKey(k)
	if hl := (headLine{raw, k, v}); n < len(r.lines) {
		r.lines[n] = hl
	} else if n < maxKeptLines {
		r.lines = append(r.lines, hl)
	}
	return k, v, true
}

// maxKeptLines bounds the header lines a connection keeps.
const maxKeptLines = 32

// headLine is a header line as sent, with its canonical key and value.
type headLine struct{ raw, key, val string }

// parseTarget is url.ParseRequestURI(target) for an origin-form target
// whose path needs no unescaping and is its own escaped form (so Path is
// the path and RawPath is empty); false for anything else.
func parseTarget(target string, u *url.URL) bool {
	if target == "" || target[0] != '/' {
		return false
	}
	path, query, hasQuery := strings.Cut(target, "?")
	if hasQuery && query == "" && strings.Count(target, "?") == 1 {
		return false // ForceQuery
	}
	for i := 0; i < len(path); i++ {
		if !pathByte(path[i]) {
			return false
		}
	}
	for i := 0; i < len(query); i++ {
		if c := query[i]; c < 0x20 || c == 0x7f {
			return false
		}
	}
	*u = url.URL{Path: path, RawQuery: query}
	return true
}

// pathByte reports whether c stands for itself in a URL path: url's
// path escaping leaves it as it is.
func pathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', '~', '$', '&', '+', ',', '/', ':', ';', '=', '@':
		return true
	}
	return false
}

// isToken reports whether s is a non-empty HTTP token (a method or a
// header name).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '!', c == '#', c == '$', c == '%', c == '&', c == '\'', c == '*', c == '+',
			c == '-', c == '.', c == '^', c == '_', c == '`', c == '|', c == '~':
		default:
			return false
		}
	}
	return true
}

// canonicalKey is textproto.CanonicalMIMEHeaderKey(k) for a token k,
// without its byte-by-byte checks when k is canonical already (clients
// send their headers so; the checks were a third of parsing a head).
func canonicalKey(k string) string {
	upper := true
	for i := 0; i < len(k); i++ {
		c := k[i]
		if upper && 'a' <= c && c <= 'z' || !upper && 'A' <= c && c <= 'Z' {
			return textproto.CanonicalMIMEHeaderKey(k)
		}
		upper = c == '-'
	}
	return k
}

// validValue reports whether a header value has no control bytes but tab.
func validValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// parseLength parses a Content-Length of digits only (net/http's rule).
func parseLength(s string, n *int64) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		v = v*10 + int64(c-'0')
	}
	*n = v
	return true
}

// lengthBody is a request body of a known length read from the
// connection's reader.
type lengthBody struct {
	r      *bufio.Reader
	n      int64
	closed bool
}

func (b *lengthBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if b.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	if err == io.EOF && b.n > 0 {
		err = io.ErrUnexpectedEOF
	} else if err == nil && b.n == 0 {
		err = io.EOF
	}
	return n, err
}

// Close discards what is left of the body (so the next request starts at
// its first byte), as net/http's request bodies do.
func (b *lengthBody) Close() error {
	if b.closed {
		return nil
	}
	b.closed = true
	n := b.n
	b.n = 0
	if _, err := b.r.Discard(int(n)); err != nil {
		return fmt.Errorf("discard request body: %w", err)
	}
	return nil
}
