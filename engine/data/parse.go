package data

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// MaxJSONDepth is how deeply arrays and objects may nest in parsed JSON, the
// same bound encoding/json applies, so a value that parses here can also be
// written and stored.
const MaxJSONDepth = 10000

// ErrJSONDepth is returned for JSON nested deeper than MaxJSONDepth.
var ErrJSONDepth = errors.New("JSON nested too deeply (more than 10000 levels)")

// ParseJSONString is ParseJSON of a string's bytes without copying them
// first (a Set node's JSON output or JSON.parse argument can be tens of
// MB): the parser only reads them and copies every string it returns out
// of them, so nothing it gives back shares the string's memory.
func ParseJSONString(s string) (any, error) {
	return ParseJSON(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// ParseJSON decodes JSON as JSON.parse does: objects become *Object with
// their keys in JavaScript order (a repeated key keeps its first position
// and its last value), numbers float64, arrays []any.
func ParseJSON(b []byte) (any, error) {
	st := stackPool.Get().(*stacks)
	p := parser{b: b, members: st.members[:0], elems: st.elems[:0], short: st.short}
	defer func() {
		if cap(p.members) <= maxPooledStack && cap(p.elems) <= maxPooledStack {
			st.members, st.elems, st.short = p.members[:0], p.elems[:0], p.short
			stackPool.Put(st)
		}
	}()
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

// parser reads one JSON text. Members and elements collect on shared
// stacks and are copied into exactly sized storage when their object or
// array closes: growing each one by appending would leave up to half its
// capacity unused for the value's whole life (50,000 parsed items carried
// ~100 bytes of slack each). Object keys repeat across the objects of a
// document, so short ones are interned.
type parser struct {
	b       []byte
	i       int
	members []entry
	elems   []any
	keys    map[string]string
	objects int // objects seen, to intern keys only in documents with many
	short   *shortStrings
	shapes  shapeCache
}

// shapeCache remembers the shapes of the objects a document built last:
// API answers and generated items are lists of objects with the same keys
// in the same order, and an object whose keys are exactly a known shared
// shape's gets it at once instead of one key lookup and one transition of
// the shape tree per key (V8's JSON parser follows expected transitions
// the same way). Keys are interned (parser.key), so comparing them mostly
// compares pointers.
type shapeCache [shapeSlots]*shape

const shapeSlots = 32

// slot picks the entry for an object of these members, from their number
// and the first and last keys' lengths and first bytes.
func (c *shapeCache) slot(ms []entry) **shape {
	first, last := ms[0].key, ms[len(ms)-1].key
	h := uint(len(ms))*0x9e37 ^ uint(len(first))*0x3b ^ uint(len(last))*0x65
	if first != "" {
		h ^= uint(first[0]) * 0x11
	}
	if last != "" {
		h ^= uint(last[0]) << 7
	}
	return &c[(h^h>>8)%shapeSlots]
}

// build makes the object of members ms, in JavaScript's order.
func (c *shapeCache) build(ms []entry) *Object {
	if len(ms) == 0 {
		return &Object{}
	}
	e := c.slot(ms)
	if sh := *e; sh != nil && sameKeys(sh.keys, ms) {
		vals := make([]any, len(ms))
		for i, m := range ms {
			vals[i] = shareNumber(m.val)
		}
		return &Object{sh: sh, vals: vals}
	}
	// Set keeps JavaScript's order: integer-like keys first, a repeated
	// key in its first place with its last value.
	o := NewObject(len(ms))
	for _, m := range ms {
		o.Set(m.key, m.val)
	}
	// Only a shared shape whose keys are the members in their order is
	// remembered: setting those keys in that order always gives it.
	if o.sh != nil && o.sh.shared && sameKeys(o.sh.keys, ms) {
		*e = o.sh
	}
	return o
}

func sameKeys(keys []string, ms []entry) bool {
	if len(keys) != len(ms) {
		return false
	}
	for i, k := range keys {
		if k != ms[i].key {
			return false
		}
	}
	return true
}

// stacks are a parser's member and element stacks, reused across parses
// (as encoding/json reuses its encode states) so that small documents, most
// parameters and API answers, allocate none.
type stacks struct {
	members []entry
	elems   []any
	short   *shortStrings
}

var stackPool = sync.Pool{New: func() any { return new(stacks) }}

// maxPooledStack is the largest stack kept for reuse; a huge document's
// stacks go to the garbage collector instead of staying in the pool.
const maxPooledStack = 4096

// maxInternedKey and maxInternedKeys bound the key cache: long keys are
// rarely repeated, and a document of unique keys must not grow it forever.
const (
	internAfter     = 16 // objects: a small document gains nothing from a cache
	maxInternedKey  = 48
	maxInternedKeys = 4096
)

// key returns the string of a plain key, shared with earlier equal keys.
func (p *parser) key(b []byte) string {
	if len(b) > maxInternedKey || p.objects < internAfter {
		return string(b)
	}
	if s, ok := p.keys[string(b)]; ok { // no allocation for the lookup
		return s
	}
	s := string(b)
	if p.keys == nil {
		p.keys = make(map[string]string, 16)
	}
	if len(p.keys) < maxInternedKeys {
		p.keys[s] = s
	}
	return s
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
		return p.strValue()
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
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return &Object{}, nil
	}
	p.objects++
	mark := len(p.members)
	defer func() { p.members = p.members[:mark] }()
	for {
		p.skipSpace()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errorf("expected a string key")
		}
		k, err := p.strWith(p.key)
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
		p.members = append(p.members, entry{k, v})
		p.skipSpace()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end of input in an object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			ms := p.members[mark:]
			o := p.shapes.build(ms)
			clear(ms) // the stack must not keep values alive
			return o, nil
		default:
			return nil, p.errorf("expected ',' or '}' in an object")
		}
	}
}

func (p *parser) array(depth int) (any, error) {
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return []any{}, nil
	}
	mark := len(p.elems)
	defer func() { p.elems = p.elems[:mark] }()
	for {
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, v)
		p.skipSpace()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end of input in an array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			es := p.elems[mark:]
			a := make([]any, len(es))
			copy(a, es)
			clear(es)
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
	return p.strWith(func(b []byte) string { return string(b) })
}

// shortStrings shares the boxes of short string values a document
// repeats: a string stored as `any` costs a 16-byte box of its own, and
// item data repeats a few short values thousands of times ("page",
// "default", "active", tags, enum fields), as V8 shares one internalized
// string. It is a direct-mapped table of recent values, so a value that
// does not repeat costs a hash of a few bytes and a compare, not a map
// lookup. It belongs to the pooled stacks and so lives on between parses;
// it holds at most shortSlots strings of maxShortString bytes.
type shortStrings [shortSlots]any

const (
	shortSlots     = 256
	maxShortString = 16
)

// slot picks b's entry from its length and three of its bytes: short
// values differ in those, and a collision only costs a new box.
func (t *shortStrings) slot(b []byte) *any {
	n := len(b)
	h := uint(n)*0x9e37 ^ uint(b[0])*0x3b ^ uint(b[n-1])*0x65 ^ uint(b[n/2])*0x11
	return &t[(h^h>>8)%shortSlots]
}

// strValue reads a string token as a JSON value, sharing the box of a
// short plain string with its earlier occurrences (shortStrings).
func (p *parser) strValue() (any, error) {
	if p.objects < internAfter {
		return p.str()
	}
	var v any
	s, err := p.strWith(func(b []byte) string {
		if len(b) == 0 || len(b) > maxShortString {
			return string(b)
		}
		if p.short == nil {
			p.short = new(shortStrings)
		}
		e := p.short.slot(b)
		if old, ok := (*e).(string); ok && old == string(b) {
			v = *e
			return old
		}
		s := string(b)
		v = s
		*e = v
		return s
	})
	if err != nil || v != nil {
		return v, err
	}
	return s, nil
}

// strWith is str with the conversion of a plain string's bytes given.
func (p *parser) strWith(plainString func([]byte) string) (string, error) {
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
				return plainString(s), nil
			}
			out, ok := unquote(p.b[start+1 : p.i-1])
			if !ok {
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
	return Number(f), nil
}

// unquote decodes the inside of a JSON string with escapes. \u escapes are
// taken as UTF-16 code units, so a lone surrogate survives (as WTF-8) the
// way JSON.parse keeps it; invalid UTF-8 bytes become U+FFFD.
func unquote(s []byte) (string, bool) {
	var units []uint16 // pending \u escapes, decoded together for pairs
	out := make([]byte, 0, len(s))
	flush := func() {
		if len(units) > 0 {
			out = append(out, DecodeUTF16(units)...)
			units = units[:0]
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			flush()
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, "\ufffd"...)
			} else {
				out = append(out, s[i:i+size]...)
			}
			i += size
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		e := s[i+1]
		if e == 'u' {
			if i+6 > len(s) {
				return "", false
			}
			n, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16)
			if err != nil {
				return "", false
			}
			units = append(units, uint16(n))
			i += 6
			continue
		}
		flush()
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			return "", false
		}
		i += 2
	}
	flush()
	return string(out), true
}
