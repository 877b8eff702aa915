package expression

import (
	"github.com/n8n-go/n8n-go/engine/intl"
	"math"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// numberMethod: n8n number extensions, then Number.prototype.
func numberMethod(st *state, n float64, name string, args []any) (any, bool, error) {
	a0 := arg(args, 0)
	switch name {
	case "ceil":
		return math.Ceil(n), true, nil
	case "floor":
		return math.Floor(n), true, nil
	case "abs":
		return math.Abs(n), true, nil
	case "round":
		d := 0.0
		if !isNullish(a0) {
			d = toInteger(a0)
		}
		p := math.Pow(10, d)
		return jsRound(n*p) / p, true, nil
	case "isInteger":
		return !math.IsInf(n, 0) && n == math.Trunc(n), true, nil
	case "isEven", "isOdd":
		if n != math.Trunc(n) || math.IsInf(n, 0) {
			return nil, true, &Error{Message: name + "() is only callable on integers"}
		}
		even := math.Mod(n, 2) == 0
		if name == "isEven" {
			return even, true, nil
		}
		return !even, true, nil
	case "toBoolean":
		return n != 0, true, nil
	case "toInt":
		return math.Round(n), true, nil
	case "toFloat":
		return n, true, nil
	case "toDateTime":
		f := ""
		if !isNullish(a0) {
			f = toString(a0)
		}
		d, err := numberToDateTime(st, n, f)
		return d, true, err
	case "format":
		s, ok := formatNumberLocale(n, a0, arg(args, 1))
		if !ok {
			return undef, true, nil
		}
		return s, true, nil
	case "toFixed":
		d := int(toInteger(a0))
		if d < 0 || d > 100 {
			return nil, true, typeErrorf("toFixed() digits argument must be between 0 and 100")
		}
		if math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) >= 1e21 {
			return numberToString(n), true, nil
		}
		return toFixed(n, d), true, nil
	case "toString":
		if isNullish(a0) || toNumber(a0) == 10 {
			return numberToString(n), true, nil
		}
		radix := int(toInteger(a0))
		if radix < 2 || radix > 36 {
			return nil, true, typeErrorf("toString() radix must be between 2 and 36")
		}
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return strconv.FormatInt(int64(n), radix), true, nil
		}
		return numberToString(n), true, nil
	case "toPrecision":
		if isNullish(a0) {
			return numberToString(n), true, nil
		}
		p := int(toInteger(a0))
		if p < 1 || p > 100 {
			return nil, true, typeErrorf("toPrecision() argument must be between 1 and 100")
		}
		e := int(math.Floor(math.Log10(math.Abs(n))))
		if n == 0 {
			e = 0
		}
		if e < -6 || e >= p {
			s := strconv.FormatFloat(n, 'e', p-1, 64)
			mant, exp, _ := strings.Cut(s, "e")
			ei, _ := strconv.Atoi(exp)
			sign := "+"
			if ei < 0 {
				sign = "-"
				ei = -ei
			}
			return mant + "e" + sign + strconv.Itoa(ei), true, nil
		}
		return toFixed(n, p-1-e), true, nil
	case "toLocaleString":
		s, ok := formatNumberLocale(n, a0, arg(args, 1))
		if !ok {
			return nil, true, &Error{Message: "Incorrect locale information provided"}
		}
		return s, true, nil
	case "valueOf":
		return n, true, nil
	case "toExponential":
		d := -1
		if !isNullish(a0) {
			d = int(toInteger(a0))
		}
		s := strconv.FormatFloat(n, 'e', d, 64)
		mant, exp, _ := strings.Cut(s, "e")
		ei, _ := strconv.Atoi(exp)
		sign := "+"
		if ei < 0 {
			sign, ei = "-", -ei
		}
		return mant + "e" + sign + strconv.Itoa(ei), true, nil
	}
	return nil, false, nil
}

// toFixed rounds half away from zero on the exact binary value, as V8 does.
func toFixed(n float64, d int) string {
	s := strconv.FormatFloat(n, 'f', d, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		return s[1:]
	}
	return s
}

// formatNumberLocale is Number.prototype.toLocaleString(locales, options)
// and n8n's number.format, formatted by engine/intl. ok is false for a
// malformed locale tag (Intl throws a RangeError, which n8n's format
// turns into undefined).
func formatNumberLocale(n float64, locales any, opts any) (string, bool) {
	tag := "en-US"
	switch l := locales.(type) {
	case string:
		tag = l
	case []any:
		if len(l) > 0 {
			tag = toString(l[0])
		}
	}
	if !validTag(tag) {
		return "", false
	}
	o := intl.DefaultNumber()
	if m, ok := opts.(*data.Object); ok {
		str := func(k string) string {
			if v, ok := m.Get(k); ok && !isNullish(v) {
				return toString(v)
			}
			return ""
		}
		o.Style, o.Currency, o.CurrencyDisplay = str("style"), str("currency"), str("currencyDisplay")
		if v, ok := m.Get("minimumFractionDigits"); ok && !isNullish(v) {
			o.MinFrac = int(toInteger(v))
		}
		if v, ok := m.Get("maximumFractionDigits"); ok && !isNullish(v) {
			o.MaxFrac = int(toInteger(v))
		}
		if v, ok := m.Get("minimumIntegerDigits"); ok && !isNullish(v) {
			o.MinInt = int(toInteger(v))
		}
		if v, ok := m.Get("useGrouping"); ok && !isNullish(v) && !truthy(v) {
			o.NoGrouping = true
		}
	}
	return intl.FormatNumber(n, intl.Resolve(tag), o), true
}

// validTag is a loose BCP 47 check: a 2-3 letter language, then subtags.
func validTag(tag string) bool {
	parts := strings.Split(tag, "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return false
	}
	for i, p := range parts {
		if p == "" || len(p) > 8 {
			return false
		}
		for _, c := range p {
			letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			if !letter && (i == 0 || c < '0' || c > '9') {
				return false
			}
		}
	}
	return true
}

func boolMethod(st *state, v bool, name string, args []any) (any, bool, error) {
	switch name {
	case "toBoolean":
		return v, true, nil
	case "toInt", "toFloat", "toNumber":
		if v {
			return 1.0, true, nil
		}
		return 0.0, true, nil
	case "toDateTime":
		return undef, true, nil
	case "toString":
		return toString(v), true, nil
	case "valueOf":
		return v, true, nil
	}
	return nil, false, nil
}

// objectMethod: n8n object extensions, then Object.prototype.
func objectMethod(st *state, m *data.Object, name string, args []any) (any, bool, error) {
	a0 := arg(args, 0)
	switch name {
	case "isEmpty":
		return m.Len() == 0, true, nil
	case "isNotEmpty":
		return m.Len() != 0, true, nil
	case "hasField":
		return m.Has(toString(a0)), true, nil
	case "removeField":
		out := m.Clone()
		out.Delete(toString(a0))
		return out, true, nil
	case "removeFieldsContaining", "keepFieldsContaining":
		needle := toString(a0)
		if s, ok := a0.(string); !ok || s == "" {
			// n8n words the two checks differently.
			if name == "keepFieldsContaining" {
				return nil, true, &Error{Message: "argument of keepFieldsContaining must be a non-empty string"}
			}
			return nil, true, &Error{Message: name + "(): expected non-empty string arg"}
		}
		out := data.NewObject(m.Len())
		for k, v := range m.All() {
			s, isStr := v.(string)
			has := isStr && strings.Contains(s, needle)
			if name == "removeFieldsContaining" && !has || name == "keepFieldsContaining" && has {
				out.Set(k, v)
			}
		}
		return out, true, nil
	case "compact":
		out := data.NewObject(m.Len())
		for k, v := range m.All() {
			v = normNum(v)
			if isNullish(v) || v == "nil" || v == "" {
				continue
			}
			if sub, ok := v.(*data.Object); ok {
				if sub.Len() == 0 {
					continue
				}
				c, _, _ := objectMethod(st, sub, "compact", nil)
				v = c
			}
			out.Set(k, v)
		}
		return out, true, nil
	case "urlEncode":
		// new URLSearchParams(obj).toString()
		var b strings.Builder
		for k, v := range m.All() {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			formEncode(&b, k)
			b.WriteByte('=')
			formEncode(&b, toString(v))
		}
		return b.String(), true, nil
	case "keys":
		out := make([]any, m.Len())
		for i, k := range m.Keys() {
			out[i] = k
		}
		return out, true, nil
	case "values":
		out := make([]any, 0, m.Len())
		for _, v := range m.All() {
			out = append(out, normNum(v))
		}
		return out, true, nil
	case "toJsonString":
		v, err := jsonStringify(st, m, undef)
		return v, true, err
	case "toInt", "toFloat", "toBoolean", "toDateTime":
		return undef, true, nil
	case "hasOwnProperty", "propertyIsEnumerable":
		return m.Has(propertyKey(a0)), true, nil
	case "toString":
		return "[object Object]", true, nil
	case "valueOf":
		return m, true, nil
	}
	return nil, false, nil
}

// formEncode writes s as the application/x-www-form-urlencoded serializer
// (URLSearchParams) does: alphanumerics and *-._ stay, space becomes +,
// every other byte of the UTF-8 form is percent-encoded.
func formEncode(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}
