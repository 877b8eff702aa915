package notion

import (
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf8"
)

// encodeJSON is json.Marshal(v), byte for byte, for the values the fake
// keeps (map[string]any with sorted keys, []any, strings, float64, bool,
// nil, cached page JSON), without reflection: answers are most of what
// the fake does, and encoding/json's map encoder allocates and sorts
// through reflect per map. Any other type is encoded by encoding/json
// itself (its output for a value does not depend on where the value
// sits), and a value encoding/json rejects (NaN, ±Inf) makes encodeJSON
// return json.Marshal's error.
func encodeJSON(v any) ([]byte, error) {
	b, ok := appendValue(make([]byte, 0, 1024), v)
	if !ok {
		return json.Marshal(v)
	}
	return b, nil
}

// encode is encodeJSON through the server's scratch buffer (s.mu held):
// the answer is copied out once at its final size instead of growing a
// fresh buffer by doubling (a query answer of 100 pages is ~300 KB, and
// the growth steps, each cleared and copied, were a tenth of the fake's
// CPU in the template benchmark).
func (s *Server) encode(v any) ([]byte, error) {
	b, ok := appendValue(s.scratch[:0], v)
	if cap(b) <= maxScratch {
		s.scratch = b[:0]
	}
	if !ok {
		return json.Marshal(v)
	}
	return append([]byte(nil), b...), nil
}

// encodeTo is encodeJSON(v) appended to dst.
func (s *Server) encodeTo(dst []byte, v any) ([]byte, error) {
	b, ok := appendValue(dst, v)
	if !ok {
		return json.Marshal(v)
	}
	return b, nil
}

// maxScratch bounds the scratch buffer kept between answers.
const maxScratch = 4 << 20

// pageBytes is a rendered page's JSON, as json.Marshal wrote it.
type pageBytes []byte

// MarshalJSON lets encoding/json write it too (as it is: it is compact).
func (p pageBytes) MarshalJSON() ([]byte, error) { return p, nil }

// appendValue appends v's JSON; false when v cannot be encoded here.
// appendFunc is a value that writes its own JSON (a page's properties,
// written straight from the stored page).
type appendFunc func(b []byte) ([]byte, bool)

func appendValue(b []byte, v any) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), true
	case bool:
		return strconv.AppendBool(b, x), true
	case string:
		return appendString(b, x), true
	case float64:
		return appendFloat(b, x)
	case pageBytes:
		return append(b, x...), true
	case appendFunc:
		return x(b)
	case map[string]any:
		if x == nil {
			return append(b, "null"...), true
		}
		// Most maps here have a handful of keys: their entries are
		// sorted in a stack array, not a new slice per map, and taken
		// with their values (looking each value up again by its key was
		// a tenth of encoding a page).
		var small [24]field
		fs := small[:0]
		if len(x) > len(small) {
			fs = make([]field, 0, len(x))
		}
		for k, v := range x {
			fs = append(fs, field{k, v})
		}
		return appendFields(b, fs)
	case []any:
		return appendList(b, x)
	case []map[string]any:
		return appendList(b, x)
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return b, false
	}
	return append(b, enc...), true
}

// appendFloat is encoding/json's float64 format (ES6 number to string).
func appendFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 → e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// appendString is encoding/json's string encoding with HTML escaping:
// <, >, & and control characters as \u00XX (\b \f \n \r \t short),
// invalid UTF-8 as \ufffd, U+2028/U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendList writes a list of values (nil as null, as encoding/json).
func appendList[T any](b []byte, xs []T) ([]byte, bool) {
	if xs == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i, e := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = appendValue(b, e); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}
