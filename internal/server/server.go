// Package server is the `n8n-go serve` runtime: it activates the triggers of
// workflows (Schedule Trigger crons on gocron, Webhook routes on an HTTP
// server), runs webhook executions concurrently as n8n does (bounded only
// by Options.Concurrency), a schedule's ticks one at a time, and keeps
// each execution's run data in a Store. It knows trigger node types by
// name; the engine knows none.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/cron"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// Options configure a Server. Engine is required.
type Options struct {
	Engine      *engine.Engine
	Credentials engine.CredentialStore
	Logger      *slog.Logger
	// BaseURL is the public base of webhook URLs (default
	// http://localhost:5678), as n8n's WEBHOOK_URL.
	BaseURL string
	// Timezone is GENERIC_TIMEZONE (default America/New_York).
	Timezone string
	// Clock drives the schedules (tests pass a fake clock).
	Clock clockwork.Clock
	// Store keeps executions; nil keeps none.
	Store store.Executions
	// MaxBodyBytes limits webhook request bodies (default 16 MiB, n8n's
	// N8N_PAYLOAD_SIZE_MAX).
	MaxBodyBytes int64
	// MaxBodyMemory bounds the bytes of all webhook bodies being read at
	// once (default 16 × MaxBodyBytes); a call beyond it gets 503.
	MaxBodyMemory int64
	// Concurrency bounds the executions running at once (n8n's
	// N8N_CONCURRENCY_PRODUCTION_LIMIT); ≤ 0 is no limit, n8n's default.
	Concurrency int
	// QueueSize is how many webhook calls may wait for a free slot when
	// Concurrency executions run; beyond it, or with 0, calls get 429.
	QueueSize int
	// QueueTimeout is how long a queued webhook call (or schedule tick)
	// waits for a slot (default 30s).
	QueueTimeout time.Duration
	// Random picks the random second of schedules (tests fix it).
	Random scheduletrigger.RandomInt
	// Scrub removes the secrets n8n-go holds from the records it stores
	// (nil stores them as they are).
	Scrub Scrubber
	// Queue, when set, is queue mode: webhooks and schedule ticks are
	// enqueued for workers instead of run here (Store must be a
	// QueueStore).
	Queue Queue
	// CancelGrace is how long Shutdown waits for cancelled executions to
	// stop once its context ended (default 2s); executions still running
	// then are abandoned so the shutdown timeout holds.
	CancelGrace time.Duration
}

// Record is one stored execution.
type Record = store.Record

// errShuttingDown is why executions still running when the shutdown
// timeout ends are cancelled (n8n's SystemShutdownExecutionCancelledError).
var errShuttingDown = errors.New("The execution was cancelled because the system is shutting down")

// Scrubber removes secrets from text (credentials.Scrubber).
type Scrubber interface {
	String(string) string
	Bytes([]byte) []byte
}

// Server runs activated workflows.
type Server struct {
	opts  Options
	log   *slog.Logger
	clock clockwork.Clock
	sched gocron.Scheduler

	// mu guards workflows and routes, which Reload replaces while webhook
	// calls and schedule ticks read them.
	mu        sync.RWMutex
	workflows []*active
	routes    *routeTable
	// reloading serialises Reload calls.
	reloading sync.Mutex

	accepting atomic.Bool
	track     *tracker
	unsaved   unsaved
	// startRetries starts retryUnsavedLoop once (Start or StartWorker).
	startRetries sync.Once
	bodies       bodyBudget
	// runCtx is the parent of every execution; cancelled when shutdown
	// gives up waiting.
	runCtx    context.Context
	cancelRun context.CancelCauseFunc
	metrics   *metrics
	// parked are the executions waiting for a call to their resume URL.
	parked parkedSet
	// limit is Options.Concurrency (nil: none).
	limit *runLock
	// live are the executions whose run is in this process (a parked one
	// is resumed by one run only).
	live liveSet
	// worker is set by StartWorker (queue mode): waits are parked in the
	// database at once and the main instance resumes them, and static
	// data is read afresh for each execution (other workers change it).
	worker atomic.Bool
	// tracked are the parked executions whose resume is scheduled in
	// this process (queue mode's wait tracker schedules each once).
	tracked trackedSet
}

// active is one activated workflow.
type active struct {
	wf      *workflow.Workflow
	version string // the file's versionId
	// fingerprint identifies this version's content: Reload replaces a
	// workflow only when it changed.
	fingerprint string
	// jobs are the gocron jobs of its schedules, removed when the
	// workflow is replaced or removed.
	jobs   []uuid.UUID
	scheds []plannedSchedule
	// polls are its polling triggers (Gmail Trigger…), static the
	// workflow's static data they keep between polls.
	polls  []plannedPoll
	static *staticData
	hooks  map[string]*route     // webhook routes by node name
	forms  map[string]*formRoute // Form Triggers by node name
	// lock lets one scheduled run of the workflow go at a time (a tick
	// while the previous one runs is skipped); webhook runs do not take
	// it.
	lock *runLock
	loc  *time.Location
	// recurrence state per schedule node (n8n's node static data).
	mu    sync.Mutex
	state map[string]map[int]int
}

// New activates the workflows: every enabled Schedule Trigger and Webhook
// node. It fails when a workflow is invalid, a rule cannot be scheduled or
// two webhooks claim the same method and path.
func New(opts Options, workflows []*workflow.Workflow) (*Server, error) {
	if opts.Engine == nil {
		return nil, errors.New("server: Options.Engine is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.BaseURL == "" {
		opts.BaseURL = "http://localhost:5678"
	}
	if opts.Clock == nil {
		opts.Clock = clockwork.NewRealClock()
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 16 << 20
	}
	if opts.MaxBodyMemory <= 0 {
		opts.MaxBodyMemory = 16 * opts.MaxBodyBytes
	}
	if opts.QueueTimeout <= 0 {
		opts.QueueTimeout = 30 * time.Second
	}
	if opts.CancelGrace <= 0 {
		opts.CancelGrace = 2 * time.Second
	}
	s := &Server{opts: opts, log: opts.Logger, clock: opts.Clock, routes: newRouteTable(), track: newTracker(),
		bodies: bodyBudget{max: opts.MaxBodyMemory}, limit: newLimit(opts.Concurrency)}
	s.runCtx, s.cancelRun = context.WithCancelCause(context.Background())
	s.metrics = newMetrics(s)
	sched, err := gocron.NewScheduler(gocron.WithClock(opts.Clock), gocron.WithStopTimeout(time.Second))
	if err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	s.sched = sched
	for _, w := range workflows {
		a, err := s.prepare(w)
		if err == nil {
			err = s.routes.addActive(a)
		}
		if err == nil {
			err = s.startSchedules(a)
		}
		if err != nil {
			_ = sched.Shutdown()
			return nil, fmt.Errorf("workflow %q: %w", w.Name, err)
		}
		s.workflows = append(s.workflows, a)
	}
	return s, nil
}

// actives is the workflows served now.
func (s *Server) actives() []*active {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.workflows
}

// routeTable is the webhook routes served now.
func (s *Server) routeTable() *routeTable {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.routes
}

// plannedSchedule is one schedule rule of a prepared workflow.
type plannedSchedule struct {
	node string
	sc   scheduletrigger.Schedule
}

func (s *Server) params(n *workflow.Node) map[string]any {
	p := map[string]any{}
	if d, ok := s.opts.Engine.Registry().Describe(n.Type); ok && d.Defaults != nil {
		for k, v := range d.Defaults(n.TypeVersion) {
			p[k] = v
		}
	}
	for k, v := range n.Parameters.All() {
		p[k] = data.ToPlain(v)
	}
	return p
}

// prepare checks w and plans its triggers (schedules, webhook routes)
// without activating anything: New and Reload activate what it returns.
func (s *Server) prepare(w *workflow.Workflow) (*active, error) {
	if probs := s.opts.Engine.Validate(w); len(probs) > 0 {
		return nil, &engine.ValidationError{Problems: probs}
	}
	loc, err := scheduletrigger.Location(w.Settings.Timezone, s.opts.Timezone)
	if err != nil {
		return nil, err
	}
	a := &active{wf: w, lock: newRunLock(), loc: loc, state: map[string]map[int]int{}, hooks: map[string]*route{},
		forms: map[string]*formRoute{}, static: &staticData{},
		fingerprint: Fingerprint(w)}
	_ = json.Unmarshal(w.Extra["versionId"], &a.version)
	triggers := 0
	for _, n := range w.Nodes {
		if n.Disabled {
			continue
		}
		switch n.Type {
		case scheduletrigger.Type:
			scheds, err := scheduletrigger.Schedules(s.params(n), s.opts.Random)
			if err == nil {
				err = scheduletrigger.ValidateIntervals(s.params(n), n.TypeVersion)
			}
			if err != nil {
				return nil, fmt.Errorf("node %q: %w", n.Name, err)
			}
			for _, sc := range scheds {
				a.scheds = append(a.scheds, plannedSchedule{node: n.Name, sc: sc})
				triggers++
			}
		case cron.Type:
			scheds, err := cron.Schedules(s.params(n), s.opts.Random)
			if err != nil {
				return nil, fmt.Errorf("node %q: %w", n.Name, err)
			}
			for _, sc := range scheds {
				a.scheds = append(a.scheds, plannedSchedule{node: n.Name, sc: sc})
				triggers++
			}
		case webhook.Type:
			cfg, err := webhook.ConfigFor(s.params(n), n)
			if err != nil {
				return nil, fmt.Errorf("node %q: %w", n.Name, err)
			}
			if err := checkResponseMode(w, &cfg); err != nil {
				return nil, fmt.Errorf("node %q: %w", n.Name, err)
			}
			a.hooks[n.Name] = &route{cfg: cfg, wf: a, node: n}
			triggers++
		case formtrigger.Type:
			fr, err := s.formFor(a, n)
			if err != nil {
				return nil, err
			}
			a.forms[n.Name] = fr
			triggers++
		default:
			if polls, err := s.planPoll(a, n); polls || err != nil {
				if err != nil {
					return nil, err
				}
				triggers++
				continue
			}
			rt, err := s.hookRoute(a, n)
			if err != nil {
				return nil, fmt.Errorf("node %q: %w", n.Name, err)
			}
			if rt == nil {
				continue
			}
			a.hooks[n.Name] = rt
			triggers++
		}
	}
	if triggers == 0 {
		s.log.Warn("workflow has no schedule or webhook trigger; nothing to activate", "workflow", w.Name)
	}
	return a, nil
}

// startSchedules adds a's schedule jobs.
func (s *Server) startSchedules(a *active) error {
	for _, p := range a.scheds {
		if err := s.addSchedule(a, p.node, p.sc); err != nil {
			s.stopSchedules(a)
			return fmt.Errorf("node %q: %w", p.node, err)
		}
	}
	if err := s.addPolls(a); err != nil {
		s.stopSchedules(a)
		return err
	}
	return nil
}

// stopSchedules removes a's schedule jobs; an execution a tick started
// runs on.
func (s *Server) stopSchedules(a *active) {
	for _, id := range a.jobs {
		if err := s.sched.RemoveJob(id); err != nil {
			s.log.Warn("schedule could not be removed", "workflow", a.wf.Name, "error", err)
		}
	}
	a.jobs = nil
}

// checkResponseMode is n8n's checkResponseModeConfiguration (v2+), done at
// activation instead of on each call.
func checkResponseMode(w *workflow.Workflow, cfg *webhook.Config) error {
	if cfg.Version < 2 {
		return nil
	}
	connected := false
	for _, name := range descendants(w, cfg.Node) {
		if n := w.Node(name); n != nil && n.Type == "n8n-nodes-base.respondToWebhook" {
			connected = true
		}
	}
	if !connected && cfg.ResponseMode == "responseNode" {
		return errors.New("No Respond to Webhook node found in the workflow")
	}
	if connected && cfg.ResponseMode != "responseNode" {
		return errors.New("Unused Respond to Webhook node found in the workflow")
	}
	return nil
}

func descendants(w *workflow.Workflow, start string) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	var out []string
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, outs := range w.Outputs(cur) {
			for _, c := range outs {
				if !seen[c.Node] {
					seen[c.Node] = true
					out = append(out, c.Node)
					queue = append(queue, c.Node)
				}
			}
		}
	}
	return out
}

func (s *Server) addSchedule(a *active, node string, sc scheduletrigger.Schedule) error {
	cron := "CRON_TZ=" + a.loc.String() + " " + sc.Cron
	job, err := s.sched.NewJob(gocron.CronJob(cron, true), gocron.NewTask(func() { s.tick(a, node, sc) }),
		gocron.WithName(a.wf.Name+"/"+node),
		gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		return fmt.Errorf("schedule %q: %w", sc.Cron, err)
	}
	a.jobs = append(a.jobs, job.ID())
	s.log.Info("schedule activated", "workflow", a.wf.Name, "node", node, "cron", sc.Cron, "timezone", a.loc.String())
	return nil
}

// tick is one firing of a schedule rule.
func (s *Server) tick(a *active, node string, sc scheduletrigger.Schedule) {
	if !s.accepting.Load() {
		return
	}
	now := s.clock.Now().In(a.loc)
	a.mu.Lock()
	st := a.state[node]
	if st == nil {
		st = map[int]int{}
		a.state[node] = st
	}
	run := sc.Recurrence.Check(now, st)
	a.mu.Unlock()
	if !run {
		return
	}
	if s.opts.Queue != nil {
		s.enqueueTick(a, node, now)
		return
	}
	if !a.lock.TryAcquire() {
		s.log.Warn("schedule tick skipped: the previous execution is still running", "workflow", a.wf.Name, "node", node)
		return
	}
	defer a.lock.Release()
	// A tick waits for a slot as long as a webhook call would; n8n queues
	// it without bound.
	if err := s.limit.Acquire(s.runCtx, s.track.closing, math.MaxInt32, s.opts.QueueTimeout); err != nil {
		s.log.Warn("schedule tick skipped: no execution slot became free", "workflow", a.wf.Name, "node", node, "limit", s.opts.Concurrency, "error", err)
		return
	}
	defer s.limit.Release()
	if !s.track.begin() {
		return
	}
	defer s.track.end()
	s.executeLocked(s.runCtx, a, node, "trigger", []data.Item{tickItem(a, node, now)})
}

// busyMessage answers a webhook call refused for want of a slot.
func (s *Server) busyMessage() string {
	return fmt.Sprintf("%d executions are running (the concurrency limit); try again later", s.opts.Concurrency)
}

// tickItem is what a schedule tick emits: the legacy Cron node's empty
// item, or the Schedule Trigger's date fields.
func tickItem(a *active, node string, t time.Time) data.Item {
	if n := a.wf.Node(node); n != nil && n.Type == cron.Type {
		return cron.Item()
	}
	return scheduletrigger.Item(t.In(a.loc), a.loc)
}

// execute runs the workflow from node and stores the execution.
func (s *Server) execute(ctx context.Context, a *active, node, mode string, items []data.Item) *engine.Result {
	id, started := s.begin(a, node, mode)
	return s.run(ctx, id, started, a, node, mode, items, nil)
}

// begin stores a new execution as running and returns its id ("" when it
// could not be stored) and start time.
func (s *Server) begin(a *active, node, mode string) (string, time.Time) {
	id := ""
	started := time.Now()
	if s.opts.Store != nil {
		var err error
		// The record is written even when the execution is cancelled.
		id, err = s.opts.Store.Begin(context.Background(), Record{WorkflowID: a.wf.ID, WorkflowName: a.wf.Name,
			WorkflowVersion: a.version, Mode: mode, Trigger: node, StartedAt: started.UTC()})
		if err != nil {
			s.log.Error("execution record could not be written", "workflow", a.wf.Name, "workflowId", a.wf.ID, "trigger", node, "error", err)
		}
	}
	return id, started
}

// run runs the workflow from node as execution id (already stored as
// running, or "" when it could not be) and stores the execution; ended,
// if set, sees the result before it is stored (a worker sends the webhook
// answer first, so whoever sees the record finished finds the answer).
func (s *Server) run(ctx context.Context, id string, started time.Time, a *active, node, mode string, items []data.Item, ended func(*engine.Result)) *engine.Result {
	return s.runWith(ctx, id, started, a, node, mode, items, ended, nil)
}

// runWith is run, going on with a parked execution when resume is set.
func (s *Server) runWith(ctx context.Context, id string, started time.Time, a *active, node, mode string, items []data.Item, ended func(*engine.Result), resume *engine.Result) *engine.Result {
	// executionId and workflowId as in n8n's JSON logs.
	log := s.log.With("workflow", a.wf.Name, "workflowId", a.wf.ID, "trigger", node, "executionId", id)
	if resume == nil && id != "" {
		// A resumed run's caller holds the claim (see Server.resume).
		s.live.claim(id)
		defer s.live.release(id)
	}
	s.metrics.begin(a)
	log.Info("execution started")
	ctx, h := s.newExecHandle(ctx, a, id, Record{Mode: mode, Trigger: node, StartedAt: started.UTC()})
	static, staticBefore := s.runStatic(ctx, a, mode)
	res, err := s.opts.Engine.Run(ctx, a.wf, engine.RunOptions{Mode: mode, Start: node, StartItems: items, ExecutionID: id,
		CanPark: s.canPark(id), Resume: resume, StaticData: static})
	h.keepFailedFormRun(res)
	h.finish(res)
	if err == nil {
		s.endStatic(ctx, a, static, staticBefore)
	}
	rec := Record{ID: id, WorkflowID: a.wf.ID, WorkflowName: a.wf.Name, WorkflowVersion: a.version, Mode: mode, Trigger: node, StartedAt: started.UTC(), StoppedAt: time.Now().UTC()}
	switch {
	case err != nil:
		rec.Status, rec.Error = "error", err.Error()
		log.Error("execution could not start", "error", err)
	default:
		rec.Status, rec.StartedAt, rec.StoppedAt = res.Status, res.StartedAt, res.StoppedAt
		rec.WaitTill = res.WaitTill
		if e := res.Data.ResultData.Error; e != nil {
			rec.Error = e.Message
		}
		var buf bytes.Buffer
		if mErr := res.WriteJSON(&buf); mErr == nil {
			rec.Data = bytes.TrimRight(buf.Bytes(), "\n")
		} else {
			log.Error("run data could not be encoded", "error", mErr)
		}
		lvl := slog.LevelInfo
		if res.Status != "success" {
			lvl = slog.LevelWarn
		}
		log.Log(ctx, lvl, "execution finished", "status", res.Status, "error", rec.Error, "duration", rec.StoppedAt.Sub(rec.StartedAt).String())
	}
	if s.opts.Scrub != nil {
		rec.Error = s.opts.Scrub.String(rec.Error)
		rec.Data = s.opts.Scrub.Bytes(rec.Data)
	}
	s.metrics.end(a, rec.Status, rec.StoppedAt.Sub(rec.StartedAt))
	if ended != nil {
		ended(res)
	}
	if s.opts.Store != nil {
		s.store(ctx, log, rec)
	}
	if err == nil && res.Status == "waiting" && res.WaitTill != nil {
		// A worker leaves it to the main instance's wait tracker.
		if res.WaitTill.Year() < 3000 && !s.worker.Load() {
			s.scheduleResume(a, id, *res.WaitTill)
		}
		return res
	}
	if err == nil {
		s.startErrorWorkflow(ctx, a, res, mode, id)
	}
	return res
}

// StartWorker makes a queue-mode worker ready: it activates nothing (the
// main instance holds the triggers) and runs what WorkWebhook and
// WorkSchedule are given.
func (s *Server) StartWorker() {
	s.worker.Store(true)
	s.accepting.Store(true)
	s.startRetries.Do(func() { go s.retryUnsavedLoop(s.runCtx) })
}

// Start starts the schedules and registers the triggers served as
// webhooks of outside services (a failed registration is logged, as n8n
// logs a workflow that could not be activated). Webhooks are served by
// Handler.
func (s *Server) Start() {
	s.accepting.Store(true)
	for _, a := range s.actives() {
		s.activatePolls(a)
	}
	s.sched.Start()
	s.startRetries.Do(func() { go s.retryUnsavedLoop(s.runCtx) })
	s.createHooks(s.runCtx)
	s.resumeParked(s.runCtx)
	if s.opts.Queue != nil {
		s.trackWaits(s.runCtx)
	}
}

// Shutdown stops accepting work and waits for running executions until ctx
// ends, then cancels them.
func (s *Server) Shutdown(ctx context.Context) error {
	s.accepting.Store(false)
	s.track.close()
	s.deleteHooks(ctx)
	schedErr := s.sched.StopJobs()
	var err error
	if s.track.wait(ctx) != nil {
		s.cancelRun(errShuttingDown)
		// An execution busy in code that does not observe its context
		// must not hold the process past the shutdown timeout: it is
		// abandoned (its record stays "running" and is marked crashed
		// when the store is opened next).
		grace, cancel := context.WithTimeout(context.Background(), s.opts.CancelGrace)
		if s.track.wait(grace) != nil {
			err = fmt.Errorf("shutdown: %d running executions did not stop within %s of being cancelled and were abandoned: %w", s.track.running(), s.opts.CancelGrace, ctx.Err())
		} else {
			err = fmt.Errorf("shutdown: running executions were cancelled: %w", ctx.Err())
		}
		cancel()
	}
	s.cancelRun(errShuttingDown)
	if e := s.sched.Shutdown(); e != nil && schedErr == nil {
		schedErr = e
	}
	if schedErr != nil && err == nil && !strings.Contains(schedErr.Error(), "not running") {
		err = fmt.Errorf("shutdown: scheduler: %w", schedErr)
	}
	return err
}

// Routes lists the registered webhooks as "METHOD /webhook/route".
func (s *Server) Routes() []string { return s.routeTable().list() }

// NextRuns lists the next run time of every schedule job.
func (s *Server) NextRuns() map[string]time.Time {
	out := map[string]time.Time{}
	for _, j := range s.sched.Jobs() {
		if t, err := j.NextRun(); err == nil {
			out[j.Name()] = t
		}
	}
	return out
}
