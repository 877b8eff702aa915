package intl

import (
	"strconv"
	"strings"
	"time"
)

// DateOptions are Intl.DateTimeFormat's options ("" means absent).
type DateOptions struct {
	DateStyle, TimeStyle      string
	Weekday, Year, Month, Day string
	Hour, Minute, Second      string
	TimeZoneName              string
	// Hour12 overrides the locale's clock when set; HourCycle is h11, h12,
	// h23 or h24.
	Hour12    *bool
	HourCycle string
	// FractionalSecondDigits is 1-3, or 0 for none.
	FractionalSecondDigits int
	// ZoneName, when set, is printed for every zone name (Luxon prints
	// its own zone's name, "UTC", for DateTimes in a fixed zone).
	ZoneName string
	// Parts asks for formatToParts' text: V8 turns ICU's narrow no-break
	// space before AM/PM into a plain space in format() and toLocaleString
	// but not in formatToParts, which Luxon joins for fixed zones.
	Parts bool
}

// Defaults says which components a method fills in when none is given:
// toLocaleString both, toLocaleDateString the date, toLocaleTimeString the
// time (ECMA-402 ToDateTimeOptions).
type Defaults uint8

const (
	DefaultAll Defaults = iota
	DefaultDate
	DefaultTime
)

func (o DateOptions) hasDate() bool {
	return o.Weekday != "" || o.Year != "" || o.Month != "" || o.Day != ""
}

func (o DateOptions) hasTime() bool {
	return o.Hour != "" || o.Minute != "" || o.Second != "" || o.FractionalSecondDigits > 0
}

var styles = map[string]int{"full": Full, "long": Long, "medium": Medium, "short": Short}

// FormatDate formats t (already in the zone to show) as
// Intl.DateTimeFormat(locale, o).format does.
func FormatDate(t time.Time, l *Locale, o DateOptions, def Defaults) string {
	ds, dok := styles[o.DateStyle]
	ts, tok := styles[o.TimeStyle]
	if dok || tok {
		switch {
		case dok && tok:
			return render(t, l, l.Date[ds], o) + unquote(l.Join[ds]) + render(t, l, l.Time[ts], o)
		case dok:
			return render(t, l, l.Date[ds], o)
		default:
			return render(t, l, l.Time[ts], o)
		}
	}
	if !o.hasDate() && !o.hasTime() {
		if def != DefaultTime {
			o.Year, o.Month, o.Day = "numeric", "numeric", "numeric"
		}
		if def != DefaultDate {
			o.Hour, o.Minute, o.Second = "numeric", "numeric", "numeric"
		}
	}
	var parts []string
	if o.hasDate() {
		parts = append(parts, render(t, l, datePattern(l, o), o))
	}
	if o.hasTime() {
		parts = append(parts, render(t, l, timePattern(l, o), o))
	} else if o.TimeZoneName != "" {
		parts[0] += " " + render(t, l, zoneToken(o.TimeZoneName), o)
	}
	if len(parts) == 2 {
		j := l.Join[Short]
		switch o.Month {
		case "long":
			j = l.Join[Long]
		case "short", "narrow":
			j = l.Join[Medium]
		}
		return parts[0] + unquote(j) + parts[1]
	}
	return parts[0]
}

func unquote(s string) string { return strings.ReplaceAll(s, "'", "") }

// datePattern builds the pattern of the date components asked for, the
// way ICU's skeleton matching does for the common combinations.
func datePattern(l *Locale, o DateOptions) string {
	y := map[string]string{"numeric": "y", "2-digit": "yy"}[o.Year]
	d := map[string]string{"numeric": "d", "2-digit": "dd"}[o.Day]
	w := map[string]string{"long": "EEEE", "short": "EEE", "narrow": "EEEEE"}[o.Weekday]
	textMonth := o.Month == "long" || o.Month == "short" || o.Month == "narrow"
	if textMonth {
		m := map[string]string{"long": "MMMM", "short": "MMM", "narrow": "MMMMM"}[o.Month]
		// The locale's long (or medium) pattern with the absent fields cut.
		base := l.Date[Long]
		if o.Month != "long" {
			base = l.Date[Medium]
			if !strings.Contains(base, "MMM") {
				base = l.Date[Long]
			}
		}
		p := strings.ReplaceAll(strings.ReplaceAll(base, "MMMM", "\x00"), "MMM", "\x00")
		p = strings.ReplaceAll(p, "\x00", m)
		if d == "" {
			p = cutField(p, "d")
		} else if d == "dd" {
			p = strings.Replace(p, "d", "dd", 1)
		}
		if y == "" {
			p = cutField(p, "y")
		} else if y == "yy" {
			p = strings.Replace(p, "y", "yy", 1)
		}
		if w != "" {
			full := l.Date[Full]
			sep := full[len("EEEE") : strings.IndexAny(full[4:], "dM")+4]
			if l.WdaySepText != "" && y == "" {
				sep = l.WdaySepText
			}
			p = w + sep + p
		}
		return strings.TrimSpace(p)
	}
	if o.Month == "" && d == "" {
		switch {
		case y != "" && w != "":
			return y + " " + w
		case y != "":
			return y
		default:
			return map[string]string{"EEEE": "EEEE", "EEE": "EEE", "EEEEE": "EEEEE"}[w]
		}
	}
	// Numeric month: the locale's numeric date with the absent fields cut.
	p := l.NumericDate
	if y == "" && d != "" && o.Month != "" {
		p = l.MonthDay
	}
	m := map[string]string{"numeric": "M", "2-digit": "MM", "": ""}[o.Month]
	p = setNumeric(p, "M", m)
	p = setNumeric(p, "d", d)
	p = setNumeric(p, "y", y)
	if w != "" {
		full := l.Date[Full]
		p = w + full[len("EEEE"):strings.IndexAny(full[4:], "dM")+4] + p
	}
	return p
}

// setNumeric replaces the field f (M, d or y, in any width) of a numeric
// pattern with tok, or cuts it and its separator when tok is "".
func setNumeric(p, f, tok string) string {
	i := strings.Index(p, f)
	if i < 0 {
		return p
	}
	j := i
	for j < len(p) && p[j] == f[0] {
		j++
	}
	if tok != "" {
		if len(tok) == 1 {
			return p // numeric keeps the locale's width (en-GB: 05/03)
		}
		return p[:i] + tok + p[j:]
	}
	// Cut with the separator after it, or before it when it is last.
	if j < len(p) {
		return p[:i] + p[j+1:]
	}
	if i > 0 {
		return p[:i-1]
	}
	return ""
}

// cutField removes field f (d or y, any width) from a textual pattern with
// the separators and quoted words that go with it.
func cutField(p, f string) string {
	i := strings.Index(p, f)
	for i >= 0 && inQuote(p, i) {
		k := strings.Index(p[i+1:], f)
		if k < 0 {
			return p
		}
		i += k + 1
	}
	if i < 0 {
		return p
	}
	j := i
	for j < len(p) && p[j] == f[0] {
		j++
	}
	// Trailing ", " / ". " / " 'de' " around the field.
	start, end := i, j
	for end < len(p) && (p[end] == '.' || p[end] == ',') {
		end++
	}
	for start > 0 && (p[start-1] == ' ' || p[start-1] == ',') {
		start--
	}
	if start > 0 && p[start-1] == '\'' {
		// A quoted word before the field ('de').
		q := strings.LastIndex(p[:start-1], "'")
		if q >= 0 {
			start = q
			for start > 0 && p[start-1] == ' ' {
				start--
			}
		}
	}
	if start == 0 {
		for end < len(p) && p[end] == ' ' {
			end++
		}
		if end < len(p) && p[end] == '\'' {
			if q := strings.Index(p[end+1:], "'"); q >= 0 {
				end += q + 2
				for end < len(p) && p[end] == ' ' {
					end++
				}
			}
		}
	}
	return p[:start] + p[end:]
}

func inQuote(p string, i int) bool { return strings.Count(p[:i], "'")%2 == 1 }

// timePattern builds the pattern of the time components asked for.
func timePattern(l *Locale, o DateOptions) string {
	explicit := o.Hour12 != nil || o.HourCycle != ""
	cycle := "h23"
	if l.Hour12 {
		cycle = "h12"
	}
	switch {
	case o.HourCycle != "":
		cycle = o.HourCycle
	case o.Hour12 != nil && *o.Hour12:
		// ECMA-402's hour12 picks the 12-hour cycle matching the locale's
		// (h11 where the locale counts 0-23).
		if !l.Hour12 {
			cycle = "h11"
		} else {
			cycle = "h12"
		}
	case o.Hour12 != nil:
		if l.Hour12 {
			cycle = "h24" // en-US: 24:05, as V8 prints it
		} else {
			cycle = "h23"
		}
	}
	h12 := cycle == "h11" || cycle == "h12"
	var b strings.Builder
	if o.Hour != "" {
		switch {
		case h12 && o.Hour == "2-digit":
			b.WriteString("hh")
		case h12:
			b.WriteString("h")
		case o.Hour == "2-digit":
			b.WriteString("HH")
		case o.Minute == "" && o.Second == "":
			if l.Hour12 {
				b.WriteString("HH")
			} else {
				b.WriteString(strings.SplitN(l.HourOnly, " ", 2)[0])
			}
		case explicit && o.Minute == "2-digit" && cycle != "h24":
			b.WriteString("H")
		case strings.HasPrefix(l.Time[Short], "HH") || l.Hour12:
			b.WriteString("HH")
		default:
			b.WriteString("H")
		}
		b.WriteString("!" + cycle)
	}
	if o.Minute != "" {
		if b.Len() > 0 {
			b.WriteString(":")
			b.WriteString("mm")
		} else if o.Minute == "2-digit" {
			b.WriteString("mm")
		} else {
			b.WriteString("m")
		}
	}
	if o.Second != "" {
		if b.Len() > 0 {
			b.WriteString(":ss")
		} else if o.Second == "2-digit" {
			b.WriteString("ss")
		} else {
			b.WriteString("s")
		}
		if n := o.FractionalSecondDigits; n > 0 {
			b.WriteString("." + strings.Repeat("S", min(n, 3)))
		}
	}
	if o.Hour != "" && h12 {
		b.WriteString(" a")
	}
	if o.Hour != "" && o.Minute == "" && o.Second == "" && !h12 {
		if _, suffix, ok := strings.Cut(l.HourOnly, " "); ok {
			b.WriteString(" " + suffix)
		}
	}
	if o.TimeZoneName != "" {
		b.WriteString(" " + zoneToken(o.TimeZoneName))
	}
	return b.String()
}

func zoneToken(name string) string {
	if name == "long" || name == "longGeneric" {
		return "zzzz"
	}
	return "z"
}

// render writes t with a pattern.
func render(t time.Time, l *Locale, p string, o DateOptions) string {
	var b strings.Builder
	for i := 0; i < len(p); {
		c := p[i]
		if c == '\'' {
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				b.WriteString(p[i+1:])
				break
			}
			b.WriteString(p[i+1 : i+1+j])
			i += j + 2
			continue
		}
		if !strings.ContainsRune("yMdEhHmsaSz", rune(c)) {
			if c == ' ' && o.Parts && i+1 < len(p) && p[i+1] == 'a' {
				b.WriteString(nnb)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		j := i
		for j < len(p) && p[j] == c {
			j++
		}
		n := j - i
		cycle := ""
		if strings.HasPrefix(p[j:], "!h") {
			cycle, j = p[j+1:j+4], j+4
		}
		i = j
		switch c {
		case 'y':
			if n == 2 {
				b.WriteString(pad2(t.Year() % 100))
			} else {
				b.WriteString(strconv.Itoa(t.Year()))
			}
		case 'M':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case 2:
				b.WriteString(pad2(int(t.Month())))
			case 3:
				if l.MonthsShortFmt != nil && len(p) > 3 {
					b.WriteString(l.MonthsShortFmt[t.Month()-1])
				} else {
					b.WriteString(l.MonthsShort[t.Month()-1])
				}
			case 5:
				b.WriteString(firstRune(l.Months[t.Month()-1]))
			default:
				b.WriteString(l.Months[t.Month()-1])
			}
		case 'd':
			if n == 2 {
				b.WriteString(pad2(t.Day()))
			} else {
				b.WriteString(strconv.Itoa(t.Day()))
			}
		case 'E':
			switch n {
			case 4:
				b.WriteString(l.Weekdays[t.Weekday()])
			case 5:
				b.WriteString(firstRune(l.Weekdays[t.Weekday()]))
			default:
				if l.WdaysShortFmt != nil && len(p) > 3 {
					b.WriteString(l.WdaysShortFmt[t.Weekday()])
				} else {
					b.WriteString(l.WdaysShort[t.Weekday()])
				}
			}
		case 'h':
			h := t.Hour() % 12
			if h == 0 && cycle != "h11" {
				h = 12
			}
			b.WriteString(width(h, n))
		case 'H':
			h := t.Hour()
			if h == 0 && cycle == "h24" {
				h = 24
			}
			b.WriteString(width(h, n))
		case 'm':
			b.WriteString(width(t.Minute(), n))
		case 's':
			b.WriteString(width(t.Second(), n))
		case 'S':
			ms := strconv.Itoa(1000 + t.Nanosecond()/1e6)[1:]
			b.WriteString(ms[:min(n, 3)])
		case 'a':
			if t.Hour() < 12 {
				b.WriteString(l.AM)
			} else {
				b.WriteString(l.PM)
			}
		case 'z':
			if o.ZoneName != "" {
				b.WriteString(o.ZoneName)
			} else {
				b.WriteString(zoneName(t, l, n >= 4))
			}
		}
	}
	return b.String()
}

func width(v, n int) string {
	if n >= 2 {
		return pad2(v)
	}
	return strconv.Itoa(v)
}

func pad2(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// usZones are the abbreviations en-US prints by name, euZones those en-GB
// does; enLong are the English long names. Other zones and the long names
// in other languages print as GMT offsets here (ICU has localised names:
// a known difference).
var (
	usZones = map[string]bool{"EST": true, "EDT": true, "CST": true, "CDT": true, "MST": true, "MDT": true, "PST": true, "PDT": true}
	euZones = map[string]bool{"CET": true, "CEST": true, "EET": true, "EEST": true, "WET": true, "WEST": true, "BST": true, "GMT": true}
	enLong  = map[string]string{"EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
		"CST": "Central Standard Time", "CDT": "Central Daylight Time", "MST": "Mountain Standard Time",
		"MDT": "Mountain Daylight Time", "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
		"CET": "Central European Standard Time", "CEST": "Central European Summer Time",
		"EET": "Eastern European Standard Time", "EEST": "Eastern European Summer Time",
		"WET": "Western European Standard Time", "WEST": "Western European Summer Time",
		"BST": "British Summer Time", "GMT": "Greenwich Mean Time", "JST": "Japan Standard Time",
		"AEST": "Australian Eastern Standard Time", "AEDT": "Australian Eastern Daylight Time"}
)

func zoneName(t time.Time, l *Locale, long bool) string {
	abbr, off := t.Zone()
	if off == 0 && (abbr == "UTC" || abbr == "GMT" || abbr == "") {
		if long {
			return l.UTCLong
		}
		return "UTC"
	}
	if strings.HasPrefix(l.Tag, "en-") {
		if name, ok := enLong[abbr]; ok && long {
			return name
		}
		if l.Tag == "en-US" && usZones[abbr] || l.Tag == "en-GB" && euZones[abbr] {
			return abbr
		}
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	if long {
		return "GMT" + sign + pad2(h) + ":" + pad2(m)
	}
	s := "GMT" + sign + strconv.Itoa(h)
	if m != 0 {
		s += ":" + pad2(m)
	}
	return s
}
