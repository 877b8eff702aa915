package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// SQLite has one writer, and each commit writes every page it touched to
// the WAL (the executions row, sqlite_sequence, three indexes, the run
// data: a dozen write calls). Under load the executions of concurrent
// webhook calls are written by one goroutine in one transaction per batch
// (group commit): the same durability per execution — its caller returns
// only once its write is committed — for a fraction of the pages and
// calls. PostgreSQL, with a connection per caller, groups the WAL flushes
// of concurrent commits itself.

// maxBatch bounds the writes committed together.
const maxBatch = 128

// batchOp is one write: apply runs inside the batch's transaction (and,
// when the batch failed, alone in its own, so that one bad write does not
// fail the others).
type batchOp struct {
	apply func(ctx context.Context, tx *sql.Tx) error
	done  chan error
}

// batcher commits the writes given to it in batches. Writes arriving
// while a batch commits make up the next one: there is no waiting for a
// batch to fill, so a lone write is committed at once.
type batcher struct {
	db   *sql.DB
	ops  chan batchOp
	stop chan struct{}
	done chan struct{}
	// mu makes close wait for senders in flight: after it, every write
	// sent is in ops, where the loop finds it before it ends.
	mu     sync.RWMutex
	closed bool
}

func newBatcher(db *sql.DB) *batcher {
	b := &batcher{db: db, ops: make(chan batchOp, maxBatch), stop: make(chan struct{}), done: make(chan struct{})}
	go b.loop()
	return b
}

var opDone = sync.Pool{New: func() any { return make(chan error, 1) }}

// do runs apply in a batch and returns its error once committed (or
// rolled back). After close it runs apply in a transaction of its own.
func (b *batcher) do(ctx context.Context, apply func(ctx context.Context, tx *sql.Tx) error) error {
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return b.alone(ctx, apply)
	}
	done := opDone.Get().(chan error)
	b.ops <- batchOp{apply: apply, done: done}
	b.mu.RUnlock()
	err := <-done
	opDone.Put(done)
	return err
}

func (b *batcher) loop() {
	defer close(b.done)
	batch := make([]batchOp, 0, maxBatch)
	for {
		select {
		case op := <-b.ops:
			batch = append(batch[:0], op)
		case <-b.stop:
			// Writes sent before stop are still done.
			for {
				select {
				case op := <-b.ops:
					op.done <- b.alone(context.Background(), op.apply)
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case op := <-b.ops:
				batch = append(batch, op)
			default:
				break fill
			}
		}
		b.commit(batch)
	}
}

// commit writes a batch in one transaction; if that fails, each write is
// retried alone so that every caller gets its own write's error.
func (b *batcher) commit(batch []batchOp) {
	ctx := context.Background()
	if len(batch) > 1 {
		if err := b.together(ctx, batch); err == nil {
			for _, op := range batch {
				op.done <- nil
			}
			return
		}
	}
	for _, op := range batch {
		op.done <- b.alone(ctx, op.apply)
	}
}

func (b *batcher) together(ctx context.Context, batch []batchOp) error {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, op := range batch {
		if err := op.apply(ctx, tx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (b *batcher) alone(ctx context.Context, apply func(context.Context, *sql.Tx) error) error {
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := apply(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// close commits what was sent and stops the loop.
func (b *batcher) close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.mu.Unlock()
	close(b.stop)
	<-b.done
}

// querier is a transaction or the pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// write runs one statement's worth of writing: batched on SQLite, on the
// pool (its own implicit transaction) on PostgreSQL.
func (s *DB) write(ctx context.Context, apply func(ctx context.Context, q querier) error) error {
	if s.batch != nil {
		return s.batch.do(ctx, func(ctx context.Context, tx *sql.Tx) error { return apply(ctx, tx) })
	}
	return apply(ctx, s.db)
}

// writeTx runs apply in a transaction: batched with others on SQLite, its
// own on PostgreSQL.
func (s *DB) writeTx(ctx context.Context, apply func(ctx context.Context, tx *sql.Tx) error) error {
	if s.batch != nil {
		return s.batch.do(ctx, apply)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := apply(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// prepared runs one query: prepared once on SQLite (parsing these
// statements costs more than running them), as given on PostgreSQL (its
// driver caches prepared statements itself).
type prepared struct {
	q     querier
	st    *sql.Stmt
	query string
}

func (p prepared) QueryRow(ctx context.Context, args ...any) *sql.Row {
	if p.st != nil {
		return p.st.QueryRowContext(ctx, args...)
	}
	return p.q.QueryRowContext(ctx, p.query, args...)
}

func (p prepared) Exec(ctx context.Context, args ...any) (sql.Result, error) {
	if p.st != nil {
		return p.st.ExecContext(ctx, args...)
	}
	return p.q.ExecContext(ctx, p.query, args...)
}

// prep is query on q (a transaction or the pool), prepared if it is one
// of hotQueries on SQLite.
func (s *DB) prep(ctx context.Context, q querier, query string) prepared {
	p := prepared{q: q, query: query}
	st := s.stmts[query]
	if st == nil {
		return p
	}
	if tx, ok := q.(*sql.Tx); ok {
		st = tx.StmtContext(ctx, st)
	}
	p.st = st
	return p
}

// hotQueries are the statements of every execution, prepared at Open on
// SQLite. (Preparing later could deadlock: the one connection may be held
// by the batch's transaction.)
var hotQueries = []string{qBegin, qSaveSummary, qSaveData}

func (s *DB) prepareHot(ctx context.Context) error {
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range hotQueries {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("preparing %q: %w", q, err)
		}
		s.stmts[q] = st
	}
	return nil
}
