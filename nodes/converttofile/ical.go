package converttofile

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// The iCal operation is n8n's iCalendar createEvent: one event file per
// item, written as the ics package (2.40) writes it. Its dates go through
// moment: the instant's local-time components are written as UTC (n8n
// passes startInputType "utc"). Like ics, an event without a uid gets one
// generated id and DTSTAMP is the current minute; n8n computes both once
// per process, n8n-go once per node execution.

// icalEvent is the ics package's event attributes n8n passes.
type icalEvent struct {
	title, uid, stamp   string
	start, end          []int
	description, url    string
	location, status    string
	busyStatus, calName string
	recurrenceRule      string
	sequence            float64
	geo                 *data.Object
	organizer           *data.Object
	attendees           []*data.Object
	hasOrganizer        bool
	unknown             []string        // options ics's schema does not know
	typeErrs            []string        // values of the wrong type, in yup's words
	badType             map[string]bool // their paths: yup runs no further test on them
}

func toICal(ctx context.Context, ex *engine.Exec, items []data.Item) ([]data.Item, error) {
	var out []data.Item
	defaultUID := nanoID()
	stamp := time.Now().UTC().Truncate(time.Minute).Format("20060102T150405Z")
	for i := range items {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		item, err := func() (data.Item, error) {
			ev, fileName, err := icalParams(ex, i)
			if err != nil {
				return data.Item{}, err
			}
			if ev.uid == "" {
				ev.uid = defaultUID
			}
			ev.stamp = stamp
			if err := ev.validate(); err != nil {
				return data.Item{}, err
			}
			prop, err := ex.ParamString("binaryPropertyName", i)
			if err != nil {
				return data.Item{}, err
			}
			bin, err := ex.Binary().Prepare(ctx, []byte(ev.format()), fileName, "text/calendar")
			if err != nil {
				return data.Item{}, err
			}
			b := data.NewObject(1)
			b.Set(prop, bin)
			return data.Item{JSON: data.NewObject(0), Binary: b, Paired: data.One(i)}, nil
		}()
		var invalid icsInvalid
		if err != nil && errors.As(err, &invalid) && !ex.ContinueOnFail() {
			// n8n wraps ics's plain error object, not an Error: the node
			// error has no message of its own.
			return nil, &engine.NodeError{Name: "NodeOperationError", ItemIndex: i, Err: err}
		}
		if err != nil {
			it, ferr := failed(ex, i, data.One(i), err)
			if ferr != nil {
				return nil, ferr
			}
			out = append(out, it)
			continue
		}
		out = append(out, item)
	}
	return out, nil
}

func icalParams(ex *engine.Exec, i int) (*icalEvent, string, error) {
	str := func(name string) (string, error) {
		v, err := ex.Param(name, i)
		if err != nil {
			return "", err
		}
		if v == nil || data.IsUndefined(v) {
			return "", nil
		}
		return jsvalue.ToString(v), nil
	}
	ev := &icalEvent{}
	title, err := ex.Param("title", i)
	if err != nil {
		return nil, "", err
	}
	ev.checkType("title", title, "string")
	if title != nil && !data.IsUndefined(title) {
		ev.title = jsvalue.ToString(title)
	}
	allDay, err := ex.ParamBool("allDay", i)
	if err != nil {
		return nil, "", err
	}
	start, err := str("start")
	if err != nil {
		return nil, "", err
	}
	end, err := str("end")
	if err != nil {
		return nil, "", err
	}
	if end == "" {
		end = start
	}
	n := 6
	if allDay {
		n = 3
	}
	st, okS := momentParse(start)
	en, okE := momentParse(end)
	if allDay && okE {
		en = en.UTC().AddDate(0, 0, 1)
	}
	ev.start = momentArray(st, okS, n)
	ev.end = momentArray(en, okE, n)
	v, err := ex.Param("additionalFields", i)
	if err != nil {
		return nil, "", err
	}
	o, _ := v.(*data.Object)
	fileName := "event.ics"
	if f, _ := o.Value("fileName").(string); f != "" {
		fileName = f
	}
	get := func(k string) string {
		v := o.Value(k)
		if v == nil || data.IsUndefined(v) {
			return ""
		}
		return jsvalue.ToString(v)
	}
	// ics drops falsy values, then its schema (strict) refuses values of
	// another type.
	for _, k := range []string{"description", "url", "location", "status", "busyStatus", "calName", "recurrenceRule", "uid"} {
		ev.checkType(k, o.Value(k), "string")
	}
	ev.checkType("sequence", o.Value("sequence"), "number")
	ev.description, ev.url, ev.location = get("description"), get("url"), get("location")
	ev.status, ev.busyStatus, ev.calName = get("status"), get("busyStatus"), get("calName")
	ev.recurrenceRule, ev.uid = get("recurrenceRule"), get("uid")
	if s, ok := jsvalue.AsNumber(o.Value("sequence")); ok {
		ev.sequence = s
	}
	if g, ok := o.Value("geolocationUi").(*data.Object); ok {
		ev.geo, _ = g.Value("geolocationValues").(*data.Object)
	}
	if g, ok := o.Value("organizerUi").(*data.Object); ok {
		ev.organizer, ev.hasOrganizer = g.Value("organizerValues").(*data.Object)
		if ev.hasOrganizer {
			ev.checkField("organizer.name", ev.organizer, "name", "string")
			ev.checkField("organizer.email", ev.organizer, "email", "string")
		}
	}
	if g, ok := o.Value("attendeesUi").(*data.Object); ok {
		if arr, ok := g.Value("attendeeValues").([]any); ok {
			for _, a := range arr {
				if ao, ok := a.(*data.Object); ok {
					p := fmt.Sprintf("attendees[%d].", len(ev.attendees))
					ev.checkField(p+"name", ao, "name", "string")
					ev.checkField(p+"email", ao, "email", "string")
					ev.checkField(p+"rsvp", ao, "rsvp", "boolean")
					ev.attendees = append(ev.attendees, ao)
				}
			}
		}
	}
	// Options ics does not know make its schema refuse the event.
	for _, k := range o.Keys() {
		if !icsKnownOption[k] {
			ev.unknown = append(ev.unknown, k)
		}
	}
	return ev, fileName, nil
}

// checkType is yup's strict type check of a top-level value ics keeps
// (a truthy one).
func (ev *icalEvent) checkType(path string, v any, typ string) {
	if !jsvalue.Truthy(v) || data.IsUndefined(v) {
		return
	}
	ev.checkValue(path, v, typ)
}

// checkField is the type check of a nested value, which ics keeps even
// when falsy (only an absent one passes).
func (ev *icalEvent) checkField(path string, o *data.Object, k, typ string) {
	if v, ok := o.Get(k); ok && !data.IsUndefined(v) {
		ev.checkValue(path, v, typ)
	}
}

func (ev *icalEvent) checkValue(path string, v any, typ string) {
	ok := false
	switch typ {
	case "string":
		_, ok = v.(string)
	case "number":
		f, isNum := v.(float64)
		ok = isNum && !math.IsNaN(f)
	case "boolean":
		_, ok = v.(bool)
	}
	if !ok {
		ev.typeErrs = append(ev.typeErrs, yupNotType(path, typ, v))
		if ev.badType == nil {
			ev.badType = map[string]bool{}
		}
		ev.badType[path] = true
	}
}

// yupNotType is yup 0.32's mixed.notType message for an uncast value.
func yupNotType(path, typ string, v any) string {
	msg := fmt.Sprintf("%s must be a `%s` type, but the final value was: `%s`.", path, typ, yupPrint(v))
	if v == nil {
		msg += "\n If \"null\" is intended as an empty value be sure to mark the schema as `.nullable()`"
	}
	return msg
}

// yupPrint is yup's printValue(value, quoteStrings).
func yupPrint(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return `"` + x + `"`
	case float64, bool:
		if f, ok := x.(float64); ok && f == 0 && math.Signbit(f) {
			return "-0"
		}
		return jsvalue.ToString(x)
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return jsvalue.ToString(v)
	}
	return string(b)
}

// icsKnownOption lists the additional fields that reach ics's schema as
// keys it knows (the UI groups are renamed; useWorkflowTimezone removed).
var icsKnownOption = map[string]bool{"attendeesUi": true, "busyStatus": true, "calName": true, "description": true,
	"geolocationUi": true, "location": true, "recurrenceRule": true, "organizerUi": true, "sequence": true,
	"status": true, "uid": true, "url": true, "useWorkflowTimezone": true}

var momentLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04Z07:00", "2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02T15Z07:00",
	"2006-01-02", "2006-01", "2006",
}

// momentParse is moment(string) for ISO 8601 strings: local time unless
// the string gives an offset.
func momentParse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range momentLayouts {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// momentArray is moment's toArray cut to n parts with the month made
// 1-based; an invalid date's parts are NaN, here -1 (refused by validate).
func momentArray(t time.Time, ok bool, n int) []int {
	if !ok {
		return []int{-1, -1, -1, -1, -1, -1}[:n]
	}
	t = t.In(time.Local)
	a := []int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second()}
	return a[:n]
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	icsEmail = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[a-zA-Z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)
	})
	icsStatus = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)TENTATIVE|CANCELLED|CONFIRMED`)
	})
	icsBusy = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)TENTATIVE|FREE|BUSY|OOF`)
	})
	// icsURL is ics's URL pattern in RE2 terms: JavaScript's \S (Unicode
	// white space excluded) and its UTF-16 range \u00a1-\uffff, which
	// also takes the surrogate halves of any astral character.
	icsURL = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:([a-z0-9+.-]+)://)(?:` + jsNonSpace + `+(?::` + jsNonSpace + `*)?@)?(?:(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z\x{a1}-\x{10ffff}0-9]-*)*[a-z\x{a1}-\x{10ffff}0-9]+)(?:\.(?:[a-z\x{a1}-\x{10ffff}0-9]-*)*[a-z\x{a1}-\x{10ffff}0-9]+)*\.?)(?::\d{2,5})?(?:[/?#]` + jsNonSpace + `*)?$`)
	})
)

const (
	jsNonSpace = `[^\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`
	// icsURLSource is how yup prints ics's URL pattern in its message.
	icsURLSource = `/^(?:([a-z0-9+.-]+):\/\/)(?:\S+(?::\S*)?@)?(?:(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z\u00a1-\uffff0-9]-*)*[a-z\u00a1-\uffff0-9]+)(?:\.(?:[a-z\u00a1-\uffff0-9]-*)*[a-z\u00a1-\uffff0-9]+)*\.?)(?::\d{2,5})?(?:[/?#]\S*)?$/`
)

// validate is the part of ics's yup schema n8n's fields can fail, with
// yup's messages.
func (ev *icalEvent) validate() error {
	var errs []string
	if len(ev.unknown) > 0 {
		errs = append(errs, "this field has unspecified keys: "+strings.Join(ev.unknown, ", "))
	}
	errs = append(errs, ev.typeErrs...)
	for i, v := range ev.start {
		if v < 0 {
			errs = append(errs, fmt.Sprintf("start[%d] must be a `number` type, but the final value was: `NaN` (cast from the value `NaN`).", i))
		}
	}
	for i, v := range ev.end {
		if v < 0 {
			errs = append(errs, fmt.Sprintf("end[%d] must be a `number` type, but the final value was: `NaN` (cast from the value `NaN`).", i))
		}
	}
	if ev.url != "" && !ev.badType["url"] && !icsURL().MatchString(ev.url) {
		errs = append(errs, "url must match the following: \""+icsURLSource+"\"")
	}
	if ev.status != "" && !ev.badType["status"] && !icsStatus().MatchString(ev.status) {
		errs = append(errs, "status must match the following: \"/TENTATIVE|CANCELLED|CONFIRMED/i\"")
	}
	if ev.busyStatus != "" && !ev.badType["busyStatus"] && !icsBusy().MatchString(ev.busyStatus) {
		errs = append(errs, "busyStatus must match the following: \"/TENTATIVE|FREE|BUSY|OOF/i\"")
	}
	if ev.hasOrganizer {
		if e, _ := ev.organizer.Value("email").(string); e != "" && !ev.badType["organizer.email"] && !icsEmail().MatchString(e) {
			errs = append(errs, "organizer.email must be a valid email")
		}
	}
	for i, a := range ev.attendees {
		if e, _ := a.Value("email").(string); e != "" && !icsEmail().MatchString(e) {
			errs = append(errs, fmt.Sprintf("attendees[%d].email must be a valid email", i))
		}
	}
	if ev.geo != nil {
		for _, k := range []string{"lat", "lon"} {
			if v, ok := ev.geo.Get(k); ok {
				if _, isNum := v.(float64); !isNum {
					errs = append(errs, fmt.Sprintf("geo.%s must be a `number` type, but the final value was: `%s`.", k, jsQuote(v)))
				}
			}
		}
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return icsInvalid(errs[0])
	}
	return icsInvalid(fmt.Sprintf("%d errors occurred", len(errs)))
}

// icsInvalid is ics's validation error (yup's ValidationError message).
type icsInvalid string

func (e icsInvalid) Error() string { return string(e) }

func jsQuote(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return jsvalue.ToString(v)
}

// format is ics's formatEvent for the attributes n8n passes.
func (ev *icalEvent) format() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)); b.WriteString("\r\n") }
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n")
	line("PRODID:adamgibbons/ics")
	line("METHOD:PUBLISH")
	if ev.calName != "" {
		line("X-WR-CALNAME:" + ev.calName)
	}
	b.WriteString("X-PUBLISHED-TTL:PT1H\r\nBEGIN:VEVENT\r\n")
	b.WriteString("UID:" + ev.uid + "\r\n")
	if ev.title != "" {
		line("SUMMARY:" + icsText(ev.title))
	} else {
		// ics drops the empty title and writes the missing value.
		line("SUMMARY:undefined")
	}
	b.WriteString("DTSTAMP:" + ev.stamp + "\r\n")
	dateType := ""
	if len(ev.start) == 3 {
		dateType = ";VALUE=DATE"
	}
	b.WriteString("DTSTART" + dateType + ":" + icsDate(ev.start) + "\r\n")
	same := len(ev.end) == len(ev.start)
	for i := 0; same && i < len(ev.end); i++ {
		same = ev.end[i] == ev.start[i]
	}
	if len(ev.end) != 3 || !same {
		et := ""
		if len(ev.end) == 3 {
			et = ";VALUE=DATE"
		}
		b.WriteString("DTEND" + et + ":" + icsDate(ev.end) + "\r\n")
	}
	if ev.sequence != 0 {
		b.WriteString("SEQUENCE:" + jsvalue.ToString(ev.sequence) + "\r\n")
	}
	if ev.description != "" {
		line("DESCRIPTION:" + icsText(ev.description))
	}
	if ev.url != "" {
		line("URL:" + ev.url)
	}
	if ev.geo != nil {
		line("GEO:" + jsvalue.ToString(ev.geo.Value("lat")) + ";" + jsvalue.ToString(ev.geo.Value("lon")))
	}
	if ev.location != "" {
		line("LOCATION:" + icsText(ev.location))
	}
	if ev.status != "" {
		line("STATUS:" + ev.status)
	}
	if ev.hasOrganizer {
		s := "ORGANIZER;CN="
		if n, _ := ev.organizer.Value("name").(string); n != "" {
			s += n
		} else {
			s += "Organizer"
		}
		if e, _ := ev.organizer.Value("email").(string); e != "" {
			s += ":mailto:" + e
		}
		line(s)
	}
	if ev.busyStatus != "" {
		line("X-MICROSOFT-CDO-BUSYSTATUS:" + ev.busyStatus)
	}
	for _, a := range ev.attendees {
		s := "ATTENDEE;RSVP=FALSE;"
		if jsvalue.Truthy(a.Value("rsvp")) {
			s = "ATTENDEE;RSVP=TRUE;"
		}
		s += "CN="
		if n, _ := a.Value("name").(string); n != "" {
			s += n
		} else {
			s += "Unnamed attendee"
		}
		if e, _ := a.Value("email").(string); e != "" {
			s += ":mailto:" + e
		}
		line(s)
	}
	if ev.recurrenceRule != "" {
		b.WriteString("RRULE:" + ev.recurrenceRule + "\r\n")
	}
	b.WriteString("END:VEVENT\r\nEND:VCALENDAR\r\n")
	return b.String()
}

// icsDate is ics's formatDate for a UTC input array: YYYYMMDD for a date,
// else the UTC date-time (normalised as Date.UTC would).
func icsDate(a []int) string {
	if len(a) == 3 {
		return fmt.Sprintf("%d%02d%02d", a[0], a[1], a[2])
	}
	t := time.Date(a[0], time.Month(a[1]), a[2], a[3], a[4], a[5], 0, time.UTC)
	return t.Format("20060102T150405Z")
}

// icsText escapes text as ics's formatText.
func icsText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "\r\n", `\n`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	s = strings.ReplaceAll(s, ";", `\;`)
	return strings.ReplaceAll(s, ",", `\,`)
}

// foldICS is ics's foldLine: 75 UTF-16 units, then 74 per continuation
// line after CRLF and a tab.
func foldICS(s string) string {
	u := []rune(s)
	units := func(r []rune) int {
		n := 0
		for _, c := range r {
			n++
			if c > 0xFFFF {
				n++
			}
		}
		return n
	}
	if units(u) <= 75 {
		return s
	}
	var parts []string
	limit := 75
	for units(u) > limit {
		n, cut := 0, 0
		for cut < len(u) {
			w := 1
			if u[cut] > 0xFFFF {
				w = 2
			}
			if n+w > limit {
				break
			}
			n += w
			cut++
		}
		parts = append(parts, string(u[:cut]))
		u = u[cut:]
		limit = 74
	}
	parts = append(parts, string(u))
	return strings.Join(parts, "\r\n\t")
}

// nanoID is a 21-character id from nanoid's alphabet, as ics generates.
func nanoID() string {
	const alphabet = "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict"
	b := make([]byte, 21)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[b[i]&63]
	}
	return string(b)
}
