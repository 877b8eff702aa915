package server

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/store"
)

// recordLister is a store that can list executions by status (parked
// executions are found again after a restart).
type recordLister interface {
	recordGetter
	List(ctx context.Context, o store.ListOptions) ([]store.Record, error)
}

// canPark tells whether executions may be parked in the store (a Wait of
// 65 s or more, as n8n): the store must give them back. In queue mode
// the store is the database main and workers share: a worker parks there
// and the main instance resumes.
func (s *Server) canPark(id string) bool {
	_, ok := s.opts.Store.(recordLister)
	return ok && id != ""
}

// waitPoll is how often the main instance of queue mode looks for
// executions workers parked (n8n's wait tracker polls every 60 s).
const waitPoll = time.Minute

// scheduleResume resumes the parked execution id at until (on the
// server's clock), once per process.
func (s *Server) scheduleResume(a *active, id string, until time.Time) {
	if !s.tracked.add(id, until) {
		return
	}
	d := until.Sub(s.clock.Now())
	s.log.Info("execution parked", "executionId", id, "workflow", a.wf.Name, "resumeAt", until.UTC().Format(time.RFC3339))
	s.clock.AfterFunc(max(d, 0), func() {
		s.tracked.remove(id, until)
		s.resume(id)
	})
}

// trackWaits is queue mode's wait tracker on the main instance: workers
// park executions in the database, and every waitPoll this schedules
// those not scheduled yet (one main instance resumes them; n8n runs its
// tracker on the leader only).
func (s *Server) trackWaits(ctx context.Context) {
	t := s.clock.NewTicker(waitPoll)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.track.closing:
				return
			case <-t.Chan():
				s.resumeParked(ctx)
			}
		}
	}()
}

// resumeParked schedules the executions parked in the store by a
// previous process or, in queue mode, by a worker (n8n's wait tracker);
// called by Start.
func (s *Server) resumeParked(ctx context.Context) {
	l, ok := s.opts.Store.(recordLister)
	if !ok || s.worker.Load() {
		return
	}
	list, err := l.List(ctx, store.ListOptions{Status: "waiting"})
	if err != nil {
		s.log.Error("waiting executions could not be listed", "error", err)
		return
	}
	for _, r := range list {
		if r.WaitTill == nil || r.WaitTill.Year() >= 3000 {
			continue // waits for a call only: revived by the call (see revive)
		}
		a := s.activeByID(r.WorkflowID)
		if a == nil {
			s.log.Warn("waiting execution's workflow is not active; not resumed", "executionId", r.ID, "workflowId", r.WorkflowID)
			continue
		}
		s.scheduleResume(a, r.ID, *r.WaitTill)
	}
}

func (s *Server) activeByID(id string) *active {
	for _, a := range s.actives() {
		if a.wf.ID == id && id != "" {
			return a
		}
	}
	return nil
}

// resume goes on with parked execution id from its stored document,
// unless its run is in this process already.
func (s *Server) resume(id string) {
	if !s.accepting.Load() || !s.live.claim(id) {
		return
	}
	defer s.live.release(id)
	s.resumeClaimed(id)
}

// revive brings an execution parked in the store at a wait for a call (a
// webhook or a form: a previous process stored it, as n8n keeps such
// waits in its database) back into this process: its run goes on from the
// Wait or Form node, which waits for the call again, in memory. It tells
// whether the execution is (now) in this process; the caller then waits
// for it to reach s.parked (awaitPark).
func (s *Server) revive(ctx context.Context, id string) bool {
	g, ok := s.opts.Store.(recordGetter)
	if !ok || id == "" || !s.accepting.Load() || s.worker.Load() {
		return false
	}
	rec, err := g.Get(ctx, id)
	if err != nil || rec.Status != "waiting" || rec.WaitTill == nil || len(rec.Data) == 0 {
		// Without its document (parked while something of the run lived
		// only in memory) it cannot be resumed.
		return s.live.has(id)
	}
	if !s.live.claim(id) {
		return true
	}
	s.log.Info("execution parked in the store revived by a call", "executionId", id)
	go func() {
		defer s.live.release(id)
		s.resumeClaimed(id)
	}()
	return true
}

// awaitPark returns the execution id once its run waits for a call in
// this process; nil when the run ended or did not get there in time.
func (s *Server) awaitPark(r *http.Request, id string) *parkedExec {
	deadline := time.Now().Add(parkWait)
	for {
		if pe := s.parked.get(id); pe != nil {
			return pe
		}
		if !s.live.has(id) || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// resumeClaimed is resume for a caller holding id's live claim.
func (s *Server) resumeClaimed(id string) {
	l, ok := s.opts.Store.(recordLister)
	if !ok {
		return
	}
	rec, err := l.Get(context.Background(), id)
	if err != nil || rec.Status != "waiting" {
		if err != nil {
			s.log.Error("parked execution could not be read", "executionId", id, "error", err)
		}
		return
	}
	a := s.activeByID(rec.WorkflowID)
	if a == nil {
		s.log.Warn("parked execution's workflow is no longer active; not resumed", "executionId", id, "workflowId", rec.WorkflowID)
		return
	}
	res, err := engine.ParseResult(rec.Data)
	if err != nil {
		s.log.Error("parked execution could not be read", "executionId", id, "error", err)
		return
	}
	if res.WaitTill == nil {
		// The document holds n8n's shape, without waitTill: the record
		// has it (a wait's limit across a restart).
		res.WaitTill = rec.WaitTill
	}
	// The run lock is taken as for any execution (waiting for a running
	// one to end).
	a.lock.ch <- struct{}{}
	defer a.lock.Release()
	if !s.track.begin() {
		return
	}
	defer s.track.end()
	s.log.Info("parked execution resumed", "executionId", id, "workflow", a.wf.Name)
	s.runWith(context.WithValue(s.runCtx, lockHeldKey{}, a), id, rec.StartedAt, a, rec.Trigger, rec.Mode, nil, nil, res)
}

// liveSet holds the ids of the executions run by this process.
type liveSet struct {
	mu   sync.Mutex
	byID map[string]bool
}

// claim marks id as run here; false when it is already.
func (l *liveSet) claim(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byID[id] {
		return false
	}
	if l.byID == nil {
		l.byID = map[string]bool{}
	}
	l.byID[id] = true
	return true
}

func (l *liveSet) release(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byID, id)
}

func (l *liveSet) has(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byID[id]
}

// trackedSet holds the parked executions whose resume is scheduled here.
type trackedSet struct {
	mu   sync.Mutex
	byID map[string]time.Time
}

// add records id's resume at until; false when it is scheduled already.
func (ts *trackedSet) add(id string, until time.Time) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t, ok := ts.byID[id]; ok && t.Equal(until) {
		return false
	}
	if ts.byID == nil {
		ts.byID = map[string]time.Time{}
	}
	ts.byID[id] = until
	return true
}

func (ts *trackedSet) remove(id string, until time.Time) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if t, ok := ts.byID[id]; ok && t.Equal(until) {
		delete(ts.byID, id)
	}
}
