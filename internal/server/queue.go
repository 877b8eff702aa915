package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
)

// Queue mode (serve --queue): the instance holding the triggers stores
// each webhook execution as "new" with its start items and enqueues it;
// schedules enqueue one job per tick. Workers (n8n-go worker) take the
// jobs, run them with the same Server code and send webhook answers back
// through the database. internal/queue implements Queue on River.
type Queue interface {
	// EnqueueWebhook hands an execution stored by BeginQueued to a worker.
	EnqueueWebhook(ctx context.Context, executionID, workflow, node string) error
	// EnqueueSchedule enqueues one tick of a schedule; the same tick
	// enqueued by several instances runs once.
	EnqueueSchedule(ctx context.Context, workflow, node string, tick time.Time) error
	// AwaitAnswer waits for the webhook answer of an execution.
	AwaitAnswer(ctx context.Context, executionID string) (Answer, error)
}

// QueueBeginner is a Queue that stores a webhook execution as "new" and
// enqueues it in one transaction (internal/queue does); the server then
// needs no BeginQueued + EnqueueWebhook pair.
type QueueBeginner interface {
	BeginWebhook(ctx context.Context, r Record, input []byte, workflow, node string) (string, error)
}

// QueueStore is what queue mode needs from the store (store.DB).
type QueueStore interface {
	BeginQueued(ctx context.Context, r Record, input []byte) (string, error)
	Claim(ctx context.Context, id string) (Record, []byte, bool, error)
	SaveResponse(ctx context.Context, id string, answer []byte) error
}

// Answer is a webhook answer recorded by a worker and replayed by the
// instance holding the call.
type Answer struct {
	Code   int         `json:"code"`
	Header http.Header `json:"header,omitempty"`
	Body   []byte      `json:"body,omitempty"`
}

// ErrNoAnswer means the execution ended without a webhook answer (its
// worker died: it was marked crashed).
var ErrNoAnswer = errors.New("the execution ended without answering")

// ErrUnknownWorkflow means a job names a workflow this worker did not load.
var ErrUnknownWorkflow = errors.New("workflow not loaded by this worker")

func (s *Server) queueStore() (QueueStore, error) {
	qs, ok := s.opts.Store.(QueueStore)
	if !ok {
		return nil, errors.New("queue mode needs the database store")
	}
	return qs, nil
}

// WorkflowKey names a workflow in jobs: its id, else its name.
func WorkflowKey(a *active) string { return workflowLabel(a) }

func (s *Server) byKey(key string) *active {
	for _, a := range s.actives() {
		if WorkflowKey(a) == key {
			return a
		}
	}
	return nil
}

// enqueueWebhook is serveWebhook in queue mode, once the call was admitted
// and its item built.
func (s *Server) enqueueWebhook(w http.ResponseWriter, r *http.Request, rt *route, item data.Item) {
	qs, err := s.queueStore()
	if err != nil {
		errorResponse(w, http.StatusInternalServerError, err.Error(), "")
		return
	}
	if !s.track.begin() {
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	defer s.track.end()
	a := rt.wf
	log := s.log.With("workflow", a.wf.Name, "workflowId", a.wf.ID, "trigger", rt.node.Name)
	input, err := encodeItems([]data.Item{item})
	if err != nil {
		errorResponse(w, http.StatusInternalServerError, "Workflow Webhook Error: Workflow could not be started!", "")
		return
	}
	ctx := context.WithoutCancel(r.Context())
	rec := Record{WorkflowID: a.wf.ID, WorkflowName: a.wf.Name, WorkflowVersion: a.version,
		Mode: "webhook", Trigger: rt.node.Name, StartedAt: time.Now().UTC()}
	var id string
	if qb, ok := s.opts.Queue.(QueueBeginner); ok {
		// Nothing is stored or enqueued when this fails.
		id, err = qb.BeginWebhook(ctx, rec, input, WorkflowKey(a), rt.node.Name)
		if err == nil {
			log = log.With("executionId", id)
		}
	} else if id, err = qs.BeginQueued(ctx, rec, input); err == nil {
		log = log.With("executionId", id)
		err = s.opts.Queue.EnqueueWebhook(ctx, id, WorkflowKey(a), rt.node.Name)
		if err != nil {
			// Never enqueued: the record says so instead of staying
			// "new" (kept to retry while the database is away; a job
			// that was inserted after all is then skipped by Claim).
			s.store(ctx, log, Record{ID: id, WorkflowID: a.wf.ID, WorkflowName: a.wf.Name, WorkflowVersion: a.version,
				Mode: "webhook", Trigger: rt.node.Name, Status: "error", StoppedAt: time.Now().UTC(), Error: "could not be enqueued: " + err.Error()})
		}
	}
	if err != nil {
		log.Error("webhook call not enqueued", "error", err)
		w.Header().Set("Retry-After", "1")
		errorResponse(w, http.StatusServiceUnavailable, "Workflow Webhook Error: the execution could not be enqueued; try again", "")
		return
	}
	log.Info("execution enqueued")
	s.retryUnsaved(ctx)
	for _, h := range rt.cfg.ResponseHeaders {
		w.Header().Set(h[0], h[1])
	}
	if rt.cfg.ResponseMode == "onReceived" {
		s.respondOnReceived(w, &rt.cfg)
		return
	}
	// The answer comes from whichever worker ran it; a call whose client
	// left or whose instance shuts down stops waiting (the execution
	// still runs).
	wait, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-s.runCtx.Done():
			cancel()
		case <-wait.Done():
		}
	}()
	ans, err := s.opts.Queue.AwaitAnswer(wait, id)
	if err != nil {
		log.Warn("no webhook answer from the worker", "error", err)
		sendBody(w, http.StatusInternalServerError, data.ObjectOf("message", "Error in workflow"))
		return
	}
	for k, vs := range ans.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(ans.Code)
	_, _ = w.Write(ans.Body)
}

// enqueueTick is tick in queue mode.
func (s *Server) enqueueTick(a *active, node string, now time.Time) {
	if err := s.opts.Queue.EnqueueSchedule(s.runCtx, WorkflowKey(a), node, now); err != nil {
		s.log.Error("schedule tick not enqueued", "workflow", a.wf.Name, "node", node, "error", err)
	}
}

// WorkWebhook runs an enqueued webhook execution in a worker and sends its
// answer back. Executions no longer "new" (taken, or marked crashed) are
// skipped: an execution never runs twice.
func (s *Server) WorkWebhook(ctx context.Context, id, workflow, node string) error {
	qs, err := s.queueStore()
	if err != nil {
		return err
	}
	a := s.byKey(workflow)
	if a == nil {
		return fmt.Errorf("execution %s: workflow %q: %w", id, workflow, ErrUnknownWorkflow)
	}
	rt := a.hooks[node]
	if rt == nil {
		return fmt.Errorf("execution %s: workflow %q has no active webhook node %q", id, workflow, node)
	}
	s.retryUnsaved(ctx)
	rec, input, ok, err := qs.Claim(context.WithoutCancel(ctx), id)
	if err != nil {
		// The claim may have been written before the database went
		// away: the record is closed as an error (kept to retry), and
		// the job is not run anywhere else.
		s.store(ctx, s.log.With("executionId", id), Record{ID: id, WorkflowID: a.wf.ID, WorkflowName: a.wf.Name, WorkflowVersion: a.version,
			Mode: "webhook", Trigger: node, Status: "error", StoppedAt: time.Now().UTC(), Error: "the worker could not take the execution: " + err.Error()})
		return err
	}
	if !ok {
		s.log.Warn("enqueued execution skipped: it is no longer new", "executionId", id, "workflow", a.wf.Name)
		return nil
	}
	items, err := decodeItems(input)
	if err != nil {
		return fmt.Errorf("execution %s: start items: %w", id, err)
	}
	if !s.track.begin() {
		return errStopping
	}
	defer s.track.end()
	answer := func(rec *httptest.ResponseRecorder) {
		b, err := json.Marshal(Answer{Code: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
		if err == nil {
			err = qs.SaveResponse(context.WithoutCancel(ctx), id, b)
		}
		if err != nil {
			s.log.Error("webhook answer not sent back", "executionId", id, "error", err)
		}
	}
	started := rec.StartedAt
	switch rt.cfg.ResponseMode {
	case "onReceived":
		s.run(ctx, id, started, a, node, "webhook", items, nil)
	case "lastNode":
		s.run(ctx, id, started, a, node, "webhook", items, func(res *engine.Result) {
			rr := httptest.NewRecorder()
			s.respondLastNode(rr, &rt.cfg, res)
			answer(rr)
		})
	case "responseNode":
		var sent atomic.Bool
		rctx := respondtowebhook.WithResponder(ctx, func(resp respondtowebhook.Response) {
			if sent.Swap(true) {
				return
			}
			rr := httptest.NewRecorder()
			writeNodeResponse(rr, resp)
			answer(rr)
		})
		s.run(rctx, id, started, a, node, "webhook", items, func(*engine.Result) {
			// No Respond to Webhook node answered: an empty 200, as n8n.
			if !sent.Swap(true) {
				answer(httptest.NewRecorder())
			}
		})
	}
	return nil
}

// WorkSchedule runs one enqueued schedule tick in a worker.
func (s *Server) WorkSchedule(ctx context.Context, workflow, node string, tick time.Time) error {
	a := s.byKey(workflow)
	if a == nil {
		return fmt.Errorf("schedule tick: workflow %q: %w", workflow, ErrUnknownWorkflow)
	}
	if !s.track.begin() {
		return errStopping
	}
	defer s.track.end()
	s.execute(ctx, a, node, "trigger", []data.Item{tickItem(a, node, tick)})
	return nil
}

// Workflow reports whether the server loaded a workflow key (workers
// check jobs against it).
func (s *Server) Workflow(key string) (name string, ok bool) {
	if a := s.byKey(key); a != nil {
		return a.wf.Name, true
	}
	return "", false
}

func encodeItems(items []data.Item) ([]byte, error) {
	list := make([]any, len(items))
	for i, it := range items {
		o := data.ObjectOf("json", it.JSON)
		if it.Binary != nil {
			o.Set("binary", it.Binary)
		}
		list[i] = o
	}
	return data.MarshalValue(list)
}

func decodeItems(b []byte) ([]data.Item, error) {
	v, err := data.ParseJSON(b)
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	items := make([]data.Item, 0, len(list))
	for _, e := range list {
		o, _ := e.(*data.Object)
		j, _ := o.Value("json").(*data.Object)
		if j == nil {
			j = data.NewObject(0)
		}
		bin, _ := o.Value("binary").(*data.Object)
		items = append(items, data.Item{JSON: j, Binary: bin})
	}
	return items, nil
}
