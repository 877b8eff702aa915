package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
	"github.com/n8n-go/n8n-go/nodes/wait"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// execHandle is what a running execution gives its Wait nodes: it parks
// the execution at /webhook-waiting/<id> and routes the responses of
// Respond to Webhook nodes to the call that resumed it.
type execHandle struct {
	s  *Server
	a  *active
	id string
	// rec holds the record's mode, trigger and start for saveWaiting.
	rec Record

	mu sync.Mutex
	// respond is where a Respond to Webhook node's response goes now: the
	// starting call's responder, then each resuming call's.
	respond respondtowebhook.Responder
	done    chan struct{} // closed when the run ended
	res     *engine.Result
	// failedForm names the waiting Form node that could not serve its
	// page (formNodeError): n8n stores that execution's run data as that
	// node's failed run alone.
	failedForm string
}

// setFailedForm records that the waiting form node failed its request.
func (h *execHandle) setFailedForm(node string) {
	h.mu.Lock()
	h.failedForm = node
	h.mu.Unlock()
}

// keepFailedFormRun makes the run data of an execution failed by its
// waiting form node what n8n stores: only that node's failed run, as the
// execution's first (n8n rebuilds the run data when a waiting webhook
// throws).
func (h *execHandle) keepFailedFormRun(res *engine.Result) {
	h.mu.Lock()
	node := h.failedForm
	h.mu.Unlock()
	if node == "" || res == nil || res.Data.ResultData.LastNodeExecuted != node {
		return
	}
	runs := res.Data.ResultData.RunData[node]
	if len(runs) == 0 || runs[len(runs)-1].Error == nil {
		return
	}
	last := runs[len(runs)-1]
	last.ExecutionIndex = 0
	res.Data.ResultData.RunData = map[string][]*engine.TaskData{node: {last}}
}

// resumeCall is a call that resumed a parked execution.
type resumeCall struct {
	items []data.Item
	// err fails the waiting node instead (n8n fails the execution when
	// the node cannot serve its waiting webhook).
	err error
}

// parkedExec is an execution waiting for its resume call.
type parkedExec struct {
	h     *execHandle
	p     wait.Parked
	calls chan resumeCall // buffered: the one call that resumes it
}

// parkedSet holds the parked executions by id.
type parkedSet struct {
	mu   sync.Mutex
	byID map[string]*parkedExec
}

func (ps *parkedSet) put(pe *parkedExec) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.byID == nil {
		ps.byID = map[string]*parkedExec{}
	}
	ps.byID[pe.p.ExecutionID] = pe
}

func (ps *parkedSet) get(id string) *parkedExec {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.byID[id]
}

// take removes pe if it is still parked; false when another call or the
// limit time resumed it first.
func (ps *parkedSet) take(pe *parkedExec) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.byID[pe.p.ExecutionID] != pe {
		return false
	}
	delete(ps.byID, pe.p.ExecutionID)
	return true
}

// newExecHandle wraps ctx for a run: Wait nodes park through the handle
// and Respond to Webhook nodes answer through it.
func (s *Server) newExecHandle(ctx context.Context, a *active, id string, rec Record) (context.Context, *execHandle) {
	h := &execHandle{s: s, a: a, id: id, rec: rec, respond: respondtowebhook.ResponderFrom(ctx), done: make(chan struct{})}
	ctx = wait.WithWaiter(ctx, h)
	ctx = respondtowebhook.WithRelay(ctx, h.relay)
	return ctx, h
}

func (h *execHandle) relay(resp respondtowebhook.Response) {
	h.mu.Lock()
	r := h.respond
	h.mu.Unlock()
	if r != nil {
		r(resp)
	}
}

func (h *execHandle) finish(res *engine.Result) {
	h.res = res
	close(h.done)
}

// Await parks the execution until a matching call to its resume URL, the
// limit time, cancellation or shutdown. The workflow's run lock is given
// up while it waits (a parked execution is not running, as in n8n, where
// it lives only in the database) and taken again before the run goes on.
func (h *execHandle) Await(ctx context.Context, p wait.Parked) ([]data.Item, error) {
	s := h.s
	if h.id == "" {
		return nil, errors.New("the execution has no id (its record could not be stored), so it cannot be resumed by a call")
	}
	if s.worker.Load() {
		// Queue mode: the call (or the form) reaches the main instance,
		// which revives the execution from the database, as n8n's main
		// finds a waiting execution there; the worker lets it go.
		if p.Snapshot == nil {
			return nil, errors.New("this execution waits for a call, which reaches the main instance, but it cannot be parked in the database")
		}
		return nil, wait.ErrParked
	}
	pe := &parkedExec{h: h, p: p, calls: make(chan resumeCall, 1)}
	s.parked.put(pe)
	s.saveWaiting(ctx, h, p.Until, p.Snapshot)
	s.log.Info("execution waiting for its resume call", "executionId", h.id, "workflow", h.a.wf.Name, "node", p.Node.Name)
	var timeout <-chan time.Time
	if !p.Until.IsZero() {
		t := s.clock.NewTimer(p.Until.Sub(p.Now))
		defer t.Stop()
		timeout = t.Chan()
	}
	if held, _ := ctx.Value(lockHeldKey{}).(*active); held == h.a {
		h.a.lock.Release()
		// Taken back unconditionally: the caller releases it when the
		// run ends, and the holder now is a run that ends (or is
		// cancelled at shutdown).
		defer func() { h.a.lock.ch <- struct{}{} }()
	}
	parkedOut := false
	defer func() {
		if !parkedOut {
			s.saveResumed(ctx, h)
		}
	}()
	select {
	case call := <-pe.calls:
		return call.items, call.err
	case <-timeout:
		if s.parked.take(pe) {
			return nil, nil
		}
		// A call claimed it at the same moment: it wins.
		return (<-pe.calls).items, nil
	case <-ctx.Done():
		s.parked.take(pe)
		return nil, context.Cause(ctx)
	case <-s.track.closing:
		if s.parked.take(pe) {
			if p.Snapshot != nil {
				// Its document is in the store: the run ends "waiting"
				// and the next process resumes it.
				parkedOut = true
				return nil, wait.ErrParked
			}
			return nil, errShuttingDown
		}
		return (<-pe.calls).items, nil
	}
}

// saveWaiting records the execution as waiting (n8n's status "waiting"
// with waitTill; indefinitely is n8n's WAIT_INDEFINITELY, 3000-01-01),
// with the document to resume it from when the run could park (snap).
func (s *Server) saveWaiting(ctx context.Context, h *execHandle, until time.Time, snap *engine.Result) {
	if s.opts.Store == nil {
		return
	}
	if until.IsZero() {
		until = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	u := until.UTC()
	rec := h.rec
	rec.ID, rec.WorkflowID, rec.WorkflowName, rec.WorkflowVersion = h.id, h.a.wf.ID, h.a.wf.Name, h.a.version
	rec.Status, rec.WaitTill = "waiting", &u
	if snap != nil {
		var buf bytes.Buffer
		if err := snap.WriteJSON(&buf); err != nil {
			s.log.Warn("waiting execution's data could not be encoded; it will not survive a restart", "executionId", h.id, "error", err)
		} else {
			rec.Data = bytes.TrimRight(buf.Bytes(), "\n")
			if s.opts.Scrub != nil {
				rec.Data = s.opts.Scrub.Bytes(rec.Data)
			}
		}
	}
	if err := s.opts.Store.Save(context.WithoutCancel(ctx), rec); err != nil {
		s.log.Warn("waiting execution could not be recorded", "executionId", h.id, "error", err)
	}
}

// saveResumed records the execution as running again.
func (s *Server) saveResumed(ctx context.Context, h *execHandle) {
	if s.opts.Store == nil {
		return
	}
	rec := h.rec
	rec.ID, rec.WorkflowID, rec.WorkflowName, rec.WorkflowVersion = h.id, h.a.wf.ID, h.a.wf.Name, h.a.version
	rec.Status = "running"
	if err := s.opts.Store.Save(context.WithoutCancel(ctx), rec); err != nil {
		s.log.Warn("resumed execution could not be recorded", "executionId", h.id, "error", err)
	}
}

// recordGetter is a store that can read one execution back.
type recordGetter interface {
	Get(ctx context.Context, id string) (store.Record, error)
}

// serveWaiting serves /webhook-waiting/<executionId>[/<suffix>]: the call
// that resumes an execution parked at a Wait node (resume "webhook"), as
// n8n's WaitingWebhooks.
func (s *Server) serveWaiting(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodOptions && !webhookMethods[r.Method] {
		errorResponse(w, http.StatusInternalServerError, fmt.Sprintf("The method %s is not supported.", r.Method), "")
		return
	}
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/webhook-waiting/"), "/")
	id, suffix, _ := strings.Cut(rest, "/")
	if r.Header.Get("Origin") != "" {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !s.accepting.Load() {
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	pe := s.parked.get(id)
	if pe == nil && s.revive(r.Context(), id) {
		pe = s.awaitPark(r, id)
	}
	if pe != nil && pe.p.Custom != nil {
		s.serveCustomWait(w, r, pe, suffix)
		return
	}
	if pe == nil || pe.p.Form != nil {
		s.notWaiting(w, r, id)
		return
	}
	cfg := &pe.p.Hook
	if suffix != cfg.Path || !slices.Contains(cfg.Methods, r.Method) {
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The workflow for execution %q does not contain a waiting webhook with a matching path/method.", id), "")
		return
	}
	rt := &route{cfg: *cfg, wf: pe.h.a, node: pe.p.Node}
	if err := cfg.Admit(r, pe.p.Node, s.opts.Credentials); err != nil {
		s.reject(w, rt, err)
		return
	}
	body, ok := s.receiveBody(w, r)
	if !ok {
		return
	}
	item, err := cfg.Receive(r.Context(), webhook.Request{HTTP: r, Body: body, WebhookURL: cfg.URL(s.opts.BaseURL), Mode: pe.p.Mode}, pe.p.Node, s.opts.Credentials)
	if err != nil {
		s.reject(w, rt, err)
		return
	}
	h := pe.h
	var got chan respondtowebhook.Response
	if cfg.ResponseMode == "responseNode" {
		got = make(chan respondtowebhook.Response, 1)
		var once sync.Once
		h.mu.Lock()
		h.respond = func(resp respondtowebhook.Response) { once.Do(func() { got <- resp }) }
		h.mu.Unlock()
	}
	if !s.parked.take(pe) {
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q is running already.", id), "")
		return
	}
	pe.calls <- resumeCall{items: []data.Item{item}}
	for _, hd := range cfg.ResponseHeaders {
		w.Header().Set(hd[0], hd[1])
	}
	switch cfg.ResponseMode {
	case "lastNode":
		<-h.done
		s.respondLastNode(w, cfg, h.res)
	case "responseNode":
		select {
		case resp := <-got:
			writeNodeResponse(w, resp)
		case <-h.done:
			select {
			case resp := <-got:
				writeNodeResponse(w, resp)
			default:
				w.WriteHeader(http.StatusOK)
			}
		}
	default:
		s.respondOnReceived(w, cfg)
	}
}

// notWaiting answers a resume call for an execution that is not parked,
// with n8n's messages.
func (s *Server) notWaiting(w http.ResponseWriter, r *http.Request, id string) {
	g, ok := s.opts.Store.(recordGetter)
	if !ok || id == "" {
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The execution %q does not exist.", id), "")
		return
	}
	rec, err := g.Get(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The execution %q does not exist.", id), "")
	case err != nil:
		s.log.Error("execution could not be read", "executionId", id, "error", err)
		errorResponse(w, http.StatusInternalServerError, "Execution could not be read", "")
	case rec.Status == "running" || rec.Status == "new":
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q is running already.", id), "")
	case rec.Error != "":
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q has finished with error.", id), "")
	case rec.Status == "waiting":
		// Parked without its document (something of the run could
		// not be stored) by a process that is gone.
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q is waiting, but not in this process; it cannot be resumed.", id), "")
	default:
		// n8n's message lacks the closing quote.
		errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution \"%s has finished already.", id), "")
	}
}

// lockHeldKey marks a run whose caller holds the workflow's run lock.
type lockHeldKey struct{}

// executeLocked is execute for a caller that holds a's run lock: a Wait
// in the run gives the lock up while the execution is parked.
func (s *Server) executeLocked(ctx context.Context, a *active, node, mode string, items []data.Item) *engine.Result {
	return s.execute(context.WithValue(ctx, lockHeldKey{}, a), a, node, mode, items)
}

// serveCustomWait answers a call to an execution parked at a node that
// answers its own resume calls (a "send and wait" operation): the
// signature checked first (401 {"error":"Invalid token"}, as n8n), then
// the path and method, then the node's answer; a call that resumes the
// execution hands it the node's items.
func (s *Server) serveCustomWait(w http.ResponseWriter, r *http.Request, pe *parkedExec, suffix string) {
	cw := pe.p.Custom
	if cw.Signed && !s.opts.Engine.VerifyResumeSignature(r.Host, r.URL.RequestURI()) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"Invalid token"}`))
		return
	}
	if suffix != cw.Path || !slices.Contains(cw.Methods, r.Method) {
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The workflow for execution %q does not contain a waiting webhook with a matching path/method.", pe.p.ExecutionID), "")
		return
	}
	body, ok := s.receiveBody(w, r)
	if !ok {
		return
	}
	ans, items := cw.Handle(r, body)
	if items != nil {
		if !s.parked.take(pe) {
			errorResponse(w, http.StatusConflict, fmt.Sprintf("The execution %q is running already.", pe.p.ExecutionID), "")
			return
		}
		pe.calls <- resumeCall{items: items}
	}
	for _, hd := range ans.Header {
		w.Header().Set(hd[0], hd[1])
	}
	if ans.ContentType != "" {
		w.Header().Set("Content-Type", ans.ContentType)
	}
	if ans.Status == 0 {
		ans.Status = http.StatusOK
	}
	w.WriteHeader(ans.Status)
	w.Write(ans.Body)
}
