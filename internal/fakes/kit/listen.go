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
	srv *http.Server
	ln  net.Listener
	err chan error
}

// Addr is the address actually listened on.
func (l *Listener) Addr() string { return l.ln.Addr().String() }

// Close stops serving, waiting up to 5 s for requests in flight.
func (l *Listener) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	if serr := <-l.err; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

// Listen serves h on addr, over HTTPS when certFile is not empty (real n8n
// reaches a fake as https://api.notion.com or https://api.clockify.me with
// a certificate for that name, e.g. on 127.0.0.1:443). It returns once the
// address is bound.
func Listen(h http.Handler, addr, certFile, keyFile string) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			ln.Close()
			return nil, fmt.Errorf("certificate: %w", err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
	}
	l := &Listener{srv: srv, ln: ln, err: make(chan error, 1)}
	go func() { l.err <- srv.Serve(ln) }()
	return l, nil
}
