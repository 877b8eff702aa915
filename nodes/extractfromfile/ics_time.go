package extractfromfile

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Dates here are JavaScript Date values: milliseconds since the epoch as
// a float64, NaN for an invalid date. ts-ics reads a DATE as local
// midnight and a DATE-TIME's digits as UTC (a trailing Z or not); a TZID
// then shifts the date by the zone's offset, found in the file's
// VTIMEZONE of that id (expanding its rules as ts-ics does) or else from
// the IANA database, and keeps the wall-clock time under "local".

const jsMaxTime = 8.64e15

func timeClip(ms float64) float64 {
	if math.IsNaN(ms) || math.Abs(ms) > jsMaxTime {
		return math.NaN()
	}
	return math.Trunc(ms) + 0 // +0 turns -0 into 0
}

// jsParseInt is parseInt(s, 10): leading white space, a sign and the
// longest run of digits; NaN without digits.
func jsParseInt(s string) float64 {
	s = strings.TrimLeftFunc(s, jsvalue.IsSpace)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s[:n], 64)
	if neg {
		f = -f
	}
	return f
}

// jsSlice is String.prototype.slice for non-negative bounds.
func jsSlice(s string, a, b int) string {
	a, b = min(a, len(s)), min(b, len(s))
	if a >= b {
		return ""
	}
	return s[a:b]
}

// makeDate builds a date from fields as Date.UTC / new Date(y, m, …) do:
// NaN fields make an invalid date, years 0–99 mean 1900–1999, overflowing
// fields carry over.
func makeDate(loc *time.Location, f ...float64) float64 {
	var v [7]int
	for i, x := range f {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e9 {
			return math.NaN()
		}
		v[i] = int(x)
	}
	if len(f) < 3 {
		v[2] = 1
	}
	if v[0] >= 0 && v[0] <= 99 {
		v[0] += 1900
	}
	t := time.Date(v[0], time.Month(v[1]+1), v[2], v[3], v[4], v[5], v[6]*int(time.Millisecond), loc)
	return timeClip(float64(t.UnixMilli()))
}

// icsDateTimeDigits is ts-ics's icsDateTimeToDateTime: the digits of
// YYYYMMDDTHHMMSS read as UTC.
func icsDateTimeDigits(v string) float64 {
	p := func(a, b int) float64 { return jsParseInt(jsSlice(v, a, b)) }
	return makeDate(time.UTC, p(0, 4), p(4, 6)-1, p(6, 8), p(9, 11), p(11, 13), p(13, 15))
}

// icsDateDigits is ts-ics's icsDateToDate: YYYYMMDD at local midnight.
func icsDateDigits(v string) float64 {
	p := func(a, b int) float64 { return jsParseInt(jsSlice(v, a, b)) }
	return makeDate(time.Local, p(0, 4), p(4, 6)-1, p(6, 8))
}

// jsISO is JSON's form of a Date (toISOString; null when invalid).
func jsISO(ms float64) any {
	if math.IsNaN(ms) {
		return nil
	}
	t := time.UnixMilli(int64(ms)).UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		sign := "+"
		if y < 0 {
			sign, y = "-", -y
		}
		return fmt.Sprintf("%s%06d%s", sign, y, t.Format("-01-02T15:04:05.000Z"))
	}
	b := make([]byte, 0, 24)
	put := func(n, width int, sep byte) {
		for d := width - 1; d >= 0; d-- {
			p := 1
			for range d {
				p *= 10
			}
			b = append(b, byte('0'+n/p%10))
		}
		if sep != 0 {
			b = append(b, sep)
		}
	}
	put(t.Year(), 4, '-')
	put(int(t.Month()), 2, '-')
	put(t.Day(), 2, 'T')
	put(t.Hour(), 2, ':')
	put(t.Minute(), 2, ':')
	put(t.Second(), 2, '.')
	put(t.Nanosecond()/int(time.Millisecond), 3, 'Z')
	return string(b)
}

// icsDate is ts-ics's icsTimeStampToObject.
func icsDate(v string, opts *data.Object, zones []*icsZone) (*data.Object, error) {
	typ, _ := optValue(opts, "VALUE").(string)
	if typ == "DATE" {
		return data.ObjectOf("date", jsISO(icsDateDigits(v)), "type", typ), nil
	}
	if typ == "" {
		typ = "DATE-TIME"
	}
	o := icsDateTimeDigits(v)
	tzid, _ := optValue(opts, "TZID").(string)
	if tzid == "" {
		return data.ObjectOf("date", jsISO(o), "type", typ), nil
	}
	offset, ms, ok, err := zoneOffset(o, tzid, zones)
	if err != nil {
		return nil, err
	}
	if !ok {
		return data.ObjectOf("date", jsISO(o), "type", typ), nil
	}
	local := data.ObjectOf("date", jsISO(o), "timezone", tzid, "tzoffset", offset)
	return data.ObjectOf("date", jsISO(timeClip(o-ms)), "type", typ, "local", local), nil
}

func optValue(opts *data.Object, k string) any {
	if opts == nil {
		return nil
	}
	return opts.Value(k)
}

// icsZone is a VTIMEZONE: its object for the output and what offset
// lookups need.
type icsZone struct {
	obj   *data.Object
	id    string
	hasID bool
	props []icsZoneProp
}

// icsZoneProp is a STANDARD or DAYLIGHT block.
type icsZoneProp struct {
	start              float64
	rule               *icsRule
	offsetFrom, offset *string // TZOFFSETFROM, TZOFFSETTO; nil when absent

	// expanded caches the rule's occurrences up to expandedTo, for rules
	// whose occurrences up to a date do not depend on how far the
	// expansion went (see cacheable).
	expanded   []float64
	expandedTo float64
}

// expansionMargin is how far past the asked date a cacheable rule is
// expanded, so that a calendar's dates share one expansion.
const expansionMargin = 20 * 366 * 24 * 3600 * 1000

// occurrences is expandRule(rule, start, o), from the cache when it
// holds: for a YEARLY or MONTHLY rule without COUNT, UNTIL, BYSETPOS or
// BYWEEKNO every occurrence stays within its step's year or month, so
// the occurrences up to o are those of a longer expansion up to o.
// sorted tells that the occurrences are in ascending order.
func (p *icsZoneProp) occurrences(o float64) (occ []float64, sorted bool, err error) {
	r := p.rule
	cacheable := (r.freq == "YEARLY" || r.freq == "MONTHLY") && r.count == nil && r.until == nil &&
		r.bySetPos == nil && !r.hasByWeekNo && r.interval >= 1 && !math.IsNaN(o) && p.start <= o
	if cacheable && (p.expanded == nil || o > p.expandedTo) {
		end := timeClip(o + expansionMargin)
		all, err := expandRule(r, p.start, end)
		if err != nil || math.IsNaN(end) || !sort.Float64sAreSorted(all) {
			cacheable = false
		} else {
			p.expanded, p.expandedTo = all, end
		}
	}
	if !cacheable {
		occ, err = expandRule(r, p.start, o)
		return occ, false, err
	}
	n := sort.Search(len(p.expanded), func(i int) bool { return p.expanded[i] > o })
	return p.expanded[:n], true, nil
}

// icsTimezone is ts-ics's icsTimezoneToObject: props first (every
// STANDARD, then every DAYLIGHT), then id, url and lastModified in file
// order.
func icsTimezone(block string) (*icsZone, error) {
	t := icsRemoveMarks(block, "VTIMEZONE")
	z := &icsZone{obj: data.NewObject(4)}
	props := []any{}
	z.obj.Set("props", props)
	for _, line := range icsLines(icsRemoveBlocks(icsRemoveBlocks(t, "STANDARD"), "DAYLIGHT")) {
		p, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		key, ok := icsZoneKeys[p.name]
		if !ok {
			continue
		}
		if key == "lastModified" {
			z.obj.Set(key, jsISO(icsDateTimeDigits(p.value)))
			continue
		}
		if key == "id" {
			z.id, z.hasID = p.value, true
		}
		z.obj.Set(key, p.value)
	}
	for _, typ := range []string{"STANDARD", "DAYLIGHT"} {
		for _, b := range icsBlocks(t, typ) {
			obj, prop, err := icsZonePart(t[b[0]:b[1]], typ)
			if err != nil {
				return nil, err
			}
			props = append(props, obj)
			z.props = append(z.props, prop)
		}
	}
	z.obj.Set("props", props)
	return z, nil
}

func icsZonePart(block, typ string) (*data.Object, icsZoneProp, error) {
	r := icsRemoveMarks(icsRemoveMarks(block, "STANDARD"), "DAYLIGHT")
	o := data.ObjectOf("type", typ)
	prop := icsZoneProp{start: math.NaN()}
	for _, line := range icsLines(r) {
		p, err := icsProperty(line)
		if err != nil {
			return nil, prop, err
		}
		key, ok := icsZonePropKeys[p.name]
		if !ok {
			continue
		}
		switch key {
		case "start":
			prop.start = icsDateTimeDigits(p.value)
			o.Set(key, jsISO(prop.start))
		case "recurrenceRule":
			obj, rule, err := icsRecurrence(p.value, nil)
			if err != nil {
				return nil, prop, err
			}
			prop.rule = rule
			o.Set(key, obj)
		case "recurrenceDate":
			d, err := icsDate(p.value, p.opts, nil)
			if err != nil {
				return nil, prop, err
			}
			o.Set(key, d)
		default:
			v := p.value
			switch key {
			case "offsetFrom":
				prop.offsetFrom = &v
			case "offsetTo":
				prop.offset = &v
			}
			o.Set(key, v)
		}
	}
	return o, prop, nil
}

// zoneOffset is ts-ics's getTimezoneObjectOffset for the wall-clock time
// o (read as UTC): the offset text and milliseconds, ok false when the
// zone is neither in the file nor a zone the IANA database knows.
func zoneOffset(o float64, tzid string, zones []*icsZone) (string, float64, bool, error) {
	for _, z := range zones {
		if !z.hasID || z.id != tzid {
			continue
		}
		// ts-ics sorts every part's occurrences (stably) and takes the
		// first one after o and the one before it. Found here in one pass
		// without the list: the latest at or before o (the last written
		// among equals) and the earliest after o (the first written among
		// equals).
		var (
			before, after     *icsZoneProp
			beforeAt, afterAt float64
			total             int
			invalid           bool
		)
		consider := func(start float64, p *icsZoneProp) {
			total++
			switch {
			case math.IsNaN(start):
				invalid = true
			case start <= o:
				if before == nil || start >= beforeAt {
					before, beforeAt = p, start
				}
			case after == nil || start < afterAt:
				after, afterAt = p, start
			}
		}
		for i := range z.props {
			p := &z.props[i]
			if p.rule == nil || (p.rule.until != nil && *p.rule.until < o) {
				consider(p.start, p)
				continue
			}
			starts, sorted, err := p.occurrences(o)
			if err != nil {
				return "", 0, false, err
			}
			if sorted && len(starts) > 0 {
				// All at or before o: only the latest counts.
				total += len(starts) - 1
				consider(starts[len(starts)-1], p)
				continue
			}
			for _, s := range starts {
				consider(s, p)
			}
		}
		if invalid {
			// JavaScript's sort with an inconsistent comparator: no
			// attempt to follow it.
			return "", 0, false, fmt.Errorf("n8n-go cannot order the time zone %q: a rule part has an invalid start", tzid)
		}
		var text *string
		switch {
		case total == 0:
			return "", 0, false, fmt.Errorf("Cannot read properties of undefined (reading 'offsetTo')")
		case after == nil:
			text = before.offset
		case before == nil:
			text = after.offsetFrom
		default:
			text = before.offset
		}
		if text == nil {
			return "", 0, false, fmt.Errorf("Cannot read properties of undefined (reading 'length')")
		}
		t := *text
		if len(t) > 5 {
			t = string([]rune(t)[:min(5, len([]rune(t)))])
		}
		return t, offsetMillis(t), true, nil
	}
	ms, ok, err := ianaOffset(tzid, o)
	if err != nil || !ok {
		return "", 0, false, err
	}
	neg := ms < 0
	h := math.Abs(math.Floor(ms / 3_600_000))
	m := math.Abs(math.Floor(ms/60_000)) - h*60
	pad := func(f float64) string {
		s := jsvalue.NumberToString(f)
		if len(s) == 1 {
			s = "0" + s
		}
		return s
	}
	sign := "+"
	if neg {
		sign = "-"
	}
	return sign + pad(h) + pad(m), ms, true, nil
}

// offsetMillis is ts-ics's timeZoneOffsetToMilliseconds for "±HHMM".
func offsetMillis(t string) float64 {
	sign := -1.0
	if strings.HasPrefix(t, "+") {
		sign = 1
	}
	h := jsvalue.StringToNumber(jsSlice(t, 1, 3))
	m := 0.0
	if len(t) > 3 {
		m = jsvalue.StringToNumber(jsSlice(t, 3, 5))
	}
	return (h*60 + m) * 60 * 1000 * sign
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	tzHH = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[+-]\d{2}$`)
	})
	tzHHMM = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([+-])(\d{2}):?(\d{2})$`)
	})
)

// ianaOffset is date-fns-tz's getTimezoneOffset(zone, date): the offset
// in milliseconds of the zone at the wall-clock time date shows in local
// time, for "Z", "±hh", "±hh:mm" and IANA zone names; ok false otherwise.
func ianaOffset(zone string, date float64) (float64, bool, error) {
	switch {
	case zone == "Z":
		return 0, true, nil
	case tzHH().MatchString(zone):
		h, _ := strconv.Atoi(zone)
		if h < -23 || h > 23 {
			return 0, false, nil
		}
		return float64(h) * 3_600_000, true, nil
	case tzHHMM().MatchString(zone):
		m := tzHHMM().FindStringSubmatch(zone)
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		if h > 23 || mi > 59 {
			return 0, false, nil
		}
		abs := float64(h)*3_600_000 + float64(mi)*60_000
		if m[1] == "+" {
			return abs, true, nil
		}
		return -abs, true, nil
	}
	if zone == "Local" {
		return 0, false, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return 0, false, nil
	}
	if math.IsNaN(date) {
		// Intl cannot format an invalid date.
		return 0, false, fmt.Errorf("Invalid time value")
	}
	at := func(ms float64) float64 {
		_, off := time.UnixMilli(int64(ms)).In(loc).Zone()
		return float64(off) * 1000
	}
	// The local wall-clock fields of date, read as UTC, then date-fns-tz's
	// fixOffset guess-and-check.
	lt := time.UnixMilli(int64(date)).In(time.Local)
	utc := float64(time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC).UnixMilli())
	offset := at(utc)
	guess := date - offset
	o2 := at(guess)
	if o2 == offset {
		return offset, true, nil
	}
	guess -= o2 - offset
	o3 := at(guess)
	if o2 == o3 {
		return o2, true, nil
	}
	return math.Max(o2, o3), true, nil
}
