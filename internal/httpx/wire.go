package httpx

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
)

// OnWire returns ctx set up so that written is called once the request sent
// with it has reached the socket: after net/http reports the request
// written (WroteRequest, which fires before its buffer is flushed) and the
// connection's next write has returned. It lets a node start request i+1
// only once request i is on the wire, as n8n's single event loop does.
// Requests over a transport this package did not dial call written at
// WroteRequest. written may also be called by the caller itself (e.g. when
// the request fails before it is written); it must be safe to call twice.
func OnWire(ctx context.Context, written func()) context.Context {
	w := &watch{written: written}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			c := info.Conn
			if tc, ok := c.(*tls.Conn); ok {
				c = tc.NetConn()
			}
			if wc, ok := c.(*wireConn); ok {
				w.conn = wc
			}
		},
		WroteRequest: func(httptrace.WroteRequestInfo) {
			if w.conn == nil || !w.conn.arm(w) {
				written()
			}
		},
	})
}

type watch struct {
	written func()
	conn    *wireConn
}

// wireConn is a dialed connection that tells the requests written to it
// when their bytes have been handed to the socket.
type wireConn struct {
	net.Conn
	mu    sync.Mutex
	armed []*watch
}

// arm registers w to be told at the connection's next write.
func (c *wireConn) arm(w *watch) bool {
	c.mu.Lock()
	c.armed = append(c.armed, w)
	c.mu.Unlock()
	return true
}

func (c *wireConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	armed := c.armed
	c.armed = nil
	c.mu.Unlock()
	for _, w := range armed {
		w.written()
	}
	return n, err
}

// wireTransport returns a copy of t whose connections are wireConns.
func wireTransport(t *http.Transport) *http.Transport {
	t = t.Clone()
	dial := t.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &wireConn{Conn: c}, nil
	}
	return t
}
