package httpx

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// DefaultRequestTimeout bounds one outbound request when Options sets none.
const DefaultRequestTimeout = 5 * time.Minute

// DefaultMaxResponseBytes caps one answer's body when Options sets none: a
// 1.5 GB answer used to take more than 6 GB of memory once decoded.
const DefaultMaxResponseBytes = 256 << 20

// ResponseTooLargeError is returned by a body read past MaxResponseBytes.
type ResponseTooLargeError struct {
	Host  string
	Limit int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("the answer from %s is larger than %d bytes, the limit on API answers (--max-response)", e.Host, e.Limit)
}

// capBody makes reading resp's body fail past limit bytes.
func capBody(resp *http.Response, limit int64) *http.Response {
	if resp == nil || resp.Body == nil || limit <= 0 {
		return resp
	}
	host := ""
	if resp.Request != nil && resp.Request.URL != nil {
		host = resp.Request.URL.Host
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		resp.Body = io.NopCloser(&errReader{&ResponseTooLargeError{Host: host, Limit: limit}})
		return resp
	}
	resp.Body = &cappedBody{rc: resp.Body, left: limit, err: &ResponseTooLargeError{Host: host, Limit: limit}}
	return resp
}

type cappedBody struct {
	rc   io.ReadCloser
	left int64
	err  error
}

func (c *cappedBody) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		n, err := c.rc.Read(one[:])
		if n > 0 {
			return 0, c.err
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *cappedBody) Close() error { return c.rc.Close() }

type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

// ReadBody reads resp's whole body, into one buffer of the announced
// Content-Length when there is one: io.ReadAll starts at 512 bytes and
// grows by copying, which left about ten discarded buffers behind every
// 300 KB page of Notion results (garbage the collector and the heap's
// size then follow). A wrong length still reads the whole body.
func ReadBody(resp *http.Response) ([]byte, error) {
	n := resp.ContentLength
	if n <= 0 || n > DefaultMaxResponseBytes {
		return io.ReadAll(resp.Body)
	}
	// +1 so the read that finds the end needs no growth.
	b := make([]byte, 0, n+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		m, err := resp.Body.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
