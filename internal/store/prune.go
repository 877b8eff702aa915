package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Policy is n8n's execution data pruning: EXECUTIONS_DATA_PRUNE (default
// true), EXECUTIONS_DATA_MAX_AGE in hours (default 336) and
// EXECUTIONS_DATA_PRUNE_MAX_COUNT (default 10000; 0 means no limit).
// Executions still running or waiting are never pruned.
type Policy struct {
	Enabled  bool
	MaxAge   time.Duration
	MaxCount int
}

// DefaultPolicy is n8n's default.
func DefaultPolicy() Policy {
	return Policy{Enabled: true, MaxAge: 336 * time.Hour, MaxCount: 10000}
}

// PolicyFromEnv reads n8n's variables over the defaults.
func PolicyFromEnv(getenv func(string) string) (Policy, error) {
	p := DefaultPolicy()
	if v := strings.TrimSpace(getenv("EXECUTIONS_DATA_PRUNE")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, fmt.Errorf("EXECUTIONS_DATA_PRUNE=%q: expected true or false", v)
		}
		p.Enabled = b
	}
	if v := strings.TrimSpace(getenv("EXECUTIONS_DATA_MAX_AGE")); v != "" {
		h, err := strconv.Atoi(v)
		if err != nil || h < 0 {
			return p, fmt.Errorf("EXECUTIONS_DATA_MAX_AGE=%q: expected a number of hours", v)
		}
		p.MaxAge = time.Duration(h) * time.Hour
	}
	if v := strings.TrimSpace(getenv("EXECUTIONS_DATA_PRUNE_MAX_COUNT")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, fmt.Errorf("EXECUTIONS_DATA_PRUNE_MAX_COUNT=%q: expected a number of executions", v)
		}
		p.MaxCount = n
	}
	return p, nil
}

const finished = `status NOT IN ('running', 'new', 'waiting')`

// Prune deletes finished executions older than MaxAge and beyond the
// newest MaxCount, with their run data; it returns how many.
func (s *DB) Prune(ctx context.Context, p Policy, now time.Time) (int, error) {
	if !p.Enabled {
		return 0, nil
	}
	total := 0
	if p.MaxAge > 0 {
		res, err := s.db.ExecContext(ctx, `DELETE FROM executions WHERE `+finished+` AND stopped_at < $1`, s.ts(now.Add(-p.MaxAge)))
		if err != nil {
			return total, fmt.Errorf("pruning by age: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	if p.MaxCount > 0 {
		res, err := s.db.ExecContext(ctx, `DELETE FROM executions WHERE `+finished+` AND id <= (
			SELECT id FROM executions WHERE `+finished+` ORDER BY id DESC LIMIT 1 OFFSET $1)`, p.MaxCount)
		if err != nil {
			return total, fmt.Errorf("pruning by count: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, nil
}
