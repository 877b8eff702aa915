package postgres

import (
	"encoding/hex"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The simple query protocol returns every value as text; node-postgres
// turns that text into JavaScript values by the column's type OID
// (pg-types' text parsers), and n8n's node changes a few of them. decoder
// reproduces both so that rows come out as n8n prints them: int2/int4/oid
// and floats as numbers, int8 and numeric as strings (numbers with the
// largeNumbersOutput option), json parsed, arrays as arrays, bytea as a
// serialised Buffer, dates as JSON prints a Date.

// Type OIDs with a parser in pg-types.
const (
	oidBool        = 16
	oidBytea       = 17
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidOID         = 26
	oidJSON        = 114
	oidJSONArray   = 199
	oidPoint       = 600
	oidFloat4      = 700
	oidFloat8      = 701
	oidBoolArr     = 1000
	oidByteaArr    = 1001
	oidInt2Arr     = 1005
	oidInt4Arr     = 1007
	oidInt8Arr     = 1016
	oidFloat4Arr   = 1021
	oidFloat8Arr   = 1022
	oidOIDArr      = 1028
	oidDate        = 1082
	oidTimestamp   = 1114
	oidTimestampA  = 1115
	oidDateArr     = 1182
	oidTimestampTZ = 1184
	oidTstzArr     = 1185
	oidInterval    = 1186
	oidNumeric     = 1700
	oidNumericArr  = 1231
	oidJSONB       = 3802
	oidJSONBArray  = 3807
)

// stringArrays are the array types pg-types parses into arrays of strings.
var stringArrays = map[uint32]bool{651: true, 1014: true, 1015: true, 1008: true, 1009: true, 1040: true,
	1041: true, 3907: true, 2951: true, 791: true, 1183: true, 1270: true}

// decoder turns one column's text into a value.
type decoder struct {
	// isoTimestamps is n8n ≥ 2.1: timestamp and timestamptz as ISO strings
	// through new Date(text).
	isoTimestamps bool
	// largeNumbers is the largeNumbersOutput option "numbers": int8 by
	// parseInt, numeric by parseFloat.
	largeNumbers bool
	loc          *time.Location
}

func (d decoder) decode(oid uint32, raw []byte) any {
	if raw == nil {
		return nil
	}
	s := string(raw)
	switch oid {
	case oidInt2, oidInt4, oidOID:
		return parseIntJS(s)
	case oidInt8:
		if d.largeNumbers {
			return parseIntJS(s)
		}
		return s
	case oidNumeric:
		if d.largeNumbers {
			return parseFloatJS(s)
		}
		return s
	case oidFloat4, oidFloat8:
		return parseFloatJS(s)
	case oidBool:
		return parseBool(s)
	case oidJSON, oidJSONB:
		v, err := data.ParseJSONString(s)
		if err != nil {
			return s
		}
		return v
	case oidBytea:
		return bufferJSON(parseBytea(s))
	case oidDate:
		return d.pgDate(s)
	case oidTimestamp, oidTimestampTZ:
		if d.isoTimestamps {
			if t, ok := parseJSDate(s, d.loc); ok {
				return t
			}
			return s
		}
		return d.pgDate(s)
	case oidInterval:
		return parseInterval(s)
	case oidPoint:
		return parsePoint(s)
	case oidInt2Arr, oidInt4Arr, oidOIDArr:
		return parseArray(s, func(e string) any { return parseIntJS(e) })
	case oidInt8Arr:
		return parseArray(s, func(e string) any { return strings.TrimSpace(e) })
	case oidFloat4Arr, oidFloat8Arr, oidNumericArr:
		return parseArray(s, func(e string) any { return parseFloatJS(e) })
	case oidBoolArr:
		return parseArray(s, func(e string) any { return parseBool(e) })
	case oidByteaArr:
		return parseArray(s, func(e string) any { return bufferJSON(parseBytea(e)) })
	case oidDateArr, oidTimestampA, oidTstzArr:
		return parseArray(s, func(e string) any { return d.pgDate(e) })
	case oidJSONArray, oidJSONBArray:
		return parseArray(s, func(e string) any {
			v, err := data.ParseJSONString(e)
			if err != nil {
				return e
			}
			return v
		})
	}
	if stringArrays[oid] {
		return parseArray(s, func(e string) any { return e })
	}
	return s
}

// parseIntJS is parseInt(text, 10).
func parseIntJS(s string) any {
	s = strings.TrimSpace(s)
	end := 0
	if end < len(s) && (s[end] == '-' || s[end] == '+') {
		end++
	}
	start := end
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == start {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// parseFloatJS is parseFloat(text) for the forms PostgreSQL prints.
func parseFloatJS(s string) any {
	switch s {
	case "NaN":
		return math.NaN()
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}

func parseBool(s string) any {
	if s == "" {
		return nil
	}
	switch s {
	case "TRUE", "t", "true", "y", "yes", "on", "1":
		return true
	}
	return false
}

func parseBytea(s string) []byte {
	if strings.HasPrefix(s, `\x`) {
		b, err := hex.DecodeString(s[2:])
		if err == nil {
			return b
		}
	}
	// escape format
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '\\' {
			out = append(out, '\\')
			i++
			continue
		}
		if i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				out = append(out, byte(n))
				i += 3
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// bufferJSON is what JSON.stringify makes of a Node.js Buffer.
func bufferJSON(b []byte) *data.Object {
	list := make([]any, len(b))
	for i, c := range b {
		list[i] = float64(c)
	}
	return data.ObjectOf("type", "Buffer", "data", list)
}

var (
	pgDateTime = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{1,})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$`)
	})
	pgDateOnly = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{1,})-(\d{2})-(\d{2})( BC)?$`)
	})
	pgTZ = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?`)
	})
)

// pgDate is pg-types' parseDate (postgres-date) printed as JSON prints the
// Date: a local time unless the text carries an offset; infinity is a
// number (JSON null).
func (d decoder) pgDate(s string) any {
	if s == "infinity" || s == "-infinity" {
		return nil
	}
	m := pgDateTime().FindStringSubmatch(s)
	if m == nil {
		m = pgDateOnly().FindStringSubmatch(s)
		if m == nil {
			return nil
		}
		y, _ := strconv.Atoi(m[1])
		if m[4] != "" {
			y = -(y - 1)
		}
		mo, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		return jsISO(time.Date(y, time.Month(mo), dd, 0, 0, 0, 0, d.loc))
	}
	y, _ := strconv.Atoi(m[1])
	if m[8] != "" {
		y = -(y - 1)
	}
	mo, _ := strconv.Atoi(m[2])
	dd, _ := strconv.Atoi(m[3])
	hh, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	ss, _ := strconv.Atoi(m[6])
	ms := 0
	if m[7] != "" {
		f, _ := strconv.ParseFloat(m[7], 64)
		ms = int(f * 1000)
	}
	loc := d.loc
	rest := s[len(m[1])+6:]
	if tz := pgTZ().FindStringSubmatch(rest); tz != nil && strings.ContainsAny(rest, "Z+-") {
		off := 0
		if tz[1] != "Z" {
			h, _ := strconv.Atoi(tz[2])
			mm, _ := strconv.Atoi(tz[3])
			sec, _ := strconv.Atoi(tz[4])
			off = h*3600 + mm*60 + sec
			if tz[1] == "-" {
				off = -off
			}
		}
		loc = time.FixedZone("", off)
	}
	return jsISO(time.Date(y, time.Month(mo), dd, hh, mi, ss, ms*int(time.Millisecond), loc))
}

var jsDateText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)?$`)
})

// parseJSDate is new Date(text).toISOString() for the timestamps
// PostgreSQL prints (V8 reads them as local time unless they carry an
// offset); false where V8 gives an invalid date (infinity, BC, an offset
// with seconds).
func parseJSDate(s string, loc *time.Location) (string, bool) {
	if t, ok := fastTimestamp(s, loc); ok {
		return jsISO(t), true
	}
	m := jsDateText().FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	dd, _ := strconv.Atoi(m[3])
	hh, _ := strconv.Atoi(m[4])
	mi, _ := strconv.Atoi(m[5])
	ss, _ := strconv.Atoi(m[6])
	ms := 0
	if m[7] != "" {
		frac := (m[7] + "00")[:3]
		ms, _ = strconv.Atoi(frac)
	}
	if m[8] != "" {
		h, _ := strconv.Atoi(m[9])
		mm, _ := strconv.Atoi(m[10])
		off := h*3600 + mm*60
		if m[8] == "-" {
			off = -off
		}
		loc = time.FixedZone("", off)
	} else if strings.HasSuffix(s, "Z") {
		loc = time.UTC
	}
	return jsISO(time.Date(y, time.Month(mo), dd, hh, mi, ss, ms*int(time.Millisecond), loc)), true
}

// jsISO is Date.prototype.toISOString.
func jsISO(t time.Time) string {
	t = t.UTC()
	y := t.Year()
	var ys string
	switch {
	case y >= 0 && y <= 9999:
		ys = leftPad(strconv.Itoa(y), 4)
	case y < 0:
		ys = "-" + leftPad(strconv.Itoa(-y), 6)
	default:
		ys = "+" + leftPad(strconv.Itoa(y), 6)
	}
	return ys + t.Format("-01-02T15:04:05.000Z")
}

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

var intervalRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(([+-]?\d+)\s+years?)?\s*(([+-]?\d+)\s+mons?)?\s*(([+-]?\d+)\s+days?)?\s*(([+-])?([\d]*):(\d\d):(\d\d)\.?(\d{1,6})?)?`)
})

// parseInterval is postgres-interval's object as JSON prints it: only the
// non-zero parts, in the order years … milliseconds.
func parseInterval(s string) *data.Object {
	out := data.NewObject(4)
	m := intervalRe().FindStringSubmatch(s)
	if m == nil {
		return out
	}
	neg := m[8] == "-"
	parts := []struct {
		name string
		pos  int
		neg  bool
	}{{"years", 2, false}, {"months", 4, false}, {"days", 6, false}, {"hours", 9, true}, {"minutes", 10, true}, {"seconds", 11, true}, {"milliseconds", 12, true}}
	for _, p := range parts {
		v := m[p.pos]
		if v == "" {
			continue
		}
		var f float64
		if p.name == "milliseconds" {
			us, _ := strconv.Atoi((v + "000000")[:6])
			f = float64(us) / 1000
		} else {
			n, _ := strconv.Atoi(strings.TrimPrefix(v, "+"))
			f = float64(n)
		}
		if f == 0 {
			continue
		}
		if neg && p.neg {
			f = -f
		}
		out.Set(p.name, f)
	}
	return out
}

func parsePoint(s string) any {
	if len(s) < 2 || s[0] != '(' {
		return nil
	}
	xy := strings.Split(s[1:len(s)-1], ",")
	if len(xy) != 2 {
		return nil
	}
	return data.ObjectOf("x", parseFloatJS(xy[0]), "y", parseFloatJS(xy[1]))
}

// parseArray reads PostgreSQL's array text ({a,"b c",NULL,{1,2}}),
// converting each non-null element with conv, as postgres-array does.
func parseArray(s string, conv func(string) any) any {
	if i := strings.Index(s, "={"); i >= 0 && strings.HasPrefix(s, "[") {
		s = s[i+1:]
	}
	p := arrayParser{s: s, conv: conv}
	v, ok := p.parse()
	if !ok {
		return s
	}
	return v
}

type arrayParser struct {
	s    string
	pos  int
	conv func(string) any
}

func (p *arrayParser) parse() ([]any, bool) {
	if p.pos >= len(p.s) || p.s[p.pos] != '{' {
		return nil, false
	}
	p.pos++
	out := []any{}
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '}':
			p.pos++
			return out, true
		case c == ',':
			p.pos++
		case c == '{':
			inner, ok := p.parse()
			if !ok {
				return nil, false
			}
			out = append(out, inner)
		case c == '"':
			p.pos++
			var b strings.Builder
			for p.pos < len(p.s) && p.s[p.pos] != '"' {
				if p.s[p.pos] == '\\' && p.pos+1 < len(p.s) {
					p.pos++
				}
				b.WriteByte(p.s[p.pos])
				p.pos++
			}
			p.pos++
			out = append(out, p.conv(b.String()))
		default:
			start := p.pos
			for p.pos < len(p.s) && p.s[p.pos] != ',' && p.s[p.pos] != '}' {
				p.pos++
			}
			e := p.s[start:p.pos]
			if e == "NULL" {
				out = append(out, nil)
			} else {
				out = append(out, p.conv(e))
			}
		}
	}
	return nil, false
}

// fastTimestamp reads the form PostgreSQL prints with its default
// DateStyle, "2006-01-02 15:04:05[.ffffff][+07[:00]]", without a regexp
// (select of many rows spends its time here); anything else goes to the
// general parser.
func fastTimestamp(s string, loc *time.Location) (time.Time, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var v [6]int
	for i, r := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		n, ok := num(r[0], r[1])
		if !ok {
			return time.Time{}, false
		}
		v[i] = n
	}
	rest := s[19:]
	ms := 0
	if len(rest) > 0 && rest[0] == '.' {
		j := 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		frac := (rest[1:j] + "000")[:3]
		ms, _ = strconv.Atoi(frac)
		rest = rest[j:]
	}
	if rest != "" {
		if (rest[0] != '+' && rest[0] != '-') || (len(rest) != 3 && len(rest) != 6) {
			return time.Time{}, false
		}
		h, ok := parseDigits(rest[1:3])
		if !ok {
			return time.Time{}, false
		}
		mm := 0
		if len(rest) == 6 {
			if rest[3] != ':' {
				return time.Time{}, false
			}
			if mm, ok = parseDigits(rest[4:6]); !ok {
				return time.Time{}, false
			}
		}
		off := h*3600 + mm*60
		if rest[0] == '-' {
			off = -off
		}
		if off == 0 {
			loc = time.UTC
		} else {
			loc = time.FixedZone("", off)
		}
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], ms*int(time.Millisecond), loc), true
}

func parseDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
