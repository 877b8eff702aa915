package converttofile

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type icalendar struct{}

// NewICalendar returns n8n's hidden iCalendar node (1), whose only
// operation, createEventFile, is Convert to File's iCal.
func NewICalendar() engine.Node { return icalendar{} }

func (icalendar) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.iCal", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "createEventFile", "binaryPropertyName": "data",
				"title": "", "start": "", "end": "", "allDay": false, "additionalFields": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && op != "createEventFile" {
				return []string{fmt.Sprintf("parameter operation: unknown value %q", op)}
			}
			return nil
		},
	}
}

func (icalendar) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	out, err := toICal(ctx, ex, ex.Input(0))
	if err != nil {
		return nil, err
	}
	return [][]data.Item{out}, nil
}
