package gmail

import (
	"strconv"
	"strings"
	"unicode"
)

// term is one search term of q: key:value (key "" for a plain word),
// negated with a leading '-'.
type term struct {
	neg        bool
	key, value string
}

// parseQ splits Gmail's q into terms. Quoted values keep their spaces.
func parseQ(q string) []term {
	var out []term
	for _, tok := range tokens(q) {
		t := term{}
		if strings.HasPrefix(tok, "-") && len(tok) > 1 {
			t.neg, tok = true, tok[1:]
		}
		if k, v, ok := strings.Cut(tok, ":"); ok && k != "" && !strings.ContainsAny(k, `"`) {
			t.key, t.value = strings.ToLower(k), strings.Trim(v, `"`)
		} else {
			t.value = strings.Trim(tok, `"`)
		}
		if t.value == "" && t.key == "" {
			continue
		}
		out = append(out, t)
	}
	return out
}

func tokens(q string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range q {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case unicode.IsSpace(r) && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// matches reports whether m satisfies every term. Supported: from:, to:,
// cc:, bcc:, subject:, label:, in:, is:(read|unread|starred|important),
// has:attachment, after:/before: (seconds or yyyy/mm/dd),
// newer_than:/older_than: are not (they match everything), and plain words
// (searched in the headers and the text). Unknown keys match everything.
func (s *Server) matches(m *Message, e *entity, terms []term) bool {
	for _, t := range terms {
		if s.matchTerm(m, e, t) == t.neg {
			return false
		}
	}
	return true
}

func (s *Server) matchTerm(m *Message, e *entity, t term) bool {
	v := strings.ToLower(t.value)
	contains := func(h string) bool { return strings.Contains(strings.ToLower(e.get(h)), v) }
	switch t.key {
	case "":
		if contains("Subject") || contains("From") || contains("To") {
			return true
		}
		if b, ok := e.firstText("text/plain"); ok && strings.Contains(strings.ToLower(string(b)), v) {
			return true
		}
		if b, ok := e.firstText("text/html"); ok && strings.Contains(strings.ToLower(string(b)), v) {
			return true
		}
		return false
	case "from", "to", "cc", "bcc", "subject":
		return contains(t.key)
	case "label", "in":
		if v == "anywhere" {
			return true
		}
		return s.hasLabelNamed(m, v)
	case "is":
		switch v {
		case "unread":
			return hasLabel(m, "UNREAD")
		case "read":
			return !hasLabel(m, "UNREAD")
		case "starred", "important":
			return hasLabel(m, strings.ToUpper(v))
		}
		return true
	case "has":
		if v == "attachment" {
			return hasAttachment(e)
		}
		return true
	case "after", "before":
		sec, ok := qTime(v)
		if !ok {
			return true
		}
		ms, _ := strconv.ParseInt(m.InternalDate, 10, 64)
		if t.key == "after" {
			return ms/1000 > sec
		}
		return ms/1000 < sec
	}
	return true
}

func hasAttachment(e *entity) bool {
	if len(e.parts) == 0 {
		return e.filename() != ""
	}
	for _, p := range e.parts {
		if hasAttachment(p) {
			return true
		}
	}
	return false
}

// qTime reads an after:/before: value: epoch seconds or yyyy/mm/dd (UTC).
func qTime(v string) (int64, bool) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, true
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '-' })
	if len(parts) != 3 {
		return 0, false
	}
	y, e1 := strconv.Atoi(parts[0])
	mo, e2 := strconv.Atoi(parts[1])
	d, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil {
		return 0, false
	}
	return daysFromCivil(y, mo, d) * 86400, true
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func hasLabel(m *Message, id string) bool {
	for _, l := range m.LabelIDs {
		if l == id {
			return true
		}
	}
	return false
}

// hasLabelNamed matches label:/in: values: a label's name (case
// insensitive, '-' standing for ' ' or '/') or a system label's id.
func (s *Server) hasLabelNamed(m *Message, v string) bool {
	for _, id := range m.LabelIDs {
		if strings.EqualFold(id, v) {
			return true
		}
		for _, l := range s.st.Labels {
			if l.ID != id {
				continue
			}
			n := strings.ToLower(l.Name)
			if n == v || strings.NewReplacer(" ", "-", "/", "-").Replace(n) == v {
				return true
			}
		}
	}
	return false
}
