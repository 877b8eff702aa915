package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// ErrCircular is JSON.stringify's error for a value that contains itself.
var ErrCircular = errors.New("Converting circular structure to JSON")

// MarshalValue encodes a JSON value the way JSON.stringify would: object keys
// in the object's (JavaScript) order, keys whose value is Undefined dropped,
// NaN and ±Infinity as null, numbers printed as JavaScript prints them, and
// only the characters JSON requires escaped. A value that contains itself
// gives ErrCircular. Plain Go maps, which have no order, are written with
// sorted keys.
func MarshalValue(v any) ([]byte, error) {
	var b Buf
	if err := AppendValue(&b, v); err != nil {
		return nil, err
	}
	return b, nil
}

// AppendValue is MarshalValue writing into b.
func AppendValue(b *Buf, v any) error {
	e := encoder{b: b}
	return e.value(v)
}

// encoder tracks the containers being written, to report cycles instead of
// recursing until the stack runs out.
type encoder struct {
	b     *Buf
	stack []unsafe.Pointer
	// flush, when set, is called between the elements of arrays and the
	// members of objects once b holds flushAt bytes (ValueWriter).
	flush func()
}

// maybeFlush streams what is written so far when the encoder has a writer.
func (e *encoder) maybeFlush() {
	if e.flush != nil && len(*e.b) >= flushAt {
		e.flush()
	}
}

func (e *encoder) enter(p unsafe.Pointer) error {
	// Only deep values can be cyclic in practice; checking from depth 32
	// keeps the common case free of the scan.
	if len(e.stack) >= 32 {
		for _, q := range e.stack {
			if q == p {
				return ErrCircular
			}
		}
	}
	e.stack = append(e.stack, p)
	if len(e.stack) > MaxJSONDepth {
		return ErrJSONDepth
	}
	return nil
}

func (e *encoder) leave() { e.stack = e.stack[:len(e.stack)-1] }

func (e *encoder) value(v any) error {
	b := e.b
	switch x := v.(type) {
	case nil, UndefinedType:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case string:
		AppendString(b, x)
	case float64:
		AppendNumber(b, x)
	case float32:
		b.WriteString(FormatNumber(float64(x), true))
	case int:
		b.AppendInt(int64(x))
	case int64:
		b.AppendInt(x)
	case json.Number:
		b.WriteString(string(x))
	case *Object:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		if err := e.enter(unsafe.Pointer(x)); err != nil {
			return err
		}
		b.WriteByte('{')
		first := true
		prefixes := x.sh.memberPrefixes()
		for i, val := range x.vals {
			if _, u := val.(UndefinedType); u {
				continue
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			if prefixes != nil {
				b.WriteString(prefixes[i])
			} else {
				AppendString(b, x.sh.keys[i])
				b.WriteByte(':')
			}
			if err := e.value(val); err != nil {
				return err
			}
			e.maybeFlush()
		}
		b.WriteByte('}')
		e.leave()
	case []any:
		if len(x) > 0 {
			if err := e.enter(unsafe.Pointer(&x[0])); err != nil {
				return err
			}
			defer e.leave()
		}
		b.WriteByte('[')
		for i, el := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := e.value(el); err != nil {
				return err
			}
			e.maybeFlush()
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k, el := range x {
			if _, u := el.(UndefinedType); !u {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			AppendString(b, k)
			b.WriteByte(':')
			if err := e.value(x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []Item:
		b.WriteByte('[')
		for i := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := e.item(&x[i]); err != nil {
				return err
			}
			e.maybeFlush()
		}
		b.WriteByte(']')
	default:
		enc, err := marshalNoEscape(x)
		if err != nil {
			return err
		}
		b.Write(enc)
	}
	return nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer // json.Encoder needs an io.Writer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

const hexDigits = "0123456789abcdef"

// plainJSON marks the bytes a JSON string holds as they are: ASCII but
// '"', '\\' and control characters.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// AppendString writes s as a JSON string the way JSON.stringify does: only
// '"', '\\' and control characters are escaped (U+2028/U+2029 and HTML
// characters are not); invalid UTF-8 becomes U+FFFD.
func AppendString(b *Buf, s string) {
	// Most strings need no escape and are plain ASCII: one table lookup
	// per byte, then a single copy.
	i := 0
	for i < len(s) && plainJSON[s[i]] {
		i++
	}
	if i == len(s) {
		b.reserve(len(s) + 2)
		buf := append(*b, '"')
		buf = append(buf, s...)
		*b = append(buf, '"')
		return
	}
	b.WriteByte('"')
	start := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if plainJSON[c] {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			if u, ok := surrogateAt(s, i); ok {
				// A lone UTF-16 surrogate: JSON.stringify escapes it.
				b.WriteString(`\u`)
				for shift := 12; shift >= 0; shift -= 4 {
					b.WriteByte(hexDigits[u>>shift&0xF])
				}
				i += 3
			} else {
				b.WriteString("\ufffd")
				i++
			}
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// FormatNumber prints a float64 as JavaScript's Number.prototype.toString
// does. With jsonNull, NaN and ±Infinity print as null (JSON.stringify).
func FormatNumber(f float64, jsonNull bool) string {
	switch {
	case math.IsNaN(f):
		if jsonNull {
			return "null"
		}
		return "NaN"
	case math.IsInf(f, 1):
		if jsonNull {
			return "null"
		}
		return "Infinity"
	case math.IsInf(f, -1):
		if jsonNull {
			return "null"
		}
		return "-Infinity"
	case f == 0:
		return "0"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	// Exponent form: JS writes 1e+21, 1.5e-7.
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := cut(s, 'e')
	if exp[0] == '+' || exp[0] == '-' {
		sign := exp[0]
		digits := trimLeadingZeros(exp[1:])
		return mant + "e" + string(sign) + digits
	}
	return mant + "e+" + trimLeadingZeros(exp)
}

// AppendNumber writes f as FormatNumber(f, true) would; integers, the
// common case (-0 included: it prints as 0), are formatted in place instead of through a string.
func AppendNumber(b *Buf, f float64) {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		b.AppendInt(int64(f))
		return
	}
	b.WriteString(FormatNumber(f, true))
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func trimLeadingZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}
