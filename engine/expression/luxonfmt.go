package expression

import (
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/intl"
)

// Luxon format tokens (toFormat / fromFormat), English locale.

// fmtTokens splits a Luxon format string into tokens: runs of the same
// letter, and quoted literals.
type fmtToken struct {
	literal bool
	val     string
}

func splitFormat(f string) []fmtToken {
	var out []fmtToken
	r := []rune(f)
	for i := 0; i < len(r); {
		c := r[i]
		if c == '\'' {
			j := i + 1
			var lit strings.Builder
			for j < len(r) {
				if r[j] == '\'' {
					if j+1 < len(r) && r[j+1] == '\'' {
						lit.WriteRune('\'')
						j += 2
						continue
					}
					break
				}
				lit.WriteRune(r[j])
				j++
			}
			if i+1 < len(r) && r[i+1] == '\'' && j == i+1 {
				lit.WriteRune('\'')
			}
			out = append(out, fmtToken{true, lit.String()})
			i = j + 1
			continue
		}
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
			j := i
			for j < len(r) && r[j] == c {
				j++
			}
			out = append(out, fmtToken{false, string(r[i:j])})
			i = j
			continue
		}
		out = append(out, fmtToken{true, string(c)})
		i++
	}
	return out
}

func (d *DateTime) toFormat(f string) string {
	t := d.t
	var b strings.Builder
	for _, tok := range splitFormat(f) {
		if tok.literal {
			b.WriteString(tok.val)
			continue
		}
		if d.locale != "" {
			if v, ok := localeToken(intl.Resolve(d.locale), t, tok.val); ok {
				b.WriteString(v)
				continue
			}
		}
		b.WriteString(formatToken(t, tok.val))
	}
	return b.String()
}

// localeToken formats the tokens whose text depends on the locale (names
// and Luxon's localised macro tokens) for a DateTime with setLocale.
func localeToken(l *intl.Locale, t time.Time, tok string) (string, bool) {
	switch tok {
	case "LLL", "LLLL", "MMM", "MMMM":
		return l.MonthName(int(t.Month()), len(tok) == 3, tok[0] == 'L'), true
	case "ccc", "cccc", "EEE", "EEEE":
		return l.WeekdayName(int(t.Weekday()), len(tok) == 3, tok[0] == 'c'), true
	}
	if o, ok := luxonPresets[tok]; ok {
		if isUTCZone(t.Location()) {
			o.ZoneName, o.Parts = "UTC", true
		}
		return intl.FormatDate(t, l, o, intl.DefaultAll), true
	}
	return "", false
}

// luxonPresets are Luxon's macro tokens as Intl options.
var luxonPresets = map[string]intl.DateOptions{
	"D":    {Year: "numeric", Month: "numeric", Day: "numeric"},
	"DD":   {Year: "numeric", Month: "short", Day: "numeric"},
	"DDD":  {Year: "numeric", Month: "long", Day: "numeric"},
	"DDDD": {Year: "numeric", Month: "long", Day: "numeric", Weekday: "long"},
	"t":    {Hour: "numeric", Minute: "2-digit"},
	"tt":   {Hour: "numeric", Minute: "2-digit", Second: "2-digit"},
	"T":    {Hour: "numeric", Minute: "2-digit", HourCycle: "h23"},
	"TT":   {Hour: "numeric", Minute: "2-digit", Second: "2-digit", HourCycle: "h23"},
	"f":    {Year: "numeric", Month: "numeric", Day: "numeric", Hour: "numeric", Minute: "2-digit"},
	"ff":   {Year: "numeric", Month: "short", Day: "numeric", Hour: "numeric", Minute: "2-digit"},
	"F":    {Year: "numeric", Month: "numeric", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit"},
	"FF":   {Year: "numeric", Month: "short", Day: "numeric", Hour: "numeric", Minute: "2-digit", Second: "2-digit"},
}

func hour12(h int) int {
	h %= 12
	if h == 0 {
		return 12
	}
	return h
}

func formatToken(t time.Time, tok string) string {
	switch tok {
	case "S":
		return itoa(t.Nanosecond() / 1e6)
	case "SSS", "u":
		return padN(t.Nanosecond()/1e6, 3)
	case "uu":
		return padN(t.Nanosecond()/1e7, 2)
	case "uuu":
		return itoa(t.Nanosecond() / 1e8)
	case "s":
		return itoa(t.Second())
	case "ss":
		return pad2(t.Second())
	case "m":
		return itoa(t.Minute())
	case "mm":
		return pad2(t.Minute())
	case "h":
		return itoa(hour12(t.Hour()))
	case "hh":
		return pad2(hour12(t.Hour()))
	case "H":
		return itoa(t.Hour())
	case "HH":
		return pad2(t.Hour())
	case "Z":
		_, off := t.Zone()
		if off%3600 == 0 {
			if off >= 0 {
				return "+" + itoa(off/3600)
			}
			return "-" + itoa(-off/3600)
		}
		return formatOffset(t, false, true)
	case "ZZ":
		return formatOffset(t, false, true)
	case "ZZZ":
		return formatOffset(t, false, false)
	case "ZZZZ":
		return shortOffsetName(t)
	case "ZZZZZ":
		return zoneName(t.Location())
	case "z":
		return zoneName(t.Location())
	case "a":
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	case "d":
		return itoa(t.Day())
	case "dd":
		return pad2(t.Day())
	case "c", "E":
		return itoa((int(t.Weekday())+6)%7 + 1)
	case "ccc", "EEE":
		return t.Weekday().String()[:3]
	case "cccc", "EEEE":
		return t.Weekday().String()
	case "ccccc", "EEEEE":
		return t.Weekday().String()[:1]
	case "L", "M":
		return itoa(int(t.Month()))
	case "LL", "MM":
		return pad2(int(t.Month()))
	case "LLL", "MMM":
		return t.Month().String()[:3]
	case "LLLL", "MMMM":
		return t.Month().String()
	case "LLLLL", "MMMMM":
		return t.Month().String()[:1]
	case "y":
		return itoa(t.Year())
	case "yy":
		return pad2(t.Year() % 100)
	case "yyyy":
		return padN(t.Year(), 4)
	case "yyyyyy":
		return padN(t.Year(), 6)
	case "G":
		return "AD"
	case "GG":
		return "Anno Domini"
	case "kk":
		y, _ := t.ISOWeek()
		return pad2(y % 100)
	case "kkkk":
		y, _ := t.ISOWeek()
		return padN(y, 4)
	case "W":
		_, w := t.ISOWeek()
		return itoa(w)
	case "WW":
		_, w := t.ISOWeek()
		return pad2(w)
	case "o":
		return itoa(t.YearDay())
	case "ooo":
		return padN(t.YearDay(), 3)
	case "q":
		return itoa((int(t.Month())-1)/3 + 1)
	case "qq":
		return pad2((int(t.Month())-1)/3 + 1)
	case "X":
		return itoa(int(t.Unix()))
	case "x":
		return numberToString(float64(t.UnixMilli()))
	case "D":
		return t.Format("1/2/2006")
	case "DD":
		return t.Format("Jan 2, 2006")
	case "DDD":
		return t.Format("January 2, 2006")
	case "DDDD":
		return t.Format("Monday, January 2, 2006")
	case "t":
		return t.Format("3:04 PM")
	case "tt":
		return t.Format("3:04:05 PM")
	case "T":
		return t.Format("15:04")
	case "TT":
		return t.Format("15:04:05")
	case "f":
		return t.Format("1/2/2006, 3:04 PM")
	case "ff":
		return t.Format("Jan 2, 2006, 3:04 PM")
	case "F":
		return t.Format("1/2/2006, 3:04:05 PM")
	case "FF":
		return t.Format("Jan 2, 2006, 3:04:05 PM")
	}
	return tok
}

// parseFormat is Luxon's DateTime.fromFormat for the common tokens.
func parseFormat(s, f string, loc *time.Location) (*DateTime, bool) {
	year, month, day, hour, minute, sec, ms := 1970, 1, 1, 0, 0, 0, 0
	pm, hasAMPM := false, false
	var offLoc *time.Location
	pos := 0
	readNum := func(min, max int) (int, bool) {
		start := pos
		for pos < len(s) && pos-start < max && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		if pos-start < min {
			return 0, false
		}
		return int(stringToNumber(s[start:pos])), true
	}
	readName := func(names []string, n int) (int, bool) {
		for i, name := range names {
			cand := name
			if n > 0 {
				cand = name[:n]
			}
			if len(s)-pos >= len(cand) && strings.EqualFold(s[pos:pos+len(cand)], cand) {
				pos += len(cand)
				return i, true
			}
		}
		return 0, false
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	for _, tok := range splitFormat(f) {
		var ok bool
		if tok.literal {
			if !strings.HasPrefix(s[pos:], tok.val) {
				return nil, false
			}
			pos += len(tok.val)
			continue
		}
		switch tok.val {
		case "yyyy":
			year, ok = readNum(4, 4)
		case "y", "yyyyy", "yyyyyy":
			year, ok = readNum(1, 6)
		case "yy":
			year, ok = readNum(2, 2)
			year += 2000
			if year > 2060 {
				year -= 100
			}
		case "M", "L":
			month, ok = readNum(1, 2)
		case "MM", "LL":
			month, ok = readNum(2, 2)
		case "MMM", "LLL":
			month, ok = readName(months, 3)
			month++
		case "MMMM", "LLLL":
			month, ok = readName(months, 0)
			month++
		case "d":
			day, ok = readNum(1, 2)
		case "dd":
			day, ok = readNum(2, 2)
		case "H", "h":
			hour, ok = readNum(1, 2)
		case "HH", "hh":
			hour, ok = readNum(2, 2)
		case "m":
			minute, ok = readNum(1, 2)
		case "mm":
			minute, ok = readNum(2, 2)
		case "s":
			sec, ok = readNum(1, 2)
		case "ss":
			sec, ok = readNum(2, 2)
		case "S", "SSS", "u":
			ms, ok = readNum(1, 3)
		case "a":
			if len(s)-pos >= 2 {
				ap := strings.ToUpper(s[pos : pos+2])
				ok = ap == "AM" || ap == "PM"
				pm, hasAMPM = ap == "PM", true
				pos += 2
			}
		case "EEE", "ccc":
			_, ok = readName(days, 3)
		case "EEEE", "cccc":
			_, ok = readName(days, 0)
		case "X":
			var n int
			n, ok = readNum(1, 12)
			if ok {
				return newDateTime(time.Unix(int64(n), 0), loc), pos == len(s)
			}
		case "x":
			var n int
			n, ok = readNum(1, 15)
			if ok {
				return newDateTime(time.UnixMilli(int64(n)), loc), pos == len(s)
			}
		case "Z", "ZZ", "ZZZ":
			if pos < len(s) && (s[pos] == 'Z' || s[pos] == 'z') {
				pos++
				offLoc, ok = time.UTC, true
				break
			}
			if pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
				sign := 1
				if s[pos] == '-' {
					sign = -1
				}
				pos++
				var h, m int
				h, ok = readNum(1, 2)
				if pos < len(s) && s[pos] == ':' {
					pos++
				}
				if ok && pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
					m, ok = readNum(2, 2)
				}
				offLoc = time.FixedZone("", sign*(h*3600+m*60))
			}
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
	}
	if pos != len(s) {
		return nil, false
	}
	if hasAMPM {
		hour %= 12
		if pm {
			hour += 12
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) || hour > 23 || minute > 59 || sec > 59 {
		return nil, false
	}
	if offLoc != nil {
		t := time.Date(year, time.Month(month), day, hour, minute, sec, ms*1e6, offLoc)
		return newDateTime(t, loc), true
	}
	return &DateTime{t: time.Date(year, time.Month(month), day, hour, minute, sec, ms*1e6, loc)}, true
}

// shortOffsetName is Intl's en-US short time zone name, which Luxon's ZZZZ
// prints: US zones by abbreviation, UTC as "UTC", others as GMT±h[:mm].
func shortOffsetName(t time.Time) string {
	if isUTCZone(t.Location()) {
		return "UTC"
	}
	abbr, off := t.Zone()
	switch abbr {
	case "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST":
		if strings.HasPrefix(t.Location().String(), "America/") || strings.HasPrefix(t.Location().String(), "US/") || strings.HasPrefix(t.Location().String(), "Pacific/Honolulu") {
			return abbr
		}
	}
	if off == 0 {
		return "GMT"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := "GMT" + sign + itoa(off/3600)
	if m := (off % 3600) / 60; m != 0 {
		s += ":" + pad2(m)
	}
	return s
}
