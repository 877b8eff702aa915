// Package store keeps serve's executions: in SQLite (the embedded default)
// or PostgreSQL, with schema migrations, compressed run data, pruning as
// n8n's EXECUTIONS_DATA_* settings and crash recovery across instances.
// Folder reads the one-file-per-execution format serve used before, to
// import it once.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Record is one stored execution: a summary and the run data (engine.Result
// in n8n's IRun shape).
type Record struct {
	ID              string          `json:"id"`
	WorkflowID      string          `json:"workflowId,omitempty"`
	WorkflowName    string          `json:"workflowName"`
	WorkflowVersion string          `json:"workflowVersionId,omitempty"`
	Mode            string          `json:"mode"`
	Trigger         string          `json:"trigger"`
	Status          string          `json:"status"`
	StartedAt       time.Time       `json:"startedAt"`
	StoppedAt       time.Time       `json:"stoppedAt"`
	WaitTill        *time.Time      `json:"waitTill,omitempty"`
	Error           string          `json:"error,omitempty"`
	Data            json.RawMessage `json:"data,omitempty"`
}

// Executions is what serve needs from a store.
type Executions interface {
	// Begin stores r as "running" under a new id and returns the id; the
	// id is never handed out again, even after the process is killed.
	Begin(ctx context.Context, r Record) (string, error)
	// Save stores the final record under r.ID.
	Save(ctx context.Context, r Record) error
}

// ListOptions select executions for List.
type ListOptions struct {
	// Limit is the most records returned (0: all), newest first.
	Limit int
	// Status keeps only records with this status ("" keeps all).
	Status string
}

// ErrNotFound is returned by Get for an id the store does not hold.
var ErrNotFound = errors.New("not found")

// CrashedMessage is n8n's message for executions whose process died.
const CrashedMessage = "Workflow did not finish, possible out-of-memory issue"
