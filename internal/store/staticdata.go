package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// StaticData returns a workflow's static data ($getWorkflowStaticData),
// nil when none was stored.
func (s *DB) StaticData(ctx context.Context, workflowID string) (json.RawMessage, error) {
	var text string
	err := s.db.QueryRowContext(ctx, `SELECT data FROM workflow_static_data WHERE workflow_id = $1`, workflowID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("workflow %s static data: %w", workflowID, err)
	}
	return json.RawMessage(text), nil
}

// SetStaticData replaces a workflow's static data.
func (s *DB) SetStaticData(ctx context.Context, workflowID string, data json.RawMessage) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO workflow_static_data (workflow_id, data, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (workflow_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
		workflowID, string(data), s.ts(time.Now()))
	if err != nil {
		return fmt.Errorf("workflow %s static data: %w", workflowID, err)
	}
	return nil
}
