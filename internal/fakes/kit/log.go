package kit

import "sync"

// DefaultLogLimit is how many entries a Log keeps when Limit is 0. The
// fakes run in process under `serve --sandbox` for as long as it serves; an
// append-only log grew by ~75 KB per execution.
const DefaultLogLimit = 1000

// Log is a request log that keeps the newest Limit entries, safe for
// concurrent use.
type Log[T any] struct {
	// Limit bounds the entries kept (0: DefaultLogLimit).
	Limit   int
	mu      sync.Mutex
	entries []T
	dropped int
}

// Add appends e, dropping the oldest entry when the log is full.
func (l *Log[T]) Add(e T) {
	l.mu.Lock()
	limit := l.Limit
	if limit <= 0 {
		limit = DefaultLogLimit
	}
	if len(l.entries) >= limit {
		var zero T
		l.entries[0] = zero // let the dropped entry be collected
		l.entries = l.entries[1:]
		l.dropped++
	}
	l.entries = append(l.entries, e)
	l.mu.Unlock()
}

// All returns a copy of the log (nil when empty, which serialises as
// null: the recorded request logs depend on it).
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]T(nil), l.entries...)
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
	l.dropped = 0
	l.mu.Unlock()
}
