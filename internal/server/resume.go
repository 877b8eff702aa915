package server

import (
	"context"
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
// 65 s or more, as n8n): the store must give them back.
func (s *Server) canPark(id string) bool {
	_, ok := s.opts.Store.(recordLister)
	return ok && id != "" && s.opts.Queue == nil
}

// scheduleResume resumes the parked execution id at until (on the
// server's clock).
func (s *Server) scheduleResume(a *active, id string, until time.Time) {
	d := until.Sub(s.clock.Now())
	s.log.Info("execution parked", "executionId", id, "workflow", a.wf.Name, "resumeAt", until.UTC().Format(time.RFC3339))
	s.clock.AfterFunc(max(d, 0), func() { s.resume(id) })
}

// resumeParked schedules the executions a previous process parked (n8n's
// wait tracker); called by Start.
func (s *Server) resumeParked(ctx context.Context) {
	l, ok := s.opts.Store.(recordLister)
	if !ok || s.opts.Queue != nil {
		return
	}
	list, err := l.List(ctx, store.ListOptions{Status: "waiting"})
	if err != nil {
		s.log.Error("waiting executions could not be listed", "error", err)
		return
	}
	for _, r := range list {
		if r.WaitTill == nil || r.WaitTill.Year() >= 3000 {
			continue // waits for a call: kept in the process that was
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

// resume goes on with parked execution id from its stored document.
func (s *Server) resume(id string) {
	if !s.accepting.Load() {
		return
	}
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
