package kit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Answer is what a fake decided to send for one request.
type Answer struct {
	Status int
	// Body is sent with the fake's content type; nil sends no body and no
	// Content-Type.
	Body   []byte
	Header map[string]string
	// Drop closes the connection without an answer.
	Drop bool
	// Delay is waited before answering (or dropping).
	Delay time.Duration
}

// Write sends a: it waits a.Delay (giving up when the client goes away),
// drops the connection or writes the headers, contentType, the status and
// the body.
func Write(w http.ResponseWriter, r *http.Request, a Answer, contentType string) {
	if a.Delay > 0 {
		t := time.NewTimer(a.Delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	if a.Drop {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		// Not hijackable (HTTP/2): net/http aborts the stream quietly.
		panic(http.ErrAbortHandler)
	}
	if aw, ok := w.(AnswerWriter); ok && len(a.Header) == 0 && a.Body != nil && aw.WriteAnswer(a.Status, contentType, a.Body) {
		return
	}
	for k, v := range a.Header {
		w.Header().Set(k, v)
	}
	if a.Body == nil {
		w.WriteHeader(a.Status)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	// A known length spares net/http the chunked encoding of bodies
	// beyond its 2 KB buffer (clients read the same bytes either way).
	h.Set("Content-Length", strconv.Itoa(len(a.Body)))
	w.WriteHeader(a.Status)
	w.Write(a.Body)
}

// AnswerWriter is a ResponseWriter that takes a whole answer (status, a
// content type and the body, sent with its Content-Length) in one call,
// as Write would send it through Header, WriteHeader and Write, without
// the header map: setting two headers per answer (a slice each, the
// length's string) and sorting them again to write them were a tenth of
// what the small HTTP server spent per request. WriteAnswer reports
// false, having done nothing, when it cannot (headers already set, an
// answer already begun): Write then takes the long way.
type AnswerWriter interface {
	WriteAnswer(status int, contentType string, body []byte) bool
}

// ReadBody reads up to limit bytes of r's body and closes it. A body a
// wrapper already read (SetBody) is returned as is, not copied again.
func ReadBody(r *http.Request, limit int64) []byte {
	if b, ok := r.Body.(*readBody); ok {
		raw := b.raw
		if int64(len(raw)) > limit {
			raw = raw[:limit]
		}
		return raw
	}
	var raw []byte
	if n := r.ContentLength; n > 0 && n <= limit {
		// One buffer of the announced size (+1 so ReadAll sees EOF
		// without growing): io.ReadAll starts at 512 bytes and grows.
		// The limit as a value (LimitReader's is one allocation more).
		lr := io.LimitedReader{R: r.Body, N: limit}
		raw = readAll(&lr, make([]byte, 0, n+1))
	} else {
		raw, _ = io.ReadAll(io.LimitReader(r.Body, limit))
	}
	r.Body.Close()
	return raw
}

// readAll is io.ReadAll into b.
func readAll(r *io.LimitedReader, b []byte) []byte {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			return b
		}
	}
}

// SetBody replaces r's body by raw, already read: a handler further in
// reads it again through ReadBody without a copy.
func SetBody(r *http.Request, raw []byte) {
	b := &readBody{raw: raw} // one allocation, the reader inside
	b.Reset(raw)
	r.Body = b
}

type readBody struct {
	bytes.Reader
	raw []byte
}

func (*readBody) Close() error { return nil }

// JSONBody parses a request body for the log: ok is false when the body is
// blank or not JSON. Logs call it when they are read, not per request (see
// LazyBody): a body is parsed once by the handler that serves it.
func JSONBody(raw []byte) (v any, ok bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, false
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return v, true
}

// HeaderValue is h.Get(key) for a key already in canonical form (a
// constant such as "Content-Type"): without canonicalising it again,
// which every call of Get does byte by byte (the fakes read four or five
// headers per request).
func HeaderValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}
