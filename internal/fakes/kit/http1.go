package kit

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// http1Server serves a handler over plain HTTP/1.1 with keep-alive, one
// request at a time per connection, each answer written with one write.
//
// It is what Listen uses for plain HTTP (n8n-go reaches the fakes so in
// the benchmarks; real n8n gets HTTPS through net/http). net/http's
// server costs a fake more than the fake's own work on small answers: per
// request it starts a background read (an extra read syscall and a
// goroutine wake-up to detect a closed connection), clones headers, and
// allocates a response, buffered writers and a context. The fakes need
// none of it: requests come one after another on each connection and no
// handler streams.
//
// What a fake sees is the same: *http.Request from http.ReadRequest
// (Host, URL, headers, body with Content-Length or chunked), Header/
// WriteHeader/Write, and Hijack to drop a connection (fault injection).
// Answers carry Content-Length (and Content-Type sniffed when the handler
// set none, as net/http does); 1xx/204/304 answers and answers to HEAD
// carry no body.
type http1Server struct {
	h      http.Handler
	ln     net.Listener
	closed atomic.Bool
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
}

func newHTTP1Server(h http.Handler, ln net.Listener) *http1Server {
	return &http1Server{h: h, ln: ln, conns: map[net.Conn]struct{}{}}
}

// serve accepts connections until close; it returns http.ErrServerClosed
// then, as http.Server.Serve.
func (s *http1Server) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if s.closed.Load() {
				return http.ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			return err
		}
		s.mu.Lock()
		if s.closed.Load() {
			s.mu.Unlock()
			c.Close()
			return http.ErrServerClosed
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(c)
	}
}

// close stops accepting, lets requests in flight finish (up to wait) and
// closes every connection.
func (s *http1Server) close(wait time.Duration) error {
	s.mu.Lock()
	s.closed.Store(true)
	err := s.ln.Close()
	// Connections waiting for their next request stop waiting now; one
	// inside a handler finishes its answer first.
	for c := range s.conns {
		c.SetReadDeadline(time.Now())
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(wait):
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		<-done
	}
	return err
}

func (s *http1Server) serveConn(c net.Conn) {
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
		s.wg.Done()
	}()
	cio := newConnIO(c)
	br := bufio.NewReaderSize(cio, 8<<10)
	w := &http1Writer{conn: c, cio: cio, br: br, header: http.Header{}}
	remote := c.RemoteAddr().String()
	scratch := new(request) // each request of the connection is parsed in it
	for !s.closed.Load() {
		req, err := readRequest(br, scratch)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !isTimeout(err) {
				io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request")
			}
			return
		}
		req.RemoteAddr = remote
		w.reset(req)
		// The body as read from the connection: a handler may close it
		// (kit.ReadBody does) and put another in req.Body.
		body := req.Body
		if !s.call(w, req) || w.hijacked {
			return
		}
		// Closing reads what the handler left of the body so the next
		// request starts at its first byte (closing twice is harmless).
		if err := body.Close(); err != nil {
			return
		}
		if err := w.finish(); err != nil || req.Close {
			return
		}
	}
}

// call runs the handler; false when it panicked (the connection is
// closed without an answer, as net/http does).
func (s *http1Server) call(w *http1Writer, req *http.Request) (ok bool) {
	defer func() {
		if v := recover(); v != nil {
			ok = false
		}
	}()
	s.h.ServeHTTP(w, req)
	return true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// http1Writer is the ResponseWriter of one connection, reused for each of
// its requests.
type http1Writer struct {
	conn     net.Conn
	cio      connIO
	br       *bufio.Reader
	header   http.Header
	status   int
	wrote    bool
	head     bool // the request is HEAD: no body is sent
	hijacked bool
	// ctype is the Content-Type of an answer given by WriteAnswer ("" for
	// one written through the header map).
	ctype string
	body  []byte
	out   []byte
}

func (w *http1Writer) reset(req *http.Request) {
	if len(w.header) > 0 {
		clear(w.header)
	}
	w.status, w.wrote, w.head, w.ctype = 0, false, req.Method == http.MethodHead, ""
	w.body = w.body[:0]
}

// WriteAnswer implements AnswerWriter for answers that may have a body
// (status 200 and up but 204 and 304), when no header was set.
func (w *http1Writer) WriteAnswer(status int, contentType string, body []byte) bool {
	if w.hijacked || w.wrote || len(w.header) > 0 || contentType == "" || !bodyAllowed(status) {
		return false
	}
	w.status, w.wrote, w.ctype = status, true, contentType
	w.body = append(w.body, body...)
	return true
}

// bodyAllowed reports whether an answer with status may carry a body.
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// Header implements http.ResponseWriter.
func (w *http1Writer) Header() http.Header { return w.header }

// WriteHeader implements http.ResponseWriter (the first call counts).
func (w *http1Writer) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
}

// Write implements http.ResponseWriter: the body is sent with the
// headers once the handler returns.
func (w *http1Writer) Write(b []byte) (int, error) {
	if w.hijacked {
		return 0, http.ErrHijacked
	}
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	w.body = append(w.body, b...)
	return len(b), nil
}

// Hijack implements http.Hijacker.
func (w *http1Writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.hijacked = true
	return w.conn, bufio.NewReadWriter(w.br, bufio.NewWriter(w.conn)), nil
}

// finish writes the status line, headers and body in one write.
func (w *http1Writer) finish() error {
	if !w.wrote {
		w.status = http.StatusOK
	}
	if w.ctype != "" {
		if len(w.header) == 0 {
			return w.finishAnswer()
		}
		// Headers set after WriteAnswer: the two Write would have set
		// before them, unless they replaced them.
		if _, ok := w.header["Content-Type"]; !ok {
			w.header.Set("Content-Type", w.ctype)
		}
		if _, ok := w.header["Content-Length"]; !ok {
			w.header.Set("Content-Length", strconv.Itoa(len(w.body)))
		}
	}
	allowed := bodyAllowed(w.status)
	if !allowed {
		w.body = w.body[:0]
	}
	h := w.header
	if allowed {
		if len(w.body) > 0 && h.Get("Content-Type") == "" {
			h.Set("Content-Type", http.DetectContentType(w.body))
		}
		if _, ok := h["Content-Length"]; !ok {
			h.Set("Content-Length", strconv.Itoa(len(w.body)))
		}
	}
	b := append(w.out[:0], "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(w.status), 10)
	b = append(b, ' ')
	b = append(b, http.StatusText(w.status)...)
	b = append(b, "\r\n"...)
	var small [8]string
	keys := small[:0]
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b = append(b, k...)
			b = append(b, ": "...)
			b = append(b, v...)
			b = append(b, "\r\n"...)
		}
	}
	b = append(b, "\r\n"...)
	return w.send(b)
}

// finishAnswer writes an answer WriteAnswer took: the head the header
// map would give for it (Content-Length and Content-Type, in that
// order), then the body.
func (w *http1Writer) finishAnswer() error {
	b := append(w.out[:0], "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(w.status), 10)
	b = append(b, ' ')
	b = append(b, http.StatusText(w.status)...)
	b = append(b, "\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(w.body)), 10)
	b = append(b, "\r\nContent-Type: "...)
	b = append(b, w.ctype...)
	b = append(b, "\r\n\r\n"...)
	return w.send(b)
}

// send writes head and the body (none for HEAD) in one write.
func (w *http1Writer) send(head []byte) error {
	w.out = head[:0]
	var body []byte
	if !w.head {
		body = w.body
	}
	err := w.cio.writeAnswer(head, body)
	if cap(w.body) > 1<<20 {
		w.body = nil // a large answer's buffer is not kept per connection
	}
	return err
}
