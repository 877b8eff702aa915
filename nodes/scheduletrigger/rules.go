package scheduletrigger

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// Schedule is one rule of the node turned into what n8n registers: a cron
// expression with seconds (sec min hour dom month dow) and the recurrence
// filter that n8n applies for intervals above 1 hour/day/week/month.
type Schedule struct {
	// Index is the rule's position in rule.interval.
	Index int
	// Field is the rule kind: seconds, minutes, hours, days, weeks, months
	// or cronExpression.
	Field string
	// Cron has six fields, seconds first. For cronExpression rules it is
	// the user's expression (five or six fields) with day-of-week 7 mapped
	// to 0.
	Cron       string
	Recurrence Recurrence
}

// RandomInt returns an integer in [lo, hi); n8n uses it for the second (and
// for an hour/minute that a rule leaves undefined). Tests pass a fixed one.
type RandomInt func(lo, hi int) int

func defaultRandom(lo, hi int) int { return lo + rand.IntN(hi-lo) }

// Schedules builds the schedules of a Schedule Trigger from its parameters
// ("rule" with n8n's default when absent). random may be nil.
func Schedules(params map[string]any, random RandomInt) ([]Schedule, error) {
	if random == nil {
		random = defaultRandom
	}
	rule, _ := params["rule"].(map[string]any)
	if rule == nil {
		rule = map[string]any{"interval": []any{map[string]any{"field": "days"}}}
	}
	raw, ok := rule["interval"].([]any)
	if !ok {
		if rule["interval"] == nil {
			return nil, nil
		}
		return nil, errors.New("parameter rule.interval must be a list of rules")
	}
	out := make([]Schedule, 0, len(raw))
	for i, r := range raw {
		m, ok := r.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("rule %d: not an object", i+1)
		}
		s, err := buildSchedule(i, m, random)
		if err != nil {
			return nil, fmt.Errorf("rule %d: %w", i+1, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func buildSchedule(i int, m map[string]any, random RandomInt) (Schedule, error) {
	field := "days"
	if v, ok := m["field"]; ok {
		s, ok := v.(string)
		if !ok {
			return Schedule{}, fmt.Errorf("field must be a string, got %v", v)
		}
		field = s
	}
	s := Schedule{Index: i, Field: field}
	num := func(name string, def int) (int, error) {
		v, ok := m[name]
		if !ok || v == nil {
			return def, nil
		}
		return toInt(name, v)
	}
	// n8n fills the displayed sub-parameters with their defaults
	// (triggerAtHour 0, triggerAtMinute 0), so its "?? random" fallbacks for
	// hour and minute never apply to stored workflows; only the second is
	// random.
	sec := random(0, 60)
	var err error
	switch field {
	case "cronExpression":
		expr, _ := m["expression"].(string)
		s.Cron, err = NormalizeCron(expr)
		if err != nil {
			return s, err
		}
	case "seconds":
		n, err := num("secondsInterval", 30)
		if err != nil {
			return s, err
		}
		s.Cron = fmt.Sprintf("*/%d * * * * *", n)
	case "minutes":
		n, err := num("minutesInterval", 5)
		if err != nil {
			return s, err
		}
		s.Cron = fmt.Sprintf("%d */%d * * * *", sec, n)
	case "hours":
		n, err := num("hoursInterval", 1)
		if err != nil {
			return s, err
		}
		min, err := num("triggerAtMinute", 0)
		if err != nil {
			return s, err
		}
		s.Cron = fmt.Sprintf("%d %d */%d * * *", sec, min, n)
		s.Recurrence = recurrence(i, "hours", n)
	case "days", "weeks", "months":
		min, err := num("triggerAtMinute", 0)
		if err != nil {
			return s, err
		}
		hour, err := num("triggerAtHour", 0)
		if err != nil {
			return s, err
		}
		switch field {
		case "days":
			n, err := num("daysInterval", 1)
			if err != nil {
				return s, err
			}
			s.Cron = fmt.Sprintf("%d %d %d * * *", sec, min, hour)
			s.Recurrence = recurrence(i, "days", n)
		case "weeks":
			n, err := num("weeksInterval", 1)
			if err != nil {
				return s, err
			}
			days, err := weekdays(m["triggerAtDay"])
			if err != nil {
				return s, err
			}
			s.Cron = fmt.Sprintf("%d %d %d * * %s", sec, min, hour, days)
			s.Recurrence = recurrence(i, "weeks", n)
		case "months":
			n, err := num("monthsInterval", 1)
			if err != nil {
				return s, err
			}
			dom, err := num("triggerAtDayOfMonth", 1)
			if err != nil {
				return s, err
			}
			s.Cron = fmt.Sprintf("%d %d %d %d */%d *", sec, min, hour, dom, n)
			s.Recurrence = recurrence(i, "months", n)
		}
	default:
		return s, fmt.Errorf("unknown trigger interval %q (expected seconds, minutes, hours, days, weeks, months or cronExpression)", field)
	}
	if err := gocron.NewDefaultCron(true).IsValid(s.Cron, time.UTC, time.Now()); err != nil {
		if field == "cronExpression" {
			return s, fmt.Errorf("Invalid cron expression %q (more information on how to build them at https://crontab.guru/)", s.Cron)
		}
		return s, fmt.Errorf("invalid schedule %q: %w", s.Cron, err)
	}
	return s, nil
}

func toInt(name string, v any) (int, error) {
	switch x := v.(type) {
	case float64:
		return int(x), nil
	case int:
		return x, nil
	case int64:
		return int(x), nil
	case string:
		if strings.HasPrefix(x, "=") {
			return 0, fmt.Errorf("%s: expressions are not supported in schedule rules", name)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%s must be a number, got %q", name, x)
		}
		return int(f), nil
	}
	return 0, fmt.Errorf("%s must be a number, got %v", name, v)
}

// weekdays renders triggerAtDay (default [0], Sunday) as n8n does: the
// list joined with commas, "*" when empty.
func weekdays(v any) (string, error) {
	if v == nil {
		return "0", nil
	}
	list, ok := v.([]any)
	if !ok {
		return "", fmt.Errorf("triggerAtDay must be a list of weekdays, got %v", v)
	}
	if len(list) == 0 {
		return "*", nil
	}
	parts := make([]string, len(list))
	for i, d := range list {
		n, err := toInt("triggerAtDay", d)
		if err != nil {
			return "", err
		}
		if n == 7 {
			n = 0
		}
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ","), nil
}

// NormalizeCron accepts what n8n's cron library does that robfig/cron
// spells differently: day-of-week 7 for Sunday.
func NormalizeCron(expr string) (string, error) {
	fields := strings.Fields(expr)
	if len(fields) != 5 && len(fields) != 6 {
		if len(fields) == 1 && strings.HasPrefix(fields[0], "@") {
			return fields[0], nil
		}
		return "", fmt.Errorf("Invalid cron expression %q (expected 5 or 6 fields; more information on how to build them at https://crontab.guru/)", expr)
	}
	dow := fields[len(fields)-1]
	parts := strings.Split(dow, ",")
	for i, p := range parts {
		switch {
		case p == "7":
			parts[i] = "0"
		case strings.HasSuffix(p, "-7"):
			parts[i] = strings.TrimSuffix(p, "-7") + "-6,0"
		}
	}
	fields[len(fields)-1] = strings.Join(parts, ",")
	return strings.Join(fields, " "), nil
}
