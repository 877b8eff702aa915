package expression

import (
	"encoding/json"
	"strings"
)

// jmespathLiterals rewrites the backtick literals that jmespath.js (n8n's
// JMESPath) accepts but go-jmespath does not: a literal whose text does not
// look like JSON is taken as a string (`External` means "External"), the
// deprecated form JMESPath examples and n8n users still write. Literals
// inside raw strings ('…') and quoted identifiers ("…") are left alone.
func jmespathLiterals(q string) string {
	if !strings.Contains(q, "`") {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch c {
		case '\'', '"':
			j := closing(q, i+1, c)
			b.WriteString(q[i:j])
			i = j - 1
		case '`':
			j := closing(q, i+1, '`')
			if j > len(q) || q[j-1] != '`' {
				b.WriteString(q[i:])
				return b.String()
			}
			lit := strings.ReplaceAll(q[i+1:j-1], "\\`", "`")
			if looksLikeJSON(strings.TrimLeft(lit, " \t\n\r")) {
				b.WriteString(q[i:j])
			} else {
				s, _ := json.Marshal(strings.TrimLeft(lit, " \t\n\r"))
				b.WriteByte('`')
				b.WriteString(strings.ReplaceAll(string(s), "`", "\\`"))
				b.WriteByte('`')
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// closing returns the index just past the delimiter d that closes a
// literal opened before from (a backslash escapes the next byte), or
// len(s) when it is not closed.
func closing(s string, from int, d byte) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case d:
			return i + 1
		}
	}
	return len(s)
}

// looksLikeJSON is jmespath.js's test of a literal's text.
func looksLikeJSON(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '[', '{', '"':
		return true
	}
	switch s {
	case "true", "false", "null":
		return true
	}
	if strings.ContainsRune("-0123456789", rune(s[0])) {
		var f float64
		return json.Unmarshal([]byte(s), &f) == nil
	}
	return false
}
