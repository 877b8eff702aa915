package jsvalue

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine/data"
)

var errSyntax = errors.New("invalid JavaScript literal")

// ParseJSON is JSON.parse into the engine's value types.
func ParseJSON(s string) (any, error) { return data.ParseJSONString(s) }

// ParseLoose parses JSON, and when that fails a JavaScript object/array
// literal as n8n's jsonParse(acceptJSObject) does: unquoted and single-quoted
// keys, single-quoted strings, trailing commas, comments; a bare identifier
// value becomes its name as a string. It is also used where n8n repairs JSON
// (Set raw mode), which accepts at least these forms.
func ParseLoose(s string) (any, error) {
	if v, err := ParseJSON(s); err == nil {
		return v, nil
	}
	p := &litParser{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, errSyntax
	}
	return v, nil
}

type litParser struct {
	s string
	i int
}

func (p *litParser) space() {
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			p.i++
		case strings.HasPrefix(p.s[p.i:], "//"):
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			end := strings.Index(p.s[p.i+2:], "*/")
			if end < 0 {
				p.i = len(p.s)
				return
			}
			p.i += end + 4
		default:
			r, n := utf8.DecodeRuneInString(p.s[p.i:])
			if !IsSpace(r) {
				return
			}
			p.i += n
		}
	}
}

func (p *litParser) value() (any, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, errSyntax
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"' || c == '\'':
		return p.str()
	case c == '-' || c == '+':
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if f, ok := v.(float64); ok && c == '-' {
			return -f, nil
		}
		return v, nil
	case c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	case isIdentStart(rune(c)) || c >= 0x80:
		id := p.ident()
		if id == "" {
			return nil, errSyntax
		}
		switch id {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
		return id, nil
	}
	return nil, errSyntax
}

func isIdentStart(r rune) bool {
	return r == '$' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

func (p *litParser) ident() string {
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if isIdentStart(r) || (r >= '0' && r <= '9') || (r >= 0x80 && !IsSpace(r)) {
			p.i += n
			continue
		}
		break
	}
	return p.s[start:p.i]
}

func (p *litParser) number() (any, error) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'b' || c == 'B' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_' {
			p.i++
			continue
		}
		if (c == '+' || c == '-') && p.i > start && (p.s[p.i-1] == 'e' || p.s[p.i-1] == 'E') {
			p.i++
			continue
		}
		break
	}
	lit := strings.ReplaceAll(p.s[start:p.i], "_", "")
	f := StringToNumber(lit)
	if f != f {
		return nil, errSyntax
	}
	return f, nil
}

func (p *litParser) str() (any, error) {
	q := p.s[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\n':
			return nil, errSyntax
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return nil, errSyntax
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'v':
				b.WriteByte('\v')
			case '0':
				b.WriteByte(0)
			case '\n':
			case 'u':
				if p.i+4 > len(p.s) {
					return nil, errSyntax
				}
				n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
				if err != nil {
					return nil, errSyntax
				}
				b.WriteRune(rune(n))
				p.i += 4
			case 'x':
				if p.i+2 > len(p.s) {
					return nil, errSyntax
				}
				n, err := strconv.ParseUint(p.s[p.i:p.i+2], 16, 32)
				if err != nil {
					return nil, errSyntax
				}
				b.WriteRune(rune(n))
				p.i += 2
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return nil, errSyntax
}

func (p *litParser) object() (any, error) {
	p.i++
	m := data.NewObject(0)
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errSyntax
		}
		if p.s[p.i] == '}' {
			p.i++
			return m, nil
		}
		var key string
		switch c := p.s[p.i]; {
		case c == '"' || c == '\'':
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			key = k.(string)
		case c >= '0' && c <= '9' || c == '.':
			n, err := p.number()
			if err != nil {
				return nil, err
			}
			key = ToString(n)
		default:
			key = p.ident()
			if key == "" {
				return nil, errSyntax
			}
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, errSyntax
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m.Set(key, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '}' {
			continue
		}
		return nil, errSyntax
	}
}

func (p *litParser) array() (any, error) {
	p.i++
	a := []any{}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errSyntax
		}
		switch p.s[p.i] {
		case ']':
			p.i++
			return a, nil
		case ',':
			// A hole: undefined, which JSON writes as null.
			p.i++
			a = append(a, nil)
			continue
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == ']' {
			continue
		}
		return nil, errSyntax
	}
}

// Describe is n8n's getValueDescription (used in Set's type conversion
// errors): 'x' for primitives, 'null', array or object.
func Describe(v any) string {
	switch v.(type) {
	case nil:
		return "'null'"
	case []any:
		return "array"
	case *data.Object:
		return "object"
	}
	return "'" + ToString(v) + "'"
}
