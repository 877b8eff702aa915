package engine

import (
	"errors"

	"github.com/n8n-go/n8n-go/engine/data"
)

// A run's workflow static data (RunOptions.StaticData, n8n's
// workflow.staticData): {"global": …, "node:<name>": …}, plus n8n-go's
// deduplication history under "processed:…" keys no script can reach.

// StaticData is the node's static data, n8n's getWorkflowStaticData('node'):
// the object kept under "node:<name>" in the workflow's static data. A
// poll changes it in place; serve stores it so that a restart does not
// emit old items again.
func (ex *Exec) StaticData() *data.Object {
	o, _ := ex.WorkflowStaticData("node")
	return o
}

// WorkflowStaticData is n8n's getWorkflowStaticData(kind) for scripts:
// "global" is shared by the whole workflow, "node" is this node's own.
// serve keeps it between production executions (not manual ones), as n8n
// saves it after each execution that changed it.
func (ex *Exec) WorkflowStaticData(kind string) (*data.Object, error) {
	key, err := staticKey(kind, ex.node.Name)
	if err != nil {
		return nil, err
	}
	if o, ok := ex.run.static.Value(key).(*data.Object); ok {
		return o, nil
	}
	o := data.NewObject(0)
	ex.run.static.Set(key, o)
	return o, nil
}

// SetWorkflowStaticData replaces the static data of kind with o (a script's
// changed copy of it).
func (ex *Exec) SetWorkflowStaticData(kind string, o *data.Object) error {
	key, err := staticKey(kind, ex.node.Name)
	if err != nil {
		return err
	}
	ex.run.static.Set(key, o)
	return nil
}

// ProcessedData is n8n's deduplication history (its processed_data
// table) for scope "node" (this node's own) or "workflow": nil before the
// first record. n8n-go keeps it beside the static data, under keys scripts
// cannot reach, so serve and run --static-data keep it as they keep that.
func (ex *Exec) ProcessedData(scope string) *data.Object {
	o, _ := ex.run.static.Value(ex.processedKey(scope)).(*data.Object)
	return o
}

// SetProcessedData replaces the history of scope; nil deletes it.
func (ex *Exec) SetProcessedData(scope string, rec *data.Object) {
	if rec == nil {
		ex.run.static.Delete(ex.processedKey(scope))
		return
	}
	ex.run.static.Set(ex.processedKey(scope), rec)
}

func (ex *Exec) processedKey(scope string) string {
	if scope == "node" {
		id := ex.node.ID
		if id == "" {
			id = ex.node.Name
		}
		return "processed:n:" + id
	}
	return "processed:"
}

func staticKey(kind, node string) (string, error) {
	switch kind {
	case "global":
		return "global", nil
	case "node":
		return "node:" + node, nil
	}
	return "", errors.New("Unknown context type. Only `global` and `node` are supported.")
}
