package datetime

import (
	"strconv"
	"strings"
	"time"
)

// momentTokens are the moment.js format tokens Date & Time v1 renders,
// longest first so that a scan takes the longest match (as moment's
// formatting regexp does).
var momentTokens = []string{
	"YYYY", "MMMM", "dddd", "SSS", "MMM", "ddd", "DDDD", "DDD", "Do", "YY", "MM", "DD", "dd", "HH", "hh", "kk",
	"mm", "ss", "SS", "ZZ", "Qo", "Mo", "wo", "Wo", "ww", "WW", "Y", "M", "D", "d", "E", "e", "Q", "H", "h", "k", "m", "s",
	"S", "A", "a", "Z", "X", "x", "w", "W",
}

// momentFormat is moment's format(f) in English for t (in its zone);
// "[...]" is literal text; an empty format is moment's default
// YYYY-MM-DDTHH:mm:ssZ.
func momentFormat(t time.Time, f string) string {
	if f == "" {
		f = "YYYY-MM-DDTHH:mm:ssZ"
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		if f[i] == '[' {
			if j := strings.IndexByte(f[i:], ']'); j > 0 {
				b.WriteString(f[i+1 : i+j])
				i += j + 1
				continue
			}
		}
		matched := false
		for _, tok := range momentTokens {
			if strings.HasPrefix(f[i:], tok) {
				b.WriteString(momentToken(t, tok))
				i += len(tok)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(f[i])
			i++
		}
	}
	return b.String()
}

func momentToken(t time.Time, tok string) string {
	pad := func(n, w int) string {
		s := strconv.Itoa(n)
		for len(s) < w {
			s = "0" + s
		}
		return s
	}
	h12 := t.Hour() % 12
	if h12 == 0 {
		h12 = 12
	}
	_, week := t.ISOWeek()
	switch tok {
	case "YYYY":
		return pad(t.Year(), 4)
	case "YY":
		return pad(t.Year()%100, 2)
	case "Y":
		return strconv.Itoa(t.Year())
	case "MMMM":
		return t.Month().String()
	case "MMM":
		return t.Month().String()[:3]
	case "MM":
		return pad(int(t.Month()), 2)
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "Mo":
		return ordinal(int(t.Month()))
	case "DDDD":
		return pad(t.YearDay(), 3)
	case "DDD":
		return strconv.Itoa(t.YearDay())
	case "DD":
		return pad(t.Day(), 2)
	case "D":
		return strconv.Itoa(t.Day())
	case "Do":
		return ordinal(t.Day())
	case "dddd":
		return t.Weekday().String()
	case "ddd":
		return t.Weekday().String()[:3]
	case "dd":
		return t.Weekday().String()[:2]
	case "d", "e":
		return strconv.Itoa(int(t.Weekday()))
	case "E":
		return strconv.Itoa((int(t.Weekday())+6)%7 + 1)
	case "Q":
		return strconv.Itoa((int(t.Month())-1)/3 + 1)
	case "Qo":
		return ordinal((int(t.Month())-1)/3 + 1)
	case "HH":
		return pad(t.Hour(), 2)
	case "H":
		return strconv.Itoa(t.Hour())
	case "hh":
		return pad(h12, 2)
	case "h":
		return strconv.Itoa(h12)
	case "kk":
		return pad((t.Hour()+23)%24+1, 2)
	case "k":
		return strconv.Itoa((t.Hour()+23)%24 + 1)
	case "mm":
		return pad(t.Minute(), 2)
	case "m":
		return strconv.Itoa(t.Minute())
	case "ss":
		return pad(t.Second(), 2)
	case "s":
		return strconv.Itoa(t.Second())
	case "SSS":
		return pad(t.Nanosecond()/1e6, 3)
	case "SS":
		return pad(t.Nanosecond()/1e7, 2)
	case "S":
		return strconv.Itoa(t.Nanosecond() / 1e8)
	case "A":
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	case "a":
		if t.Hour() < 12 {
			return "am"
		}
		return "pm"
	case "Z":
		return t.Format("-07:00")
	case "ZZ":
		return t.Format("-0700")
	case "X":
		return strconv.FormatInt(t.Unix(), 10)
	case "x":
		return strconv.FormatInt(t.UnixMilli(), 10)
	case "W", "w":
		return strconv.Itoa(week)
	case "WW", "ww":
		return pad(week, 2)
	case "Wo", "wo":
		return ordinal(week)
	}
	return tok
}

// ordinal is moment's English ordinal: 1st, 2nd, 3rd, 4th, 11th…
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
