package fakekit

import "sync"

// Log is an append-only request log, safe for concurrent use.
type Log[T any] struct {
	mu      sync.Mutex
	entries []T
}

// Add appends e.
func (l *Log[T]) Add(e T) {
	l.mu.Lock()
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

// Reset empties the log.
func (l *Log[T]) Reset() {
	l.mu.Lock()
	l.entries = nil
	l.mu.Unlock()
}
