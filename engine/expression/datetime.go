package expression

import (
	"encoding/json"
	"github.com/n8n-go/n8n-go/engine/intl"
	"math"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// DateTime is a Luxon DateTime: an instant in a time zone. $now and $today
// are DateTimes; it marshals to the ISO string n8n stores.
type DateTime struct {
	t       time.Time // already in its zone
	invalid bool      // Luxon's invalid DateTime (failed parse)
	locale  string    // setLocale's tag; "" is en-US
}

// localeTag is the DateTime's locale as Luxon reports it.
func (d *DateTime) localeTag() string {
	if d.locale == "" {
		return "en-US"
	}
	return d.locale
}

// at is a DateTime at t that keeps d's locale, as Luxon's derived
// DateTimes do.
func (d *DateTime) at(t time.Time) *DateTime { return &DateTime{t: t, locale: d.locale} }

func newDateTime(t time.Time, loc *time.Location) *DateTime {
	if loc == nil {
		loc = time.UTC
	}
	return &DateTime{t: t.In(loc)}
}

// Time returns the instant and zone.
func (d *DateTime) Time() time.Time { return d.t }

// MarshalJSON writes the ISO form (Luxon's toJSON).
func (d *DateTime) MarshalJSON() ([]byte, error) {
	if d.invalid {
		return []byte("null"), nil
	}
	return json.Marshal(d.toISO())
}

// String is Luxon's toString(): the ISO form.
func (d *DateTime) String() string { return d.toISO() }

func (d *DateTime) millis() int64 { return d.t.UnixMilli() }

func isUTCZone(loc *time.Location) bool {
	n := loc.String()
	return loc == time.UTC || n == "UTC" || n == "Etc/UTC" || n == "GMT" || n == "Etc/GMT"
}

func formatOffset(t time.Time, utcZ bool, colon bool) string {
	if utcZ && isUTCZone(t.Location()) {
		return "Z"
	}
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign = '-'
		off = -off
	}
	h, m := off/3600, (off%3600)/60
	if colon {
		return string(sign) + pad2(h) + ":" + pad2(m)
	}
	return string(sign) + pad2(h) + pad2(m)
}

func pad2(n int) string {
	if n < 10 && n >= 0 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

func itoa(n int) string { return numberToString(float64(n)) }

func (d *DateTime) toISO() string {
	if d.invalid {
		return "Invalid DateTime"
	}
	return d.toISODate() + "T" + d.toISOTime()
}

func (d *DateTime) toISODate() string {
	y := d.t.Year()
	ys := padN(y, 4)
	if y > 9999 {
		ys = "+" + padN(y, 6)
	} else if y < 0 {
		ys = "-" + padN(-y, 6)
	}
	return ys + "-" + pad2(int(d.t.Month())) + "-" + pad2(d.t.Day())
}

func (d *DateTime) toISOTime() string {
	return pad2(d.t.Hour()) + ":" + pad2(d.t.Minute()) + ":" + pad2(d.t.Second()) + "." +
		padN(d.t.Nanosecond()/1e6, 3) + formatOffset(d.t, true, true)
}

func padN(n, w int) string {
	s := itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

// units Luxon accepts, normalised to singular.
func normUnit(u string) string {
	u = strings.ToLower(u)
	switch u {
	case "years", "year", "y":
		return "year"
	case "quarters", "quarter":
		return "quarter"
	case "months", "month":
		return "month"
	case "weeks", "week":
		return "week"
	case "days", "day", "d":
		return "day"
	case "hours", "hour", "h":
		return "hour"
	case "minutes", "minute", "m":
		return "minute"
	case "seconds", "second", "s":
		return "second"
	case "milliseconds", "millisecond", "ms":
		return "millisecond"
	}
	return ""
}

func (d *DateTime) startOf(unit string) *DateTime {
	t := d.t
	loc := t.Location()
	y, mo, day := t.Date()
	switch normUnit(unit) {
	case "year":
		t = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	case "quarter":
		q := (int(mo)-1)/3*3 + 1
		t = time.Date(y, time.Month(q), 1, 0, 0, 0, 0, loc)
	case "month":
		t = time.Date(y, mo, 1, 0, 0, 0, 0, loc)
	case "week":
		wd := int(t.Weekday()+6) % 7 // Monday = 0
		t = time.Date(y, mo, day-wd, 0, 0, 0, 0, loc)
	case "day":
		t = time.Date(y, mo, day, 0, 0, 0, 0, loc)
	case "hour":
		t = time.Date(y, mo, day, t.Hour(), 0, 0, 0, loc)
	case "minute":
		t = time.Date(y, mo, day, t.Hour(), t.Minute(), 0, 0, loc)
	case "second":
		t = time.Date(y, mo, day, t.Hour(), t.Minute(), t.Second(), 0, loc)
	}
	return d.at(t)
}

func (d *DateTime) endOf(unit string) *DateTime {
	s := d.startOf(unit)
	var next *DateTime
	switch normUnit(unit) {
	case "year":
		next = s.plusUnits(map[string]float64{"year": 1})
	case "quarter":
		next = s.plusUnits(map[string]float64{"month": 3})
	case "month":
		next = s.plusUnits(map[string]float64{"month": 1})
	case "week":
		next = s.plusUnits(map[string]float64{"day": 7})
	case "day":
		next = s.plusUnits(map[string]float64{"day": 1})
	case "hour":
		next = s.plusUnits(map[string]float64{"hour": 1})
	case "minute":
		next = s.plusUnits(map[string]float64{"minute": 1})
	case "second":
		next = s.plusUnits(map[string]float64{"second": 1})
	default:
		return d
	}
	return d.at(next.t.Add(-time.Millisecond))
}

// plusUnits adds calendar units (Luxon semantics: calendar units move the
// wall clock, time units move the instant; month overflow clamps to the
// last day of the month).
func (d *DateTime) plusUnits(u map[string]float64) *DateTime {
	t := d.t
	loc := t.Location()
	years := u["year"] + 3*u["quarter"]
	months := u["month"]
	days := u["day"] + 7*u["week"]
	if years != 0 || months != 0 || days != 0 {
		y, mo, day := t.Date()
		totalMonths := int(mo) - 1 + int(years)*12 + int(months)
		ny := y + floorDiv(totalMonths, 12)
		nm := floorMod(totalMonths, 12) + 1
		dim := daysIn(ny, time.Month(nm))
		if day > dim {
			day = dim
		}
		t = time.Date(ny, time.Month(nm), day+int(days), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	ms := u["hour"]*3600000 + u["minute"]*60000 + u["second"]*1000 + u["millisecond"]
	if ms != 0 {
		t = t.Add(time.Duration(math.Round(ms)) * time.Millisecond)
	}
	return d.at(t)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// durationArg reads a Luxon duration-like argument: an object of units,
// a number of milliseconds, or a Duration.
func durationArg(v any) (map[string]float64, bool) {
	switch x := normNum(v).(type) {
	case float64:
		return map[string]float64{"millisecond": x}, true
	case *lxDuration:
		return x.values, true
	case *data.Object:
		out := map[string]float64{}
		for k, val := range x.All() {
			u := normUnit(k)
			if u == "" {
				return nil, false
			}
			out[u] += toNumber(val)
		}
		return out, true
	}
	return nil, false
}

func negate(u map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(u))
	for k, v := range u {
		out[k] = -v
	}
	return out
}

func (d *DateTime) setZone(zone string, keepLocal bool) (*DateTime, bool) {
	loc, ok := loadZone(zone)
	if !ok {
		return nil, false
	}
	if keepLocal {
		t := d.t
		return d.at(time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)), true
	}
	return d.at(d.t.In(loc)), true
}

// loadZone resolves Luxon zone names: IANA names, "utc", "UTC+3", "local".
func loadZone(zone string) (*time.Location, bool) {
	switch strings.ToLower(zone) {
	case "utc", "gmt", "z", "etc/utc":
		return time.UTC, true
	case "local", "system":
		return time.Local, true
	}
	if strings.HasPrefix(strings.ToUpper(zone), "UTC") && len(zone) > 3 {
		off := zone[3:]
		sign := 1
		if off[0] == '-' {
			sign = -1
		}
		off = strings.TrimLeft(off, "+-")
		h, m := 0, 0
		parts := strings.SplitN(off, ":", 2)
		h = int(stringToNumber(parts[0]))
		if len(parts) > 1 {
			m = int(stringToNumber(parts[1]))
		}
		name := "UTC" + zone[3:]
		return time.FixedZone(name, sign*(h*3600+m*60)), true
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, false
	}
	return loc, true
}

func (d *DateTime) unitValue(u string) float64 {
	t := d.t
	switch u {
	case "year":
		return float64(t.Year())
	case "quarter":
		return float64((int(t.Month())-1)/3 + 1)
	case "month":
		return float64(t.Month())
	case "day":
		return float64(t.Day())
	case "hour":
		return float64(t.Hour())
	case "minute":
		return float64(t.Minute())
	case "second":
		return float64(t.Second())
	case "millisecond":
		return float64(t.Nanosecond() / 1e6)
	case "week":
		_, w := t.ISOWeek()
		return float64(w)
	}
	return math.NaN()
}

// get reads Luxon DateTime properties.
func (d *DateTime) get(key string) (any, error) {
	t := d.t
	if d.invalid && key != "isValid" && key != "invalidReason" && key != "invalidExplanation" {
		if fn, ok := d.methodValue(key); ok {
			return fn, nil
		}
		return math.NaN(), nil
	}
	switch key {
	case "year", "month", "day", "hour", "minute", "second", "millisecond", "quarter":
		return d.unitValue(key), nil
	case "weekday":
		return float64((int(t.Weekday())+6)%7 + 1), nil
	case "weekNumber":
		_, w := t.ISOWeek()
		return float64(w), nil
	case "weekYear":
		y, _ := t.ISOWeek()
		return float64(y), nil
	case "ordinal":
		return float64(t.YearDay()), nil
	case "daysInMonth":
		return float64(daysIn(t.Year(), t.Month())), nil
	case "daysInYear":
		if daysIn(t.Year(), 2) == 29 {
			return 366.0, nil
		}
		return 365.0, nil
	case "isInLeapYear":
		return daysIn(t.Year(), 2) == 29, nil
	case "zoneName":
		return zoneName(t.Location()), nil
	case "offset":
		_, off := t.Zone()
		return float64(off / 60), nil
	case "offsetNameShort":
		n, _ := t.Zone()
		return n, nil
	case "isValid":
		return !d.invalid, nil
	case "invalidReason", "invalidExplanation":
		if d.invalid {
			return "unparsable", nil
		}
		return nil, nil
	case "ts":
		return float64(d.millis()), nil
	case "monthLong", "monthShort":
		return intl.Resolve(d.localeTag()).MonthName(int(t.Month()), key == "monthShort", true), nil
	case "weekdayLong", "weekdayShort":
		return intl.Resolve(d.localeTag()).WeekdayName(int(t.Weekday()), key == "weekdayShort", true), nil
	case "isOffsetFixed":
		return isUTCZone(t.Location()), nil
	case "isInDST":
		return t.IsDST(), nil
	case "locale":
		return d.localeTag(), nil
	}
	if fn, ok := d.methodValue(key); ok {
		return fn, nil
	}
	return undef, nil
}

func zoneName(loc *time.Location) string {
	if isUTCZone(loc) {
		return "UTC"
	}
	return loc.String()
}

func (d *DateTime) toObject() *data.Object {
	return data.ObjectOf(
		"year", d.unitValue("year"), "month", d.unitValue("month"), "day", d.unitValue("day"),
		"hour", d.unitValue("hour"), "minute", d.unitValue("minute"), "second", d.unitValue("second"),
		"millisecond", d.unitValue("millisecond"),
	)
}

// lxDuration is a Luxon Duration (from diff, Duration.fromObject, …).
type lxDuration struct {
	values map[string]float64
	order  []string // units in Luxon's order that are set
}

var durationOrder = []string{"year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond"}

func newDuration(values map[string]float64) *lxDuration {
	d := &lxDuration{values: values}
	for _, u := range durationOrder {
		if _, ok := values[u]; ok {
			d.order = append(d.order, u)
		}
	}
	return d
}

// unitMillis are Luxon's casual conversion factors.
var unitMillis = map[string]float64{
	"year": 365 * 86400000, "quarter": 91 * 86400000, "month": 30 * 86400000, "week": 7 * 86400000,
	"day": 86400000, "hour": 3600000, "minute": 60000, "second": 1000, "millisecond": 1,
}

func (d *lxDuration) millis() float64 {
	total := 0.0
	for u, v := range d.values {
		total += v * unitMillis[u]
	}
	return total
}

func (d *lxDuration) as(unit string) float64 {
	u := normUnit(unit)
	if u == "" {
		return math.NaN()
	}
	return d.millis() / unitMillis[u]
}

func (d *lxDuration) get(key string) (any, error) {
	if u := normUnit(key); u != "" && key != "d" && key != "h" && key != "m" && key != "s" && key != "y" && key != "ms" {
		return d.values[u], nil
	}
	if key == "isValid" {
		return true, nil
	}
	return undef, nil
}

func (d *lxDuration) toObject() *data.Object {
	m := data.NewObject(len(d.order))
	for _, u := range d.order {
		m.Set(u+"s", d.values[u])
	}
	return m
}

// plain is what a Duration becomes in item data: n8n deep-copies results
// through toJSON, which is Luxon's ISO form ("PT0.1S").
func (d *lxDuration) plain() any { return d.toISO() }

func (d *lxDuration) jsString() string { return d.toISO() }

func (d *lxDuration) toISO() string {
	var b strings.Builder
	b.WriteString("P")
	v := d.values
	for _, p := range []struct {
		u string
		c string
	}{{"year", "Y"}, {"quarter", "Q"}, {"month", "M"}, {"week", "W"}, {"day", "D"}} {
		if x, ok := v[p.u]; ok && x != 0 {
			if p.u == "quarter" {
				b.WriteString(numberToString(x*3) + "M")
				continue
			}
			b.WriteString(numberToString(x) + p.c)
		}
	}
	h, mi := v["hour"], v["minute"]
	sec := v["second"] + v["millisecond"]/1000
	if h != 0 || mi != 0 || sec != 0 {
		b.WriteString("T")
		if h != 0 {
			b.WriteString(numberToString(h) + "H")
		}
		if mi != 0 {
			b.WriteString(numberToString(mi) + "M")
		}
		if sec != 0 {
			b.WriteString(numberToString(math.Round(sec*1000)/1000) + "S")
		}
	}
	if b.Len() == 1 {
		return "PT0S"
	}
	return b.String()
}

func (d *lxDuration) method(st *state, name string, args []any) (any, bool, error) {
	switch name {
	case "as":
		return d.as(toString(arg(args, 0))), true, nil
	case "toMillis", "valueOf":
		return d.millis(), true, nil
	case "toObject":
		return d.toObject(), true, nil
	case "toISO", "toString", "toJSON":
		return d.toISO(), true, nil
	case "shiftTo":
		var units []string
		for _, a := range args {
			units = append(units, normUnit(toString(a)))
		}
		return shiftDuration(d.millis(), units), true, nil
	case "negate":
		return newDuration(negate(d.values)), true, nil
	case "plus", "minus":
		u, ok := durationArg(arg(args, 0))
		if !ok {
			return nil, true, typeErrorf("invalid duration")
		}
		if name == "minus" {
			u = negate(u)
		}
		out := map[string]float64{}
		for k, v := range d.values {
			out[k] = v
		}
		for k, v := range u {
			out[k] += v
		}
		return newDuration(out), true, nil
	}
	return nil, false, nil
}

// shiftDuration expresses ms in the given units, largest first; the last
// unit takes the (fractional) remainder.
func shiftDuration(ms float64, units []string) *lxDuration {
	var order []string
	for _, u := range durationOrder {
		for _, w := range units {
			if w == u {
				order = append(order, u)
			}
		}
	}
	out := map[string]float64{}
	rest := ms
	for i, u := range order {
		if i == len(order)-1 {
			out[u] = rest / unitMillis[u]
			break
		}
		n := math.Trunc(rest / unitMillis[u])
		out[u] = n
		rest -= n * unitMillis[u]
	}
	return newDuration(out)
}

// diff is Luxon's DateTime.diff(other, units).
func (d *DateTime) diff(other *DateTime, units []string) *lxDuration {
	if len(units) == 0 {
		units = []string{"millisecond"}
	}
	var order []string
	for _, u := range durationOrder {
		for _, w := range units {
			if normUnit(w) == u {
				order = append(order, u)
			}
		}
	}
	out := map[string]float64{}
	cursor := other
	sign := 1.0
	a, b := d, other
	if d.t.Before(other.t) {
		a, b = other, d
		sign = -1
	}
	cursor = b
	for i, u := range order {
		last := i == len(order)-1
		switch u {
		case "year", "quarter", "month":
			step := map[string]float64{"year": 12, "quarter": 3, "month": 1}[u]
			n := 0.0
			for {
				next := cursor.plusUnits(map[string]float64{"month": (n + 1) * step})
				if next.t.After(a.t) {
					break
				}
				n++
			}
			c := cursor.plusUnits(map[string]float64{"month": n * step})
			if last {
				next := cursor.plusUnits(map[string]float64{"month": (n + 1) * step})
				span := float64(next.t.Sub(c.t))
				if span > 0 {
					n += float64(a.t.Sub(c.t)) / span
				}
			}
			out[u] = sign * n
			cursor = c
		case "week", "day":
			step := 1.0
			if u == "week" {
				step = 7
			}
			n := 0.0
			for {
				next := cursor.plusUnits(map[string]float64{"day": (n + 1) * step})
				if next.t.After(a.t) {
					break
				}
				n++
				if n > 1e6 {
					break
				}
			}
			c := cursor.plusUnits(map[string]float64{"day": n * step})
			if last {
				n += float64(a.t.Sub(c.t)) / float64(time.Duration(step*24)*time.Hour)
			}
			out[u] = sign * n
			cursor = c
		default:
			ms := float64(a.t.Sub(cursor.t)) / 1e6
			n := ms / unitMillis[u]
			if !last {
				n = math.Trunc(n)
			}
			out[u] = sign * n
			cursor = &DateTime{t: cursor.t.Add(time.Duration(n * unitMillis[u] * 1e6))}
		}
	}
	return newDuration(out)
}
