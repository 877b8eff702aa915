// Package scheduletrigger is n8n's Schedule Trigger (v1–1.3): rules that
// become cron expressions in the workflow time zone, plus the item a tick
// emits. The serve runtime (internal/server) registers the crons; the engine
// only sees the emitted item as the run's start data.
package scheduletrigger

import (
	"context"
	"errors"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.scheduleTrigger"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1, 1.2, 1.3}, Kind: engine.KindTrigger,
		Defaults: func(float64) map[string]any {
			return map[string]any{"rule": map[string]any{"interval": []any{map[string]any{"field": "days"}}}}
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Check: func(p engine.Params, _ float64) []string {
			params := data.ToMap(p.Object)
			if _, err := Schedules(params, nil); err != nil {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

// Execute runs only in manual mode (outside it the engine passes the tick's
// item through): like n8n's manualTriggerFunction it checks the first rule
// and emits one item for the current time.
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	params := data.ToMap(ex.Params().Object)
	if _, err := Schedules(params, nil); err != nil {
		return nil, engine.OperationError(-1, "%s", err.Error())
	}
	var ie *IntervalError
	if err := ValidateIntervals(params, ex.Version()); errors.As(err, &ie) {
		e := engine.OperationError(ie.Index, "Invalid interval")
		e.Description = ie.Description
		return nil, e
	}
	return [][]data.Item{{Item(ex.Now(), ex.Location())}}, nil
}
