package engine

import (
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// pairedItem follows pairedItem links from the current node's input item
// back to node target (n8n's $('X').item). method names the accessor in
// n8n's error texts ("item", "itemMatching", "pairedItem").
func (r *run) pairedItem(ex *Exec, target string, itemIndex int, method string) (*data.Item, error) {
	if r.wf.Node(target) == nil {
		return nil, exprErr("Referenced node doesn't exist")
	}
	// The referenced node must come before the current one (n8n checks the
	// ancestors of the active node; getParentMainInputNode is the node
	// itself for every node that is not an AI sub-node).
	if !r.wf.IsAncestor(target, ex.node.Name) {
		return nil, noConnection()
	}
	if err := (&proxy{ex: ex}).ensureExecuted(target); err != nil {
		return nil, err
	}
	input, at := r.connectionInputAt(ex.inputs)
	if itemIndex < 0 || itemIndex >= len(input) {
		return nil, &scope.Error{Message: "Can’t get data for expression",
			Description: fmt.Sprintf("Some intermediate nodes between ‘%s‘ and  ‘%s‘ have not executed yet.", target, ex.node.Name)}
	}
	start := input[itemIndex].Paired
	if ex.rawInputs {
		// What rewritePaired would have set: the item's own position.
		start = r.ownPaired(at, itemIndex)
	}
	if !start.IsSet() || len(start.List()) == 0 {
		return nil, missingPaired(ex.node.Name, method)
	}
	if len(ex.source) == 0 {
		return nil, &scope.Error{Message: "Can’t get data for expression",
			Description: "Apologies, this is an internal error. See details for more information"}
	}
	pi := start.List()[0]
	var src *TaskSource
	if int(pi.Input) < len(ex.source) {
		src = ex.source[pi.Input]
	}
	if src == nil {
		src = ex.source[0]
	}
	return r.resolvePaired(target, src, pi, method)
}

func noConnection() error {
	// n8n's messageTemplate "No path back to referenced node" is editor-only.
	return &scope.Error{Message: "Invalid expression"}
}

func missingPaired(node, method string) error {
	return &scope.Error{Message: fmt.Sprintf("Paired item data for %s from node '%s' is unavailable. Ensure '%s' is providing the required output.", method, node, node)}
}

func (r *run) resolvePaired(target string, src *TaskSource, pi data.PairedItem, method string) (*data.Item, error) {
	if src == nil {
		return nil, &scope.Error{Message: "Paired item resolution failed", Description: fmt.Sprintf("Could not trace back to node '%s'", target)}
	}
	runs := r.runData[src.PreviousNode]
	var task *TaskData
	if src.PreviousNodeRun < len(runs) {
		task = runs[src.PreviousNodeRun]
	}
	var outItems []data.Item
	var sources []*TaskSource
	if task != nil {
		sources = task.Source
		if task.Data != nil && src.PreviousNodeOutput < len(task.Data.Main) {
			outItems = task.Data.Main[src.PreviousNodeOutput]
		}
	} else if pin, ok := r.pinData[src.PreviousNode]; ok && src.PreviousNodeOutput == 0 {
		outItems = pin
	}
	if outItems == nil {
		return nil, &scope.Error{Message: "Can’t get data for expression",
			Description: fmt.Sprintf("Expected output #%d from node %s", src.PreviousNodeOutput, src.PreviousNode)}
	}
	if src.PreviousNode == target {
		if pi.Item >= len(outItems) || pi.Item < 0 {
			return nil, missingPaired(src.PreviousNode, method)
		}
		return &outItems[pi.Item], nil
	}
	if pi.Item >= len(outItems) || pi.Item < 0 {
		// n8n reads undefined here and then fails on its pairedItem.
		return nil, missingPaired(src.PreviousNode, method)
	}
	next := outItems[pi.Item].Paired.List()
	if !outItems[pi.Item].Paired.IsSet() || len(next) == 0 {
		return nil, missingPaired(src.PreviousNode, method)
	}
	var found []*data.Item
	var firstErr error
	for _, np := range next {
		if int(np.Input) >= len(sources) {
			continue
		}
		src := sources[np.Input]
		if so := np.SourceOverwrite; so != nil {
			// Loop Over Items points later batches at its first input.
			src = &TaskSource{PreviousNode: so.PreviousNode, PreviousNodeOutput: so.PreviousNodeOutput, PreviousNodeRun: so.PreviousNodeRun}
		}
		it, err := r.resolvePaired(target, src, np, method)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = append(found, it)
	}
	if len(found) == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		if len(sources) == 0 {
			return nil, noConnection()
		}
		return nil, &scope.Error{Message: "Branch not found", Description: fmt.Sprintf("Item %d in node %s references a branch that doesn't exist.", pi.Item, src.PreviousNode)}
	}
	for _, f := range found[1:] {
		if f != found[0] {
			return nil, &scope.Error{Message: "Multiple matches found"}
		}
	}
	return found[0], nil
}
