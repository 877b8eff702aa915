package kit

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Listener is a handler served on an address.
type Listener struct {
	// stop ends serving, waiting up to its argument for requests in flight.
	stop func(time.Duration) error
	ln   net.Listener
	err  chan error
}

// Addr is the address actually listened on.
func (l *Listener) Addr() string { return l.ln.Addr().String() }

// Close stops serving, waiting up to 5 s for requests in flight.
func (l *Listener) Close() error {
	err := l.stop(5 * time.Second)
	if serr := <-l.err; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

// Listen serves h on addr, over HTTPS when certFile is not empty (real n8n
// reaches a fake as https://api.notion.com or https://api.clockify.me with
// a certificate for that name, e.g. on 127.0.0.1:443). Plain HTTP is
// served by a small HTTP/1.1 server (http1Server: n8n-go's benchmarks
// reach the fakes so, and net/http's per-request machinery cost more
// than most answers), HTTPS by net/http. It returns once the address is
// bound.
func Listen(h http.Handler, addr, certFile, keyFile string) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	if certFile == "" {
		s := newHTTP1Server(h, ln)
		l := &Listener{stop: s.close, ln: ln, err: make(chan error, 1)}
		go func() { l.err <- s.serve() }()
		return l, nil
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("certificate: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	ln = tls.NewListener(ln, srv.TLSConfig)
	stop := func(wait time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		return srv.Shutdown(ctx)
	}
	l := &Listener{stop: stop, ln: ln, err: make(chan error, 1)}
	go func() { l.err <- srv.Serve(ln) }()
	return l, nil
}
