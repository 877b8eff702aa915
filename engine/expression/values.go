package expression

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine/data"
)

// JavaScript values are modelled as: data.Undefined, nil (null), bool,
// float64, string, []any, map[string]any, plus the runtime types of this
// package (functions, DateTime, Date, RegExp, data proxies).

var undef any = data.Undefined

// typeError is a JavaScript TypeError (or RangeError) raised inside an
// expression. n8n swallows these: the expression yields undefined (or "" in
// a template).
type typeError struct{ msg string }

func (e *typeError) Error() string { return e.msg }

func typeErrorf(msg string) error { return &typeError{msg: msg} }

// normNum converts the integer and json.Number forms item JSON may hold into
// float64, the only number type expressions work with.
func normNum(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case int16:
		return float64(x)
	case int8:
		return float64(x)
	case uint:
		return float64(x)
	case uint64:
		return float64(x)
	case uint32:
		return float64(x)
	case uint16:
		return float64(x)
	case uint8:
		return float64(x)
	case float32:
		return float64(x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			return math.NaN()
		}
		return f
	case map[string]string:
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		return m
	case []map[string]any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = e
		}
		return a
	case []string:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = e
		}
		return a
	}
	return v
}

func isNullish(v any) bool {
	if v == nil {
		return true
	}
	_, u := v.(data.UndefinedType)
	return u
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	case int, int64, json.Number, float32:
		return truthy(normNum(v))
	}
	return true
}

// toNumber is JavaScript's ToNumber.
func toNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case nil:
		return 0
	case data.UndefinedType:
		return math.NaN()
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		return stringToNumber(x)
	case []any:
		return stringToNumber(toString(x))
	case *DateTime:
		return float64(x.millis())
	case *jsDate:
		return x.ms
	case int, int64, int32, float32, json.Number, uint, uint64, uint32:
		return normNum(v).(float64)
	}
	return math.NaN()
}

func isJSSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000':
		return true
	}
	return r >= '\u2000' && r <= '\u200a'
}

func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// stringToNumber is ToNumber applied to a string.
func stringToNumber(s string) float64 {
	s = jsTrim(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			v, err := strconv.ParseUint(s[2:], base, 64)
			if err != nil {
				if f, ok := parseBigInt(s[2:], base); ok {
					return f
				}
				return math.NaN()
			}
			return float64(v)
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if !validDecimal(s) {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

// validDecimal checks the StrDecimalLiteral grammar (Go's ParseFloat also
// accepts "inf", "nan", hex floats and underscores, which JS does not).
func validDecimal(s string) bool {
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
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(s)
}

func numberToString(f float64) string { return data.FormatNumber(f, false) }

// toString is JavaScript's String(v).
func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return numberToString(x)
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case []any:
		return joinArray(x, ",")
	case map[string]any:
		return "[object Object]"
	case *DateTime:
		return x.toISO()
	case *jsDate:
		return x.toString()
	case *regex:
		return "/" + x.source + "/" + x.flags
	case *closure, *builtinFn:
		return "function () { [native code] }"
	case *lxDuration:
		return x.toISO()
	case stringer:
		return x.jsString()
	case int, int64, int32, float32, json.Number, uint, uint64, uint32:
		return numberToString(normNum(v).(float64))
	}
	return "[object Object]"
}

// stringer is implemented by runtime objects with their own String().
type stringer interface{ jsString() string }

func joinArray(a []any, sep string) string {
	if len(a) == 0 {
		return ""
	}
	var b strings.Builder
	for i, e := range a {
		if i > 0 {
			b.WriteString(sep)
		}
		if !isNullish(e) {
			b.WriteString(toString(e))
		}
	}
	return b.String()
}

// toPrimitive converts objects for + and comparisons (hint "default").
func toPrimitive(v any) any {
	switch x := v.(type) {
	case nil, data.UndefinedType, bool, float64, string:
		return v
	case *jsDate:
		return x.toString()
	case *DateTime:
		return x.toISO()
	case int, int64, int32, float32, json.Number, uint, uint64, uint32:
		return normNum(v)
	}
	return toString(v)
}

func typeOf(v any) string {
	switch v.(type) {
	case data.UndefinedType:
		return "undefined"
	case nil:
		return "object"
	case bool:
		return "boolean"
	case float64, int, int64, json.Number, float32:
		return "number"
	case string:
		return "string"
	case *closure, *builtinFn:
		return "function"
	case *jsGlobal:
		if v.(*jsGlobal).name == "Math" || v.(*jsGlobal).name == "JSON" || v.(*jsGlobal).name == "Intl" {
			return "object"
		}
		return "function"
	}
	return "object"
}

// sameRef reports reference identity for arrays and objects.
func sameRef(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || cap(x) != cap(y) {
			return false
		}
		if len(x) == 0 {
			return reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer() && x != nil
		}
		return &x[0] == &y[0]
	}
	return a == b
}

// strictEquals is ===.
func strictEquals(a, b any) bool {
	a, b = normNum(a), normNum(b)
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	case data.UndefinedType:
		_, ok := b.(data.UndefinedType)
		return ok
	case map[string]any, []any:
		return sameRef(a, b)
	}
	defer func() { _ = recover() }()
	return a == b
}

// looseEquals is ==.
func looseEquals(a, b any) bool {
	a, b = normNum(a), normNum(b)
	if isNullish(a) || isNullish(b) {
		return isNullish(a) && isNullish(b)
	}
	switch x := a.(type) {
	case float64:
		switch y := b.(type) {
		case float64:
			return x == y
		case string:
			return x == stringToNumber(y)
		case bool:
			return x == toNumber(y)
		case map[string]any, []any, *DateTime, *jsDate:
			return looseEquals(x, toPrimitive(y))
		}
		return false
	case string:
		switch y := b.(type) {
		case string:
			return x == y
		case float64:
			return stringToNumber(x) == y
		case bool:
			return stringToNumber(x) == toNumber(y)
		case map[string]any, []any, *DateTime, *jsDate:
			return x == toString(toPrimitive(y))
		}
		return false
	case bool:
		return looseEquals(toNumber(x), b)
	}
	switch b.(type) {
	case float64, string, bool:
		return looseEquals(b, a)
	}
	return strictEquals(a, b)
}

// compare implements < > <= >=; it returns (a<b, a>b, ok) where ok is false
// when either side is NaN (every comparison is then false).
func compareLess(a, b any) (less, greater, ok bool) {
	pa, pb := toPrimitive(normNum(a)), toPrimitive(normNum(b))
	if sa, ok1 := pa.(string); ok1 {
		if sb, ok2 := pb.(string); ok2 {
			c := compareUTF16(sa, sb)
			return c < 0, c > 0, true
		}
	}
	na, nb := toNumber(pa), toNumber(pb)
	if math.IsNaN(na) || math.IsNaN(nb) {
		return false, false, false
	}
	return na < nb, na > nb, true
}

// compareUTF16 compares strings by UTF-16 code units as JavaScript does.
func compareUTF16(a, b string) int {
	if isASCII(a) && isASCII(b) {
		return strings.Compare(a, b)
	}
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(ua) < len(ub):
		return -1
	case len(ua) > len(ub):
		return 1
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// UTF-16 helpers: JavaScript string lengths and indexes count UTF-16 units.

func u16(s string) []uint16 { return utf16.Encode([]rune(s)) }

func fromU16(u []uint16) string { return string(utf16.Decode(u)) }

func strLen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// strSlice returns units [i, j) of s (0 <= i <= j <= length).
func strSlice(s string, i, j int) string {
	if isASCII(s) {
		return s[i:j]
	}
	return fromU16(u16(s)[i:j])
}

// strIndexOf finds sub in s at or after unit index from; -1 if absent.
func strIndexOf(s, sub string, from int) int {
	if isASCII(s) && isASCII(sub) {
		if from > len(s) {
			if sub == "" {
				return len(s)
			}
			return -1
		}
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return -1
		}
		return i + from
	}
	us, ub := u16(s), u16(sub)
	if from > len(us) {
		from = len(us)
	}
	for i := from; i+len(ub) <= len(us); i++ {
		match := true
		for k := range ub {
			if us[i+k] != ub[k] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func strLastIndexOf(s, sub string, from int) int {
	us, ub := u16(s), u16(sub)
	if from > len(us)-len(ub) {
		from = len(us) - len(ub)
	}
	for i := from; i >= 0; i-- {
		match := true
		for k := range ub {
			if us[i+k] != ub[k] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// toInteger is ToIntegerOrInfinity.
func toInteger(v any) float64 {
	f := toNumber(v)
	if math.IsNaN(f) {
		return 0
	}
	return math.Trunc(f)
}

// relIndex resolves a relative index argument (negative counts from the
// end) into [0, n], as slice() does.
func relIndex(v any, n int, def int) int {
	if data.IsUndefined(v) {
		return def
	}
	f := toInteger(v)
	if f < 0 {
		f += float64(n)
		if f < 0 {
			f = 0
		}
	}
	if f > float64(n) {
		f = float64(n)
	}
	return int(f)
}

func clampIndex(v any, n int, def int) int {
	if data.IsUndefined(v) {
		return def
	}
	f := toInteger(v)
	if f < 0 {
		return 0
	}
	if f > float64(n) {
		return n
	}
	return int(f)
}

func toInt32(v any) int32 {
	f := toNumber(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int32(uint32(int64(math.Mod(math.Trunc(f), 4294967296))))
}

func toUint32(v any) uint32 { return uint32(toInt32(v)) }

// propertyKey is ToPropertyKey for object member access.
func propertyKey(k any) string {
	switch x := k.(type) {
	case string:
		return x
	case float64:
		return numberToString(x)
	}
	return toString(k)
}

// arrayIndex reports whether k names an array index and which.
func arrayIndex(k any) (int, bool) {
	switch x := k.(type) {
	case float64:
		if x >= 0 && x == math.Trunc(x) && x < 1<<53 {
			return int(x), true
		}
		return 0, false
	case string:
		if x == "" || len(x) > 1 && x[0] == '0' {
			return 0, false
		}
		n := 0
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' || n > 1<<40 {
				return 0, false
			}
			n = n*10 + int(x[i]-'0')
		}
		return n, true
	case int:
		return x, x >= 0
	}
	return 0, false
}
