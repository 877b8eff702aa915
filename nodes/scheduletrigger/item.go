package scheduletrigger

import (
	"fmt"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// DefaultTimezone is n8n's GENERIC_TIMEZONE default.
const DefaultTimezone = "America/New_York"

// Location resolves the zone a workflow's schedules run in, as n8n does:
// settings.timezone unless absent or "DEFAULT", else the instance zone
// (GENERIC_TIMEZONE), else America/New_York.
func Location(workflowTZ, instanceTZ string) (*time.Location, error) {
	name := workflowTZ
	if name == "" || name == "DEFAULT" {
		name = instanceTZ
	}
	if name == "" {
		name = DefaultTimezone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: %w", name, err)
	}
	return loc, nil
}

// Item is what the Schedule Trigger emits for a tick at t: the fields n8n
// formats with moment in the workflow zone, all strings.
func Item(t time.Time, loc *time.Location) data.Item {
	t = t.In(loc)
	offset := t.Format("-07:00")
	return data.Item{JSON: data.ObjectOf(
		"timestamp", t.Format("2006-01-02T15:04:05.000-07:00"),
		"Readable date", t.Format("January ")+ordinal(t.Day())+t.Format(" 2006, 3:04:05 pm"),
		"Readable time", t.Format("3:04:05 pm"),
		"Day of week", t.Format("Monday"),
		"Year", t.Format("2006"),
		"Month", t.Format("January"),
		"Day of month", t.Format("02"),
		"Hour", t.Format("15"),
		"Minute", t.Format("04"),
		"Second", t.Format("05"),
		"Timezone", fmt.Sprintf("%s (UTC%s)", loc.String(), offset),
	)}
}

// ordinal is moment's "Do" in English: 1st, 2nd, 3rd, 4th, 11th, 21st…
func ordinal(d int) string {
	suffix := "th"
	if d%100 < 11 || d%100 > 13 {
		switch d % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", d, suffix)
}
