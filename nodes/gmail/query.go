package gmail

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// prepareQuery is n8n's: the filters copied, sender, read status and the
// received dates folded into q (q keeps its place or is appended).
func (r *run) prepareQuery(f *data.Object, i int) (*data.Object, error) {
	qs := f.Clone()
	appendQ := func(s string) {
		if q := qs.Value("q"); truthy(q) {
			qs.Set("q", jsString(q)+" "+s)
		} else {
			qs.Set("q", s)
		}
	}
	if s := qs.Value("sender"); truthy(s) {
		appendQ("from:" + jsString(s))
		qs.Delete("sender")
	}
	if rs := qs.Value("readStatus"); truthy(rs) && rs != "both" {
		appendQ("is:" + jsString(rs))
		qs.Delete("readStatus")
	}
	for _, k := range []struct{ key, label string }{{"receivedAfter", "after"}, {"receivedBefore", "before"}} {
		v := qs.Value(k.key)
		if !truthy(v) {
			continue
		}
		ts, err := r.timestamp(v, k.label, i)
		if err != nil {
			return nil, err
		}
		appendQ(k.label + ":" + ts)
		qs.Delete(k.key)
	}
	return qs, nil
}

// timestamp is prepareTimestamp: an ISO date (in the workflow's zone when
// it has no offset) as Unix seconds, or a number of seconds, or of
// milliseconds.
func (r *run) timestamp(v any, label string, i int) (string, error) {
	s := jsString(v)
	if t, ok := parseISO(s, r.ex.Location()); ok {
		return strconv.FormatInt(int64(math.Round(float64(t.UnixMilli())/1000)), 10), nil
	}
	if f, ok := v.(float64); ok && len(jsString(f)) < 12 && f != 0 {
		return jsString(f), nil
	}
	if len(s) < 12 {
		if n, err := strconv.ParseInt(leadingInt(s), 10, 64); err == nil && n != 0 {
			return strconv.FormatInt(n, 10), nil
		}
	}
	if n, err := strconv.ParseInt(leadingInt(s), 10, 64); err == nil && n/1000 != 0 {
		return strconv.FormatInt(int64(math.Floor(float64(n)/1000)), 10), nil
	}
	e := engine.OperationError(i, "Invalid date/time in 'Received %s' field", strings.ToUpper(label[:1])+label[1:])
	e.Description = "'" + s + "' isn't a valid date and time. If you're using an expression, be sure to set an ISO date string or a timestamp."
	return "", e
}

// leadingInt is the part parseInt reads.
func leadingInt(s string) string {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || (end == 0 && (s[end] == '-' || s[end] == '+'))) {
		end++
	}
	return s[:end]
}

// parseISO reads the ISO 8601 forms luxon's fromISO accepts most often.
func parseISO(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z07:00", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
