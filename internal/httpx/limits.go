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
