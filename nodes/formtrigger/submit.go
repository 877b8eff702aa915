package formtrigger

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// Submission limits: a form post is parsed in memory.
const (
	maxParts = 1000
)

// ErrNotMultipart is n8n's assertion that a form is posted as
// multipart/form-data (the page always does).
var ErrNotMultipart = errors.New("Expected multipart/form-data")

type upload struct {
	name, mimeType string
	data           []byte
}

// Submission is a parsed form post: field values (one value, or a list
// when a name repeats, as n8n's formidable parser normalises them) and
// files by field name.
type Submission struct {
	Values *data.Object
	Files  map[string][]upload
	order  []string // file keys in first-seen order
}

// ParseSubmission reads a multipart/form-data body.
func ParseSubmission(contentType string, body []byte) (*Submission, error) {
	mt, p, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" {
		return nil, ErrNotMultipart
	}
	if p["boundary"] == "" {
		return nil, errors.New("multipart body without boundary")
	}
	s := &Submission{Values: data.NewObject(0), Files: map[string][]upload{}}
	mr := multipart.NewReader(bytes.NewReader(body), p["boundary"])
	for n := 0; ; n++ {
		if n >= maxParts {
			return nil, fmt.Errorf("form post has more than %d parts", maxParts)
		}
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("form post: %w", err)
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("form post: %w", err)
		}
		name := part.FormName()
		// formidable takes a part for a file when its disposition has a
		// filename, even an empty one.
		if _, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition")); params == nil || !hasKey(params, "filename") {
			addValue(s.Values, name, string(b))
			continue
		}
		ct := part.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		if _, seen := s.Files[name]; !seen {
			s.order = append(s.order, name)
		}
		s.Files[name] = append(s.Files[name], upload{part.FileName(), ct, b})
	}
	return s, nil
}

func addValue(m *data.Object, k, v string) {
	switch cur := m.Value(k).(type) {
	case nil:
		m.Set(k, v)
	case []any:
		m.Set(k, append(cur, v))
	default:
		m.Set(k, []any{cur, v})
	}
}

var nonWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\W`)
})

// Item is n8n's prepareFormReturnItem: one property per form element in
// the order of the elements, files as binary properties, then submittedAt
// (now in loc, or UTC when the node does not use the workflow's zone),
// formMode ("production" or "test") and, for the trigger, the query
// parameters of the form's URL.
func (c *Config) Item(sub *Submission, rawQuery string, mode string, now time.Time, loc *time.Location) (data.Item, error) {
	it := data.Item{JSON: data.NewObject(len(c.Fields) + 3)}
	body := sub.Values.Clone()
	if len(sub.order) > 0 {
		it.Binary = data.NewObject(0)
	}
	for _, key := range sub.order {
		files := sub.Files[key]
		multi := len(files) > 1
		meta := make([]any, len(files))
		for i, f := range files {
			meta[i] = data.ObjectOf("filename", f.name, "mimetype", f.mimeType, "size", float64(len(f.data)))
		}
		if multi {
			body.Set(key, meta)
		} else {
			body.Set(key, meta[0])
		}
		label := key
		if idx, err := strconv.Atoi(strings.TrimPrefix(key, "field-")); err == nil && strings.HasPrefix(key, "field-") {
			if idx < 0 || idx >= len(c.Fields) {
				return it, fmt.Errorf("form post has a file for element %d, the form has %d", idx, len(c.Fields))
			}
			label = c.Fields[idx].Label
		}
		for i, f := range files {
			prop := nonWord().ReplaceAllString(label, "_")
			if multi {
				prop += "_" + strconv.Itoa(i)
			}
			it.Binary.Set(prop, webhook.BinaryData(f.data, f.name, f.mimeType))
		}
	}
	for i := range c.Fields {
		f := &c.Fields[i]
		name := f.key()
		v := body.Value(fmt.Sprintf("field-%d", i))
		if v == nil {
			it.JSON.Set(name, nil)
			continue
		}
		if f.Type == "html" {
			if f.ElementName != "" {
				it.JSON.Set(f.ElementName, v)
			}
			continue
		}
		switch f.Type {
		case "number":
			v = jsNumber(v)
		case "text":
			if !f.Untrimmed {
				v = strings.TrimSpace(jsString(v))
			}
		}
		if s, ok := v.(string); ok && f.isMulti() {
			parsed, err := data.ParseJSONString(s)
			if err != nil {
				return it, fmt.Errorf("the value of form element %q is not JSON: %w", f.Label, err)
			}
			v = parsed
			if list, ok := v.([]any); ok && f.Type == "radio" {
				if len(list) > 0 {
					v = list[0]
				} else {
					v = data.Undefined
				}
			}
		}
		if _, isList := v.([]any); f.Type == "file" && f.MultipleFiles && !isList {
			v = []any{v}
		}
		it.JSON.Set(name, v)
	}
	if !c.UseWorkflowTimezone || loc == nil {
		loc = time.UTC
	}
	it.JSON.Set("submittedAt", isoTime(now.In(loc), loc))
	it.JSON.Set("formMode", mode)
	// Express's qs parser, as n8n reads req.query: keys in the order sent,
	// repeated keys as lists.
	if q := webhook.ParseQuery(rawQuery); q.Len() > 0 {
		it.JSON.Set("formQueryParameters", q)
	}
	return it, nil
}

// isoTime is Luxon's DateTime.toISO(): milliseconds and the zone offset,
// "Z" for Luxon's fixed UTC zone (the names "UTC" and "GMT"; an IANA zone
// at offset 0, such as Europe/London in winter, prints +00:00).
func isoTime(t time.Time, loc *time.Location) string {
	if n := strings.ToLower(loc.String()); n == "utc" || n == "gmt" {
		return t.Format("2006-01-02T15:04:05.000") + "Z"
	}
	return t.Format("2006-01-02T15:04:05.000-07:00")
}

func jsString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = jsString(e)
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	}
	b, _ := data.MarshalValue(v)
	return string(b)
}

// jsNumber is JavaScript's Number(value) for a posted value.
func jsNumber(v any) float64 {
	s := strings.TrimSpace(jsString(v))
	if list, ok := v.([]any); ok && len(list) > 1 {
		return math.NaN()
	}
	if s == "" {
		return 0
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O' || s[1] == 'b' || s[1] == 'B') {
		if n, err := strconv.ParseInt(s[2:], map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]], 64); err == nil {
			return float64(n)
		}
		return math.NaN()
	}
	if strings.ContainsAny(s, "_xXpP") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") ||
		strings.HasSuffix(strings.ToLower(s), "infinity") {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}
