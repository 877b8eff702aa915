package scheduletrigger

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

func fixed(lo, hi int) int { return 7 }

func TestSchedules(t *testing.T) {
	cases := []struct {
		name  string
		rules string
		want  []string
		rec   []Recurrence
		err   string
	}{
		{"template daily 04:00", `[{"triggerAtHour":4}]`, []string{"7 0 4 * * *"}, []Recurrence{{}}, ""},
		{"default rule", ``, []string{"7 0 0 * * *"}, []Recurrence{{}}, ""},
		{"seconds", `[{"field":"seconds","secondsInterval":10}]`, []string{"*/10 * * * * *"}, []Recurrence{{}}, ""},
		{"seconds default", `[{"field":"seconds"}]`, []string{"*/30 * * * * *"}, []Recurrence{{}}, ""},
		{"minutes", `[{"field":"minutes","minutesInterval":15}]`, []string{"7 */15 * * * *"}, []Recurrence{{}}, ""},
		{"hours every 3 at :20", `[{"field":"hours","hoursInterval":3,"triggerAtMinute":20}]`, []string{"7 20 */3 * * *"},
			[]Recurrence{{Activated: true, Index: 0, IntervalSize: 3, Unit: "hours"}}, ""},
		{"every 2 days", `[{"field":"days","daysInterval":2,"triggerAtHour":6,"triggerAtMinute":30}]`, []string{"7 30 6 * * *"},
			[]Recurrence{{Activated: true, IntervalSize: 2, Unit: "days"}}, ""},
		{"weeks", `[{"field":"weeks","triggerAtDay":[1,3,5],"triggerAtHour":9}]`, []string{"7 0 9 * * 1,3,5"}, []Recurrence{{}}, ""},
		{"weeks default sunday", `[{"field":"weeks"}]`, []string{"7 0 0 * * 0"}, []Recurrence{{}}, ""},
		{"weeks empty", `[{"field":"weeks","triggerAtDay":[]}]`, []string{"7 0 0 * * *"}, []Recurrence{{}}, ""},
		{"months", `[{"field":"months","monthsInterval":2,"triggerAtDayOfMonth":15,"triggerAtHour":23,"triggerAtMinute":59}]`,
			[]string{"7 59 23 15 */2 *"}, []Recurrence{{Activated: true, IntervalSize: 2, Unit: "months"}}, ""},
		{"cron 5 fields", `[{"field":"cronExpression","expression":"0 15 * 1 sun"}]`, []string{"0 15 * 1 sun"}, []Recurrence{{}}, ""},
		{"cron sunday 7", `[{"field":"cronExpression","expression":"0 0 * * 7"}]`, []string{"0 0 * * 0"}, []Recurrence{{}}, ""},
		{"cron range to 7", `[{"field":"cronExpression","expression":"0 0 * * 5-7"}]`, []string{"0 0 * * 5-6,0"}, []Recurrence{{}}, ""},
		{"two rules", `[{"field":"minutes","minutesInterval":1},{"field":"hours","hoursInterval":2}]`,
			[]string{"7 */1 * * * *", "7 0 */2 * * *"}, []Recurrence{{}, {Activated: true, Index: 1, IntervalSize: 2, Unit: "hours"}}, ""},
		{"bad cron", `[{"field":"cronExpression","expression":"61 * * * *"}]`, nil, nil, "Invalid cron expression"},
		{"bad field", `[{"field":"fortnights"}]`, nil, nil, `unknown trigger interval "fortnights"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			params := map[string]any{}
			if c.rules != "" {
				var list []any
				if err := json.Unmarshal([]byte(c.rules), &list); err != nil {
					t.Fatal(err)
				}
				params["rule"] = map[string]any{"interval": list}
			}
			got, err := Schedules(params, fixed)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var crons []string
			var recs []Recurrence
			for _, s := range got {
				crons = append(crons, s.Cron)
				recs = append(recs, s.Recurrence)
			}
			if !reflect.DeepEqual(crons, c.want) {
				t.Errorf("crons %q, want %q", crons, c.want)
			}
			if !reflect.DeepEqual(recs, c.rec) {
				t.Errorf("recurrences %+v, want %+v", recs, c.rec)
			}
		})
	}
}

func TestItem(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	cases := []struct {
		t    time.Time
		loc  *time.Location
		want map[string]any
	}{
		{time.Date(2024, 1, 1, 8, 0, 0, 123e6, time.UTC), berlin, map[string]any{
			"timestamp": "2024-01-01T09:00:00.123+01:00", "Readable date": "January 1st 2024, 9:00:00 am",
			"Readable time": "9:00:00 am", "Day of week": "Monday", "Year": "2024", "Month": "January",
			"Day of month": "01", "Hour": "09", "Minute": "00", "Second": "00", "Timezone": "Europe/Berlin (UTC+01:00)",
		}},
		{time.Date(2026, 7, 22, 20, 5, 9, 0, time.UTC), ny, map[string]any{
			"timestamp": "2026-07-22T16:05:09.000-04:00", "Readable date": "July 22nd 2026, 4:05:09 pm",
			"Readable time": "4:05:09 pm", "Day of week": "Wednesday", "Year": "2026", "Month": "July",
			"Day of month": "22", "Hour": "16", "Minute": "05", "Second": "09", "Timezone": "America/New_York (UTC-04:00)",
		}},
		{time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC), time.UTC, map[string]any{
			"timestamp": "2025-03-13T00:00:00.000+00:00", "Readable date": "March 13th 2025, 12:00:00 am",
			"Readable time": "12:00:00 am", "Day of week": "Thursday", "Year": "2025", "Month": "March",
			"Day of month": "13", "Hour": "00", "Minute": "00", "Second": "00", "Timezone": "UTC (UTC+00:00)",
		}},
	}
	for _, c := range cases {
		got := Item(c.t, c.loc).JSON
		if !jsvalue.Equal(got, data.FromMap(c.want)) {
			t.Errorf("Item(%v)\n got %v\nwant %v", c.t, got, c.want)
		}
	}
}

func TestLocation(t *testing.T) {
	for _, c := range []struct{ wf, inst, want string }{
		{"", "", "America/New_York"},
		{"DEFAULT", "Europe/Paris", "Europe/Paris"},
		{"Asia/Tokyo", "Europe/Paris", "Asia/Tokyo"},
		{"", "UTC", "UTC"},
	} {
		loc, err := Location(c.wf, c.inst)
		if err != nil || loc.String() != c.want {
			t.Errorf("Location(%q,%q) = %v, %v; want %s", c.wf, c.inst, loc, err, c.want)
		}
	}
	if _, err := Location("Mars/Olympus", ""); err == nil {
		t.Error("unknown zone accepted")
	}
}

func TestRecurrence(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 1, d, 4, 0, 0, 0, time.UTC) }
	r := Recurrence{Activated: true, IntervalSize: 2, Unit: "days"}
	state := map[int]int{}
	var ran []int
	for d := 1; d <= 7; d++ {
		if r.Check(day(d), state) {
			ran = append(ran, d)
		}
	}
	if !reflect.DeepEqual(ran, []int{1, 3, 5, 7}) {
		t.Errorf("every 2 days ran on %v", ran)
	}
	// Every 2 weeks on Monday and Wednesday: both days of a run week fire.
	w := Recurrence{Activated: true, IntervalSize: 2, Unit: "weeks"}
	state = map[int]int{}
	ran = nil
	for d := 1; d <= 31; d++ {
		tm := day(d)
		if wd := tm.Weekday(); wd != time.Monday && wd != time.Wednesday {
			continue
		}
		if w.Check(tm, state) {
			ran = append(ran, d)
		}
	}
	if !reflect.DeepEqual(ran, []int{1, 13, 15, 27, 29}) {
		t.Errorf("every 2 weeks ran on %v", ran)
	}
	if !(Recurrence{}).Check(day(1), nil) {
		t.Error("inactive recurrence must always run")
	}
}

func TestLocaleWeek(t *testing.T) {
	for _, c := range []struct {
		d    time.Time
		want int
	}{
		{time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 1},   // Wednesday
		{time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC), 1},   // Saturday
		{time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC), 2},   // Sunday
		{time.Date(2025, 12, 28, 0, 0, 0, 0, time.UTC), 1}, // week holding Jan 1 2026
		{time.Date(2025, 12, 27, 0, 0, 0, 0, time.UTC), 52},
		{time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), 1}, // Sunday Jan 1
	} {
		if got := localeWeek(c.d); got != c.want {
			t.Errorf("week(%s) = %d, want %d", c.d.Format("2006-01-02"), got, c.want)
		}
	}
}

func BenchmarkItem(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	now := time.Now()
	for b.Loop() {
		Item(now, loc)
	}
}

func TestValidateIntervals(t *testing.T) {
	tests := []struct {
		version float64
		rules   string
		want    string
	}{
		{1.2, `[{"field":"hours","hoursInterval":24}]`, ""},
		{1.3, `[{"field":"hours","hoursInterval":23},{"field":"days"}]`, ""},
		{1.3, `[{"field":"minutes"},{"field":"hours","hoursInterval":24}]`, "Invalid interval: Hours must be in range 1-23 (rule 2)"},
		{1.3, `[{"field":"seconds","secondsInterval":0}]`, "Invalid interval: Seconds must be in range 1-59 (rule 1)"},
		{1.3, `[{"field":"minutes","minutesInterval":60}]`, "Invalid interval: Minutes must be in range 1-59 (rule 1)"},
		{1.3, `[{"field":"days","daysInterval":32}]`, "Invalid interval: Days must be in range 1-31 (rule 1)"},
		{1.3, `[{"field":"months","monthsInterval":0}]`, "Invalid interval: Months must be larger than 0 (rule 1)"},
		{1.3, `[{"field":"weeks","weeksInterval":0}]`, ""}, // n8n checks no weeks range
	}
	for _, tt := range tests {
		var list []any
		if err := json.Unmarshal([]byte(tt.rules), &list); err != nil {
			t.Fatal(err)
		}
		err := ValidateIntervals(map[string]any{"rule": map[string]any{"interval": list}}, tt.version)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%v %s: got %q, want %q", tt.version, tt.rules, got, tt.want)
		}
	}
}
