package expression

import (
	"math"

	"github.com/n8n-go/n8n-go/engine/data"
)

// lxInterval is Luxon's Interval: the half-open span [s, e). An end before
// the start makes it invalid, as Luxon's "end before start".
type lxInterval struct {
	s, e    *DateTime
	invalid bool
}

func newInterval(s, e *DateTime) *lxInterval {
	iv := &lxInterval{s: s, e: e}
	if s == nil || e == nil || s.invalid || e.invalid || e.millis() < s.millis() {
		iv.invalid = true
	}
	return iv
}

func (iv *lxInterval) get(key string) (any, error) {
	switch key {
	case "start":
		if iv.invalid {
			return nil, nil
		}
		return iv.s, nil
	case "end":
		if iv.invalid {
			return nil, nil
		}
		return iv.e, nil
	case "isValid":
		return !iv.invalid, nil
	case "isLuxonInterval":
		return true, nil
	case "invalidReason", "invalidExplanation":
		if iv.invalid {
			return "invalid input", nil
		}
		return nil, nil
	}
	return undef, nil
}

// plain is what an Interval becomes in item data: its toJSON, the ISO text.
func (iv *lxInterval) plain() any { return iv.toISO() }

func (iv *lxInterval) jsString() string {
	if iv.invalid {
		return "Invalid Interval"
	}
	return "[" + iv.s.toISO() + " – " + iv.e.toISO() + ")"
}

func (iv *lxInterval) toISO() string {
	if iv.invalid {
		return "Invalid Interval"
	}
	return iv.s.toISO() + "/" + iv.e.toISO()
}

func (iv *lxInterval) method(st *state, name string, args []any) (any, bool, error) {
	unit := func(def string) []string {
		if u, ok := arg(args, 0).(string); ok {
			return []string{u}
		}
		return []string{def}
	}
	dtArg := func(i int) (*DateTime, bool) { return toDT(st, arg(args, i)) }
	switch name {
	case "length":
		if iv.invalid {
			return math.NaN(), true, nil
		}
		u := unit("milliseconds")
		v, err := iv.e.diff(iv.s, u).get(u[0])
		return v, true, err
	case "toDuration":
		if iv.invalid {
			return newDuration(map[string]float64{}), true, nil
		}
		var units []string
		switch u := arg(args, 0).(type) {
		case string:
			units = []string{u}
		case []any:
			for _, x := range u {
				units = append(units, toString(x))
			}
		}
		return iv.e.diff(iv.s, units), true, nil
	case "count":
		if iv.invalid {
			return math.NaN(), true, nil
		}
		u := unit("milliseconds")
		s, e := iv.s.startOf(u[0]), iv.e.startOf(u[0])
		n, _ := e.diff(s, u).get(u[0])
		c := math.Floor(toNumber(n))
		if e.millis() != iv.e.millis() {
			c++
		}
		return c, true, nil
	case "contains":
		d, ok := dtArg(0)
		if !ok || iv.invalid {
			return false, true, nil
		}
		return iv.s.millis() <= d.millis() && iv.e.millis() > d.millis(), true, nil
	case "isAfter":
		d, ok := dtArg(0)
		return ok && !iv.invalid && iv.s.millis() > d.millis(), true, nil
	case "isBefore":
		d, ok := dtArg(0)
		return ok && !iv.invalid && iv.e.millis() <= d.millis(), true, nil
	case "isEmpty":
		return !iv.invalid && iv.s.millis() == iv.e.millis(), true, nil
	case "overlaps":
		o, ok := arg(args, 0).(*lxInterval)
		return ok && !iv.invalid && !o.invalid && iv.e.millis() > o.s.millis() && iv.s.millis() < o.e.millis(), true, nil
	case "engulfs":
		o, ok := arg(args, 0).(*lxInterval)
		return ok && !iv.invalid && !o.invalid && iv.s.millis() <= o.s.millis() && iv.e.millis() >= o.e.millis(), true, nil
	case "equals":
		o, ok := arg(args, 0).(*lxInterval)
		return ok && !iv.invalid && !o.invalid && iv.s.millis() == o.s.millis() && iv.e.millis() == o.e.millis(), true, nil
	case "splitBy":
		u, ok := durationArg(arg(args, 0))
		if !ok || iv.invalid {
			return []any{}, true, nil
		}
		dur := newDuration(u)
		if dur.millis() == 0 {
			return []any{}, true, nil
		}
		out := []any{}
		s := iv.s
		for i := 1; s.millis() < iv.e.millis() && len(out) < maxIntervalParts; i++ {
			scaled := make(map[string]float64, len(u))
			for k, v := range u {
				scaled[k] = v * float64(i)
			}
			added, _, err := dateMethod(st, iv.s, "plus", []any{newDuration(scaled)})
			if err != nil {
				return nil, true, err
			}
			next, _ := added.(*DateTime)
			if next == nil || next.millis() > iv.e.millis() {
				next = iv.e
			}
			out = append(out, newInterval(s, next))
			s = next
		}
		return out, true, nil
	case "divideEqually":
		n := math.Floor(toNumber(arg(args, 0)))
		if iv.invalid || !(n >= 1) {
			return []any{}, true, nil
		}
		ms := float64(iv.e.millis()-iv.s.millis()) / n
		if ms <= 0 {
			ms = 1
		}
		return iv.method(st, "splitBy", []any{data.ObjectOf("milliseconds", ms)})
	case "set":
		o, _ := arg(args, 0).(*data.Object)
		s, e := iv.s, iv.e
		if o != nil {
			if d, ok := toDT(st, o.Value("start")); ok {
				s = d
			}
			if d, ok := toDT(st, o.Value("end")); ok {
				e = d
			}
		}
		return newInterval(s, e), true, nil
	case "toISO", "toJSON":
		return iv.toISO(), true, nil
	case "toISODate":
		if iv.invalid {
			return "Invalid Interval", true, nil
		}
		return iv.s.toISODate() + "/" + iv.e.toISODate(), true, nil
	case "toString":
		return iv.jsString(), true, nil
	}
	return nil, false, nil
}

// maxIntervalParts bounds splitBy/divideEqually (an evaluation limit).
const maxIntervalParts = 100000

// intervalStatic is Interval.fromDateTimes/after/before/fromISO.
func intervalStatic(st *state, name string, args []any) (any, bool, error) {
	switch name {
	case "fromDateTimes":
		s, _ := toDT(st, arg(args, 0))
		e, _ := toDT(st, arg(args, 1))
		return newInterval(s, e), true, nil
	case "after", "before":
		d, ok := toDT(st, arg(args, 0))
		if !ok {
			return newInterval(nil, nil), true, nil
		}
		other, ok := toDT(st, arg(args, 1))
		if !ok {
			u, isDur := durationArg(arg(args, 1))
			if !isDur {
				return newInterval(nil, nil), true, nil
			}
			op := "plus"
			if name == "before" {
				op = "minus"
			}
			v, _, err := dateMethod(st, d, op, []any{newDuration(u)})
			if err != nil {
				return nil, true, err
			}
			other, _ = v.(*DateTime)
		}
		if name == "before" {
			return newInterval(other, d), true, nil
		}
		return newInterval(d, other), true, nil
	case "fromISO":
		s := toString(arg(args, 0))
		for i := 0; i < len(s); i++ {
			if s[i] == '/' {
				a, okA := parseDateTimeString(st, s[:i])
				b, okB := parseDateTimeString(st, s[i+1:])
				if okA && okB {
					return newInterval(a, b), true, nil
				}
				break
			}
		}
		return newInterval(nil, nil), true, nil
	case "isInterval":
		_, ok := arg(args, 0).(*lxInterval)
		return ok, true, nil
	}
	return nil, false, nil
}
