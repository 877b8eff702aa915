package httpx

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// TestPoolReusesConnections: 32 requests at once, several times over, open
// about 32 connections, not one per request.
func TestPoolReusesConnections(t *testing.T) {
	var conns atomic.Int64
	gate := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-gate
		io.WriteString(w, "ok")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := New(Options{Transport: NewTransport(0)})
	if err != nil {
		t.Fatal(err)
	}
	hc := c.For("test")
	const concurrent, rounds = 32, 4
	for range rounds {
		var wg sync.WaitGroup
		var started sync.WaitGroup
		started.Add(concurrent)
		for range concurrent {
			wg.Go(func() {
				req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL, nil)
				started.Done()
				resp, err := hc.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			})
		}
		started.Wait()
		// Hold the answers until all requests are in flight, so each
		// round really needs 32 connections.
		for range concurrent {
			gate <- struct{}{}
		}
		wg.Wait()
	}
	if n := conns.Load(); n > concurrent+4 {
		t.Fatalf("%d rounds of %d concurrent requests opened %d connections; want about %d", rounds, concurrent, n, concurrent)
	}
}
