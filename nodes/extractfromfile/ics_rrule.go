package extractfromfile

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

var icsRuleKeys = map[string]string{"BYDAY": "byDay", "BYHOUR": "byHour", "BYMINUTE": "byMinute", "BYMONTH": "byMonth",
	"BYMONTHDAY": "byMonthday", "BYSECOND": "bySecond", "BYSETPOS": "bySetPos", "BYWEEKNO": "byWeekNo",
	"BYYEARDAY": "byYearday", "COUNT": "count", "FREQ": "frequency", "INTERVAL": "interval", "UNTIL": "until", "WKST": "workweekStart"}

var icsWeekDays = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// icsRule is a recurrence rule as ts-ics expands it (for time zone
// rules); absent parts are nil.
type icsRule struct {
	freq          string
	until         *float64
	count         *float64
	interval      float64
	byMonth       []float64 // 0-based, as ts-ics stores it
	byWeekNo      []float64
	byYearday     []float64
	byMonthday    []float64
	byDay         []icsWeekDay
	byHour        []float64
	byMinute      []float64
	bySecond      []float64
	bySetPos      []float64
	wkst          string
	hasWkst       bool
	hasByWeekNo   bool
	hasByYearday  bool
	hasByMonthday bool
}

type icsWeekDay struct {
	day string
	occ *float64
}

// icsRecurrence is ts-ics's icsRecurrenceRuleToObject: the parts in the
// order written (a repeated part keeps its first place), numbers as
// numbers, BYMONTH 0-based, BYDAY as {day, occurence}, UNTIL as a date.
func icsRecurrence(v string, zones []*icsZone) (*data.Object, *icsRule, error) {
	o := data.NewObject(4)
	r := &icsRule{interval: 1}
	nums := func(val string, delta float64) ([]any, []float64) {
		parts := strings.Split(val, ",")
		out, fs := make([]any, len(parts)), make([]float64, len(parts))
		for i, p := range parts {
			fs[i] = jsvalue.StringToNumber(p) + delta
			out[i] = fs[i]
		}
		return out, fs
	}
	for _, part := range strings.Split(v, ";") {
		k, val, _ := strings.Cut(part, "=")
		val = unquote(val)
		key, ok := icsRuleKeys[k]
		if !ok {
			continue
		}
		switch key {
		case "until":
			d, err := icsDate(val, data.NewObject(0), zones)
			if err != nil {
				return nil, nil, err
			}
			u := icsDateTimeDigits(val) // the date just made: no parameters, so UTC digits
			r.until = &u
			o.Set(key, d)
		case "count", "interval":
			n := jsvalue.StringToNumber(val)
			if key == "count" {
				r.count = &n
			} else if n != 0 && !math.IsNaN(n) {
				r.interval = n
			} else {
				r.interval = 1
			}
			o.Set(key, n)
		case "byDay":
			var days []any
			r.byDay = nil
			for _, d := range strings.Split(val, ",") {
				if len(d) == 2 {
					days = append(days, data.ObjectOf("day", d))
					r.byDay = append(r.byDay, icsWeekDay{day: d})
					continue
				}
				n := jsSlice(d, 0, len(d)-2)
				day := strings.Replace(d, n, "", 1)
				occ := jsvalue.StringToNumber(n)
				days = append(days, data.ObjectOf("day", day, "occurence", occ))
				r.byDay = append(r.byDay, icsWeekDay{day: day, occ: &occ})
			}
			o.Set(key, days)
		case "frequency":
			r.freq = val
			o.Set(key, val)
		case "workweekStart":
			r.wkst, r.hasWkst = val, true
			o.Set(key, val)
		default:
			delta := 0.0
			if key == "byMonth" {
				delta = -1
			}
			out, fs := nums(val, delta)
			switch key {
			case "byMonth":
				r.byMonth = fs
			case "byWeekNo":
				r.byWeekNo, r.hasByWeekNo = fs, true
			case "byYearday":
				r.byYearday, r.hasByYearday = fs, true
			case "byMonthday":
				r.byMonthday, r.hasByMonthday = fs, true
			case "byHour":
				r.byHour = fs
			case "byMinute":
				r.byMinute = fs
			case "bySecond":
				r.bySecond = fs
			case "bySetPos":
				r.bySetPos = fs
			}
			o.Set(key, out)
		}
	}
	return o, r, nil
}

// maxOccurrences bounds a rule's expansion (ts-ics has no bound: a
// SECONDLY rule over centuries never ends there).
const maxOccurrences = 200_000

// expandRule is ts-ics's extendByRecurrenceRule for a time zone part
// starting at start, up to end (or the rule's UNTIL): its occurrences,
// computed in local time with date-fns as ts-ics does, including its
// shortcuts (a negative BYDAY occurrence lands at midnight, the first
// step repeats the start).
func expandRule(r *icsRule, start, end float64) ([]float64, error) {
	if r.until != nil {
		end = *r.until
	}
	wkst := 1
	if r.hasWkst {
		wkst = slices.Index(icsWeekDays, r.wkst)
	}
	wkst %= 7
	sets := [][]float64{{start}}
	reached := func() bool { return r.count != nil && float64(len(sets)) >= *r.count }
	if !reached() {
		step := map[string]func(float64, float64) float64{
			"SECONDLY": func(d, n float64) float64 { return timeClip(d + math.Trunc(n)*1000) },
			"MINUTELY": func(d, n float64) float64 { return timeClip(d + math.Trunc(n)*60_000) },
			"HOURLY":   func(d, n float64) float64 { return timeClip(d + math.Trunc(n)*3_600_000) },
			"DAILY":    func(d, n float64) float64 { return addDays(d, n) },
			"WEEKLY":   func(d, n float64) float64 { return addDays(d, 7*math.Trunc(n)) },
			"MONTHLY":  addMonths,
			"YEARLY":   func(d, n float64) float64 { return addMonths(d, 12*math.Trunc(n)) },
		}[r.freq]
		checkCount := r.freq != "MONTHLY" && r.freq != "YEARLY"
		for i := start; step != nil && i < end; {
			if checkCount && reached() {
				break
			}
			i = step(i, r.interval)
			sets = append(sets, []float64{i})
			if len(sets) > maxOccurrences {
				return nil, fmt.Errorf("n8n-go: the time zone rule %s from %v repeats more than %d times", r.freq, jsISO(start), maxOccurrences)
			}
		}
	}
	var err error
	if r.byMonth != nil {
		sets = r.applyByMonth(sets)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.hasByWeekNo && r.freq == "YEARLY" {
		return nil, fmt.Errorf("n8n-go does not expand BYWEEKNO in iCalendar time zone rules")
	}
	if r.hasByYearday {
		sets = r.applyByYearday(sets)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.hasByMonthday {
		sets = r.applyByMonthday(sets)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.byDay != nil {
		if sets, err = r.applyByDay(sets, wkst); err != nil {
			return nil, err
		}
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.byHour != nil {
		sets = r.applySetOrFilter(sets, r.byHour, "YEARLY MONTHLY WEEKLY DAILY", setHours, getHours)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.byMinute != nil {
		sets = r.applySetOrFilter(sets, r.byMinute, "YEARLY MONTHLY WEEKLY DAILY HOURLY", setMinutes, getMinutes)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.bySecond != nil {
		sets = r.applySetOrFilter(sets, r.bySecond, "YEARLY MONTHLY WEEKLY DAILY HOURLY MINUTELY", setSeconds, getSeconds)
		if sets == nil {
			return nil, errTooManyDates
		}
	}
	if r.bySetPos != nil {
		sets = r.applyBySetPos(sets)
	}
	var out []float64
	for _, s := range sets {
		sortDates(s)
		for _, d := range s {
			if !(start <= end) {
				return nil, fmt.Errorf("Invalid interval")
			}
			if d >= start && d <= end {
				out = append(out, d)
			}
		}
	}
	if r.count != nil && *r.count != 0 && !math.IsNaN(*r.count) {
		n := max(0, min(math.Trunc(*r.count), float64(len(out))))
		out = out[:int(n)]
	}
	return out, nil
}

func sortDates(s []float64) { sort.SliceStable(s, func(i, j int) bool { return s[i] < s[j] }) }

// maxExpansion bounds the dates a rule's BY parts may make at once
// (several long BY lists multiply).
const maxExpansion = 2_000_000

// errTooManyDates is returned, by way of a nil result, when a rule's BY
// parts make more than maxExpansion dates.
var errTooManyDates = fmt.Errorf("n8n-go: an iCalendar time zone rule makes more than %d dates", maxExpansion)

func mapSets(sets [][]float64, f func(float64) []float64) [][]float64 {
	out := make([][]float64, len(sets))
	total := 0
	for i, s := range sets {
		var n []float64
		for _, d := range s {
			n = append(n, f(d)...)
			if total+len(n) > maxExpansion {
				return nil
			}
		}
		total += len(n)
		out[i] = n
	}
	return out
}

func filterSets(sets [][]float64, keep func(float64) bool) [][]float64 {
	out := make([][]float64, len(sets))
	for i, s := range sets {
		var n []float64
		for _, d := range s {
			if keep(d) {
				n = append(n, d)
			}
		}
		out[i] = n
	}
	return out
}

func containsNum(list []float64, v float64) bool { return slices.Contains(list, v) }

func (r *icsRule) applyByMonth(sets [][]float64) [][]float64 {
	if r.freq == "YEARLY" {
		return mapSets(sets, func(d float64) []float64 {
			out := make([]float64, len(r.byMonth))
			for i, m := range r.byMonth {
				out[i] = setMonth(d, m)
			}
			return out
		})
	}
	return filterSets(sets, func(d float64) bool { return containsNum(r.byMonth, localField(d, "month")) })
}

func (r *icsRule) applyByYearday(sets [][]float64) [][]float64 {
	switch r.freq {
	case "YEARLY":
		return mapSets(sets, func(d float64) []float64 {
			out := make([]float64, len(r.byYearday))
			for i, n := range r.byYearday {
				y, _, _, h, mi, s, ms := localFields(d)
				out[i] = makeDateLocal(d, y, 0, n, h, mi, s, ms)
			}
			return out
		})
	case "MONTHLY", "WEEKLY", "DAILY":
		return sets
	}
	// ts-ics compares the year here.
	return filterSets(sets, func(d float64) bool { return containsNum(r.byYearday, localField(d, "year")) })
}

func (r *icsRule) applyByMonthday(sets [][]float64) [][]float64 {
	switch r.freq {
	case "YEARLY", "MONTHLY":
		return mapSets(sets, func(d float64) []float64 {
			var out []float64
			dim := daysInMonth(d)
			for _, n := range r.byMonthday {
				if n > dim {
					continue
				}
				y, mo, _, h, mi, s, ms := localFields(d)
				out = append(out, makeDateLocal(d, y, mo, n, h, mi, s, ms))
			}
			return out
		})
	case "WEEKLY":
		return sets
	}
	// ts-ics compares the month here.
	return filterSets(sets, func(d float64) bool { return containsNum(r.byMonthday, localField(d, "month")) })
}

func (r *icsRule) applyByDay(sets [][]float64, wkst int) ([][]float64, error) {
	if wkst < 0 {
		return nil, fmt.Errorf("weekStartsOn must be between 0 and 6 inclusively")
	}
	days := make([]float64, len(r.byDay))
	for i, d := range r.byDay {
		days[i] = float64(slices.Index(icsWeekDays, d.day))
	}
	matches := func(d float64) bool { return containsNum(days, localField(d, "weekday")) }
	setEach := func(d float64) []float64 {
		out := make([]float64, len(days))
		for i, day := range days {
			out[i] = setDay(d, day, wkst)
		}
		return out
	}
	within := func(bounds func(float64) (float64, float64)) func(float64) []float64 {
		return func(d float64) []float64 {
			var out []float64
			lo, hi := bounds(d)
			for i, wd := range r.byDay {
				out = append(out, nthWeekday(shiftLocal(lo), shiftLocal(hi), days[i], wkst, wd.occ)...)
			}
			return out
		}
	}
	switch r.freq {
	case "YEARLY":
		switch {
		case r.hasByYearday || r.hasByMonthday:
			return filterSets(sets, matches), nil
		case r.hasByWeekNo:
			return mapSets(sets, setEach), nil
		case r.byMonth != nil:
			return mapSets(sets, within(monthBounds)), nil
		}
		return mapSets(sets, within(yearBounds)), nil
	case "MONTHLY":
		if r.hasByMonthday {
			return filterSets(sets, matches), nil
		}
		return mapSets(sets, within(monthBounds)), nil
	case "WEEKLY":
		return mapSets(sets, setEach), nil
	}
	return filterSets(sets, matches), nil
}

// nthWeekday is ts-ics's weekday-in-period step: the occ-th such weekday
// from the period's start (or from its end when negative, at midnight),
// or every such weekday when occ is absent.
func nthWeekday(lo, hi, day float64, wkst int, occ *float64) []float64 {
	if occ != nil {
		n := *occ
		if n == 0 || math.IsNaN(n) {
			n = 1
		}
		if !(*occ < 0) {
			t := setDay(lo, day, wkst)
			k := n - 1
			if lo > t {
				k++
			}
			return []float64{addDays(t, 7*math.Trunc(k))}
		}
		a := setDay(hi, day, wkst)
		k := -n - 1
		if hi < a {
			k++
		}
		return []float64{shiftLocal(startOfDay(addDays(a, -7*math.Trunc(k))))}
	}
	if math.IsNaN(lo) || math.IsNaN(hi) || lo > hi {
		return nil
	}
	var out []float64
	for d := startOfDay(lo); d <= hi && len(out) < 400; d = startOfDay(addDays(d, 1)) {
		s := shiftLocal(d)
		if s >= lo && s <= hi && localField(s, "weekday") == day {
			out = append(out, s)
		}
	}
	return out
}

func (r *icsRule) applySetOrFilter(sets [][]float64, vals []float64, setFreqs string, set func(float64, float64) float64, get func(float64) float64) [][]float64 {
	if r.freq != "" && strings.Contains(" "+setFreqs+" ", " "+r.freq+" ") {
		return mapSets(sets, func(d float64) []float64 {
			out := make([]float64, len(vals))
			for i, v := range vals {
				out[i] = set(d, v)
			}
			return out
		})
	}
	return filterSets(sets, func(d float64) bool { return containsNum(vals, get(d)) })
}

func (r *icsRule) applyBySetPos(sets [][]float64) [][]float64 {
	if !r.hasByYearday && !r.hasByWeekNo && !r.hasByMonthday && r.byMonth == nil && r.byDay == nil &&
		r.byHour == nil && r.byMinute == nil && r.bySecond == nil {
		return sets
	}
	out := make([][]float64, len(sets))
	for i, s := range sets {
		sortDates(s)
		last := float64(len(s) - 1)
		var keep []float64
		for idx, d := range s {
			x := float64(idx)
			for _, p := range r.bySetPos {
				var ok bool
				if p > 0 {
					ok = idx != 0 && math.Mod(x, p) == 0
				} else if idx == 0 {
					ok = last+p == 0
				} else {
					ok = math.Mod(x, last+p) == 0
				}
				if ok {
					keep = append(keep, d)
					break
				}
			}
		}
		out[i] = keep
	}
	return out
}

// Local-time date arithmetic as date-fns 2 does it on JavaScript dates
// (NaN in, NaN out).

func localTime(ms float64) time.Time { return time.UnixMilli(int64(ms)).In(time.Local) }

func localFields(ms float64) (y, mo, d, h, mi, s, msec float64) {
	t := localTime(ms)
	return float64(t.Year()), float64(t.Month() - 1), float64(t.Day()), float64(t.Hour()),
		float64(t.Minute()), float64(t.Second()), float64(t.Nanosecond() / int(time.Millisecond))
}

func localField(ms float64, f string) float64 {
	if math.IsNaN(ms) {
		return math.NaN()
	}
	t := localTime(ms)
	switch f {
	case "year":
		return float64(t.Year())
	case "month":
		return float64(t.Month() - 1)
	case "weekday":
		return float64(t.Weekday())
	case "hour":
		return float64(t.Hour())
	case "minute":
		return float64(t.Minute())
	}
	return float64(t.Second())
}

// makeDateLocal is the setters' new local date (NaN when d is invalid);
// unlike new Date(y, …) a year 0–99 stays as it is.
func makeDateLocal(d float64, f ...float64) float64 {
	if math.IsNaN(d) {
		return math.NaN()
	}
	var v [7]int
	for i, x := range f {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e9 {
			return math.NaN()
		}
		v[i] = int(x)
	}
	t := time.Date(v[0], time.Month(v[1]+1), v[2], v[3], v[4], v[5], v[6]*int(time.Millisecond), time.Local)
	return timeClip(float64(t.UnixMilli()))
}

func addDays(d, n float64) float64 {
	n = math.Trunc(n)
	if n == 0 || math.IsNaN(d) {
		return d
	}
	y, mo, day, h, mi, s, ms := localFields(d)
	return makeDateLocal(d, y, mo, day+n, h, mi, s, ms)
}

func daysIn(y, mo float64) float64 {
	return float64(time.Date(int(y), time.Month(mo+2), 0, 0, 0, 0, 0, time.UTC).Day())
}

func daysInMonth(d float64) float64 {
	if math.IsNaN(d) {
		return math.NaN()
	}
	y, mo, _, _, _, _, _ := localFields(d)
	return daysIn(y, mo)
}

func addMonths(d, n float64) float64 {
	n = math.Trunc(n)
	if math.IsNaN(d) || math.IsNaN(n) {
		return math.NaN()
	}
	if n == 0 {
		return d
	}
	y, mo, day, h, mi, s, ms := localFields(d)
	t := time.Date(int(y), time.Month(int(mo)+int(n)+1), 1, 0, 0, 0, 0, time.UTC)
	dim := daysIn(float64(t.Year()), float64(t.Month()-1))
	return makeDateLocal(d, float64(t.Year()), float64(t.Month()-1), min(day, dim), h, mi, s, ms)
}

func setMonth(d, m float64) float64 {
	if math.IsNaN(d) || math.IsNaN(m) {
		return math.NaN()
	}
	y, _, day, h, mi, s, ms := localFields(d)
	t := time.Date(int(y), time.Month(int(m)+1), 15, 0, 0, 0, 0, time.UTC)
	dim := daysIn(float64(t.Year()), float64(t.Month()-1))
	return makeDateLocal(d, y, m, min(day, dim), h, mi, s, ms)
}

// setDay is date-fns's setDay with weekStartsOn.
func setDay(d, day float64, wkst int) float64 {
	if math.IsNaN(d) || math.IsNaN(day) {
		return math.NaN()
	}
	cur := localField(d, "weekday")
	delta := float64(7 - wkst)
	idx := math.Mod(math.Mod(day, 7)+7, 7)
	var diff float64
	if day < 0 || day > 6 {
		diff = day - math.Mod(cur+delta, 7)
	} else {
		diff = math.Mod(idx+delta, 7) - math.Mod(cur+delta, 7)
	}
	return addDays(d, diff)
}

func setHours(d, v float64) float64 {
	y, mo, day, _, mi, s, ms := localFields(d)
	return makeDateLocal(d, y, mo, day, v, mi, s, ms)
}

func setMinutes(d, v float64) float64 {
	y, mo, day, h, _, s, ms := localFields(d)
	return makeDateLocal(d, y, mo, day, h, v, s, ms)
}

func setSeconds(d, v float64) float64 {
	y, mo, day, h, mi, _, ms := localFields(d)
	return makeDateLocal(d, y, mo, day, h, mi, v, ms)
}

func getHours(d float64) float64   { return localField(d, "hour") }
func getMinutes(d float64) float64 { return localField(d, "minute") }
func getSeconds(d float64) float64 { return localField(d, "second") }

func startOfDay(d float64) float64 {
	y, mo, day, _, _, _, _ := localFields(d)
	return makeDateLocal(d, y, mo, day, 0, 0, 0, 0)
}

func monthBounds(d float64) (float64, float64) {
	y, mo, _, _, _, _, _ := localFields(d)
	return makeDateLocal(d, y, mo, 1, 0, 0, 0, 0), makeDateLocal(d, y, mo+1, 0, 23, 59, 59, 999)
}

func yearBounds(d float64) (float64, float64) {
	y, _, _, _, _, _, _ := localFields(d)
	return makeDateLocal(d, y, 0, 1, 0, 0, 0, 0), makeDateLocal(d, y, 11, 31, 23, 59, 59, 999)
}

// shiftLocal is ts-ics's addMinutes(d, -d.getTimezoneOffset()): the
// identity where local time is UTC.
func shiftLocal(d float64) float64 {
	if math.IsNaN(d) {
		return d
	}
	_, off := localTime(d).Zone()
	return d + float64(off)*1000
}
