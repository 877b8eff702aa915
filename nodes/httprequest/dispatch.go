package httprequest

import (
	"context"
	"sync"

	"github.com/n8n-go/n8n-go/internal/httpx"
)

// wireGate makes a node's requests reach the connection in item order while
// they still run concurrently: Execute starts request i+1 only after
// request i has been written (or has ended without being written). n8n
// starts each item's request from one event loop, so a server sees them in
// item order and hands out ids (created records, sequence numbers) in that
// order; sending them from free-running goroutines let a later item
// overtake an earlier one.
type wireGate struct {
	once sync.Once
	done chan struct{}
}

func newWireGate() *wireGate { return &wireGate{done: make(chan struct{})} }

// open lets the next request start. Safe to call more than once (a 429
// retry writes the request again; a failed dial never writes it).
func (g *wireGate) open() { g.once.Do(func() { close(g.done) }) }

// wait blocks until the gate opens or ctx ends.
func (g *wireGate) wait(ctx context.Context) error {
	select {
	case <-g.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// trace returns ctx set to open g once the request sent with it is on
// the wire (httpx.OnWire).
func (g *wireGate) trace(ctx context.Context) context.Context {
	return httpx.OnWire(ctx, g.open)
}
