// Package expression evaluates n8n expressions (`={{ … }}` templates holding a
// JavaScript subset) by lowering them to expr-lang programs.
//
// The package knows nothing of the engine: everything an expression can read
// about the running workflow comes through the Data interface (defined in
// engine/scope), which the engine implements once per (node, run, item).
package expression

import "github.com/n8n-go/n8n-go/engine/scope"

// Data is the workflow state an expression sees (n8n's WorkflowDataProxy);
// see scope.Data for each method.
type Data = scope.Data

// WorkflowInfo is $workflow.
type WorkflowInfo = scope.WorkflowInfo

// ExecutionInfo is $execution.
type ExecutionInfo = scope.ExecutionInfo

// Error is one of n8n's own expression errors (ExpressionError). Unlike a
// JavaScript TypeError inside an expression, it is not swallowed: it stops
// the node, and its Message is what n8n shows as the error message.
type Error = scope.Error
