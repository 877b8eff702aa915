package data

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
)

// MarshalValue encodes a JSON value the way JSON.stringify would: object keys
// whose value is Undefined are dropped, NaN and ±Infinity become null, numbers
// are printed as JavaScript prints them, and HTML characters are not escaped.
// Object keys are sorted (Go maps have no order; see README "Differences").
func MarshalValue(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := appendValue(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func appendValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil, UndefinedType:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		appendString(b, x)
	case float64:
		b.WriteString(FormatNumber(x, true))
	case float32:
		b.WriteString(FormatNumber(float64(x), true))
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case json.Number:
		b.WriteString(string(x))
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k, e := range x {
			if _, u := e.(UndefinedType); !u {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			appendString(b, k)
			b.WriteByte(':')
			if err := appendValue(b, x[k]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendValue(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case []Item:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			enc, err := e.MarshalJSON()
			if err != nil {
				return err
			}
			b.Write(enc)
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func appendString(b *bytes.Buffer, s string) {
	enc, _ := marshalNoEscape(s)
	b.Write(enc)
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
