package server

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// errBusy means no slot is free and the caller may not wait.
var errBusy = errors.New("no execution slot is free")

// errStopping means the server began shutting down while the caller waited.
var errStopping = errors.New("shutting down")

// runLock allows n executions at a time; callers may wait in a bounded
// queue. With n = 1 it is a workflow's schedule lock (a tick while the
// previous scheduled run is still going is skipped); with n > 1 it is the
// server's production concurrency limit (n8n's
// N8N_CONCURRENCY_PRODUCTION_LIMIT). A nil *runLock has no limit.
type runLock struct {
	ch      chan struct{}
	waiting atomic.Int32
}

func newRunLock() *runLock { return newLimit(1) }

// newLimit is a runLock of n slots; nil (no limit) when n ≤ 0, as n8n's
// default of -1.
func newLimit(n int) *runLock {
	if n <= 0 {
		return nil
	}
	return &runLock{ch: make(chan struct{}, n)}
}

// TryAcquire takes a slot if one is free.
func (l *runLock) TryAcquire() bool {
	if l == nil {
		return true
	}
	select {
	case l.ch <- struct{}{}:
		return true
	default:
		return false
	}
}

// Acquire takes a slot, waiting up to timeout when at most maxWait callers
// are already waiting; otherwise it returns errBusy at once.
// A close of stop ends the wait with errStopping.
func (l *runLock) Acquire(ctx context.Context, stop <-chan struct{}, maxWait int, timeout time.Duration) error {
	if l.TryAcquire() {
		return nil
	}
	if maxWait <= 0 {
		return errBusy
	}
	if int(l.waiting.Add(1)) > maxWait {
		l.waiting.Add(-1)
		return errBusy
	}
	defer l.waiting.Add(-1)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case l.ch <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	case <-stop:
		return errStopping
	}
}

// Release frees a slot.
func (l *runLock) Release() {
	if l != nil {
		<-l.ch
	}
}
