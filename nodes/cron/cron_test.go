package cron

import (
	"strings"
	"testing"
)

func TestSchedules(t *testing.T) {
	fixed := func(lo, _ int) int { return lo + 7 }
	tests := []struct {
		name  string
		item  map[string]any
		want  string
		error string
	}{
		{"default every day", map[string]any{}, "7 0 14 * * *", ""},
		{"every day at 9", map[string]any{"hour": 9.0}, "7 0 9 * * *", ""},
		{"every minute", map[string]any{"mode": "everyMinute"}, "7 * * * * *", ""},
		{"every hour", map[string]any{"mode": "everyHour", "minute": 15.0}, "7 15 * * * *", ""},
		{"every week", map[string]any{"mode": "everyWeek", "hour": 8.0, "weekday": "5"}, "7 0 8 * * 5", ""},
		{"every month", map[string]any{"mode": "everyMonth", "dayOfMonth": 3.0}, "7 0 14 3 * *", ""},
		{"every 5 minutes", map[string]any{"mode": "everyX", "unit": "minutes", "value": 5.0}, "7 */5 * * * *", ""},
		{"every 2 hours", map[string]any{"mode": "everyX"}, "7 7 */2 * * *", ""},
		{"custom, Sunday as 7", map[string]any{"mode": "custom", "cronExpression": " 0 0 * * 7 "}, "0 0 * * 0", ""},
		{"custom invalid", map[string]any{"mode": "custom", "cronExpression": "x y"}, "", "Invalid cron expression"},
		{"unknown mode", map[string]any{"mode": "everyYear"}, "", "unknown mode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Schedules(map[string]any{"triggerTimes": map[string]any{"item": []any{tc.item}}}, fixed)
			if tc.error != "" {
				if err == nil || !strings.Contains(err.Error(), tc.error) {
					t.Fatalf("error %v, want %q", err, tc.error)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s) != 1 || s[0].Cron != tc.want {
				t.Fatalf("got %+v, want %q", s, tc.want)
			}
		})
	}
}

func TestNoTriggerTimes(t *testing.T) {
	for _, p := range []map[string]any{{}, {"triggerTimes": map[string]any{}}} {
		s, err := Schedules(p, nil)
		if err != nil || len(s) != 0 {
			t.Fatalf("%v: %v %v", p, s, err)
		}
	}
}
