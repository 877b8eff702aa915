package extractfromfile

import (
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// iCalendar files become the object the ts-ics package's
// icsCalendarToObject (1.2.2, what n8n ships) builds: the calendar's
// version, prodId and method in file order, then its time zones, then its
// events. Each event has its known properties under ts-ics's names in file
// order, then its alarms, then its attendees; text values stay as written
// (ts-ics does not unescape them), dates are {date, type} and, with a
// TZID, {date, type, local}; recurrence rules are objects. Properties
// ts-ics does not know (EXDATE, RDATE in events, X-…) are dropped as it
// drops them. Several VCALENDARs in one file merge into one object, as the
// calendar markers are simply removed.

var icsCalendarKeys = map[string]string{"METHOD": "method", "PRODID": "prodId", "VERSION": "version"}

var icsEventKeys = map[string]string{
	"LAST-MODIFIED": "lastModified", "ALARM": "alarm", "CATEGORIES": "categories", "CREATED": "created",
	"DESCRIPTION": "description", "DTSTAMP": "stamp", "DTSTART": "start", "LOCATION": "location",
	"RRULE": "recurrenceRule", "SUMMARY": "summary", "UID": "uid", "TRANSP": "timeTransparent", "URL": "url",
	"DTEND": "end", "DURATION": "duration", "GEO": "geo", "CLASS": "class", "ORGANIZER": "organizer",
	"PRIORITY": "priority", "SEQ": "sequence", "STATUS": "status", "ATTACH": "attach",
	"RECURRENCE-ID": "recurrenceId", "ATTENDEE": "attendee", "COMMENT": "comment",
}

var icsAlarmKeys = map[string]string{
	"ACTION": "action", "DESCRIPTION": "description", "DURATION": "duration", "REPEAT": "repeat",
	"SUMMARY": "summary", "TRIGGER": "trigger", "ATTACH": "attachment", "ATTENDEE": "attendee",
}

var icsZoneKeys = map[string]string{"LAST-MODIFIED": "lastModified", "TZID": "id", "TZURL": "url"}

var icsZonePropKeys = map[string]string{
	"COMMENT": "comment", "DTSTART": "start", "RDATE": "recurrenceDate", "RRULE": "recurrenceRule",
	"TZNAME": "name", "TZOFFSETFROM": "offsetFrom", "TZOFFSETTO": "offsetTo",
}

// parseICS is icsCalendarToObject.
func parseICS(s string) (*data.Object, error) {
	t := icsRemoveMarks(s, "VCALENDAR")
	cal := data.NewObject(5)
	own := icsRemoveBlocks(icsRemoveBlocks(t, "VEVENT"), "VTIMEZONE")
	for _, line := range icsLines(own) {
		p, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		if k, ok := icsCalendarKeys[p.name]; ok {
			cal.Set(k, p.value)
		}
	}
	var zones []*icsZone
	if blocks := icsBlocks(t, "VTIMEZONE"); len(blocks) > 0 {
		out := make([]any, len(blocks))
		for i, b := range blocks {
			z, err := icsTimezone(t[b[0]:b[1]])
			if err != nil {
				return nil, err
			}
			zones = append(zones, z)
			out[i] = z.obj
		}
		cal.Set("timezones", out)
	}
	if blocks := icsBlocks(t, "VEVENT"); len(blocks) > 0 {
		events := make([]any, len(blocks))
		for i, b := range blocks {
			ev, err := icsEvent(t[b[0]:b[1]], zones)
			if err != nil {
				return nil, err
			}
			events[i] = ev
		}
		cal.Set("events", events)
	}
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

// icsRemoveBlocks is s.replace(/BEGIN:name[\s\S]*?END:name/g, "").
func icsRemoveBlocks(s, name string) string {
	blocks := icsBlocks(s, name)
	if len(blocks) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, bl := range blocks {
		b.WriteString(s[last:bl[0]])
		last = bl[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// icsRemoveMarks is s.replace(/BEGIN:name|END:name/g, "").
func icsRemoveMarks(s, name string) string {
	var b strings.Builder
	last, at := 0, 0
	for {
		i := strings.Index(s[at:], name)
		if i < 0 {
			break
		}
		i += at
		at = i + len(name)
		start := -1
		switch {
		case i >= 6 && s[i-6:i] == "BEGIN:":
			start = i - 6
		case i >= 4 && s[i-4:i] == "END:":
			start = i - 4
		}
		if start < last {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		last = at
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func icsEvent(block string, zones []*icsZone) (*data.Object, error) {
	r := icsRemoveBlocks(icsRemoveMarks(block, "VEVENT"), "VALARM")
	ev := data.NewObject(16)
	var attendees []any
	for _, line := range icsLines(r) {
		p, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		key, ok := icsEventKeys[p.name]
		if !ok {
			continue
		}
		switch key {
		case "stamp", "start", "end", "created", "lastModified":
			v, err := icsDate(p.value, p.opts, zones)
			if err != nil {
				return nil, err
			}
			ev.Set(key, v)
		case "categories":
			parts := strings.Split(p.value, ",")
			arr := make([]any, len(parts))
			for i, s := range parts {
				arr[i] = s
			}
			ev.Set(key, arr)
		case "recurrenceRule":
			rr, _, err := icsRecurrence(p.value, zones)
			if err != nil {
				return nil, err
			}
			ev.Set(key, rr)
		case "duration":
			ev.Set(key, icsDuration(p.value))
		case "organizer":
			o := data.NewObject(4)
			setDefined(o, "name", p.opt("CN"))
			setDefined(o, "dir", p.opt("DIR"))
			if v, ok := p.opt("SENT-BY").(string); ok && v != "" {
				o.Set("sentBy", stripMailto(v))
			}
			o.Set("email", stripMailto(p.value))
			ev.Set(key, o)
		case "sequence":
			ev.Set(key, jsvalue.StringToNumber(p.value))
		case "attendee":
			attendees = append(attendees, icsAttendee(p))
		default:
			ev.Set(key, p.value)
		}
	}
	if alarms := icsBlocks(block, "VALARM"); len(alarms) > 0 {
		out := make([]any, len(alarms))
		for i, a := range alarms {
			al, err := icsAlarm(block[a[0]:a[1]], zones)
			if err != nil {
				return nil, err
			}
			out[i] = al
		}
		ev.Set("alarms", out)
	}
	if len(attendees) > 0 {
		ev.Set("attendees", attendees)
	}
	return ev, nil
}

// icsAlarm is ts-ics's VALARM object: its properties in file order, then
// its attachments and attendees.
func icsAlarm(block string, zones []*icsZone) (*data.Object, error) {
	al := data.NewObject(8)
	var attachments, attendees []any
	for _, line := range icsLines(icsRemoveMarks(block, "VALARM")) {
		p, err := icsProperty(line)
		if err != nil {
			return nil, err
		}
		key, ok := icsAlarmKeys[p.name]
		if !ok {
			continue
		}
		switch key {
		case "trigger":
			tr := data.NewObject(3)
			if v := p.opt("VALUE"); v == "DATE-TIME" || v == "DATE" {
				d, err := icsDate(p.value, p.opts, zones)
				if err != nil {
					return nil, err
				}
				tr.Set("type", "absolute")
				tr.Set("value", d)
			} else {
				tr.Set("type", "relative")
				tr.Set("value", icsDuration(p.value))
			}
			opts := data.NewObject(1)
			setDefined(opts, "related", p.opt("RELATED"))
			tr.Set("options", opts)
			al.Set(key, tr)
		case "duration":
			al.Set(key, icsDuration(p.value))
		case "repeat":
			al.Set(key, jsvalue.StringToNumber(p.value))
		case "attachment":
			a := data.NewObject(4)
			if p.opt("VALUE") == "BINARY" {
				enc := p.opt("ENCODING")
				if s, _ := enc.(string); s == "" {
					enc = "BASE64"
				}
				a.Set("type", "binary")
				a.Set("encoding", enc)
				a.Set("binary", p.value)
				a.Set("value", "BINARY")
			} else {
				a.Set("type", "uri")
				a.Set("url", p.value)
				setDefined(a, "formatType", p.opt("FMTTYPE"))
			}
			attachments = append(attachments, a)
		case "attendee":
			attendees = append(attendees, icsAttendee(p))
		default:
			al.Set(key, p.value)
		}
	}
	if len(attachments) > 0 {
		al.Set("attachments", attachments)
	}
	if len(attendees) > 0 {
		al.Set("attendees", attendees)
	}
	return al, nil
}

// icsAttendee is ts-ics's attendee object (parameters left out when
// absent; JSON drops ts-ics's undefined values).
func icsAttendee(p icsProp) *data.Object {
	a := data.NewObject(8)
	a.Set("email", stripMailto(p.value))
	if v, ok := p.opt("DELEGATED-FROM").(string); ok && v != "" {
		a.Set("delegatedFrom", stripMailto(v))
	}
	setDefined(a, "dir", p.opt("DIR"))
	if v, ok := p.opt("MEMBER").(string); ok && v != "" {
		a.Set("member", stripMailto(v))
	}
	setDefined(a, "name", p.opt("CN"))
	setDefined(a, "partstat", p.opt("PARTSTAT"))
	setDefined(a, "role", p.opt("ROLE"))
	if v, ok := p.opt("SENT-BY").(string); ok && v != "" {
		a.Set("sentBy", stripMailto(v))
	}
	return a
}

func setDefined(o *data.Object, k string, v any) {
	if v != nil {
		o.Set(k, v)
	}
}

// stripMailto removes every "mailto:", in any case (/mailto:/gi).
func stripMailto(s string) string {
	const m = "mailto:"
	if len(s) < len(m) {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i+len(m) <= len(s); {
		if strings.EqualFold(s[i:i+len(m)], m) {
			b.WriteString(s[last:i])
			i += len(m)
			last = i
			continue
		}
		i++
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// icsLines splits at line breaks (\r\n, \r or \n), drops empty lines and
// unfolds continuation lines (a line starting with a space or tab is
// appended to the previous one with its leading white space removed).
func icsLines(s string) []string {
	var raw []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			raw = append(raw, s)
			break
		}
		if i > 0 {
			raw = append(raw, s[:i])
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	out := make([]string, 0, len(raw))
	for i := 0; i < len(raw); {
		l := raw[i]
		i++
		if i < len(raw) && (raw[i][0] == ' ' || raw[i][0] == '\t') {
			var b strings.Builder
			b.WriteString(l)
			for ; i < len(raw) && (raw[i][0] == ' ' || raw[i][0] == '\t'); i++ {
				b.WriteString(strings.TrimLeftFunc(raw[i], jsvalue.IsSpace))
			}
			l = b.String()
		}
		out = append(out, l)
	}
	return out
}

// icsProp is one content line: its name, parameters (nil when none) and
// value.
type icsProp struct {
	name, value string
	opts        *data.Object
}

func (p icsProp) opt(k string) any {
	if p.opts == nil {
		return nil
	}
	return p.opts.Value(k)
}

// icsProperty splits "NAME;K=V;…:value" at the first colon outside double
// quotes. Parameters are split at every semicolon and their values lose
// one pair of surrounding double quotes, as ts-ics does.
func icsProperty(line string) (icsProp, error) {
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
		return icsProp{}, fmt.Errorf("Line not valid: %s", line)
	}
	name, value := line[:at], line[at+1:]
	if !strings.Contains(name, ";") {
		return icsProp{name: name, value: value}, nil
	}
	parts := strings.Split(name, ";")
	opts := data.NewObject(len(parts) - 1)
	for _, p := range parts[1:] {
		k, v, _ := strings.Cut(p, "=")
		opts.Set(k, unquote(v))
	}
	return icsProp{name: parts[0], value: value, opts: opts}, nil
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	if v == `"` {
		// '"'.startsWith('"') && endsWith('"'): slice(1, -1) is "".
		return ""
	}
	return v
}

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
			o.Set(key, jsvalue.StringToNumber(a))
			if c, _, ok := strings.Cut(b, unit); ok {
				b = c // split(unit)[1] stops at the next one
			}
			*s = b
		}
	}
	take(&datePart, "D", "days")
	take(&datePart, "W", "weeks")
	if hasTime && timePart != "" {
		if i := strings.IndexByte(timePart, 'T'); i >= 0 {
			timePart = timePart[:i] // split("T")[1]
		}
		take(&timePart, "H", "hours")
		take(&timePart, "M", "minutes")
		take(&timePart, "S", "seconds")
	}
	return o
}
