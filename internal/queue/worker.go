package queue

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
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
}

// OpenWorker connects and prepares a River client working the executions
// queue with at most concurrency jobs at once. Start starts it.
func OpenWorker(ctx context.Context, url string, srv *server.Server, concurrency int, log *slog.Logger) (*Worker, error) {
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
	w := &Worker{pool: pool, srv: srv, log: log}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(w.workWebhook))
	river.AddWorker(workers, river.WorkFunc(w.workSchedule))
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
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

// workflowLock takes the advisory lock of a workflow on a connection held
// for the run: one run at a time per workflow across all workers. The lock
// goes with the connection if the worker dies.
func (w *Worker) workflowLock(ctx context.Context, workflow string) (release func(), ok bool, err error) {
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		return nil, false, err
	}
	h := fnv.New64a()
	h.Write([]byte("n8n-go workflow " + workflow))
	key := int64(h.Sum64())
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
		conn.Release()
		return nil, false, err
	}
	if !ok {
		conn.Release()
		return nil, false, nil
	}
	return func() {
		if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, key); err != nil {
			conn.Conn().Close(context.Background())
		}
		conn.Release()
	}, true, nil
}

// busyRetry is how long a webhook job waits when its workflow is running
// elsewhere (jittered so waiting jobs do not all wake together).
func busyRetry() time.Duration {
	return 50*time.Millisecond + time.Duration(rand.Int64N(int64(100*time.Millisecond)))
}

func (w *Worker) workWebhook(ctx context.Context, job *river.Job[WebhookArgs]) error {
	a := job.Args
	if _, ok := w.srv.Workflow(a.Workflow); !ok {
		w.log.Error("job for a workflow this worker did not load", "workflow", a.Workflow, "executionId", a.ExecutionID)
		return river.JobCancel(fmt.Errorf("workflow %q: %w", a.Workflow, server.ErrUnknownWorkflow))
	}
	release, ok, err := w.workflowLock(ctx, a.Workflow)
	if err != nil {
		// The database is away: try again later (the execution is
		// still "new", nothing ran).
		return river.JobSnooze(time.Second)
	}
	if !ok {
		return river.JobSnooze(busyRetry())
	}
	defer release()
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
	release, ok, err := w.workflowLock(ctx, a.Workflow)
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
