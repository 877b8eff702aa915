package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
)

// Main is the enqueuing side (serve --queue); it implements server.Queue.
type Main struct {
	pool   *pgxpool.Pool
	client *river.Client[pgx.Tx]
	store  *store.DB
	log    *slog.Logger

	mu      sync.Mutex
	waiters map[string][]chan struct{}
	jobs    map[string]int64 // River job of each execution being waited for
	stop    context.CancelFunc
	done    chan struct{}
	orphans chan struct{}
}

// OpenMain connects to the queue in the database of st (PostgreSQL).
func OpenMain(ctx context.Context, url string, st *store.DB, log *slog.Logger) (*Main, error) {
	if st.Dialect() != "postgres" {
		return nil, fmt.Errorf("queue mode needs PostgreSQL (--db postgres://…)")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	// An insert-only client: no queues, no workers.
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: log})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("queue: %w", err)
	}
	lctx, cancel := context.WithCancel(context.Background())
	m := &Main{pool: pool, client: client, store: st, log: log, waiters: map[string][]chan struct{}{}, jobs: map[string]int64{}, stop: cancel, done: make(chan struct{}), orphans: make(chan struct{})}
	go m.listen(lctx)
	go m.recoverOrphans(lctx)
	return m, nil
}

// EnqueueWebhook implements server.Queue.
func (m *Main) EnqueueWebhook(ctx context.Context, id, workflow, node string) error {
	res, err := m.client.Insert(ctx, WebhookArgs{ExecutionID: id, Workflow: workflow, Node: node}, nil)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.jobs[id] = res.Job.ID
	m.mu.Unlock()
	return nil
}

// BeginWebhook implements server.QueueBeginner: the execution's record,
// its start items and its job are written in one transaction (one durable
// commit per call).
func (m *Main) BeginWebhook(ctx context.Context, r server.Record, input []byte, workflow, node string) (string, error) {
	tx, err := m.pool.Begin(ctx)
	if err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	id, err := m.store.BeginQueuedTx(ctx, tx, r, input)
	if err != nil {
		return "", err
	}
	res, err := m.client.InsertTx(ctx, tx, WebhookArgs{ExecutionID: id, Workflow: workflow, Node: node}, nil)
	if err != nil {
		return "", fmt.Errorf("enqueuing execution %s: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return "", fmt.Errorf("enqueuing execution %s: %w", id, err)
	}
	m.mu.Lock()
	m.jobs[id] = res.Job.ID
	m.mu.Unlock()
	return id, nil
}

// jobDone reports whether the job of an execution reached a final state.
func (m *Main) jobDone(ctx context.Context, id string) bool {
	m.mu.Lock()
	job, ok := m.jobs[id]
	m.mu.Unlock()
	if !ok {
		return false
	}
	var state string
	if err := m.pool.QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, job).Scan(&state); err != nil {
		return false
	}
	switch state {
	case "completed", "cancelled", "discarded":
		return true
	}
	return false
}

// EnqueueSchedule implements server.Queue: one job per tick whatever the
// number of instances firing it.
func (m *Main) EnqueueSchedule(ctx context.Context, workflow, node string, tick time.Time) error {
	res, err := m.client.Insert(ctx, ScheduleArgs{Workflow: workflow, Node: node, Tick: tick.Round(time.Second).UTC()}, nil)
	if err != nil {
		return err
	}
	if res.UniqueSkippedAsDuplicate {
		m.log.Debug("schedule tick already enqueued by another instance", "workflow", workflow, "node", node)
	}
	return nil
}

// AwaitAnswer implements server.Queue: it wakes on the worker's NOTIFY and
// also looks every second (a notification sent while the listening
// connection was down is not lost). An execution that ended without an
// answer (its worker died) is ErrNoAnswer.
func (m *Main) AwaitAnswer(ctx context.Context, id string) (server.Answer, error) {
	wake := make(chan struct{}, 1)
	m.mu.Lock()
	m.waiters[id] = append(m.waiters[id], wake)
	m.mu.Unlock()
	defer m.forget(id, wake)
	defer func() {
		m.mu.Lock()
		delete(m.jobs, id)
		m.mu.Unlock()
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	doneSeen := false
	for first := true; ; first = false {
		b, status, err := m.store.Response(ctx, id)
		if err == nil && b != nil {
			var a server.Answer
			if err := json.Unmarshal(b, &a); err != nil {
				return server.Answer{}, fmt.Errorf("execution %s: webhook answer: %w", id, err)
			}
			// The answer is dropped off the caller's path (it is also
			// dropped with its execution when pruned).
			go func() { _ = m.store.DeleteResponse(context.WithoutCancel(ctx), id) }()
			return a, nil
		}
		if err == nil {
			switch status {
			case "crashed", "canceled", "error", "success":
				// Finished without an answer (workers write the
				// answer before the final record): its worker died.
				return server.Answer{}, fmt.Errorf("execution %s (%s): %w", id, status, server.ErrNoAnswer)
			}
		}
		// Workers write the answer before their job ends: a job that
		// ended (seen twice, a poll apart) without one never answers (its
		// worker lost the database or died). The job just enqueued is not
		// looked at before the first wake-up.
		if !first && m.jobDone(ctx, id) {
			if doneSeen {
				return server.Answer{}, fmt.Errorf("execution %s: its job ended: %w", id, server.ErrNoAnswer)
			}
			doneSeen = true
		}
		select {
		case <-ctx.Done():
			return server.Answer{}, ctx.Err()
		case <-wake:
		case <-tick.C:
		}
	}
}

func (m *Main) forget(id string, ch chan struct{}) {
	m.mu.Lock()
	defer m.mu.Unlock()
	list := m.waiters[id]
	for i, c := range list {
		if c == ch {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(m.waiters, id)
	} else {
		m.waiters[id] = list
	}
}

// listen relays the workers' NOTIFY to the waiting calls, reconnecting
// after a lost connection (PostgreSQL restarted).
func (m *Main) listen(ctx context.Context) {
	defer close(m.done)
	for ctx.Err() == nil {
		if err := m.listenOnce(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("queue: listening for webhook answers", "error", err)
			select {
			case <-ctx.Done():
			case <-time.After(500 * time.Millisecond):
			}
		}
	}
}

func (m *Main) listenOnce(ctx context.Context) error {
	conn, err := m.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{store.ResponseChannel}.Sanitize()); err != nil {
		conn.Conn().Close(context.Background())
		return err
	}
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			conn.Conn().Close(context.Background())
			return err
		}
		m.mu.Lock()
		for _, ch := range m.waiters[n.Payload] {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
		m.mu.Unlock()
	}
}

// Close stops listening and closes the pool.
func (m *Main) Close() {
	m.stop()
	<-m.done
	<-m.orphans
	m.pool.Close()
}

// recoverOrphans looks, every StaleAfter/3, for webhook jobs held by a
// worker that died before it claimed their execution (River fetched them;
// the execution is still "new"). River would only rescue such a job after
// an hour, and then discard it. They are marked crashed as n8n does, and
// their jobs cancelled, so the waiting call is answered and nothing runs
// twice. (Executions a dead worker had claimed are crashed by the store's
// own recovery.)
func (m *Main) recoverOrphans(ctx context.Context) {
	defer close(m.orphans)
	t := time.NewTicker(m.store.StaleAfter() / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := m.crashOrphans(ctx)
		if err != nil && ctx.Err() == nil {
			m.log.Warn("queue: looking for jobs of dead workers", "error", err)
		} else if n > 0 {
			m.log.Warn("queued executions of a dead worker marked crashed", "count", n)
		}
	}
}

func (m *Main) crashOrphans(ctx context.Context) (int, error) {
	cutoff := time.Now().Add(-m.store.StaleAfter())
	tx, err := m.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, `SELECT j.id, (j.args->>'executionId')::bigint FROM river_job j
		WHERE j.kind = $1 AND j.state = 'running' AND j.attempted_at < $2
		AND j.attempted_by[array_length(j.attempted_by, 1)] NOT IN (SELECT id FROM instances WHERE heartbeat_at >= $2)
		FOR UPDATE SKIP LOCKED`, WebhookArgs{}.Kind(), cutoff)
	if err != nil {
		return 0, err
	}
	var jobs, execs []int64
	for rows.Next() {
		var j, e int64
		if err := rows.Scan(&j, &e); err != nil {
			rows.Close()
			return 0, err
		}
		jobs, execs = append(jobs, j), append(execs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(jobs) == 0 {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE executions SET status = 'crashed', error = $2, stopped_at = now()
		WHERE id = ANY($1) AND status = 'new'`, execs, store.CrashedMessage); err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE river_job SET state = 'cancelled', finalized_at = now() WHERE id = ANY($1)`, jobs); err != nil {
		return 0, err
	}
	return len(jobs), tx.Commit(ctx)
}
