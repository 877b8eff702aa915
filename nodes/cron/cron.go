// Package cron is n8n's legacy Cron trigger (v1): a list of trigger times
// (every minute/hour/day/week/month, every X minutes/hours, or a custom
// cron expression) that become cron jobs, each tick emitting one empty item.
// The serve runtime registers the schedules (internal/server) the same way
// as the Schedule Trigger's.
package cron

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.cron"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1}, Kind: engine.KindTrigger,
		Inputs: func(engine.Params, float64) int { return 0 },
		Check: func(p engine.Params, _ float64) []string {
			if _, err := Schedules(data.ToMap(p.Object), nil); err != nil {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

// Execute runs in manual mode (n8n's manualTriggerFunction): one empty item.
// Outside it the engine passes the tick's item through.
func (node) Execute(context.Context, *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{{Item()}}, nil
}

// Item is what a tick emits: returnJsonArray([{}]).
func Item() data.Item { return data.Item{JSON: data.NewObject(0)} }

// Schedules turns triggerTimes.item into cron expressions with seconds, as
// n8n's toCronExpression does (a random second, a random minute for every X
// hours). random may be nil. Unfilled fields take the defaults n8n's editor
// stores (mode everyDay, hour 14, minute 0, dayOfMonth 1, weekday 1, every
// 2 hours, custom "* * * * * *").
func Schedules(params map[string]any, random scheduletrigger.RandomInt) ([]scheduletrigger.Schedule, error) {
	if random == nil {
		random = func(lo, hi int) int { return lo + rand.IntN(hi-lo) }
	}
	tt, _ := params["triggerTimes"].(map[string]any)
	if tt == nil {
		return nil, nil
	}
	raw, ok := tt["item"].([]any)
	if !ok {
		if tt["item"] == nil {
			return nil, nil
		}
		return nil, errors.New("parameter triggerTimes.item must be a list of trigger times")
	}
	out := make([]scheduletrigger.Schedule, 0, len(raw))
	for i, r := range raw {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("trigger time %d: not an object", i+1)
		}
		expr, err := expression(m, random)
		if err != nil {
			return nil, fmt.Errorf("trigger time %d: %w", i+1, err)
		}
		out = append(out, scheduletrigger.Schedule{Index: i, Field: "cron", Cron: expr})
	}
	return out, nil
}

func expression(m map[string]any, random scheduletrigger.RandomInt) (string, error) {
	str := func(name, def string) string {
		switch v := m[name].(type) {
		case string:
			return v
		case float64:
			return fmt.Sprint(v)
		case nil:
			return def
		default:
			return fmt.Sprint(v)
		}
	}
	mode := str("mode", "everyDay")
	sec := random(0, 60)
	var expr string
	switch mode {
	case "everyMinute":
		expr = fmt.Sprintf("%d * * * * *", sec)
	case "everyHour":
		expr = fmt.Sprintf("%d %s * * * *", sec, str("minute", "0"))
	case "everyX":
		switch unit := str("unit", "hours"); unit {
		case "minutes":
			expr = fmt.Sprintf("%d */%s * * * *", sec, str("value", "2"))
		case "hours":
			expr = fmt.Sprintf("%d %d */%s * * *", sec, random(0, 60), str("value", "2"))
		default:
			return "", fmt.Errorf("unknown unit %q (expected minutes or hours)", unit)
		}
	case "everyDay":
		expr = fmt.Sprintf("%d %s %s * * *", sec, str("minute", "0"), str("hour", "14"))
	case "everyWeek":
		expr = fmt.Sprintf("%d %s %s * * %s", sec, str("minute", "0"), str("hour", "14"), str("weekday", "1"))
	case "everyMonth":
		expr = fmt.Sprintf("%d %s %s %s * *", sec, str("minute", "0"), str("hour", "14"), str("dayOfMonth", "1"))
	case "custom":
		e, err := scheduletrigger.NormalizeCron(strings.TrimSpace(str("cronExpression", "* * * * * *")))
		if err != nil {
			return "", err
		}
		expr = e
	default:
		return "", fmt.Errorf("unknown mode %q (expected everyMinute, everyHour, everyDay, everyWeek, everyMonth, everyX or custom)", mode)
	}
	if strings.Contains(expr, "=") {
		return "", errors.New("expressions are not supported in trigger times")
	}
	if err := gocron.NewDefaultCron(true).IsValid(expr, time.UTC, time.Now()); err != nil {
		return "", fmt.Errorf("Invalid cron expression %q (more information on how to build them at https://crontab.guru/)", expr)
	}
	return expr, nil
}
