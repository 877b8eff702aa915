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
	stop    context.CancelFunc
	done    chan struct{}
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
	m := &Main{pool: pool, client: client, store: st, log: log, waiters: map[string][]chan struct{}{}, stop: cancel, done: make(chan struct{})}
	go m.listen(lctx)
	return m, nil
}

// EnqueueWebhook implements server.Queue.
func (m *Main) EnqueueWebhook(ctx context.Context, id, workflow, node string) error {
	_, err := m.client.Insert(ctx, WebhookArgs{ExecutionID: id, Workflow: workflow, Node: node}, nil)
	return err
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
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		b, status, err := m.store.Response(ctx, id)
		if err == nil && b != nil {
			var a server.Answer
			if err := json.Unmarshal(b, &a); err != nil {
				return server.Answer{}, fmt.Errorf("execution %s: webhook answer: %w", id, err)
			}
			_ = m.store.DeleteResponse(context.WithoutCancel(ctx), id)
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
	m.pool.Close()
}
