package engine

import (
	"errors"
	"fmt"
)

// NodeError is an error a node raises, in the shape n8n records in run data
// (NodeOperationError or NodeApiError).
type NodeError struct {
	// Name is n8n's error class: "NodeOperationError" or "NodeApiError".
	Name        string
	Message     string
	Description string
	// HTTPCode is set for API errors ("404").
	HTTPCode string
	// ItemIndex is the item being processed, -1 when unknown.
	ItemIndex int
	// Context holds n8n's error context (itemIndex, runIndex, parameter…).
	Context map[string]any
	// Extra holds additional fields n8n puts on the error object.
	Extra map[string]any
	// Node is filled in by the engine.
	Node string
	Err  error
}

func (e *NodeError) Error() string { return e.Message }
func (e *NodeError) Unwrap() error { return e.Err }

// OperationError returns a NodeOperationError for an item (-1 if none).
func OperationError(item int, format string, args ...any) *NodeError {
	return &NodeError{Name: "NodeOperationError", Message: fmt.Sprintf(format, args...), ItemIndex: item}
}

// APIError returns a NodeApiError.
func APIError(item int, httpCode, message, description string, cause error) *NodeError {
	return &NodeError{Name: "NodeApiError", Message: message, Description: description, HTTPCode: httpCode, ItemIndex: item, Err: cause}
}

// AsNodeError converts any error into a NodeError (a plain error becomes a
// NodeOperationError with its text, as n8n wraps non-n8n errors).
func AsNodeError(err error) *NodeError {
	var ne *NodeError
	if errors.As(err, &ne) {
		return ne
	}
	return &NodeError{Name: "NodeOperationError", Message: err.Error(), ItemIndex: -1, Err: err}
}

// ValidationError lists every problem found in a workflow before running.
type ValidationError struct{ Problems []string }

func (e *ValidationError) Error() string {
	s := fmt.Sprintf("workflow is not valid (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		s += "s"
	}
	s += ")"
	for _, p := range e.Problems {
		s += "\n  " + p
	}
	return s
}
