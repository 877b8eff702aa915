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
	ss, _ := s.opts.Store.(StaticStore)
	id := staticKey(a.wf)
	if !st.loaded {
		st.obj = data.NewObject(0)
		if ss != nil {
			raw, err := ss.StaticData(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("static data could not be read: %w", err)
			}
			if len(raw) > 0 {
				v, err := data.ParseJSON(raw)
				if o, ok := v.(*data.Object); err == nil && ok {
					st.obj = o
				}
			}
		}
		st.loaded = true
	}
	before, _ := data.MarshalValue(st.obj)
	items, err := s.opts.Engine.Poll(ctx, a.wf, node, st.obj)
	after, mErr := data.MarshalValue(st.obj)
	if ss != nil && mErr == nil && !bytes.Equal(before, after) {
		if sErr := ss.SetStaticData(context.WithoutCancel(ctx), id, after); sErr != nil {
			s.log.Error("static data could not be stored; a restart may emit items again", "workflow", a.wf.Name, "error", sErr)
		}
	}
	return items, err
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
