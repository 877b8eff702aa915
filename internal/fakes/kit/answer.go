package kit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
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
	for k, v := range a.Header {
		w.Header().Set(k, v)
	}
	if a.Body == nil {
		w.WriteHeader(a.Status)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(a.Status)
	w.Write(a.Body)
}

// ReadBody reads up to limit bytes of r's body and closes it.
func ReadBody(r *http.Request, limit int64) []byte {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, limit))
	r.Body.Close()
	return raw
}

// JSONBody parses a request body for the log: ok is false when the body is
// blank or not JSON.
func JSONBody(raw []byte) (v any, ok bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, false
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return v, true
}
