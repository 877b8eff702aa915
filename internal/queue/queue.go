// Package queue is n8n-go's queue mode on River (riverqueue/river, jobs in
// PostgreSQL): `serve --queue` enqueues executions (Main), `n8n-go worker`
// runs them (Worker) with a concurrency limit. One run at a time per
// workflow holds across workers through a PostgreSQL advisory lock; a
// schedule tick enqueued by several instances runs once (a unique job);
// webhook answers come back through the database and LISTEN/NOTIFY. Jobs
// are never retried: a worker killed mid-run leaves its execution to be
// marked crashed (store.RecoverCrashed), never run twice.
package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Queue is River's queue name for executions.
const Queue = "n8n_go_executions"

// WebhookArgs is the job of an enqueued webhook call: the execution is
// stored "new" with its start items; the job carries only its id.
type WebhookArgs struct {
	ExecutionID string `json:"executionId"`
	Workflow    string `json:"workflow"`
	Node        string `json:"node"`
}

// Kind is the River job kind.
func (WebhookArgs) Kind() string { return "n8n_go_webhook" }

// InsertOpts: never retried (a second attempt would run the execution
// twice).
func (WebhookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 1}
}

// ScheduleArgs is one schedule tick. The tick time (rounded to the second)
// is part of the unique key, so instances firing the same tick insert one
// job.
type ScheduleArgs struct {
	Workflow string    `json:"workflow"`
	Node     string    `json:"node"`
	Tick     time.Time `json:"tick"`
}

// Kind is the River job kind.
func (ScheduleArgs) Kind() string { return "n8n_go_schedule" }

// InsertOpts: unique per workflow, node and tick; never retried.
func (ScheduleArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// connect opens a pgx pool and brings River's schema up to date, one
// instance at a time.
func connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("queue database: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// migrateLock is the advisory lock key that serialises River migrations
// of instances starting together.
const migrateLock = 0x6e386e676f01

func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("queue database: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrateLock)); err != nil {
		return fmt.Errorf("queue database: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrateLock))
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("queue schema: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue schema: %w", err)
	}
	return nil
}

// errClosed is returned by a Main or Worker used after Close.
var errClosed = errors.New("queue closed")
