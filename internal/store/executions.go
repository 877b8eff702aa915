package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The statements of every execution (prepared on SQLite).
const (
	qBegin = `INSERT INTO executions
		(workflow_id, workflow_name, workflow_version, mode, trigger_node, status, started_at, error, owner)
		VALUES ($1, $2, $3, $4, $5, 'running', $6, '', $7) RETURNING id`
	qSaveSummary = `UPDATE executions SET workflow_id = $2, workflow_name = $3, workflow_version = $4,
		mode = $5, trigger_node = $6, status = $7, started_at = COALESCE($8, started_at), stopped_at = $9, wait_till = $10, error = $11
		WHERE id = $1`
	qSaveData = `INSERT INTO execution_data (execution_id, encoding, data) VALUES ($1, $2, $3)
		ON CONFLICT (execution_id) DO UPDATE SET encoding = excluded.encoding, data = excluded.data`
)

// Begin stores r as "running" under a new id owned by this instance. The
// database hands out ids (SQLite AUTOINCREMENT, a PostgreSQL identity):
// one that was handed out is never reused, whatever happens to the process.
func (s *DB) Begin(ctx context.Context, r Record) (string, error) {
	if r.StartedAt.IsZero() {
		r.StartedAt = time.Now()
	}
	var id int64
	err := s.write(ctx, func(ctx context.Context, q querier) error {
		return s.prep(ctx, q, qBegin).QueryRow(ctx,
			r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, s.ts(r.StartedAt), s.instance).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("starting an execution record: %w", err)
	}
	return strconv.FormatInt(id, 10), nil
}

// Save stores the final record under r.ID (inserting it if Begin did not).
// The run data is stored compressed and never re-encoded, so data nested
// deeper than encoding/json accepts is kept. When the run data cannot be
// written (a full disk), the summary is still saved with that error and
// Save returns it, so the caller may retry.
func (s *DB) Save(ctx context.Context, r Record) error {
	id, err := parseID(r.ID)
	if err != nil {
		return err
	}
	err = s.save(ctx, id, r, true)
	if err == nil || len(r.Data) == 0 {
		return err
	}
	dataErr := err
	summary := r
	summary.Data = nil
	summary.Error = strings.TrimSpace(r.Error + " (run data not stored: " + dataErr.Error() + ")")
	if err := s.save(ctx, id, summary, false); err != nil {
		return fmt.Errorf("execution %s: %w", r.ID, dataErr)
	}
	return fmt.Errorf("execution %s: run data not stored (summary kept): %w", r.ID, dataErr)
}

func (s *DB) save(ctx context.Context, id int64, r Record, withData bool) error {
	var blob []byte
	if withData && len(r.Data) > 0 {
		var err error
		if blob, err = s.zip.compress(r.Data); err != nil {
			return err
		}
	}
	if s.dialect == "postgres" {
		// The usual case, a record Begin wrote, in one statement (one
		// round trip, one commit); the rest as below.
		var wait any
		if r.WaitTill != nil {
			wait = s.ts(*r.WaitTill)
		}
		var n int
		err := s.db.QueryRowContext(ctx, `WITH upd AS (`+qSaveSummary+` RETURNING id),
			dat AS (INSERT INTO execution_data (execution_id, encoding, data) SELECT id, $12, $13 FROM upd WHERE $13::bytea IS NOT NULL
				ON CONFLICT (execution_id) DO UPDATE SET encoding = excluded.encoding, data = excluded.data)
			SELECT count(*) FROM upd`,
			id, r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, r.Status, s.ts(r.StartedAt), s.ts(r.StoppedAt), wait, r.Error,
			encodingGzip, blob).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
	}
	return s.writeTx(ctx, func(ctx context.Context, tx *sql.Tx) error { return s.saveTx(ctx, tx, id, r, blob) })
}

// saveTx is save's writes, in tx.
func (s *DB) saveTx(ctx context.Context, tx *sql.Tx, id int64, r Record, blob []byte) error {
	var wait any
	if r.WaitTill != nil {
		wait = s.ts(*r.WaitTill)
	}
	res, err := s.prep(ctx, tx, qSaveSummary).Exec(ctx,
		id, r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, r.Status, s.ts(r.StartedAt), s.ts(r.StoppedAt), wait, r.Error)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		started := r.StartedAt
		if started.IsZero() {
			started = time.Now()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO executions
			(id, workflow_id, workflow_name, workflow_version, mode, trigger_node, status, started_at, stopped_at, wait_till, error, owner)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '')`,
			id, r.WorkflowID, r.WorkflowName, r.WorkflowVersion, r.Mode, r.Trigger, r.Status, s.ts(started), s.ts(r.StoppedAt), wait, r.Error); err != nil {
			return err
		}
		if err := s.advanceIDs(ctx, tx); err != nil {
			return err
		}
	}
	if blob != nil {
		if _, err := s.prep(ctx, tx, qSaveData).Exec(ctx,
			id, encodingGzip, blob); err != nil {
			return err
		}
	}
	return nil
}

// advanceIDs keeps PostgreSQL's identity ahead of ids inserted explicitly
// (SQLite's AUTOINCREMENT does so by itself).
func (s *DB) advanceIDs(ctx context.Context, tx *sql.Tx) error {
	if s.dialect != "postgres" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('executions', 'id'),
		GREATEST((SELECT max(id) FROM executions), (SELECT last_value FROM executions_id_seq)))`)
	return err
}

const summaryColumns = `id, workflow_id, workflow_name, workflow_version, mode, trigger_node, status, started_at, stopped_at, wait_till, error`

func scanSummary(row interface{ Scan(...any) error }) (Record, error) {
	var (
		r                      Record
		id                     int64
		started, stopped, wait dbTime
	)
	if err := row.Scan(&id, &r.WorkflowID, &r.WorkflowName, &r.WorkflowVersion, &r.Mode, &r.Trigger, &r.Status,
		&started, &stopped, &wait, &r.Error); err != nil {
		return Record{}, err
	}
	r.ID = strconv.FormatInt(id, 10)
	r.StartedAt, r.StoppedAt = started.t, stopped.t
	if !wait.t.IsZero() {
		w := wait.t
		r.WaitTill = &w
	}
	return r, nil
}

// List returns executions without their run data, newest first.
func (s *DB) List(ctx context.Context, o ListOptions) ([]Record, error) {
	q := `SELECT ` + summaryColumns + ` FROM executions`
	var args []any
	if o.Status != "" {
		args = append(args, o.Status)
		q += ` WHERE status = $1`
	}
	q += ` ORDER BY id DESC`
	if o.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(o.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing executions: %w", err)
	}
	defer rows.Close()
	out := []Record{}
	for rows.Next() {
		r, err := scanSummary(rows)
		if err != nil {
			return nil, fmt.Errorf("listing executions: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing executions: %w", err)
	}
	return out, nil
}

// Get returns one execution with its run data. Run data that cannot be
// read (a damaged row) is an error naming the execution; the summary is
// still returned with it.
func (s *DB) Get(ctx context.Context, idText string) (Record, error) {
	id, err := parseID(idText)
	if err != nil {
		return Record{}, err
	}
	r, err := scanSummary(s.db.QueryRowContext(ctx, `SELECT `+summaryColumns+` FROM executions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Record{}, fmt.Errorf("execution %d %w", id, ErrNotFound)
	}
	if err != nil {
		return Record{}, fmt.Errorf("execution %d: %w", id, err)
	}
	var (
		enc  string
		blob []byte
	)
	err = s.db.QueryRowContext(ctx, `SELECT encoding, data FROM execution_data WHERE execution_id = $1`, id).Scan(&enc, &blob)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return r, nil
	case err != nil:
		return r, fmt.Errorf("execution %d: run data: %w", id, err)
	}
	if r.Data, err = decompress(enc, blob); err != nil {
		return r, fmt.Errorf("execution %d: the stored run data is damaged: %w", id, err)
	}
	return r, nil
}

func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("execution id %q is not a number", id)
	}
	return n, nil
}
