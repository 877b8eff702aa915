package expression

import (
	"encoding/json"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/intl"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"
)

// jsDate is a JavaScript Date. The evaluator treats the host time zone as
// UTC (n8n servers normally run with TZ=UTC).
type jsDate struct{ ms float64 } // NaN for Invalid Date

func (d *jsDate) valid() bool { return !math.IsNaN(d.ms) }

func (d *jsDate) time() time.Time { return time.UnixMilli(int64(d.ms)).UTC() }

// MarshalJSON writes toISOString() (null for an invalid date, as JSON.stringify).
func (d *jsDate) MarshalJSON() ([]byte, error) {
	if !d.valid() {
		return []byte("null"), nil
	}
	return json.Marshal(d.toISOString())
}

func (d *jsDate) toISOString() string {
	t := d.time()
	y := t.Year()
	ys := padN(y, 4)
	if y > 9999 {
		ys = "+" + padN(y, 6)
	} else if y < 0 {
		ys = "-" + padN(-y, 6)
	}
	return ys + "-" + pad2(int(t.Month())) + "-" + pad2(t.Day()) + "T" + pad2(t.Hour()) + ":" + pad2(t.Minute()) + ":" +
		pad2(t.Second()) + "." + padN(t.Nanosecond()/1e6, 3) + "Z"
}

func (d *jsDate) toString() string {
	if !d.valid() {
		return "Invalid Date"
	}
	return d.time().Format("Mon Jan 02 2006 15:04:05") + " GMT+0000 (Coordinated Universal Time)"
}

var (
	isoFull = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$`)
	})
)

// parseISOParts parses ISO 8601 (and the SQL-like space-separated form).
// hasTime reports whether a time part was present, hasOffset an offset.
func parseISOParts(s string, loc *time.Location) (t time.Time, hasTime, hasOffset, ok bool) {
	m := isoFull().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false, false, false
	}
	num := func(x string, def int) int {
		if x == "" {
			return def
		}
		return int(stringToNumber(x))
	}
	y := num(m[1], 0)
	mo, d := num(m[2], 1), num(m[3], 1)
	h, mi, sec := num(m[4], 0), num(m[5], 0), num(m[6], 0)
	ns := 0
	if m[7] != "" {
		frac := (m[7] + "000000000")[:9]
		ns = num(frac, 0)
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) || h > 24 || mi > 59 || sec > 59 {
		return time.Time{}, false, false, false
	}
	hasTime = m[4] != ""
	if m[8] != "" {
		hasOffset = true
		if m[8] != "Z" && m[8] != "z" {
			o := strings.ReplaceAll(m[8], ":", "")
			sign := 1
			if o[0] == '-' {
				sign = -1
			}
			oh := num(o[1:3], 0)
			om := 0
			if len(o) >= 5 {
				om = num(o[3:5], 0)
			}
			loc = time.FixedZone("", sign*(oh*3600+om*60))
		} else {
			loc = time.UTC
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc), hasTime, hasOffset, true
}

var fallbackLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon Jan 02 2006 15:04:05 GMT-0700", "Mon Jan 2 2006 15:04:05 GMT-0700",
	"Jan 2, 2006 15:04:05", "Jan 2, 2006", "January 2, 2006", "January 2, 2006 15:04:05", "2 Jan 2006",
	"2 January 2006", "01/02/2006", "1/2/2006", "01/02/2006 15:04:05", "1/2/2006 15:04:05", "2006/01/02",
	"2006/01/02 15:04:05", "2006/1/2", "Mon Jan 02 2006", "2-Jan-2006", "2-January-2006", "2-Jan-2006 15:04:05",
}

// parseJSDate implements Date.parse for the formats V8 accepts in practice.
func parseJSDate(s string) (*jsDate, bool) {
	s = strings.TrimSpace(s)
	if t, hasTime, hasOffset, ok := parseISOParts(s, time.UTC); ok {
		_ = hasTime
		_ = hasOffset
		return &jsDate{ms: float64(t.UnixMilli())}, true
	}
	clean := strings.TrimSpace(regexp.MustCompile(`\s*\([^)]*\)\s*$`).ReplaceAllString(s, ""))
	for _, l := range fallbackLayouts {
		if t, err := time.Parse(l, clean); err == nil {
			return &jsDate{ms: float64(t.UnixMilli())}, true
		}
	}
	return &jsDate{ms: math.NaN()}, false
}

func (d *jsDate) get(key string) (any, error) { return undef, nil }

func (d *jsDate) method(st *state, name string, args []any) (any, bool, error) {
	t := d.time()
	nan := !d.valid()
	num := func(f func() float64) (any, bool, error) {
		if nan {
			return math.NaN(), true, nil
		}
		return f(), true, nil
	}
	switch name {
	case "getTime", "valueOf":
		return d.ms, true, nil
	case "toISOString", "toJSON":
		if nan {
			if name == "toJSON" {
				return nil, true, nil
			}
			return nil, true, typeErrorf("Invalid time value")
		}
		return d.toISOString(), true, nil
	case "toString":
		return d.toString(), true, nil
	case "toUTCString", "toGMTString":
		if nan {
			return "Invalid Date", true, nil
		}
		return t.Format("Mon, 02 Jan 2006 15:04:05 GMT"), true, nil
	case "toDateString":
		if nan {
			return "Invalid Date", true, nil
		}
		return t.Format("Mon Jan 02 2006"), true, nil
	case "toTimeString":
		if nan {
			return "Invalid Date", true, nil
		}
		return t.Format("15:04:05") + " GMT+0000 (Coordinated Universal Time)", true, nil
	case "toLocaleDateString", "toLocaleTimeString", "toLocaleString":
		if nan {
			return "Invalid Date", true, nil
		}
		s, err := dateLocaleString(t, name, arg(args, 0), arg(args, 1))
		return s, true, err
	case "getFullYear", "getUTCFullYear":
		return num(func() float64 { return float64(t.Year()) })
	case "getMonth", "getUTCMonth":
		return num(func() float64 { return float64(t.Month() - 1) })
	case "getDate", "getUTCDate":
		return num(func() float64 { return float64(t.Day()) })
	case "getDay", "getUTCDay":
		return num(func() float64 { return float64(t.Weekday()) })
	case "getHours", "getUTCHours":
		return num(func() float64 { return float64(t.Hour()) })
	case "getMinutes", "getUTCMinutes":
		return num(func() float64 { return float64(t.Minute()) })
	case "getSeconds", "getUTCSeconds":
		return num(func() float64 { return float64(t.Second()) })
	case "getMilliseconds", "getUTCMilliseconds":
		return num(func() float64 { return float64(t.Nanosecond() / 1e6) })
	case "getTimezoneOffset":
		return num(func() float64 { return 0 })
	}
	return nil, false, nil
}

// newJSDate is new Date(args).
func newJSDate(st *state, args []any) *jsDate {
	if len(args) == 0 {
		return &jsDate{ms: float64(st.d.Now().UnixMilli())}
	}
	if len(args) == 1 {
		switch x := normNum(args[0]).(type) {
		case float64:
			return &jsDate{ms: timeClip(x)}
		case string:
			d, _ := parseJSDate(x)
			return d
		case *jsDate:
			return &jsDate{ms: x.ms}
		case *DateTime:
			return &jsDate{ms: float64(x.millis())}
		case nil:
			return &jsDate{ms: 0}
		case bool:
			return &jsDate{ms: toNumber(x)}
		}
		return &jsDate{ms: math.NaN()}
	}
	return &jsDate{ms: dateFromParts(args)}
}

func dateFromParts(args []any) float64 {
	parts := []float64{0, 0, 1, 0, 0, 0, 0}
	for i := 0; i < len(args) && i < 7; i++ {
		parts[i] = toNumber(args[i])
		if math.IsNaN(parts[i]) || math.IsInf(parts[i], 0) {
			return math.NaN()
		}
		parts[i] = math.Trunc(parts[i])
	}
	y := parts[0]
	if y >= 0 && y <= 99 {
		y += 1900
	}
	t := time.Date(int(y), time.Month(int(parts[1])+1), int(parts[2]), int(parts[3]), int(parts[4]), int(parts[5]), int(parts[6])*1e6, time.UTC)
	return float64(t.UnixMilli())
}

func timeClip(ms float64) float64 {
	if math.IsNaN(ms) || math.Abs(ms) > 8.64e15 {
		return math.NaN()
	}
	return math.Trunc(ms) + 0
}

// dateLocaleString is Date.prototype.toLocale{,Date,Time}String(locales,
// options), formatted by engine/intl; the time zone is options.timeZone or
// UTC (n8n-go's Date has no other local zone).
func dateLocaleString(t time.Time, method string, locales, opts any) (string, error) {
	tag := "en-US"
	switch l := locales.(type) {
	case string:
		tag = l
	case []any:
		if len(l) > 0 {
			tag = toString(l[0])
		}
	}
	var o intl.DateOptions
	if m, ok := opts.(*data.Object); ok {
		o = intlDateOptions(m)
		if z, ok := m.Get("timeZone"); ok && !isNullish(z) {
			loc, ok := loadZone(toString(z))
			if !ok {
				return "", &Error{Message: "Invalid time zone specified: " + toString(z)}
			}
			t = t.In(loc)
		}
	}
	def := map[string]intl.Defaults{"toLocaleString": intl.DefaultAll, "toLocaleDateString": intl.DefaultDate, "toLocaleTimeString": intl.DefaultTime}[method]
	return intl.FormatDate(t, intl.Resolve(tag), o, def), nil
}
