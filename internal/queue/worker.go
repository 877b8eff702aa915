package queue

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/n8n-go/n8n-go/internal/server"
)

// Worker runs enqueued executions (n8n-go worker).
type Worker struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
	srv    *server.Server
	log    *slog.Logger
	mu     sync.Mutex
	locks  map[string]chan struct{}
}

// OpenWorker connects and prepares a River client working the executions
// queue with at most concurrency jobs at once. Start starts it.
//
// id is the River client id: the worker's store instance id, so that the
// jobs of a worker that died are known (see Main's orphan recovery).
func OpenWorker(ctx context.Context, url, id string, srv *server.Server, concurrency int, log *slog.Logger) (*Worker, error) {
	if concurrency <= 0 {
		concurrency = 10
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	w := &Worker{pool: pool, srv: srv, log: log, locks: map[string]chan struct{}{}}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(w.workWebhook))
	river.AddWorker(workers, river.WorkFunc(w.workSchedule))
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		ID:      id,
		Logger:  log,
		Queues:  map[string]river.QueueConfig{Queue: {MaxWorkers: concurrency}},
		Workers: workers,
		// Executions have no time limit here (n8n's EXECUTIONS_TIMEOUT is
		// per workflow); a stuck job is only rescued after an hour, and
		// then discarded (MaxAttempts 1), never run again.
		JobTimeout:        -1,
		MaxAttempts:       1,
		FetchCooldown:     10 * time.Millisecond,
		FetchPollInterval: 50 * time.Millisecond,
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	w.client = client
	return w, nil
}

// Start starts working jobs.
func (w *Worker) Start(ctx context.Context) error { return w.client.Start(ctx) }

// Stop stops fetching jobs and waits for the running ones until ctx ends.
func (w *Worker) Stop(ctx context.Context) error {
	err := w.client.Stop(ctx)
	w.pool.Close()
	return err
}

// scheduleLock tries to take the schedule lock of a workflow for a
// scheduled run: first this process's, then a PostgreSQL advisory lock on
// a connection held for the run, so one scheduled run at a time per
// workflow holds across all workers (a tick while the previous one runs
// is skipped, as without a queue). The advisory lock goes with the
// connection if the worker dies. ok is false when the lock is busy.
func (w *Worker) scheduleLock(ctx context.Context, workflow string) (release func(), ok bool, err error) {
	local := w.localLock(workflow)
	select {
	case local <- struct{}{}:
	default:
		return nil, false, nil
	}
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		<-local
		return nil, false, err
	}
	h := fnv.New64a()
	h.Write([]byte("n8n-go workflow " + workflow))
	key := int64(h.Sum64())
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil || !got {
		conn.Release()
		<-local
		return nil, false, err
	}
	return func() {
		if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, key); err != nil {
			conn.Conn().Close(context.Background())
		}
		conn.Release()
		<-local
	}, true, nil
}

// localLock is this process's lock of a workflow.
func (w *Worker) localLock(workflow string) chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	l, ok := w.locks[workflow]
	if !ok {
		l = make(chan struct{}, 1)
		w.locks[workflow] = l
	}
	return l
}

func (w *Worker) workWebhook(ctx context.Context, job *river.Job[WebhookArgs]) error {
	a := job.Args
	if _, ok := w.srv.Workflow(a.Workflow); !ok {
		w.log.Error("job for a workflow this worker did not load", "workflow", a.Workflow, "executionId", a.ExecutionID)
		return river.JobCancel(fmt.Errorf("workflow %q: %w", a.Workflow, server.ErrUnknownWorkflow))
	}
	// Webhook executions of a workflow run concurrently, across workers
	// too, as in n8n's queue mode: no workflow lock (it cost a pooled
	// connection and two round trips per job, and made 50 callers of one
	// workflow wait in line).
	if err := w.srv.WorkWebhook(ctx, a.ExecutionID, a.Workflow, a.Node); err != nil {
		if errors.Is(err, server.ErrUnknownWorkflow) {
			return river.JobCancel(err)
		}
		w.log.Error("queued execution failed", "executionId", a.ExecutionID, "error", err)
		return river.JobCancel(err)
	}
	return nil
}

func (w *Worker) workSchedule(ctx context.Context, job *river.Job[ScheduleArgs]) error {
	a := job.Args
	if _, ok := w.srv.Workflow(a.Workflow); !ok {
		return river.JobCancel(fmt.Errorf("workflow %q: %w", a.Workflow, server.ErrUnknownWorkflow))
	}
	release, ok, err := w.scheduleLock(ctx, a.Workflow)
	if err != nil {
		return river.JobSnooze(time.Second)
	}
	if !ok {
		// As without a queue: a tick while the previous run is still
		// going is skipped.
		w.log.Warn("schedule tick skipped: the previous execution is still running", "workflow", a.Workflow, "node", a.Node)
		return nil
	}
	defer release()
	return w.srv.WorkSchedule(ctx, a.Workflow, a.Node, a.Tick)
}
