package cron

import (
	"errors"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
)

// PollTimesDefault is the pollTimes n8n gives every polling node
// (commonPollingParameters): one poll a minute.
func PollTimesDefault() map[string]any {
	return map[string]any{"item": []any{map[string]any{"mode": "everyMinute"}}}
}

// PollSchedules turns a polling node's pollTimes (the Cron node's trigger
// times) into cron expressions, refusing what n8n's activatePolling
// refuses: an expression whose first field has a '*' ("too short": a
// custom expression polling every second, or a five-field one whose
// minutes n8n reads as seconds).
func PollSchedules(params map[string]any, random scheduletrigger.RandomInt) ([]scheduletrigger.Schedule, error) {
	pt, ok := params["pollTimes"]
	if !ok || pt == nil {
		pt = PollTimesDefault()
	}
	m, ok := pt.(map[string]any)
	if !ok {
		return nil, errors.New("parameter pollTimes must be an object with a list of poll times in item")
	}
	if items, ok := m["item"].([]any); ok {
		for i, it := range items {
			t, _ := it.(map[string]any)
			if t == nil || t["mode"] != "custom" {
				continue
			}
			expr, ok := t["cronExpression"].(string)
			if !ok {
				expr = "* * * * * *" // the editor's default
			}
			if f := strings.Fields(expr); len(f) > 0 && strings.Contains(f[0], "*") {
				return nil, fmt.Errorf("poll time %d: The polling interval is too short. It has to be at least a minute.", i+1)
			}
		}
	}
	scheds, err := Schedules(map[string]any{"triggerTimes": m}, random)
	if err != nil {
		return nil, fmt.Errorf("parameter pollTimes: %w", err)
	}
	return scheds, nil
}
