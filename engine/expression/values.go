package expression

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// JavaScript values are modelled as: data.Undefined, nil (null), bool,
// float64, string, []any, *data.Object, plus the runtime types of this
// package (functions, DateTime, Date, RegExp, data proxies).

var undef any = data.Undefined

// typeError is a JavaScript TypeError (or RangeError) raised inside an
// expression. n8n swallows these: the expression yields undefined (or "" in
// a template).
type typeError struct{ msg string }

func (e *typeError) Error() string { return e.msg }

func typeErrorf(msg string) error { return &typeError{msg: msg} }

// normNum converts the integer and json.Number forms item JSON may hold into
// float64, the only number type expressions work with, and the Go container
// types some Data implementations return into []any / *data.Object.
func normNum(v any) any {
	switch x := v.(type) {
	case float64, string, bool, nil, *data.Object, []any, data.UndefinedType:
		return v
	case map[string]any:
		return data.FromMap(x)
	case map[string]string:
		m := data.NewObject(len(x))
		for _, k := range sortedStringKeys(x) {
			m.Set(k, x[k])
		}
		return m
	case []*data.Object:
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
	return jsvalue.Normalize(v)
}

// The JavaScript meaning of JSON values (ToNumber, String, typeof,
// truthiness, ===) lives in engine/jsvalue, shared with the nodes. The
// functions below add this package's runtime objects (functions, Luxon
// DateTime, Date, RegExp, Duration, globals) and keep the short names the
// evaluator uses.

func isNullish(v any) bool { return jsvalue.IsNullish(v) }

// truthy is Boolean(v); every runtime object is truthy, as objects are.
func truthy(v any) bool { return jsvalue.Truthy(v) }

// toNumber is JavaScript's ToNumber.
func toNumber(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		return jsvalue.StringToNumber(x)
	case []any:
		// The array's string form may hold runtime objects.
		return jsvalue.StringToNumber(toString(x))
	case *DateTime:
		return float64(x.millis())
	case *jsDate:
		return x.ms
	}
	return jsvalue.ToNumber(v)
}

func isJSSpace(r rune) bool { return jsvalue.IsSpace(r) }

func jsTrim(s string) string { return jsvalue.Trim(s) }

// stringToNumber is ToNumber applied to a string.
func stringToNumber(s string) float64 { return jsvalue.StringToNumber(s) }

// validDecimal checks the StrDecimalLiteral grammar (parseFloat's prefix).
func validDecimal(s string) bool { return jsvalue.IsDecimalLiteral(s) }

func numberToString(f float64) string { return jsvalue.NumberToString(f) }

// toString is JavaScript's String(v).
func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return numberToString(x)
	case []any:
		return joinArray(x, ",")
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
	}
	return jsvalue.ToString(v)
}

// stringer is implemented by runtime objects with their own String().
type stringer interface{ jsString() string }

// joinArray is Array.prototype.join with this package's String(v), so
// runtime objects inside arrays print as they do alone.
func joinArray(a []any, sep string) string { return jsvalue.Join(a, sep, toString) }

// toPrimitive converts objects for + and comparisons (hint "default").
func toPrimitive(v any) any {
	switch x := v.(type) {
	case nil, data.UndefinedType, bool, float64, string:
		return v
	case *jsDate:
		return x.toString()
	case *DateTime:
		return x.toISO()
	}
	if f, ok := jsvalue.AsNumber(v); ok {
		return f
	}
	return toString(v)
}

func typeOf(v any) string {
	switch x := v.(type) {
	case *closure, *builtinFn:
		return "function"
	case *jsGlobal:
		if x.name == "Math" || x.name == "JSON" || x.name == "Intl" {
			return "object"
		}
		return "function"
	}
	return jsvalue.TypeOf(v)
}

// strictEquals is ===; runtime objects compare by identity.
func strictEquals(a, b any) bool { return jsvalue.StrictEquals(a, b) }

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
		case *data.Object, []any, *DateTime, *jsDate:
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
		case *data.Object, []any, *DateTime, *jsDate:
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

// u16 and fromU16 convert between Go strings and JavaScript's UTF-16 code
// units, keeping lone surrogates (see data.EncodeUTF16).
func u16(s string) []uint16 { return data.EncodeUTF16(s) }

func fromU16(u []uint16) string { return data.DecodeUTF16(u) }

func strLen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0x10000:
			n += 2
		case r == utf8.RuneError && size == 1 && i+2 < len(s) && s[i] == 0xED:
			size = 3 // a lone surrogate kept as WTF-8: one unit
			n++
		default:
			n++
		}
		i += size
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
		if slices.Equal(us[i:i+len(ub)], ub) {
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
		if slices.Equal(us[i:i+len(ub)], ub) {
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

func sortedStringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
