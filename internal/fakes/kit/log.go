package kit

import (
	"slices"
	"sync"
)

// DefaultLogLimit is how many entries a Log keeps when Limit is 0. The
// fakes run in process under `serve --sandbox` for as long as it serves; an
// append-only log grew by ~75 KB per execution.
const DefaultLogLimit = 1000

// Log is a request log that keeps the newest Limit entries, safe for
// concurrent use.
//
// Once full it is a ring: a new entry takes the oldest one's slot. (It
// was a window slid over a slice, which copied the whole log into a new
// array every few hundred requests: a tenth of the bytes the fakes
// allocated while serving the template benchmark, each on fresh memory.)
type Log[T any] struct {
	// Limit bounds the entries kept (0: DefaultLogLimit).
	Limit   int
	mu      sync.Mutex
	entries []T
	// start is the oldest entry's index in entries once the ring wrapped.
	start   int
	dropped int
}

// Add appends e, dropping the oldest entry when the log is full.
func (l *Log[T]) Add(e T) {
	l.mu.Lock()
	limit := l.Limit
	if limit <= 0 {
		limit = DefaultLogLimit
	}
	switch {
	case len(l.entries) >= limit:
		l.entries[l.start] = e // drops the oldest entry (and lets it be collected)
		if l.start++; l.start == len(l.entries) {
			l.start = 0
		}
		l.dropped++
	default:
		// Below the limit (a raised Limit may find a wrapped ring).
		l.entries = append(l.ordered(), e)
		l.start = 0
	}
	l.mu.Unlock()
}

// ordered returns the entries oldest first, in place (l.mu held).
func (l *Log[T]) ordered() []T {
	if l.start != 0 {
		slices.Reverse(l.entries[:l.start])
		slices.Reverse(l.entries[l.start:])
		slices.Reverse(l.entries)
		l.start = 0
	}
	return l.entries
}

// All returns a copy of the log, oldest first (nil when empty, which
// serialises as null: the recorded request logs depend on it).
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) == 0 {
		return nil
	}
	all := make([]T, 0, len(l.entries))
	all = append(all, l.entries[l.start:]...)
	return append(all, l.entries[:l.start]...)
}

// Dropped is how many old entries were dropped to respect the limit.
func (l *Log[T]) Dropped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped
}

// Reset empties the log.
func (l *Log[T]) Reset() {
	l.mu.Lock()
	l.entries = nil
	l.start = 0
	l.dropped = 0
	l.mu.Unlock()
}
