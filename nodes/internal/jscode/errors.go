package jscode

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// ValidationError is n8n's Code-node ValidationError: message with
// "[item i]" / "[line n]" suffixes and a description.
func ValidationError(message, description string, itemIndex, line int) *engine.NodeError {
	switch {
	case line > 0 && itemIndex >= 0:
		message = fmt.Sprintf("%s [line %d, for item %d]", message, line, itemIndex)
	case line > 0:
		message = fmt.Sprintf("%s [line %d]", message, line)
	case itemIndex >= 0:
		message = fmt.Sprintf("%s [item %d]", message, itemIndex)
	}
	ne := &engine.NodeError{Message: message, Description: description, ItemIndex: itemIndex}
	if itemIndex >= 0 {
		ne.Context = map[string]any{"itemIndex": float64(itemIndex)}
	}
	return ne
}

// ExecutionError turns an error from the runtime into n8n's Code-node
// ExecutionError: message from the error's String() form and the line
// ("[line 3]", "[line 3, for item 0]"), the error class as description.
// Limits (timeout, cancellation, memory) pass through as they are.
func ExecutionError(err error, itemIndex int) error {
	var se *jsruntime.ScriptError
	if !errors.As(err, &se) {
		var ne *engine.NodeError
		if errors.As(err, &ne) {
			return err
		}
		return &engine.NodeError{Name: "NodeOperationError", Message: err.Error(), ItemIndex: itemIndex, Err: err}
	}
	ne := &engine.NodeError{ItemIndex: itemIndex, Err: err}
	if itemIndex >= 0 {
		ne.Context = map[string]any{"itemIndex": float64(itemIndex)}
	}
	lineDisplay := ""
	if se.Line > 0 {
		if itemIndex >= 0 {
			lineDisplay = fmt.Sprintf("[line %d, for item %d]", se.Line, itemIndex)
		} else {
			lineDisplay = fmt.Sprintf("[line %d]", se.Line)
		}
	}
	if !se.HasStack {
		ne.Message = "Unknown error"
		return ne
	}
	row := strings.SplitN(se.String, "\n", 2)[0]
	details, typ := row, ""
	if i := strings.Index(row, ": "); i >= 0 {
		typ, details = strings.TrimSpace(row[:i]), strings.TrimSpace(row[i+2:])
	} else {
		details = strings.TrimSpace(row)
	}
	if typ != "" && typ != "Error" {
		ne.Description = typ
	}
	if details == "" {
		ne.Message = strings.TrimSpace("Unknown error " + lineDisplay)
		return ne
	}
	ne.Message = strings.TrimSpace(details + " " + lineDisplay)
	return ne
}

// IsLimit reports whether err is a limit (time, memory, cancellation),
// which continueOnFail does not turn into an item.
func IsLimit(err error) bool {
	var te *jsruntime.TimeoutError
	return errors.As(err, &te) || errors.Is(err, jsruntime.ErrMemory) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
