package store

import (
	"context"
	"fmt"
	"time"
)

// heartbeat records that this instance is alive.
func (s *DB) heartbeat(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO instances (id, heartbeat_at) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`, s.instance, s.ts(time.Now()))
	if err != nil {
		return fmt.Errorf("instance heartbeat: %w", err)
	}
	return nil
}

// RecoverCrashed marks "running" executions crashed, as n8n does at
// startup, when the instance that ran them stopped its heartbeat (was
// killed) or closed the store without finishing them. Executions of live
// instances are left alone, so several instances may share one database.
//
// An instance on this host whose process is gone is dead at once, without
// waiting for its heartbeat to go stale: serve restarted after a SIGKILL
// marks the killed run crashed at startup, as n8n does.
func (s *DB) RecoverCrashed(ctx context.Context) (int, error) {
	now := time.Now()
	cutoff := now.Add(-s.cfg.StaleAfter)
	if err := s.forgetDeadLocalInstances(ctx); err != nil {
		return 0, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE executions SET status = 'crashed', error = $1, stopped_at = COALESCE(stopped_at, $2)
		WHERE status = 'running' AND owner <> $3
		AND owner NOT IN (SELECT id FROM instances WHERE heartbeat_at >= $4)`,
		CrashedMessage, s.ts(now), s.instance, s.ts(cutoff))
	if err != nil {
		return 0, fmt.Errorf("marking crashed executions: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM instances WHERE heartbeat_at < $1 AND id <> $2`, s.ts(cutoff), s.instance); err != nil {
		return int(n), fmt.Errorf("forgetting dead instances: %w", err)
	}
	return int(n), nil
}

// Maintain starts the background work until Close: heartbeats and crash
// recovery every StaleAfter/3, pruning every pruneEvery (0: one minute).
func (s *DB) Maintain(pruneEvery time.Duration) {
	if pruneEvery <= 0 {
		pruneEvery = time.Minute
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop, s.done = cancel, make(chan struct{})
	go func() {
		defer close(s.done)
		beat := time.NewTicker(s.cfg.StaleAfter / 3)
		defer beat.Stop()
		prune := time.NewTicker(pruneEvery)
		defer prune.Stop()
		s.pruneLogged(ctx)
		for {
			select {
			case <-ctx.Done():
				return
			case <-beat.C:
				if err := s.heartbeat(ctx); err != nil {
					s.log.Warn("executions database", "error", err)
					continue
				}
				if n, err := s.RecoverCrashed(ctx); err != nil {
					s.log.Warn("executions database", "error", err)
				} else if n > 0 {
					s.log.Warn("executions of a stopped instance marked crashed", "count", n)
				}
			case <-prune.C:
				s.pruneLogged(ctx)
			}
		}
	}()
}

func (s *DB) pruneLogged(ctx context.Context) {
	n, err := s.Prune(ctx, s.cfg.Prune, time.Now())
	if err != nil && ctx.Err() == nil {
		s.log.Warn("pruning executions", "error", err)
	} else if n > 0 {
		s.log.Info("executions pruned", "count", n)
	}
}

// forgetDeadLocalInstances removes the heartbeat of instances of this
// host whose process no longer exists.
func (s *DB) forgetDeadLocalInstances(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM instances WHERE id <> $1`, s.instance)
	if err != nil {
		return fmt.Errorf("listing instances: %w", err)
	}
	var dead []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("listing instances: %w", err)
		}
		if host, pid, ok := parseInstanceID(id); ok && host == s.host && !processAlive(pid) {
			dead = append(dead, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing instances: %w", err)
	}
	for _, id := range dead {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM instances WHERE id = $1`, id); err != nil {
			return fmt.Errorf("forgetting instance %s: %w", id, err)
		}
	}
	return nil
}
