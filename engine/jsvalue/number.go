package jsvalue

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// AsNumber reports whether v is a number of any Go representation (every
// int, uint and float width, json.Number) and gives its float64 value.
// JavaScript has one number type; nodes may still put ints into items.
func AsNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	case float32:
		return float64(x), true
	case json.Number:
		// A json.Number that does not parse is not a number JSON.parse
		// could have produced; NaN is what every caller had before.
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return math.NaN(), true
		}
		return f, true
	}
	return 0, false
}

// Normalize turns the other number representations into float64 and
// returns every other value unchanged (a float64 comes back as the same
// interface value, so the hot path does not allocate).
func Normalize(v any) any {
	switch v.(type) {
	case float64, string, bool, nil, *data.Object, []any, data.UndefinedType:
		return v
	}
	if f, ok := AsNumber(v); ok {
		return f
	}
	return v
}

// IsNaN is Number.isNaN: true only for a number that is NaN.
func IsNaN(v any) bool {
	f, ok := AsNumber(v)
	return ok && math.IsNaN(f)
}

// IsSpace reports JavaScript's WhiteSpace and LineTerminator code points,
// which String.prototype.trim and Number() strip. U+180E is not one of them
// any more (it was before Unicode 6.3), so it is absent here as in V8.
func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// Trim is String.prototype.trim.
func Trim(s string) string { return strings.TrimFunc(s, IsSpace) }

// NumberToString is Number.prototype.toString() (radix 10): "-0" prints as
// "0", 1e21 as "1e+21", 1e-7 as "1e-7".
func NumberToString(f float64) string { return data.FormatNumber(f, false) }

// ToNumber is JavaScript's Number(v) for JSON values. An array converts
// through its string form (Number([" 7 "]) is 7, Number([1,2]) NaN); a
// plain object is NaN. A date-like value with UnixMilli converts to its
// epoch milliseconds, which is what Date and Luxon's valueOf return.
func ToNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		return StringToNumber(x)
	case nil:
		return 0
	case data.UndefinedType:
		return math.NaN()
	case bool:
		if x {
			return 1
		}
		return 0
	case []any:
		return StringToNumber(ToString(x))
	case *data.Object:
		return math.NaN()
	case interface{ UnixMilli() int64 }:
		return float64(x.UnixMilli())
	}
	if f, ok := AsNumber(v); ok {
		return f
	}
	return math.NaN()
}

// StringToNumber is JavaScript's StringToNumber: surrounding whitespace is
// ignored, "" is 0, 0x/0o/0b prefixes (unsigned) are read in their base,
// "Infinity" with an optional sign is accepted, and anything else that is
// not a plain decimal literal is NaN ("1_000", "inf", "0x1p3", "1e").
func StringToNumber(s string) float64 {
	s = Trim(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		if base := prefixBase(s[1]); base != 0 {
			return parseUnsigned(s[2:], base)
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if !IsDecimalLiteral(s) {
		return math.NaN()
	}
	// decimalLiteral accepted the syntax, so the only possible error is
	// overflow, where ParseFloat returns ±Inf as JavaScript does.
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func prefixBase(c byte) int {
	switch c {
	case 'x', 'X':
		return 16
	case 'o', 'O':
		return 8
	case 'b', 'B':
		return 2
	}
	return 0
}

// parseUnsigned reads digits in base and rounds the exact value to the
// nearest float64 (ties to even), as JavaScript does for 0x literals of
// any length; strconv.ParseUint stops at 2^64.
func parseUnsigned(digits string, base int) float64 {
	n, err := strconv.ParseUint(digits, base, 64)
	if err == nil {
		return float64(n)
	}
	if !errors.Is(err, strconv.ErrRange) {
		return math.NaN()
	}
	i, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return math.NaN()
	}
	f, _ := new(big.Float).SetInt(i).Float64()
	return f
}

// IsDecimalLiteral checks the StrDecimalLiteral grammar without Infinity:
// [+-] (digits [. digits] | . digits) [(e|E) [+-] digits]. strconv.ParseFloat
// alone would also take "inf", "nan", hex floats and underscores.
func IsDecimalLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
