package httpx

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestOnWireAfterSocketWrite: the callback comes after the request's bytes
// were handed to the socket, not at WroteRequest (which net/http fires
// before flushing its buffer).
func TestOnWireAfterSocketWrite(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	var mu sync.Mutex
	var events []string
	note := func(e string) { mu.Lock(); events = append(events, e); mu.Unlock() }
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		return &noteConn{Conn: c, note: note}, err
	}
	c, err := New(Options{Transport: base})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		ctx := OnWire(context.Background(), func() { note("written") })
		req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL, nil)
		resp, err := c.For("k").Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"socket", "written", "socket", "written", "socket", "written"}
	if len(events) != len(want) {
		t.Fatalf("events %v", events)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Fatalf("events %v, want %v", events, want)
		}
	}
}

type noteConn struct {
	net.Conn
	note func(string)
}

func (c *noteConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.note("socket")
	return n, err
}
