package server

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// errBusy means a run of the workflow is active and the caller may not wait.
var errBusy = errors.New("an execution of this workflow is already running")

// errStopping means the server began shutting down while the caller waited.
var errStopping = errors.New("shutting down")

// runLock allows one execution of a workflow at a time; callers may wait in
// a bounded queue. It replaces n8n's "prevent simultaneous executions"
// patterns (Redis locks) for a single process.
type runLock struct {
	ch      chan struct{}
	waiting atomic.Int32
}

func newRunLock() *runLock { return &runLock{ch: make(chan struct{}, 1)} }

// TryAcquire takes the lock if it is free.
func (l *runLock) TryAcquire() bool {
	select {
	case l.ch <- struct{}{}:
		return true
	default:
		return false
	}
}

// Acquire takes the lock, waiting up to timeout when at most maxWait callers
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

// Release frees the lock.
func (l *runLock) Release() { <-l.ch }
