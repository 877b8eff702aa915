package server

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// maxUnsaved bounds the records kept in memory while the store fails.
const maxUnsaved = 100

// unsaved holds the records the store refused (a full disk), to write them
// once it accepts records again, and counts what was lost for good. A full
// disk used to be only a log line.
type unsaved struct {
	mu      sync.Mutex
	records []Record
	lost    int
	lastErr string
}

// store saves rec, first retrying records that failed before. Failures are
// kept and reported on /healthz. Concurrent executions save at once (the
// store batches their commits); only retries of kept records hold the
// lock.
func (s *Server) store(ctx context.Context, log *slog.Logger, rec Record) {
	s.retryUnsaved(ctx)
	ctx = context.WithoutCancel(ctx)
	if rec.ID == "" {
		// Begin failed too: the execution gets its id now.
		id, err := s.opts.Store.Begin(ctx, rec)
		if err != nil {
			s.keepUnsaved(log, rec, err)
			return
		}
		rec.ID = id
	}
	if err := s.opts.Store.Save(ctx, rec); err != nil {
		s.keepUnsaved(log, rec, err)
	}
}

// keepUnsaved keeps a record the store refused, to retry it.
func (s *Server) keepUnsaved(log *slog.Logger, rec Record, err error) {
	log.Error("execution not stored; kept in memory to retry", "id", rec.ID, "error", err)
	u := &s.unsaved
	u.mu.Lock()
	defer u.mu.Unlock()
	u.lastErr = err.Error()
	u.records = append(u.records, rec)
	u.trim()
}

// trim drops the oldest records beyond maxUnsaved.
func (u *unsaved) trim() {
	if n := len(u.records) - maxUnsaved; n > 0 {
		// Keep the newest; the summaries of the oldest were logged.
		u.lost += n
		u.records = append([]Record(nil), u.records[n:]...)
	}
}

// retryUnsavedLoop writes kept records back without waiting for the next
// execution to store one: a worker (or an idle server) that lost its
// database while executions finished kept their final records, and with
// no later execution on that instance they stayed "running" in the store.
// While the retries fail they back off (each logs the failure).
func (s *Server) retryUnsavedLoop(ctx context.Context) {
	const first, most = time.Second, 30 * time.Second
	delay := first
	t := time.NewTimer(delay)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.unsavedCount() > 0 {
			if s.saveUnsaved(ctx, s.log) > 0 {
				delay = min(2*delay, most)
			} else {
				delay = first
			}
		}
		t.Reset(delay)
	}
}

// unsavedCount is the number of records kept to retry.
func (s *Server) unsavedCount() int {
	s.unsaved.mu.Lock()
	defer s.unsaved.mu.Unlock()
	return len(s.unsaved.records)
}

// retryUnsaved writes the records kept after failures, if any (queue mode
// calls it after each enqueue: its instance rarely stores records itself).
func (s *Server) retryUnsaved(ctx context.Context) {
	if s.unsavedCount() > 0 {
		s.saveUnsaved(ctx, s.log)
	}
}

// saveUnsaved writes the kept records in order until one fails; it
// returns how many are still kept.
func (s *Server) saveUnsaved(ctx context.Context, log *slog.Logger) int {
	u := &s.unsaved
	u.mu.Lock()
	defer u.mu.Unlock()
	queue := u.records
	u.records = nil
	ctx = context.WithoutCancel(ctx)
	for i, r := range queue {
		if r.ID == "" {
			// Begin failed too: the execution gets its id now.
			id, err := s.opts.Store.Begin(ctx, r)
			if err != nil {
				log.Error("execution not stored; kept in memory to retry", "error", err)
				u.lastErr = err.Error()
				u.records = append(u.records, queue[i:]...)
				break
			}
			queue[i].ID, r.ID = id, id
		}
		if err := s.opts.Store.Save(ctx, r); err != nil {
			log.Error("execution not stored; kept in memory to retry", "id", r.ID, "error", err)
			u.lastErr = err.Error()
			u.records = append(u.records, queue[i:]...)
			break
		}
	}
	u.trim()
	return len(u.records)
}

// storeHealth reports unsaved records for /healthz (nil when none).
func (s *Server) storeHealth() map[string]any {
	u := &s.unsaved
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.records) == 0 && u.lost == 0 {
		return nil
	}
	return map[string]any{"unsaved": float64(len(u.records)), "lost": float64(u.lost), "error": u.lastErr}
}
