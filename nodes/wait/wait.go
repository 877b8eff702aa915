// Package wait is n8n's Wait node (typeVersions 1 and 1.1): after a time
// interval or at a specific time (in the workflow's time zone) the run
// waits in-process and passes its input on unchanged; on a webhook call it
// waits for `serve` to receive a call at $execution.resumeUrl (a Waiter in
// the run's context) and outputs the request as n8n's Webhook node does.
// Cancelling the run stops the wait.
package wait

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.wait", Versions: []float64{1, 1.1},
		Defaults: func(v float64) map[string]any {
			d := map[string]any{"resume": "timeInterval", "amount": 5.0, "unit": "seconds", "dateTime": "",
				"incomingAuthentication": "none", "httpMethod": "GET", "responseCode": 200.0, "responseMode": "onReceived",
				"responseData": "firstEntryJson", "responseBinaryPropertyName": "data", "limitWaitTime": false,
				"limitType": "afterTimeInterval", "resumeAmount": 1.0, "resumeUnit": "hours", "maxDateAndTime": "",
				"options": map[string]any{}, "formTitle": "", "formDescription": "", "formFields": map[string]any{}}
			if v < 1.1 {
				d["amount"], d["unit"] = 1.0, "hours"
			}
			return d
		},
		Check: func(p engine.Params, _ float64) []string {
			switch r := p.Value("resume").(type) {
			case string:
				switch r {
				case "timeInterval", "specificTime", "webhook", "form":
				default:
					return []string{fmt.Sprintf(`parameter resume: expected "timeInterval", "specificTime", "webhook" or "form", got %q`, r)}
				}
			}
			return nil
		},
	}
}

// parkAfter is the wait from which n8n parks an execution instead of
// waiting in its process (its wait tracker polls every 60 s).
const parkAfter = 65 * time.Second

func opErr(msg string) error {
	return &engine.NodeError{Name: "NodeOperationError", Message: msg, ItemIndex: -1}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	resume, err := ex.ParamString("resume", 0)
	if err != nil {
		return nil, err
	}
	switch resume {
	case "webhook":
		return awaitCall(ctx, ex)
	case "form":
		return awaitForm(ctx, ex)
	}
	if ex.ResumedRun() {
		// A parked execution resumed here: n8n runs the node again
		// disabled, which passes its input on.
		ex.Resumed()
		return [][]data.Item{ex.Input(0)}, nil
	}
	now := ex.Now()
	var until time.Time
	switch resume {
	case "timeInterval":
		unit, err := ex.Param("unit", 0)
		if err != nil {
			return nil, err
		}
		per := map[any]float64{"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[unit]
		if per == 0 {
			return nil, opErr("Invalid wait unit. Valid units are 'seconds', 'minutes', 'hours', or 'days'.")
		}
		amount, err := ex.Param("amount", 0)
		if err != nil {
			return nil, err
		}
		amount, err = validateNumber(amount, "amount", "Wait Amount")
		if err != nil {
			return nil, err
		}
		a, ok := amount.(float64)
		if !ok || !(a >= 0) {
			return nil, opErr("Invalid wait amount. Please enter a number that is 0 or greater.")
		}
		until = now.Add(time.Duration(a * per * float64(time.Second)))
	case "specificTime":
		v, err := ex.Param("dateTime", 0)
		if err != nil {
			return nil, err
		}
		t, ok := parseDateTime(v, ex.Location())
		if !ok {
			return nil, opErr("Cannot put execution to wait because `dateTime` parameter is not a valid date. Please pick a specific date and time to wait until.")
		}
		until = t
	default:
		return nil, opErr(fmt.Sprintf("Resuming on %q is not supported by n8n-go yet", resume))
	}
	if until.Sub(now) >= parkAfter && ex.CanPark() {
		// n8n parks the execution in its database; `serve` stores it
		// and resumes it on time, across a restart too.
		ex.Park(until)
		return nil, nil
	}
	if err := ex.Sleep(until.Sub(now)); err != nil {
		return nil, err
	}
	if until.Sub(now) >= parkAfter {
		// n8n parks such a wait in its database and resumes the
		// execution from this node.
		ex.Resumed()
	}
	return [][]data.Item{ex.Input(0)}, nil
}

// validateNumber is n8n's validateType "number" on a parameter: a value
// Number() can read becomes that number, null and undefined pass, anything
// else is an ExpressionError.
func validateNumber(v any, name, display string) (any, error) {
	switch v.(type) {
	case nil, data.UndefinedType, float64:
		return v, nil
	}
	n := jsvalue.ToNumber(v)
	if math.IsNaN(n) {
		return nil, &engine.NodeError{Name: "ExpressionError", ItemIndex: 0,
			Message:     fmt.Sprintf("Invalid input for '%s' [item 0]", display),
			Description: fmt.Sprintf("'%s' expects a number but we got %s", name, jsvalue.Describe(v))}
	}
	return n, nil
}

// parseDateTime is n8n's tryToParseDateTime for the values a dateTime
// parameter can hold.
func parseDateTime(v any, loc *time.Location) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		return filter.ParseDate(x, loc)
	case float64:
		// n8n parses String(value).
		return filter.ParseDate(data.FormatNumber(x, false), loc)
	}
	return time.Time{}, false
}
