package expression

import (
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The Luxon operations nodes need outside expressions (Date & Time v2):
// each takes and returns a time.Time already in its zone.

// LuxonFormat is DateTime.toFormat (en-US).
func LuxonFormat(t time.Time, format string) string {
	return (&DateTime{t: t}).toFormat(format)
}

// LuxonFromFormat is DateTime.fromFormat(s, format) in zone loc.
func LuxonFromFormat(s, format string, loc *time.Location) (time.Time, bool) {
	d, ok := parseFormat(s, format, loc)
	if !ok || d == nil || d.invalid {
		return time.Time{}, false
	}
	return d.t, true
}

// LuxonPlus is DateTime.plus({unit: n}); a negative n is minus.
func LuxonPlus(t time.Time, unit string, n float64) time.Time {
	return (&DateTime{t: t}).plusUnits(map[string]float64{normUnit(unit): n}).t
}

// LuxonStartOf is DateTime.startOf(unit).
func LuxonStartOf(t time.Time, unit string) time.Time {
	return (&DateTime{t: t}).startOf(unit).t
}

// LuxonDiff is end.diff(start, units): the duration's toObject() and its
// ISO form (toString()).
func LuxonDiff(end, start time.Time, units []string) (*data.Object, string) {
	d := (&DateTime{t: end}).diff(&DateTime{t: start}, units)
	return d.toObject(), d.toISO()
}

// LuxonGet is DateTime.get(unit) (week: weekNumber).
func LuxonGet(t time.Time, unit string) float64 {
	return (&DateTime{t: t}).unitValue(normUnit(unit))
}

// LuxonZone resolves a Luxon zone name ("utc", IANA names, "UTC+3").
func LuxonZone(name string) (*time.Location, bool) { return loadZone(name) }
