package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/cron"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
)

// StaticStore keeps workflows' static data (n8n's workflow.staticData),
// where polling triggers remember what they have seen: a store that
// implements it (store.DB, SQLite and PostgreSQL) makes a restart of serve
// not emit old items again.
type StaticStore interface {
	StaticData(ctx context.Context, workflowID string) (json.RawMessage, error)
	SetStaticData(ctx context.Context, workflowID string, data json.RawMessage) error
}

// plannedPoll is one polling trigger of a prepared workflow.
type plannedPoll struct {
	node   string
	scheds []scheduletrigger.Schedule
}

// staticData is a workflow's static data, loaded from the store at the
// first poll; mu also serialises the polls of the workflow.
type staticData struct {
	mu     sync.Mutex
	obj    *data.Object
	loaded bool
}

// planPoll plans n's polls when its type is a polling trigger.
func (s *Server) planPoll(a *active, n *workflow.Node) (bool, error) {
	if !s.opts.Engine.IsPollTrigger(n) {
		return false, nil
	}
	scheds, err := cron.PollSchedules(s.params(n), s.opts.Random)
	if err != nil {
		return true, fmt.Errorf("node %q: %w", n.Name, err)
	}
	a.polls = append(a.polls, plannedPoll{node: n.Name, scheds: scheds})
	return true, nil
}

// addPolls adds the cron jobs of a's polling triggers.
func (s *Server) addPolls(a *active) error {
	for _, p := range a.polls {
		for _, sc := range p.scheds {
			node := p.node
			expr := "CRON_TZ=" + a.loc.String() + " " + sc.Cron
			job, err := s.sched.NewJob(gocron.CronJob(expr, true), gocron.NewTask(func() { s.poll(a, node) }),
				gocron.WithName(a.wf.Name+"/"+node),
				gocron.WithSingletonMode(gocron.LimitModeReschedule))
			if err != nil {
				return fmt.Errorf("node %q: poll time %q: %w", node, sc.Cron, err)
			}
			a.jobs = append(a.jobs, job.ID())
			s.log.Info("polling activated", "workflow", a.wf.Name, "node", node, "cron", sc.Cron, "timezone", a.loc.String())
		}
	}
	return nil
}

// activatePolls polls each of a's polling triggers once, as n8n does when
// it activates a workflow (it learns the starting point: the Gmail
// Trigger's lastTimeChecked, the Sheets Trigger's last row).
func (s *Server) activatePolls(a *active) {
	for _, p := range a.polls {
		s.poll(a, p.node)
	}
}

// poll runs one poll of node and, when it returns items, an execution
// started from them (mode "trigger"). The static data the poll changed is
// stored before the execution starts.
func (s *Server) poll(a *active, node string) {
	if !s.accepting.Load() || !s.track.begin() {
		return
	}
	defer s.track.end()
	log := s.log.With("workflow", a.wf.Name, "workflowId", a.wf.ID, "node", node)
	items, err := s.pollOnce(s.runCtx, a, node)
	if err != nil {
		log.Error("polling trigger failed", "error", s.scrub(err.Error()))
		return
	}
	if items == nil {
		return
	}
	// Items polled are not dropped when a run of the workflow is still
	// going: the execution waits its turn.
	if err := a.lock.Acquire(s.runCtx, s.track.closing, 1<<20, 24*time.Hour); err != nil {
		log.Error("polled items were not run: the previous execution did not end", "items", len(items), "error", err)
		return
	}
	defer a.lock.Release()
	s.execute(s.runCtx, a, node, "trigger", items)
}

// pollOnce polls node with the workflow's static data and stores the data
// when the poll changed it.
func (s *Server) pollOnce(ctx context.Context, a *active, node string) ([]data.Item, error) {
	st := a.static
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := s.loadStatic(ctx, a); err != nil {
		return nil, err
	}
	before, _ := data.MarshalValue(st.obj)
	items, err := s.opts.Engine.Poll(ctx, a.wf, node, st.obj)
	s.saveStatic(ctx, a, st.obj, before)
	return items, err
}

// loadStatic reads the workflow's static data from the store the first
// time it is needed; a.static.mu is held.
func (s *Server) loadStatic(ctx context.Context, a *active) error {
	st := a.static
	if st.loaded {
		return nil
	}
	st.obj = data.NewObject(0)
	if ss, ok := s.opts.Store.(StaticStore); ok {
		raw, err := ss.StaticData(ctx, staticKey(a.wf))
		if err != nil {
			return fmt.Errorf("static data could not be read: %w", err)
		}
		if len(raw) > 0 {
			v, err := data.ParseJSON(raw)
			if o, ok := v.(*data.Object); err == nil && ok {
				st.obj = o
			}
		}
	}
	st.loaded = true
	return nil
}

// saveStatic stores obj as the workflow's static data when its JSON is not
// before; a.static.mu is held.
func (s *Server) saveStatic(ctx context.Context, a *active, obj *data.Object, before []byte) {
	after, err := data.MarshalValue(obj)
	if err != nil || bytes.Equal(before, after) {
		return
	}
	a.static.obj = obj
	if ss, ok := s.opts.Store.(StaticStore); ok {
		if err := ss.SetStaticData(context.WithoutCancel(ctx), staticKey(a.wf), after); err != nil {
			s.log.Error("static data could not be stored; a restart may emit items again", "workflow", a.wf.Name, "error", err)
		}
	}
}

// runStatic is the static data an execution in mode starts with: a copy
// of the workflow's, and its JSON to see later whether the run changed it.
// Manual executions get none kept, as n8n saves static data only after
// production executions.
func (s *Server) runStatic(ctx context.Context, a *active, mode string) (*data.Object, []byte) {
	if mode == "manual" || a.static == nil {
		return nil, nil
	}
	st := a.static
	st.mu.Lock()
	defer st.mu.Unlock()
	if s.worker.Load() {
		// Other workers may have changed it since this one last read it.
		st.loaded = false
	}
	if err := s.loadStatic(ctx, a); err != nil {
		s.log.Error("static data could not be read; the execution starts without it", "workflow", a.wf.Name, "error", err)
		return nil, nil
	}
	before, err := data.MarshalValue(st.obj)
	if err != nil {
		return nil, nil
	}
	return data.CloneObject(st.obj), before
}

// endStatic keeps what an execution changed in the workflow's static data.
// Concurrent executions each start from the data as it was: the last to
// end wins, as in n8n, which saves the whole object after each execution.
func (s *Server) endStatic(ctx context.Context, a *active, obj *data.Object, before []byte) {
	if obj == nil {
		return
	}
	st := a.static
	st.mu.Lock()
	defer st.mu.Unlock()
	s.saveStatic(ctx, a, obj, before)
}

// staticKey is the workflow's key in the static data table: its id, else
// its name.
func staticKey(w *workflow.Workflow) string {
	if w.ID != "" {
		return w.ID
	}
	return "name:" + w.Name
}

// scrub removes secrets from a text that is logged.
func (s *Server) scrub(t string) string {
	if s.opts.Scrub != nil {
		return s.opts.Scrub.String(t)
	}
	return t
}
