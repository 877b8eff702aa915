package httpx

import "net/http"

// DefaultIdlePerHost is the idle connections kept per host: twice the
// engine's default request concurrency (32), so the requests one node
// runs at once, and the next node's, reuse connections.
const DefaultIdlePerHost = 64

// NewTransport returns the transport n8n-go sends requests with:
// http.DefaultTransport's settings, but a connection pool sized to the
// request concurrency. The standard transport keeps 2 idle connections
// per host, so with 32 requests in flight most of them opened a new
// connection (a TLS handshake each) and closed it again; idlePerHost ≤ 0
// means DefaultIdlePerHost.
func NewTransport(idlePerHost int) *http.Transport {
	if idlePerHost <= 0 {
		idlePerHost = DefaultIdlePerHost
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = idlePerHost
	t.MaxIdleConns = max(t.MaxIdleConns, 4*idlePerHost)
	return t
}
