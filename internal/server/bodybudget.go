package server

import "sync"

// bodyBudget bounds the bytes of webhook bodies being read at once. The
// size limit bounds one body; without a budget, a hundred authenticated
// callers sending 16 MiB each would still hold 1.6 GB.
type bodyBudget struct {
	mu   sync.Mutex
	used int64
	max  int64
}

// reserve takes n bytes of the budget; false when they are not free.
func (b *bodyBudget) reserve(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.max && b.used > 0 {
		return false
	}
	b.used += n
	return true
}

func (b *bodyBudget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

// bodyReservation is what a request may read: its declared length when
// known, else the size limit.
func bodyReservation(contentLength, limit int64) int64 {
	if contentLength >= 0 && contentLength < limit {
		return contentLength
	}
	return limit
}
