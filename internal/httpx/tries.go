package httpx

import (
	"context"
	"sync/atomic"
)

// Tries is a budget of repeated attempts shared by a node's "Retry On
// Fail" loop and the 429 retries of its requests, so a rate-limited node
// makes at most the tries it was given in all, not its tries times the
// client's retries.
type Tries struct{ left atomic.Int64 }

// NewTries returns a budget of n repeats.
func NewTries(n int) *Tries {
	t := &Tries{}
	t.left.Store(int64(n))
	return t
}

// Take uses one repeat; false when none is left.
func (t *Tries) Take() bool {
	for {
		n := t.left.Load()
		if n <= 0 {
			return false
		}
		if t.left.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

type triesKey struct{}

// WithTries makes the requests sent with ctx retry a 429 only while t has
// repeats left.
func WithTries(ctx context.Context, t *Tries) context.Context {
	return context.WithValue(ctx, triesKey{}, t)
}

func triesFrom(ctx context.Context) *Tries {
	t, _ := ctx.Value(triesKey{}).(*Tries)
	return t
}
