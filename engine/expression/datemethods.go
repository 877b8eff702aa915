package expression

import (
	"github.com/n8n-go/n8n-go/engine/intl"
	"math"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// durationUnitArg maps n8n's extension unit names (DURATION_MAP) to units.
func durationUnitArg(v any, def string) string {
	if data := toString(v); !isNullish(v) {
		switch data {
		case "sec", "secs":
			return "second"
		case "hr", "hrs":
			return "hour"
		case "min", "mins":
			return "minute"
		}
		return normUnit(data)
	}
	return normUnit(def)
}

// toDT converts a date-ish value (DateTime, JS Date, date string) to a DateTime.
func toDT(st *state, v any) (*DateTime, bool) {
	switch x := v.(type) {
	case *DateTime:
		return x, true
	case *jsDate:
		if !x.valid() {
			return nil, false
		}
		return newDateTime(x.time(), st.d.Location()), true
	case string:
		return parseDateTimeString(st, x)
	}
	return nil, false
}

// parseDateTimeString is n8n's tryToParseDateTime for strings: ISO (keeping
// the offset), HTTP, RFC 2822, SQL, then whatever Date.parse accepts.
func parseDateTimeString(st *state, s string) (*DateTime, bool) {
	loc := st.d.Location()
	if t, _, hasOffset, ok := parseISOParts(s, loc); ok {
		if hasOffset {
			return &DateTime{t: t}, true
		}
		return &DateTime{t: t}, true
	}
	if compact, ok := parseCompactISO(s, loc); ok {
		return compact, true
	}
	for _, l := range []string{time.RFC1123, time.RFC1123Z, time.RFC850, time.ANSIC, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return &DateTime{t: t}, true
		}
	}
	if d, ok := parseJSDate(s); ok {
		return newDateTime(d.time(), loc), true
	}
	return nil, false
}

// parseCompactISO accepts the basic ISO forms Luxon's fromISO takes
// (20240329, 20240329T180631).
func parseCompactISO(s string, loc *time.Location) (*DateTime, bool) {
	for _, l := range []string{"20060102", "20060102T150405", "20060102T1504"} {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return &DateTime{t: t}, true
		}
	}
	return nil, false
}

// dateMethod handles calls on DateTime and JS Date receivers: n8n's date
// extensions first, then Luxon's / Date's own methods.
func dateMethod(st *state, recv any, name string, args []any) (any, bool, error) {
	jd, isJS := recv.(*jsDate)
	var dt *DateTime
	if isJS {
		if !jd.valid() {
			return invalidDateMethod(st, jd, name, args)
		}
		dt = newDateTime(jd.time(), st.d.Location())
	} else {
		dt = recv.(*DateTime)
		if dt.invalid {
			switch name {
			case "toISO", "toISODate", "toISOTime", "toSQL", "toSQLDate", "toJSON", "toHTTP", "toRFC2822":
				return nil, true, nil
			case "toFormat", "format", "toString", "toLocaleString":
				return "Invalid DateTime", true, nil
			case "toMillis", "valueOf", "toSeconds", "toUnixInteger", "toInt", "toFloat":
				return math.NaN(), true, nil
			case "plus", "minus", "startOf", "endOf", "set", "setZone", "toUTC", "toLocal", "beginningOf", "endOfMonth":
				return dt, true, nil
			}
		}
	}
	back := func(d *DateTime) any {
		if isJS {
			return &jsDate{ms: float64(d.millis())}
		}
		return d
	}
	switch name {
	case "beginningOf":
		u := "week"
		if len(args) > 0 && !isNullish(args[0]) {
			u = toString(args[0])
		}
		return back(dt.startOf(durationUnitArg(u, "week"))), true, nil
	case "endOfMonth":
		return back(dt.endOf("month")), true, nil
	case "extract":
		part := "week"
		if len(args) > 0 && !isNullish(args[0]) {
			part = toString(args[0])
		}
		switch part {
		case "yearDayNumber":
			return float64(dt.t.YearDay()), true, nil
		case "week", "weekNumber":
			v, _ := dt.get("weekNumber")
			return v, true, nil
		case "weekday":
			v, _ := dt.get("weekday")
			return v, true, nil
		}
		return dt.unitValue(durationUnitArg(part, part)), true, nil
	case "isBetween":
		if len(args) != 2 {
			return nil, true, &Error{Message: "isBetween(): expected exactly two args"}
		}
		a, ok1 := toDT(st, args[0])
		b, ok2 := toDT(st, args[1])
		if !ok1 || !ok2 {
			return undef, true, nil
		}
		m, am, bm := dt.millis(), a.millis(), b.millis()
		if am > bm {
			return bm < m && m < am, true, nil
		}
		return bm > m && m > am, true, nil
	case "isDst":
		return dt.t.IsDST(), true, nil
	case "isInLast":
		n := 0.0
		if len(args) > 0 {
			n = toNumber(args[0])
		}
		u := durationUnitArg(arg(args, 1), "minutes")
		now := newDateTime(st.d.Now(), st.d.Location())
		past := now.plusUnits(map[string]float64{u: -n})
		return past.millis() <= dt.millis() && dt.millis() <= now.millis(), true, nil
	case "isWeekend":
		wd := dt.t.Weekday()
		return wd == time.Saturday || wd == time.Sunday, true, nil
	case "plus", "minus":
		var u map[string]float64
		if len(args) == 1 {
			var ok bool
			u, ok = durationArg(args[0])
			if !ok {
				return nil, true, typeErrorf("invalid duration")
			}
		} else {
			n := 0.0
			if len(args) > 0 {
				n = toNumber(args[0])
			}
			unit := durationUnitArg(arg(args, 1), "minutes")
			if unit == "" {
				return nil, true, typeErrorf("Invalid unit " + toString(arg(args, 1)))
			}
			u = map[string]float64{unit: n}
		}
		if name == "minus" {
			u = negate(u)
		}
		return back(dt.plusUnits(u)), true, nil
	case "format":
		return dt.toFormat(toString(arg(args, 0))), true, nil
	case "toDateTime":
		return dt, true, nil
	case "diffTo", "diffToNow":
		var other any = newDateTime(st.d.Now(), st.d.Location())
		rest := args
		if name == "diffTo" {
			other = arg(args, 0)
			if len(args) > 0 {
				rest = args[1:]
			}
		}
		var units []string
		switch u := arg(rest, 0).(type) {
		case []any:
			for _, x := range u {
				units = append(units, toString(x))
			}
		case string:
			units = []string{u}
		}
		if len(units) == 0 {
			units = []string{"days"}
		}
		for _, u := range units {
			if normUnit(u) == "" {
				return nil, true, &Error{Message: "Unsupported unit '" + u + "'. Supported: 'milliseconds', 'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'quarters', 'years'."}
			}
		}
		o, ok := toDT(st, other)
		if !ok {
			return nil, true, &Error{Message: "cannot convert to Luxon DateTime"}
		}
		d := dt.diff(o, units)
		if len(units) > 1 {
			return d.toObject(), true, nil
		}
		return d.as(units[0]), true, nil
	case "toInt", "toFloat":
		return float64(dt.millis()), true, nil
	case "toBoolean":
		return undef, true, nil
	case "isEmpty":
		return false, true, nil
	case "isNotEmpty":
		return true, true, nil
	}
	if isJS {
		return jd.method(st, name, args)
	}
	return luxonMethod(st, dt, name, args)
}

func luxonMethod(st *state, dt *DateTime, name string, args []any) (any, bool, error) {
	switch name {
	case "toISO", "toString", "toJSON":
		return dt.toISO(), true, nil
	case "toISODate":
		return dt.toISODate(), true, nil
	case "toISOTime":
		return dt.toISOTime(), true, nil
	case "toISOWeekDate":
		y, w := dt.t.ISOWeek()
		return padN(y, 4) + "-W" + pad2(w) + "-" + itoa((int(dt.t.Weekday())+6)%7+1), true, nil
	case "toSQLDate":
		return dt.toISODate(), true, nil
	case "toSQL":
		return dt.toISODate() + " " + dt.t.Format("15:04:05.000") + " " + formatOffset(dt.t, false, true), true, nil
	case "toHTTP":
		return dt.t.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"), true, nil
	case "toRFC2822":
		return dt.t.Format("Mon, 02 Jan 2006 15:04:05 -0700"), true, nil
	case "toMillis", "valueOf":
		return float64(dt.millis()), true, nil
	case "toSeconds":
		return float64(dt.millis()) / 1000, true, nil
	case "toUnixInteger":
		return float64(dt.t.Unix()), true, nil
	case "toJSDate":
		return &jsDate{ms: float64(dt.millis())}, true, nil
	case "toFormat":
		return dt.toFormat(toString(arg(args, 0))), true, nil
	case "toLocaleString":
		return dt.localeString(arg(args, 0), arg(args, 1)), true, nil
	case "toObject":
		return dt.toObject(), true, nil
	case "toUTC":
		return dt.at(dt.t.UTC()), true, nil
	case "toLocal":
		return dt.at(dt.t.In(st.d.Location())), true, nil
	case "setZone":
		keep := false
		if o, ok := arg(args, 1).(*data.Object); ok {
			keep = truthy(o.Value("keepLocalTime"))
		}
		z, ok := dt.setZone(toString(arg(args, 0)), keep)
		if !ok {
			return nil, true, typeErrorf("invalid zone")
		}
		return z, true, nil
	case "setLocale":
		out := dt.at(dt.t)
		out.locale = toString(arg(args, 0))
		return out, true, nil
	case "reconfigure":
		out := dt.at(dt.t)
		if o, ok := arg(args, 0).(*data.Object); ok {
			if l, ok := o.Get("locale"); ok {
				out.locale = toString(l)
			}
		}
		return out, true, nil
	case "startOf":
		return dt.startOf(toString(arg(args, 0))), true, nil
	case "endOf":
		return dt.endOf(toString(arg(args, 0))), true, nil
	case "set":
		o, _ := arg(args, 0).(*data.Object)
		t := dt.t
		y, mo, d := t.Date()
		h, mi, s, ms := t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1e6
		for k, v := range o.All() {
			n := int(toNumber(v))
			switch normUnit(k) {
			case "year":
				y = n
			case "month":
				mo = time.Month(n)
			case "day":
				d = n
			case "hour":
				h = n
			case "minute":
				mi = n
			case "second":
				s = n
			case "millisecond":
				ms = n
			}
		}
		return dt.at(time.Date(y, mo, d, h, mi, s, ms*1e6, t.Location())), true, nil
	case "diff":
		o, ok := toDT(st, arg(args, 0))
		if !ok {
			return nil, true, typeErrorf("invalid DateTime")
		}
		var units []string
		switch u := arg(args, 1).(type) {
		case []any:
			for _, x := range u {
				units = append(units, toString(x))
			}
		case string:
			units = []string{u}
		}
		return dt.diff(o, units), true, nil
	case "diffNow":
		now := newDateTime(st.d.Now(), st.d.Location())
		var units []string
		if u, ok := arg(args, 0).(string); ok {
			units = []string{u}
		}
		return dt.diff(now, units), true, nil
	case "equals":
		o, ok := arg(args, 0).(*DateTime)
		return ok && o.millis() == dt.millis() && o.t.Location().String() == dt.t.Location().String(), true, nil
	case "hasSame":
		o, ok := toDT(st, arg(args, 0))
		if !ok {
			return false, true, nil
		}
		u := toString(arg(args, 1))
		o2 := &DateTime{t: o.t.In(dt.t.Location())}
		return dt.startOf(u).millis() == o2.startOf(u).millis(), true, nil
	case "get":
		v, err := dt.get(toString(arg(args, 0)))
		return v, true, err
	case "toRelative":
		return relativeString(st, dt), true, nil
	case "until":
		o, _ := toDT(st, arg(args, 0))
		return newInterval(dt, o), true, nil
	}
	return nil, false, nil
}

// localeString is Luxon's toLocaleString(formatOpts, opts): Intl's
// formatting of the DateTime in its zone and locale (formatOpts defaults
// to DateTime.DATE_SHORT; opts.locale overrides the locale).
func (dt *DateTime) localeString(formatOpts, opts any) string {
	if dt.invalid {
		return "Invalid DateTime"
	}
	tag := dt.localeTag()
	if o, ok := opts.(*data.Object); ok {
		if l, ok := o.Get("locale"); ok {
			tag = toString(l)
		}
	}
	o := intl.DateOptions{Year: "numeric", Month: "numeric", Day: "numeric"}
	if m, ok := formatOpts.(*data.Object); ok {
		o = intlDateOptions(m)
	}
	if isUTCZone(dt.t.Location()) {
		o.ZoneName = "UTC" // Luxon's FixedOffsetZone names itself
		o.Parts = true     // …and joins formatToParts
	}
	return intl.FormatDate(dt.t, intl.Resolve(tag), o, intl.DefaultAll)
}

// intlDateOptions reads an Intl.DateTimeFormat options object.
func intlDateOptions(m *data.Object) intl.DateOptions {
	s := func(k string) string {
		if v, ok := m.Get(k); ok && !isNullish(v) {
			return toString(v)
		}
		return ""
	}
	o := intl.DateOptions{DateStyle: s("dateStyle"), TimeStyle: s("timeStyle"), Weekday: s("weekday"),
		Year: s("year"), Month: s("month"), Day: s("day"), Hour: s("hour"), Minute: s("minute"),
		Second: s("second"), TimeZoneName: s("timeZoneName"), HourCycle: s("hourCycle")}
	if v, ok := m.Get("hour12"); ok && !isNullish(v) {
		b := truthy(v)
		o.Hour12 = &b
	}
	if v, ok := m.Get("fractionalSecondDigits"); ok {
		o.FractionalSecondDigits = int(toInteger(v))
	}
	return o
}

func relativeString(st *state, dt *DateTime) string {
	diff := float64(dt.millis() - st.d.Now().UnixMilli())
	abs := math.Abs(diff)
	units := []struct {
		name string
		ms   float64
	}{{"year", 365 * 86400000}, {"month", 30 * 86400000}, {"day", 86400000}, {"hour", 3600000}, {"minute", 60000}, {"second", 1000}}
	for _, u := range units {
		if abs >= u.ms || u.name == "second" {
			n := math.Trunc(abs / u.ms)
			s := numberToString(n) + " " + u.name
			if n != 1 {
				s += "s"
			}
			if diff < 0 {
				return s + " ago"
			}
			return "in " + s
		}
	}
	return ""
}

// numberToDateTime is the number extension toDateTime(format).
func numberToDateTime(st *state, n float64, format string) (*DateTime, error) {
	loc := st.d.Location()
	var ms float64
	switch format {
	case "", "ms":
		ms = n
	case "s":
		ms = n * 1000
	case "us":
		ms = n / 1000
	case "excel":
		ms = (n - 25569) * 86400000
	default:
		return nil, &Error{Message: "Unsupported format '" + format + "'. toDateTime() supports 'ms', 's', 'us' and 'excel'."}
	}
	if math.IsNaN(ms) || math.IsInf(ms, 0) {
		return nil, &Error{Message: "cannot convert to Luxon DateTime"}
	}
	return newDateTime(time.UnixMilli(int64(math.Round(ms))), loc), nil
}

// invalidDateMethod is what n8n's date extensions do with an invalid date
// (Luxon's invalid DateTime).
func invalidDateMethod(st *state, jd *jsDate, name string, args []any) (any, bool, error) {
	switch name {
	case "format":
		return "Invalid DateTime", true, nil
	case "plus", "minus", "beginningOf", "endOfMonth":
		return &jsDate{ms: math.NaN()}, true, nil
	case "extract":
		return math.NaN(), true, nil
	case "isWeekend", "isDst", "isInLast", "isBetween":
		return false, true, nil
	case "toBoolean":
		return undef, true, nil
	case "isEmpty":
		return false, true, nil
	case "isNotEmpty":
		return true, true, nil
	case "toInt", "toFloat", "diffTo", "diffToNow", "toDateTime":
		return nil, true, typeErrorf("date." + name + " is not a function")
	}
	return jd.method(st, name, args)
}

// dateMethodNames are DateTime members that are methods: reading one
// without calling it yields a function value.
var dateMethodNames = set("toISO", "toString", "toJSON", "toISODate", "toISOTime", "toISOWeekDate", "toSQLDate", "toSQL",
	"toHTTP", "toRFC2822", "toMillis", "valueOf", "toSeconds", "toUnixInteger", "toJSDate", "toFormat", "toLocaleString",
	"toObject", "toUTC", "toLocal", "setZone", "setLocale", "reconfigure", "startOf", "endOf", "set", "diff", "diffNow",
	"equals", "hasSame", "get", "toRelative", "until")

func (d *DateTime) methodValue(name string) (any, bool) {
	if !dateMethodNames[name] && !dateExt[name] {
		return nil, false
	}
	return &builtinFn{name: name, fn: func(st *state, _ any, args []any) (any, error) {
		v, _, err := dateMethod(st, d, name, args)
		return v, err
	}}, true
}
