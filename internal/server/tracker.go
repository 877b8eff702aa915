package server

import (
	"context"
	"sync"
)

// tracker counts running executions. Unlike a sync.WaitGroup it may be
// closed while calls still arrive: after close, begin refuses new work, so
// a webhook call racing with SIGTERM is answered 503 instead of adding to
// a group that is being waited on (which panicked with "WaitGroup is
// reused before previous Wait has returned").
type tracker struct {
	mu      sync.Mutex
	n       int
	closed  bool
	idle    chan struct{} // closed when n drops to 0 after close
	closing chan struct{} // closed by close: wakes queued callers
}

func newTracker() *tracker {
	return &tracker{idle: make(chan struct{}), closing: make(chan struct{})}
}

// begin registers one execution; false once the tracker is closed.
func (t *tracker) begin() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.n++
	return true
}

// end unregisters one execution.
func (t *tracker) end() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.closed && t.n == 0 {
		close(t.idle)
	}
}

// close refuses new executions; it may be called more than once.
func (t *tracker) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	close(t.closing)
	if t.n == 0 {
		close(t.idle)
	}
}

// running is the number of executions not yet ended.
func (t *tracker) running() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// wait blocks until every execution ended (after close) or ctx ends.
func (t *tracker) wait(ctx context.Context) error {
	select {
	case <-t.idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
