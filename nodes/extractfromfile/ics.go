package extractfromfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// iCalendar files become the object the ts-ics package's
// icsCalendarToObject (1.2.2, what n8n ships) builds: the calendar's
// version, prodId and method, then its events, each with its known
// properties under ts-ics's names in file order, text values as written
// (ts-ics does not unescape them), dates as {date, type}, recurrence rules
// as objects. Alarms and time zones (VTIMEZONE, TZID) are not read by
// n8n-go yet: a file with them is an error rather than a silently
// different object.

var (
	icsCalendarMarks = regexp.MustCompile(`BEGIN:VCALENDAR|END:VCALENDAR`)
	icsEventMarks    = regexp.MustCompile(`BEGIN:VEVENT|END:VEVENT`)
	icsLineBreak     = regexp.MustCompile(`\r\n|\r|\n`)
)

var icsCalendarKeys = map[string]string{"METHOD": "method", "PRODID": "prodId", "VERSION": "version"}

var icsEventKeys = map[string]string{
	"LAST-MODIFIED": "lastModified", "ALARM": "alarm", "CATEGORIES": "categories", "CREATED": "created",
	"DESCRIPTION": "description", "DTSTAMP": "stamp", "DTSTART": "start", "LOCATION": "location",
	"RRULE": "recurrenceRule", "SUMMARY": "summary", "UID": "uid", "TRANSP": "timeTransparent", "URL": "url",
	"DTEND": "end", "DURATION": "duration", "GEO": "geo", "CLASS": "class", "ORGANIZER": "organizer",
	"PRIORITY": "priority", "SEQ": "sequence", "STATUS": "status", "ATTACH": "attach",
	"RECURRENCE-ID": "recurrenceId", "ATTENDEE": "attendee", "COMMENT": "comment",
}

// parseICS is icsCalendarToObject for the properties n8n-go reads.
func parseICS(s string) (*data.Object, error) {
	t := icsCalendarMarks.ReplaceAllString(s, "")
	if len(icsBlocks(t, "VTIMEZONE")) > 0 {
		return nil, fmt.Errorf("n8n-go does not read iCalendar time zones (VTIMEZONE) yet")
	}
	cal := data.NewObject(4)
	blocks := icsBlocks(t, "VEVENT")
	var rest strings.Builder
	last := 0
	for _, b := range blocks {
		rest.WriteString(t[last:b[0]])
		last = b[1]
	}
	rest.WriteString(t[last:])
	for _, line := range icsLines(rest.String()) {
		prop, _, value, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		if k, ok := icsCalendarKeys[prop]; ok {
			cal.Set(k, value)
		}
	}
	if len(blocks) == 0 {
		return cal, nil
	}
	events := make([]any, 0, len(blocks))
	for _, b := range blocks {
		ev, err := icsEvent(t[b[0]:b[1]])
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	cal.Set("events", events)
	return cal, nil
}

// icsBlocks finds BEGIN:name…END:name spans as ts-ics's lazy
// /BEGIN:name([\s\S]*?)END:name/g matches them.
func icsBlocks(s, name string) [][2]int {
	var out [][2]int
	begin, end := "BEGIN:"+name, "END:"+name
	for at := 0; ; {
		i := strings.Index(s[at:], begin)
		if i < 0 {
			return out
		}
		i += at
		j := strings.Index(s[i+len(begin):], end)
		if j < 0 {
			return out
		}
		j += i + len(begin) + len(end)
		out = append(out, [2]int{i, j})
		at = j
	}
}

func icsEvent(block string) (*data.Object, error) {
	r := icsEventMarks.ReplaceAllString(block, "")
	if len(icsBlocks(r, "VALARM")) > 0 {
		return nil, fmt.Errorf("n8n-go does not read iCalendar alarms (VALARM) yet")
	}
	ev := data.NewObject(12)
	var attendees []any
	for _, line := range icsLines(r) {
		prop, opts, value, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		key, ok := icsEventKeys[prop]
		if !ok {
			continue
		}
		switch key {
		case "stamp", "start", "end", "created", "lastModified":
			v, err := icsDate(value, opts)
			if err != nil {
				return nil, err
			}
			ev.Set(key, v)
		case "categories":
			parts := strings.Split(value, ",")
			arr := make([]any, len(parts))
			for i, p := range parts {
				arr[i] = p
			}
			ev.Set(key, arr)
		case "recurrenceRule":
			rr, err := icsRecurrence(value)
			if err != nil {
				return nil, err
			}
			ev.Set(key, rr)
		case "duration":
			ev.Set(key, icsDuration(value))
		case "organizer":
			o := data.NewObject(4)
			setDefined(o, "name", opts.Value("CN"))
			setDefined(o, "dir", opts.Value("DIR"))
			if v, ok := opts.Value("SENT-BY").(string); ok && v != "" {
				o.Set("sentBy", stripMailto(v))
			}
			o.Set("email", stripMailto(value))
			ev.Set(key, o)
		case "attendee":
			a := data.NewObject(8)
			a.Set("email", stripMailto(value))
			if v, ok := opts.Value("DELEGATED-FROM").(string); ok && v != "" {
				a.Set("delegatedFrom", stripMailto(v))
			}
			setDefined(a, "dir", opts.Value("DIR"))
			if v, ok := opts.Value("MEMBER").(string); ok && v != "" {
				a.Set("member", stripMailto(v))
			}
			setDefined(a, "name", opts.Value("CN"))
			setDefined(a, "partstat", opts.Value("PARTSTAT"))
			setDefined(a, "role", opts.Value("ROLE"))
			if v, ok := opts.Value("SENT-BY").(string); ok && v != "" {
				a.Set("sentBy", stripMailto(v))
			}
			attendees = append(attendees, a)
		default:
			ev.Set(key, value)
		}
	}
	if len(attendees) > 0 {
		ev.Set("attendees", attendees)
	}
	return ev, nil
}

func setDefined(o *data.Object, k string, v any) {
	if v != nil {
		o.Set(k, v)
	}
}

var mailto = regexp.MustCompile(`(?i)mailto:`)

func stripMailto(s string) string { return mailto.ReplaceAllString(s, "") }

// icsLines splits at line breaks, drops empty lines and unfolds
// continuation lines (their leading blanks removed).
func icsLines(s string) []string {
	var raw []string
	for _, l := range icsLineBreak.Split(s, -1) {
		if l != "" {
			raw = append(raw, l)
		}
	}
	var out []string
	for i := 0; i < len(raw); {
		l := raw[i]
		for i++; i < len(raw) && (raw[i][0] == ' ' || raw[i][0] == '\t'); i++ {
			l += strings.TrimLeft(raw[i], " \t\n\r\v\f\u00a0\ufeff")
		}
		out = append(out, l)
	}
	return out
}

// icsProperty splits "NAME;K=V;…:value" at the first colon outside double
// quotes; parameters become an object (nil when there are none).
func icsProperty(line string) (string, *data.Object, string, error) {
	inQuote := false
	at := -1
	for i := 0; i < len(line) && at < 0; i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				at = i
			}
		}
	}
	if at < 0 {
		return "", nil, "", fmt.Errorf("Line not valid: %s", line)
	}
	prop, value := line[:at], line[at+1:]
	if !strings.Contains(prop, ";") {
		return prop, nil, value, nil
	}
	parts := strings.Split(prop, ";")
	opts := data.NewObject(len(parts) - 1)
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		opts.Set(k, v)
	}
	return parts[0], opts, value, nil
}

// icsDate is ts-ics's date value: VALUE=DATE a local-midnight date, else a
// UTC date-time from its digits (a trailing Z or not).
func icsDate(v string, opts *data.Object) (*data.Object, error) {
	if tz, _ := opts.Value("TZID").(string); tz != "" {
		return nil, fmt.Errorf("n8n-go does not read iCalendar times in a named time zone (TZID=%s) yet", tz)
	}
	typ, _ := opts.Value("VALUE").(string)
	num := func(a, b int) (int, bool) {
		if len(v) < b {
			return 0, false
		}
		n, err := strconv.Atoi(v[a:b])
		return n, err == nil
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(4, 6)
	d, ok3 := num(6, 8)
	var date any
	if typ == "DATE" {
		if ok1 && ok2 && ok3 {
			date = jsISO(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.Local))
		}
		return data.ObjectOf("date", date, "type", typ), nil
	}
	if typ == "" {
		typ = "DATE-TIME"
	}
	h, ok4 := num(9, 11)
	mi, ok5 := num(11, 13)
	sec, ok6 := num(13, 15)
	if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 {
		date = jsISO(time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC))
	}
	return data.ObjectOf("date", date, "type", typ), nil
}

// jsISO is Date.prototype.toISOString.
func jsISO(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// icsDuration is ts-ics's duration object: before, days, weeks, hours,
// minutes, seconds as they appear.
func icsDuration(v string) *data.Object {
	o := data.NewObject(6)
	if strings.HasPrefix(v, "-") {
		o.Set("before", true)
		v = v[1:]
	}
	if v != "" {
		v = v[1:]
	}
	datePart, timePart, hasTime := strings.Cut(v, "T")
	take := func(s *string, unit, key string) {
		if a, b, ok := strings.Cut(*s, unit); ok {
			o.Set(key, jsNumberValue(a))
			*s = b
		}
	}
	take(&datePart, "D", "days")
	take(&datePart, "W", "weeks")
	if hasTime && timePart != "" {
		take(&timePart, "H", "hours")
		take(&timePart, "M", "minutes")
		take(&timePart, "S", "seconds")
	}
	return o
}

// jsNumberValue is Number(s) as a JSON value (NaN is null).
func jsNumberValue(s string) any {
	if s == "" {
		return float64(0)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil
	}
	return n
}

var icsRuleKeys = map[string]string{"BYDAY": "byDay", "BYHOUR": "byHour", "BYMINUTE": "byMinute", "BYMONTH": "byMonth",
	"BYMONTHDAY": "byMonthday", "BYSECOND": "bySecond", "BYSETPOS": "bySetPos", "BYWEEKNO": "byWeekNo",
	"BYYEARDAY": "byYearday", "COUNT": "count", "FREQ": "frequency", "INTERVAL": "interval", "UNTIL": "until", "WKST": "workweekStart"}

// icsRecurrence is ts-ics's recurrence rule object: its parts in the
// order written, numbers as numbers, BYDAY as {day, occurence}, UNTIL as
// a date.
func icsRecurrence(v string) (*data.Object, error) {
	o := data.NewObject(4)
	for _, part := range strings.Split(v, ";") {
		k, val, _ := strings.Cut(part, "=")
		key, ok := icsRuleKeys[k]
		if !ok {
			continue
		}
		switch key {
		case "frequency", "workweekStart":
			o.Set(key, val)
		case "count", "interval":
			o.Set(key, jsNumberValue(val))
		case "until":
			d, err := icsDate(val, nil)
			if err != nil {
				return nil, err
			}
			o.Set(key, d)
		case "byDay":
			var days []any
			for _, d := range strings.Split(val, ",") {
				if len(d) <= 2 {
					days = append(days, data.ObjectOf("day", d))
					continue
				}
				days = append(days, data.ObjectOf("day", d[len(d)-2:], "occurence", jsNumberValue(d[:len(d)-2])))
			}
			o.Set(key, days)
		default:
			var nums []any
			for _, n := range strings.Split(val, ",") {
				nums = append(nums, jsNumberValue(n))
			}
			o.Set(key, nums)
		}
	}
	return o, nil
}
