package data

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MaxJSONDepth is how deeply arrays and objects may nest in parsed JSON, the
// same bound encoding/json applies, so a value that parses here can also be
// written and stored.
const MaxJSONDepth = 10000

// ErrJSONDepth is returned for JSON nested deeper than MaxJSONDepth.
var ErrJSONDepth = errors.New("JSON nested too deeply (more than 10000 levels)")

// ParseJSON decodes JSON as JSON.parse does: objects become *Object with
// their keys in JavaScript order (a repeated key keeps its first position
// and its last value), numbers float64, arrays []any.
func ParseJSON(b []byte) (any, error) {
	p := parser{b: b}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.b) {
		return nil, p.errorf("unexpected %q after the JSON value", p.b[p.i])
	}
	return v, nil
}

// ParseJSONObject is ParseJSON for input that must be an object.
func ParseJSONObject(b []byte) (*Object, error) {
	v, err := ParseJSON(b)
	if err != nil {
		return nil, err
	}
	o, ok := v.(*Object)
	if !ok {
		if v == nil {
			return nil, nil
		}
		return nil, fmt.Errorf("JSON value is %s, not an object", kindOf(v))
	}
	return o, nil
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// UnmarshalJSON lets an *Object field of a struct decode with encoding/json
// and keep its order.
func (o *Object) UnmarshalJSON(b []byte) error {
	v, err := ParseJSON(b)
	if err != nil {
		return err
	}
	switch x := v.(type) {
	case *Object:
		*o = *x
	case nil:
		*o = Object{}
	default:
		return fmt.Errorf("cannot decode %s into an object", kindOf(v))
	}
	return nil
}

// MarshalJSON writes the object as JSON.stringify does.
func (o *Object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	return MarshalValue(o)
}

type parser struct {
	b []byte
	i int
}

// SyntaxError is a JSON syntax error with its byte offset.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at offset %d: %s", e.Offset, e.Msg)
}

func (p *parser) errorf(format string, a ...any) error {
	return &SyntaxError{Offset: p.i, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) skipSpace() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	if p.i >= len(p.b) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		if depth >= MaxJSONDepth {
			return nil, ErrJSONDepth
		}
		return p.object(depth + 1)
	case c == '[':
		if depth >= MaxJSONDepth {
			return nil, ErrJSONDepth
		}
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	default:
		return nil, p.errorf("unexpected %q", c)
	}
}

func (p *parser) literal(word string, v any) (any, error) {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return nil, p.errorf("invalid literal")
	}
	p.i += len(word)
	return v, nil
}

func (p *parser) object(depth int) (any, error) {
	p.i++ // {
	o := &Object{}
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return o, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errorf("expected a string key")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.errorf("expected ':' after an object key")
		}
		p.i++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		o.Set(k, v)
		p.skipSpace()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end of input in an object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return o, nil
		default:
			return nil, p.errorf("expected ',' or '}' in an object")
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	p.i++ // [
	a := []any{}
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return a, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		p.skipSpace()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end of input in an array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a, nil
		default:
			return nil, p.errorf("expected ',' or ']' in an array")
		}
	}
}

// str reads a string token. Plain strings (no escapes, valid UTF-8) are
// sliced directly; others go through encoding/json's unquoting, which
// handles every escape and surrogate pair as JSON.parse does.
func (p *parser) str() (string, error) {
	start := p.i
	p.i++ // opening quote
	plain, ascii := true, true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			s := p.b[start+1 : p.i-1]
			if plain && (ascii || utf8.Valid(s)) {
				return string(s), nil
			}
			var out string
			if err := json.Unmarshal(p.b[start:p.i], &out); err != nil {
				return "", &SyntaxError{Offset: start, Msg: "invalid string"}
			}
			return out, nil
		case c == '\\':
			plain = false
			p.i += 2
			continue
		case c < 0x20:
			return "", p.errorf("control character in a string")
		case c >= 0x80:
			ascii = false
		}
		p.i++
	}
	return "", &SyntaxError{Offset: start, Msg: "unterminated string"}
}

func (p *parser) number() (any, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	if n := digits(); n == 0 || (n > 1 && p.b[intStart] == '0') {
		return nil, p.errorf("invalid number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.errorf("invalid number")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.errorf("invalid number")
		}
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil {
		// Out of range: JSON.parse gives ±Infinity; ParseFloat returns it
		// with ErrRange, which is the value we want.
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, nil
		}
		return nil, p.errorf("invalid number")
	}
	return f, nil
}
