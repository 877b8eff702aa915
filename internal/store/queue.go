package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// ResponseChannel is the PostgreSQL NOTIFY channel on which SaveResponse
// announces a webhook answer (the payload is the execution id).
const ResponseChannel = "n8n_go_execution_response"

// BeginQueued stores r as "new" (enqueued, not yet taken by a worker) with
// its start items; a worker takes it with Claim.
func (s *DB) BeginQueued(ctx context.Context, r Record, input []byte) (string, error) {
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	blob, err := s.zip.compress(input)
	if err != nil {
		return "", err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, qBeginQueued,
		r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, s.ts(r.StartedAt)).Scan(&id); err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	if _, err := tx.ExecContext(ctx, qQueuedInput, id, blob); err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	return fmt.Sprint(id), nil
}

const (
	qBeginQueued = `INSERT INTO executions
		(workflow_id, workflow_name, workflow_version, mode, trigger_node, status, started_at, error, owner)
		VALUES ($1, $2, $3, $4, $5, 'new', $6, '', '') RETURNING id`
	qQueuedInput = `INSERT INTO execution_inputs (execution_id, data) VALUES ($1, $2)`
)

// BeginQueuedTx is BeginQueued inside tx, a pgx transaction on the same
// PostgreSQL database, so that the caller inserts the execution's job in
// the same commit (one durable commit per enqueued call instead of two,
// and no record left "new" without a job).
func (s *DB) BeginQueuedTx(ctx context.Context, tx pgx.Tx, r Record, input []byte) (string, error) {
	if s.dialect != "postgres" {
		return "", errors.New("enqueuing an execution: queue mode needs PostgreSQL")
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	blob, err := s.zip.compress(input)
	if err != nil {
		return "", err
	}
	var id int64
	if err := tx.QueryRow(ctx, qBeginQueued,
		r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, s.ts(r.StartedAt)).Scan(&id); err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	if _, err := tx.Exec(ctx, qQueuedInput, id, blob); err != nil {
		return "", fmt.Errorf("enqueuing an execution: %w", err)
	}
	return strconv.FormatInt(id, 10), nil
}

// Claim makes this instance the owner of a "new" execution and marks it
// running; ok is false when it is not "new" any more (already taken, or
// marked crashed), so an execution never runs twice.
func (s *DB) Claim(ctx context.Context, idText string) (r Record, input []byte, ok bool, err error) {
	id, err := parseID(idText)
	if err != nil {
		return Record{}, nil, false, err
	}
	if s.dialect == "postgres" {
		return s.claimPG(ctx, id)
	}
	// One transaction (one commit): claim, read the summary, take the
	// start items.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Record{}, nil, false, fmt.Errorf("execution %d: claiming: %w", id, err)
	}
	defer tx.Rollback()
	r, err = scanSummary(tx.QueryRowContext(ctx, `UPDATE executions SET status = 'running', owner = $2, started_at = $3
		WHERE id = $1 AND status = 'new' RETURNING `+summaryColumns, id, s.instance, s.ts(time.Now())))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, nil, false, nil
	}
	if err != nil {
		return Record{}, nil, false, fmt.Errorf("execution %d: claiming: %w", id, err)
	}
	var blob []byte
	err = tx.QueryRowContext(ctx, `DELETE FROM execution_inputs WHERE execution_id = $1 RETURNING data`, id).Scan(&blob)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Record{}, nil, false, fmt.Errorf("execution %d: start items: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return Record{}, nil, false, fmt.Errorf("execution %d: claiming: %w", id, err)
	}
	if blob != nil {
		if input, err = decompress(encodingGzip, blob); err != nil {
			return r, nil, true, fmt.Errorf("execution %d: start items: %w", id, err)
		}
	}
	return r, input, true, nil
}

// claimPG is Claim in one statement (one round trip).
func (s *DB) claimPG(ctx context.Context, id int64) (r Record, input []byte, ok bool, err error) {
	var blob []byte
	r, err = scanSummary(rowWith{s.db.QueryRowContext(ctx, `WITH claimed AS (
			UPDATE executions SET status = 'running', owner = $2, started_at = $3
			WHERE id = $1 AND status = 'new' RETURNING `+summaryColumns+`),
		input AS (DELETE FROM execution_inputs WHERE execution_id = $1 AND EXISTS (SELECT 1 FROM claimed) RETURNING data)
		SELECT claimed.*, (SELECT data FROM input) FROM claimed`, id, s.instance, s.ts(time.Now())), &blob})
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, nil, false, nil
	}
	if err != nil {
		return Record{}, nil, false, fmt.Errorf("execution %d: claiming: %w", id, err)
	}
	if blob != nil {
		if input, err = decompress(encodingGzip, blob); err != nil {
			return r, nil, true, fmt.Errorf("execution %d: start items: %w", id, err)
		}
	}
	return r, input, true, nil
}

// rowWith scans a row's first columns as the summary and the extra ones
// into more.
type rowWith struct {
	row  *sql.Row
	more *[]byte
}

func (w rowWith) Scan(dest ...any) error { return w.row.Scan(append(dest, w.more)...) }

// SaveResponse stores the webhook answer of an execution and, on
// PostgreSQL, notifies ResponseChannel in the same transaction.
func (s *DB) SaveResponse(ctx context.Context, idText string, answer []byte) error {
	id, err := parseID(idText)
	if err != nil {
		return err
	}
	if s.dialect == "postgres" {
		// One statement, one round trip: the answer, its notification
		// (sent at commit), and no disk flush before the commit returns:
		// the answer lives for the length of one call (a database crash
		// at that moment costs the caller its answer, never the
		// execution).
		_, err := s.db.ExecContext(ctx, `WITH quick AS (SELECT set_config('synchronous_commit', 'off', true)),
			answer AS (INSERT INTO execution_responses (execution_id, data) VALUES ($1, $2) ON CONFLICT (execution_id) DO NOTHING)
			SELECT pg_notify($3, $4) FROM quick`, id, answer, ResponseChannel, strconv.FormatInt(id, 10))
		if err != nil {
			return fmt.Errorf("execution %d: webhook answer: %w", id, err)
		}
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO execution_responses (execution_id, data) VALUES ($1, $2)
		ON CONFLICT (execution_id) DO NOTHING`, id, answer); err != nil {
		return fmt.Errorf("execution %d: webhook answer: %w", id, err)
	}
	return nil
}

// Response returns the webhook answer of an execution once stored, and
// its status (to tell a worker that died before answering).
func (s *DB) Response(ctx context.Context, idText string) (answer []byte, status string, err error) {
	id, err := parseID(idText)
	if err != nil {
		return nil, "", err
	}
	err = s.db.QueryRowContext(ctx, `SELECT e.status, r.data FROM executions e LEFT JOIN execution_responses r ON r.execution_id = e.id WHERE e.id = $1`, id).Scan(&status, &answer)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("execution %d %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("execution %d: webhook answer: %w", id, err)
	}
	return answer, status, nil
}

// DeleteResponse drops an answer once delivered.
func (s *DB) DeleteResponse(ctx context.Context, idText string) error {
	id, err := parseID(idText)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `DELETE FROM execution_responses WHERE execution_id = $1`, id)
	return err
}

// Instance is this store's instance id (owner of the executions it runs).
func (s *DB) Instance() string { return s.instance }
