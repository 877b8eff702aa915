package expression

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmespath/go-jmespath"

	"github.com/n8n-go/n8n-go/engine/data"
)

// jsGlobal is a built-in namespace or constructor: Math, JSON, Object,
// Array, Number, String, Boolean, Date, DateTime, Duration, RegExp, Set, Map.
type jsGlobal struct{ name string }

func newGlobals() map[string]any {
	g := map[string]any{}
	for _, n := range []string{"Math", "JSON", "Object", "Array", "Number", "String", "Boolean", "Date", "DateTime",
		"Duration", "Interval", "RegExp", "Set", "Map", "Intl", "Error", "TypeError", "Symbol", "BigInt"} {
		g[n] = &jsGlobal{name: n}
	}
	fn := func(name string, f func(st *state, this any, args []any) (any, error)) {
		g[name] = &builtinFn{name: name, fn: f}
	}
	fn("parseInt", func(_ *state, _ any, a []any) (any, error) { return parseIntJS(toString(arg(a, 0)), arg(a, 1)), nil })
	fn("parseFloat", func(_ *state, _ any, a []any) (any, error) { return parseFloatJS(toString(arg(a, 0))), nil })
	fn("isNaN", func(_ *state, _ any, a []any) (any, error) { return math.IsNaN(toNumber(arg(a, 0))), nil })
	fn("isFinite", func(_ *state, _ any, a []any) (any, error) {
		f := toNumber(arg(a, 0))
		return !math.IsNaN(f) && !math.IsInf(f, 0), nil
	})
	fn("encodeURIComponent", func(_ *state, _ any, a []any) (any, error) {
		return encodeURIComponent(toString(arg(a, 0)), uriUnreservedComponent), nil
	})
	fn("encodeURI", func(_ *state, _ any, a []any) (any, error) {
		return encodeURIComponent(toString(arg(a, 0)), uriUnreservedFull), nil
	})
	fn("decodeURIComponent", func(_ *state, _ any, a []any) (any, error) {
		return decodeURIJS(toString(arg(a, 0)), false)
	})
	fn("decodeURI", func(_ *state, _ any, a []any) (any, error) {
		return decodeURIJS(toString(arg(a, 0)), true)
	})
	fn("toPathSegment", func(_ *state, _ any, a []any) (any, error) {
		s := toString(arg(a, 0))
		if s == "." || s == ".." {
			return nil, &Error{Message: `Invalid identifier: "` + s + `" is not allowed`}
		}
		return encodeURIComponent(s, uriUnreservedComponent), nil
	})
	fn("$ifEmpty", func(_ *state, _ any, a []any) (any, error) {
		if len(a) != 2 {
			return nil, &Error{Message: "expected two arguments (value, defaultValue) for this function"}
		}
		v := normNum(a[0])
		empty := isNullish(v) || v == ""
		switch x := v.(type) {
		case []any:
			empty = len(x) == 0
		case *data.Object:
			empty = x.Len() == 0
		}
		if empty {
			return a[1], nil
		}
		return a[0], nil
	})
	minmax := func(isMax bool) func(*state, any, []any) (any, error) {
		return func(_ *state, _ any, a []any) (any, error) {
			r := math.Inf(1)
			if isMax {
				r = math.Inf(-1)
			}
			for _, v := range a {
				f := toNumber(v)
				if math.IsNaN(f) {
					return math.NaN(), nil
				}
				if isMax && (f > r || f == 0 && r == 0 && !math.Signbit(f)) || !isMax && (f < r || f == 0 && r == 0 && math.Signbit(f)) {
					r = f
				}
			}
			return r, nil
		}
	}
	fn("$min", minmax(false))
	fn("$max", minmax(true))
	fn("min", minmax(false))
	fn("max", minmax(true))
	avg := func(_ *state, _ any, a []any) (any, error) {
		if len(a) == 0 {
			return 0.0, nil
		}
		s := 0.0
		for _, v := range a {
			s += toNumber(v)
		}
		return s / float64(len(a)), nil
	}
	fn("$average", avg)
	fn("average", avg)
	not := func(_ *state, _ any, a []any) (any, error) { return !truthy(arg(a, 0)), nil }
	fn("$not", not)
	fn("not", not)
	fn("numberList", func(st *state, _ any, a []any) (any, error) {
		start, end := toInteger(arg(a, 0)), toInteger(arg(a, 1))
		n := math.Abs(end-start) + 1
		if err := st.stepN(int(math.Min(n, 1e9))); err != nil {
			return nil, err
		}
		out := make([]any, 0, int(n))
		if start <= end {
			for i := start; i <= end; i++ {
				out = append(out, i)
			}
		} else {
			for i := start; i >= end; i-- {
				out = append(out, i)
			}
		}
		return out, nil
	})
	fn("zip", func(_ *state, _ any, a []any) (any, error) {
		keys, _ := arg(a, 0).([]any)
		vals, _ := arg(a, 1).([]any)
		if len(keys) != len(vals) {
			return nil, &Error{Message: "keys and values not of equal length"}
		}
		m := data.NewObject(len(keys))
		for i, k := range keys {
			m.Set(propertyKey(k), vals[i])
		}
		return m, nil
	})
	jm := func(_ *state, _ any, a []any) (any, error) {
		q, ok := arg(a, 1).(string)
		obj := arg(a, 0)
		switch obj.(type) {
		case *data.Object, []any:
		default:
			ok = false
		}
		if !ok {
			return nil, &Error{Message: "expected two arguments (Object, string) for this function"}
		}
		origin := map[uintptr]*data.Object{}
		v, err := jmespath.Search(jmespathLiterals(q), plainJSON(obj, origin))
		if err != nil {
			return nil, typeErrorf(err.Error())
		}
		if v == nil {
			return nil, nil
		}
		return normDeep(v, origin), nil
	}
	fn("$jmespath", jm)
	fn("$jmesPath", jm)
	return g
}

// plainJSON converts runtime values to what go-jmespath understands: maps,
// which have no order. origin remembers which object each map came from,
// so a result that is (a part of) the input gets its key order back.
func plainJSON(v any, origin map[uintptr]*data.Object) any {
	switch x := v.(type) {
	case *data.Object:
		out := make(map[string]any, x.Len())
		for k, e := range x.All() {
			out[k] = plainJSON(e, origin)
		}
		origin[reflect.ValueOf(out).Pointer()] = x
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainJSON(e, origin)
		}
		return out
	case plainer:
		return plainJSON(x.plain(), origin)
	case data.UndefinedType:
		return nil
	}
	return normNum(v)
}

// normDeep turns jmespath's result back into expression values. A map that
// is one of the input's objects becomes that object's keys in its order;
// a map jmespath built (a multi-select hash) lists its keys sorted.
func normDeep(v any, origin map[uintptr]*data.Object) any {
	switch x := v.(type) {
	case map[string]any:
		if o, ok := origin[reflect.ValueOf(x).Pointer()]; ok && o.Len() == len(x) {
			out := data.NewObject(len(x))
			for _, k := range o.Keys() {
				out.Set(k, normDeep(x[k], origin))
			}
			return out
		}
		for k, e := range x {
			x[k] = normDeep(e, origin)
		}
		return data.FromMap(x)
	case []any:
		for i, e := range x {
			x[i] = normDeep(e, origin)
		}
		return x
	}
	return normNum(v)
}

const uriUnreservedComponent = "-_.!~*'()"
const uriUnreservedFull = "-_.!~*'();/?:@&=+$,#"

func encodeURIComponent(s string, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)>>4, 16)) + strings.ToUpper(strconv.FormatInt(int64(c)&15, 16)))
	}
	return b.String()
}

// parseIntJS is the global parseInt.
func parseIntJS(s string, radixV any) float64 {
	s = jsTrim(s)
	sign := 1.0
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	radix := int(toInt32(radixV))
	if radix == 0 {
		radix = 10
		if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
			radix = 16
			s = s[2:]
		}
	} else if radix == 16 && len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if radix < 2 || radix > 36 {
		return math.NaN()
	}
	end := 0
	for end < len(s) {
		c := s[end]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			d = 99
		}
		if d >= radix {
			break
		}
		end++
	}
	if end == 0 {
		return math.NaN()
	}
	if radix == 10 {
		f, _ := strconv.ParseFloat(s[:end], 64)
		return sign * f
	}
	f, _ := parseBigInt(s[:end], radix)
	return sign * f
}

// parseFloatJS is the global parseFloat: the longest decimal prefix.
func parseFloatJS(s string) float64 {
	s = jsTrim(s)
	for _, inf := range []string{"Infinity", "+Infinity", "-Infinity"} {
		if strings.HasPrefix(s, inf) {
			if inf[0] == '-' {
				return math.Inf(-1)
			}
			return math.Inf(1)
		}
	}
	best := -1
	for i := 1; i <= len(s); i++ {
		if validDecimal(s[:i]) {
			best = i
		} else if i > 0 && !(s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == '.' || s[i-1] == 'e' || s[i-1] == 'E' || s[i-1] == '+' || s[i-1] == '-') {
			break
		}
	}
	if best < 0 {
		return math.NaN()
	}
	f, _ := strconv.ParseFloat(s[:best], 64)
	return f
}

func (g *jsGlobal) jsString() string { return "function " + g.name + "() { [native code] }" }

func (g *jsGlobal) get(key string) (any, error) {
	switch g.name {
	case "Math":
		switch key {
		case "PI":
			return math.Pi, nil
		case "E":
			return math.E, nil
		case "LN2":
			return math.Ln2, nil
		case "LN10":
			return math.Ln10, nil
		case "LOG2E":
			return math.Log2E, nil
		case "LOG10E":
			return math.Log10E, nil
		case "SQRT2":
			return math.Sqrt2, nil
		case "SQRT1_2":
			return math.Sqrt2 / 2, nil
		}
	case "Number":
		switch key {
		case "MAX_SAFE_INTEGER":
			return 9007199254740991.0, nil
		case "MIN_SAFE_INTEGER":
			return -9007199254740991.0, nil
		case "EPSILON":
			return math.Pow(2, -52), nil
		case "MAX_VALUE":
			return math.MaxFloat64, nil
		case "MIN_VALUE":
			return 5e-324, nil
		case "POSITIVE_INFINITY":
			return math.Inf(1), nil
		case "NEGATIVE_INFINITY":
			return math.Inf(-1), nil
		case "NaN":
			return math.NaN(), nil
		}
	case "DateTime":
		if p, ok := luxonFormatPresets[key]; ok {
			o := data.NewObject(len(p) / 2)
			for i := 0; i+1 < len(p); i += 2 {
				o.Set(p[i], p[i+1])
			}
			return o, nil
		}
	case "name":
		return g.name, nil
	}
	if key == "name" {
		return g.name, nil
	}
	return undef, nil
}

// callAsFunction is C(args) without new.
func (g *jsGlobal) callAsFunction(st *state, args []any) (any, error) {
	switch g.name {
	case "String":
		if len(args) == 0 {
			return "", nil
		}
		return toString(args[0]), nil
	case "Number":
		if len(args) == 0 {
			return 0.0, nil
		}
		return toNumber(args[0]), nil
	case "Boolean":
		return truthy(arg(args, 0)), nil
	case "Array", "Object", "RegExp", "Error", "TypeError":
		return g.construct(st, args)
	case "Date":
		return newJSDate(st, nil).toString(), nil
	case "Symbol":
		return "Symbol(" + toString(arg(args, 0)) + ")", nil
	}
	return nil, typeErrorf(g.name + " is not a function")
}

func (g *jsGlobal) construct(st *state, args []any) (any, error) {
	switch g.name {
	case "Date":
		return newJSDate(st, args), nil
	case "RegExp":
		if r, ok := arg(args, 0).(*regex); ok {
			if len(args) < 2 {
				return r, nil
			}
			return newRegex(r.source, toString(args[1]))
		}
		flags := ""
		if len(args) > 1 && !data.IsUndefined(args[1]) {
			flags = toString(args[1])
		}
		pat := "(?:)"
		if len(args) > 0 && !data.IsUndefined(args[0]) {
			pat = toString(args[0])
		}
		r, err := newRegex(pat, flags)
		if err != nil {
			return nil, typeErrorf("Invalid regular expression: " + err.Error())
		}
		return r, nil
	case "Array":
		if len(args) == 1 {
			if n, ok := args[0].(float64); ok {
				if n < 0 || n != math.Trunc(n) || n > 1e7 {
					return nil, typeErrorf("Invalid array length")
				}
				out := make([]any, int(n))
				for i := range out {
					out[i] = undef
				}
				return out, nil
			}
		}
		return append([]any{}, args...), nil
	case "Object":
		if m, ok := arg(args, 0).(*data.Object); ok {
			return m, nil
		}
		return st.newObject(0), nil
	case "String":
		return g.callAsFunction(st, args)
	case "Number", "Boolean":
		return g.callAsFunction(st, args)
	case "Set":
		s := &jsSet{}
		if a, ok := arg(args, 0).([]any); ok {
			for _, v := range a {
				s.add(v)
			}
		}
		return s, nil
	case "Map":
		m := &jsMap{}
		if a, ok := arg(args, 0).([]any); ok {
			for _, e := range a {
				if p, ok := e.([]any); ok && len(p) >= 1 {
					m.set(p[0], arg(p, 1))
				}
			}
		}
		return m, nil
	case "Error", "TypeError":
		return data.ObjectOf("message", toString(arg(args, 0)), "name", g.name), nil
	}
	return nil, typeErrorf(g.name + " is not a constructor")
}

func (g *jsGlobal) method(st *state, name string, args []any) (any, bool, error) {
	switch g.name {
	case "Math":
		return mathMethod(st, name, args)
	case "JSON":
		switch name {
		case "stringify":
			v, err := jsonStringify(st, arg(args, 0), arg(args, 2))
			return v, true, err
		case "parse":
			v, err := jsonParse(toString(arg(args, 0)))
			if err != nil {
				return nil, true, typeErrorf(err.Error())
			}
			if r := arg(args, 1); isCallable(r) {
				holder := st.newObject(1)
				holder.Set("", v)
				v, err = revive(st, r, holder, "")
			}
			return v, true, err
		}
	case "Object":
		return objectStatic(st, name, args)
	case "Array":
		switch name {
		case "isArray":
			_, ok := arg(args, 0).([]any)
			return ok, true, nil
		case "of":
			return append([]any{}, args...), true, nil
		case "from":
			v, err := arrayFrom(st, arg(args, 0), arg(args, 1))
			return v, true, err
		}
	case "Number":
		f, isNum := arg(args, 0).(float64)
		switch name {
		case "isInteger":
			return isNum && !math.IsInf(f, 0) && f == math.Trunc(f), true, nil
		case "isSafeInteger":
			return isNum && f == math.Trunc(f) && math.Abs(f) <= 9007199254740991, true, nil
		case "isFinite":
			return isNum && !math.IsInf(f, 0) && !math.IsNaN(f), true, nil
		case "isNaN":
			return isNum && math.IsNaN(f), true, nil
		case "parseFloat":
			return parseFloatJS(toString(arg(args, 0))), true, nil
		case "parseInt":
			return parseIntJS(toString(arg(args, 0)), arg(args, 1)), true, nil
		}
	case "String":
		switch name {
		case "fromCharCode":
			u := make([]uint16, len(args))
			for i, a := range args {
				u[i] = uint16(toUint32(a))
			}
			return fromU16(u), true, nil
		case "fromCodePoint":
			var b strings.Builder
			for _, a := range args {
				b.WriteRune(rune(toNumber(a)))
			}
			return b.String(), true, nil
		}
	case "Date":
		switch name {
		case "now":
			return float64(st.d.Now().UnixMilli()), true, nil
		case "parse":
			d, _ := parseJSDate(toString(arg(args, 0)))
			return d.ms, true, nil
		case "UTC":
			return dateFromParts(args), true, nil
		}
	case "DateTime":
		return dateTimeStatic(st, name, args)
	case "Interval":
		return intervalStatic(st, name, args)
	case "Duration":
		switch name {
		case "fromObject":
			u, ok := durationArg(arg(args, 0))
			if !ok {
				return nil, true, typeErrorf("Invalid duration")
			}
			return newDuration(u), true, nil
		case "fromMillis":
			return newDuration(map[string]float64{"millisecond": toNumber(arg(args, 0))}), true, nil
		}
	}
	return nil, false, nil
}

func dateTimeStatic(st *state, name string, args []any) (any, bool, error) {
	loc := st.d.Location()
	opts, _ := arg(args, 1).(*data.Object)
	if name == "fromFormat" {
		opts, _ = arg(args, 2).(*data.Object)
	}
	if z, ok := opts.Value("zone").(string); ok {
		if l, ok := loadZone(z); ok {
			loc = l
		}
	}
	invalid := func() (any, bool, error) { return &DateTime{t: time.Unix(0, 0).In(loc), invalid: true}, true, nil }
	switch name {
	case "now", "local":
		if name == "local" && len(args) > 0 {
			return dateFromParts7(args, loc), true, nil
		}
		return newDateTime(st.d.Now(), loc), true, nil
	case "utc":
		if len(args) > 0 {
			return dateFromParts7(args, time.UTC), true, nil
		}
		return newDateTime(st.d.Now(), time.UTC), true, nil
	case "fromISO", "fromSQL", "fromRFC2822", "fromHTTP":
		s := toString(arg(args, 0))
		t, _, hasOffset, ok := parseISOParts(s, loc)
		if !ok {
			dt, ok2 := parseDateTimeString(st, s)
			if !ok2 {
				return invalid()
			}
			t, hasOffset = dt.t, true
		}
		if hasOffset && !truthy(opts.Value("setZone")) {
			return newDateTime(t, loc), true, nil
		}
		return &DateTime{t: t}, true, nil
	case "fromFormat":
		dt, ok := parseFormat(toString(arg(args, 0)), toString(arg(args, 1)), loc)
		if !ok {
			return invalid()
		}
		return dt, true, nil
	case "fromMillis":
		return newDateTime(time.UnixMilli(int64(toNumber(arg(args, 0)))), loc), true, nil
	case "fromSeconds":
		return newDateTime(time.UnixMilli(int64(toNumber(arg(args, 0))*1000)), loc), true, nil
	case "fromJSDate":
		d, ok := arg(args, 0).(*jsDate)
		if !ok || !d.valid() {
			return invalid()
		}
		return newDateTime(d.time(), loc), true, nil
	case "fromObject":
		o, _ := arg(args, 0).(*data.Object)
		get := func(k string, def float64) any {
			if v, ok := o.Get(k); ok {
				return v
			}
			return def
		}
		return dateFromParts7([]any{get("year", float64(st.d.Now().In(loc).Year())), get("month", 1), get("day", 1),
			get("hour", 0), get("minute", 0), get("second", 0), get("millisecond", 0)}, loc), true, nil
	case "isDateTime":
		_, ok := arg(args, 0).(*DateTime)
		return ok, true, nil
	case "min", "max":
		var best *DateTime
		for _, a := range args {
			d, ok := a.(*DateTime)
			if !ok {
				continue
			}
			if best == nil || (name == "min" && d.millis() < best.millis()) || (name == "max" && d.millis() > best.millis()) {
				best = d
			}
		}
		if best == nil {
			return undef, true, nil
		}
		return best, true, nil
	}
	return nil, false, nil
}

// dateFromParts7 is DateTime.local/utc(y, m, d, h, mi, s, ms) (months 1-based).
func dateFromParts7(args []any, loc *time.Location) *DateTime {
	p := []int{1970, 1, 1, 0, 0, 0, 0}
	for i := 0; i < len(args) && i < 7; i++ {
		p[i] = int(toNumber(args[i]))
	}
	return &DateTime{t: time.Date(p[0], time.Month(p[1]), p[2], p[3], p[4], p[5], p[6]*1e6, loc)}
}

func mathMethod(st *state, name string, a []any) (any, bool, error) {
	f1 := func(f func(float64) float64) (any, bool, error) { return f(toNumber(arg(a, 0))), true, nil }
	switch name {
	case "abs":
		return f1(math.Abs)
	case "ceil":
		return f1(math.Ceil)
	case "floor":
		return f1(math.Floor)
	case "round":
		return f1(jsRound)
	case "trunc":
		return f1(math.Trunc)
	case "sign":
		return f1(func(x float64) float64 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return x
		})
	case "sqrt":
		return f1(math.Sqrt)
	case "cbrt":
		return f1(math.Cbrt)
	case "exp":
		return f1(math.Exp)
	case "expm1":
		return f1(math.Expm1)
	case "log":
		return f1(math.Log)
	case "log2":
		return f1(math.Log2)
	case "log10":
		return f1(math.Log10)
	case "log1p":
		return f1(math.Log1p)
	case "sin":
		return f1(math.Sin)
	case "cos":
		return f1(math.Cos)
	case "tan":
		return f1(math.Tan)
	case "asin":
		return f1(math.Asin)
	case "acos":
		return f1(math.Acos)
	case "atan":
		return f1(math.Atan)
	case "sinh":
		return f1(math.Sinh)
	case "cosh":
		return f1(math.Cosh)
	case "tanh":
		return f1(math.Tanh)
	case "fround":
		return f1(func(x float64) float64 { return float64(float32(x)) })
	case "atan2":
		return math.Atan2(toNumber(arg(a, 0)), toNumber(arg(a, 1))), true, nil
	case "pow":
		return jsPow(toNumber(arg(a, 0)), toNumber(arg(a, 1))), true, nil
	case "hypot":
		s := 0.0
		for _, v := range a {
			f := toNumber(v)
			s += f * f
		}
		return math.Sqrt(s), true, nil
	case "random":
		return rand.Float64(), true, nil
	case "max", "min":
		g, _ := newGlobalsFn(name)
		v, err := g(st, nil, a)
		return v, true, err
	}
	return nil, false, nil
}

func newGlobalsFn(name string) (func(*state, any, []any) (any, error), bool) {
	isMax := name == "max"
	return func(_ *state, _ any, a []any) (any, error) {
		r := math.Inf(1)
		if isMax {
			r = math.Inf(-1)
		}
		for _, v := range a {
			f := toNumber(v)
			if math.IsNaN(f) {
				return math.NaN(), nil
			}
			if isMax && f > r || !isMax && f < r {
				r = f
			}
		}
		return r, nil
	}, true
}

// jsRound is Math.round: halves round towards +Infinity.
func jsRound(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	r := math.Floor(x + 0.5)
	if r == 0 && math.Signbit(x) {
		return math.Copysign(0, -1)
	}
	if x-math.Floor(x) != 0.5 && math.Abs(x) >= 1<<52 {
		return x
	}
	return r
}

func objectStatic(st *state, name string, args []any) (any, bool, error) {
	o := normNum(arg(args, 0))
	switch name {
	case "keys", "values", "entries":
		keys := ownKeys(o)
		out := make([]any, len(keys))
		for i, k := range keys {
			switch name {
			case "keys":
				out[i] = k
			case "values":
				v, _ := getMember(o, k)
				out[i] = v
			default:
				v, _ := getMember(o, k)
				out[i] = []any{k, v}
			}
		}
		if isNullish(o) {
			return nil, true, typeErrorf("Cannot convert undefined or null to object")
		}
		return out, true, nil
	case "assign":
		// Object.assign changes its target in place when this evaluation
		// made it (so `Object.assign(o, {self: o})` builds the same cycle
		// as in n8n). A target that came from item data is copied first:
		// the items of other nodes must not change under an expression.
		target, ok := o.(*data.Object)
		switch {
		case !ok:
			target = st.newObject(0)
		case !st.owns(target):
			target = target.Clone()
			st.own(target)
		}
		for _, src := range args[1:] {
			if m, ok := normNum(src).(*data.Object); ok {
				for k, v := range m.All() {
					target.Set(k, v)
				}
			}
		}
		return target, true, nil
	case "fromEntries":
		m := st.newObject(0)
		if a, ok := o.([]any); ok {
			for _, e := range a {
				if p, ok := e.([]any); ok {
					m.Set(propertyKey(arg(p, 0)), arg(p, 1))
				}
			}
		} else if mp, ok := o.(*jsMap); ok {
			for i, k := range mp.keys {
				m.Set(propertyKey(k), mp.vals[i])
			}
		}
		return m, true, nil
	case "freeze", "seal", "preventExtensions":
		return o, true, nil
	case "isFrozen", "isSealed":
		return false, true, nil
	case "hasOwn":
		ok, err := inOperator(arg(args, 1), o)
		return ok, true, err
	case "create":
		if len(args) > 1 {
			return nil, true, typeErrorf("Object.create with properties is not allowed")
		}
		return st.newObject(0), true, nil
	case "is":
		a, b := normNum(arg(args, 0)), normNum(arg(args, 1))
		fa, ok1 := a.(float64)
		fb, ok2 := b.(float64)
		if ok1 && ok2 {
			return fa == fb && math.Signbit(fa) == math.Signbit(fb) || math.IsNaN(fa) && math.IsNaN(fb), true, nil
		}
		return strictEquals(a, b), true, nil
	case "getPrototypeOf", "defineProperty", "defineProperties", "setPrototypeOf", "getOwnPropertyDescriptor", "getOwnPropertyDescriptors":
		return nil, true, typeErrorf("Object." + name + " is not a function")
	case "getOwnPropertyNames":
		keys := ownKeys(o)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, true, nil
	}
	return nil, false, nil
}

// ownKeys lists an object's enumerable own keys in JavaScript's order.
func ownKeys(o any) []string {
	switch x := o.(type) {
	case *data.Object:
		return x.Keys()
	case []any:
		out := make([]string, len(x))
		for i := range x {
			out[i] = itoa(i)
		}
		return out
	case string:
		n := strLen(x)
		out := make([]string, n)
		for i := range out {
			out[i] = itoa(i)
		}
		return out
	case *itemRef:
		return x.keys()
	case plainer:
		if m, ok := x.plain().(*data.Object); ok {
			return m.Keys()
		}
	}
	return nil
}

func arrayFrom(st *state, src any, mapFn any) (any, error) {
	var items []any
	switch x := normNum(src).(type) {
	case []any:
		items = append([]any{}, x...)
	case string:
		for _, r := range x {
			items = append(items, string(r))
		}
	case *jsSet:
		items = append([]any{}, x.items...)
	case *jsMap:
		items = x.entries()
	case *data.Object:
		n := int(toInteger(x.Value("length")))
		if n > 1e7 {
			return nil, typeErrorf("Invalid array length")
		}
		items = make([]any, 0, n)
		if x.Len() == 1 {
			// {length: n} alone, the common Array.from({length: n}, fn):
			// every element is undefined, no key lookups needed.
			for i := range n {
				if i&0xFFFF == 0xFFFF {
					if err := st.stepN(64); err != nil {
						return nil, err
					}
				}
				items = append(items, undef)
			}
			break
		}
		for i := 0; i < n; i++ {
			if i&0xFFFF == 0xFFFF {
				if err := st.stepN(64); err != nil {
					return nil, err
				}
			}
			v, ok := x.Get(itoa(i))
			if !ok {
				v = undef
			}
			items = append(items, v)
		}
	default:
		items = []any{}
	}
	if isCallable(mapFn) {
		var args []any
		for i, v := range items {
			args = argsBuf(mapFn, args, 2)
			args[0], args[1] = v, float64(i)
			r, err := callFunction(st, mapFn, undef, args)
			if err != nil {
				return nil, err
			}
			items[i] = r
		}
	}
	if items == nil {
		items = []any{}
	}
	return items, nil
}

// jsSet and jsMap are minimal Set and Map objects.
type jsSet struct{ items []any }

func (s *jsSet) indexOf(v any) int {
	for i, e := range s.items {
		if sameValueZero(e, v) {
			return i
		}
	}
	return -1
}

func (s *jsSet) add(v any) {
	if s.indexOf(v) < 0 {
		s.items = append(s.items, v)
	}
}

func (s *jsSet) get(key string) (any, error) {
	if key == "size" {
		return float64(len(s.items)), nil
	}
	return undef, nil
}

func (s *jsSet) plain() any { return data.NewObject(0) }

func (s *jsSet) method(st *state, name string, args []any) (any, bool, error) {
	switch name {
	case "has":
		return s.indexOf(arg(args, 0)) >= 0, true, nil
	case "add":
		s.add(arg(args, 0))
		return s, true, nil
	case "delete":
		i := s.indexOf(arg(args, 0))
		if i >= 0 {
			s.items = append(s.items[:i:i], s.items[i+1:]...)
		}
		return i >= 0, true, nil
	case "values", "keys":
		return append([]any{}, s.items...), true, nil
	case "forEach":
		for _, v := range s.items {
			if _, err := callFunction(st, arg(args, 0), undef, []any{v, v, s}); err != nil {
				return nil, true, err
			}
		}
		return undef, true, nil
	}
	return nil, false, nil
}

type jsMap struct {
	keys []any
	vals []any
}

func (m *jsMap) indexOf(k any) int {
	for i, e := range m.keys {
		if sameValueZero(e, k) {
			return i
		}
	}
	return -1
}

func (m *jsMap) set(k, v any) {
	if i := m.indexOf(k); i >= 0 {
		m.vals[i] = v
		return
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

func (m *jsMap) entries() []any {
	out := make([]any, len(m.keys))
	for i := range m.keys {
		out[i] = []any{m.keys[i], m.vals[i]}
	}
	return out
}

func (m *jsMap) get(key string) (any, error) {
	if key == "size" {
		return float64(len(m.keys)), nil
	}
	return undef, nil
}

func (m *jsMap) plain() any { return data.NewObject(0) }

func (m *jsMap) method(st *state, name string, args []any) (any, bool, error) {
	switch name {
	case "get":
		if i := m.indexOf(arg(args, 0)); i >= 0 {
			return m.vals[i], true, nil
		}
		return undef, true, nil
	case "set":
		m.set(arg(args, 0), arg(args, 1))
		return m, true, nil
	case "has":
		return m.indexOf(arg(args, 0)) >= 0, true, nil
	case "keys":
		return append([]any{}, m.keys...), true, nil
	case "values":
		return append([]any{}, m.vals...), true, nil
	case "entries":
		return m.entries(), true, nil
	}
	return nil, false, nil
}

func sameValueZero(a, b any) bool {
	fa, ok1 := normNum(a).(float64)
	fb, ok2 := normNum(b).(float64)
	if ok1 && ok2 && math.IsNaN(fa) && math.IsNaN(fb) {
		return true
	}
	return strictEquals(a, b)
}

// decodeURIJS is decodeURI / decodeURIComponent: %XX escapes decoded as
// UTF-8; decodeURI (keepReserved) leaves escapes of ;/?:@&=+$,# as they
// are. A malformed escape is JavaScript's URIError.
func decodeURIJS(s string, keepReserved bool) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '%' {
			b.WriteByte(s[i])
			i++
			continue
		}
		c, ok := hexByte(s, i)
		if !ok {
			return "", typeErrorf("URI malformed")
		}
		if c < 0x80 {
			if keepReserved && strings.IndexByte(";/?:@&=+$,#", c) >= 0 {
				b.WriteString(s[i : i+3])
			} else {
				b.WriteByte(c)
			}
			i += 3
			continue
		}
		n := 0
		switch {
		case c&0xE0 == 0xC0:
			n = 2
		case c&0xF0 == 0xE0:
			n = 3
		case c&0xF8 == 0xF0:
			n = 4
		default:
			return "", typeErrorf("URI malformed")
		}
		buf := []byte{c}
		for k := 1; k < n; k++ {
			cc, ok := hexByte(s, i+3*k)
			if !ok || cc&0xC0 != 0x80 {
				return "", typeErrorf("URI malformed")
			}
			buf = append(buf, cc)
		}
		if !utf8.Valid(buf) {
			return "", typeErrorf("URI malformed")
		}
		b.Write(buf)
		i += 3 * n
	}
	return b.String(), nil
}

func hexByte(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
	if err != nil {
		return 0, false
	}
	return byte(v), true
}

// revive is JSON.parse's reviver walk: children first, then the value
// itself, through reviver(key, value) with the holder as this; undefined
// deletes a property.
func revive(st *state, reviver any, holder *data.Object, key string) (any, error) {
	val := holder.Value(key)
	switch x := val.(type) {
	case *data.Object:
		for _, k := range x.Keys() {
			nv, err := revive(st, reviver, x, k)
			if err != nil {
				return nil, err
			}
			if data.IsUndefined(nv) {
				x.Delete(k)
			} else {
				x.Set(k, nv)
			}
		}
	case []any:
		for i := range x {
			h := data.NewObject(1)
			k := strconv.Itoa(i)
			h.Set(k, x[i])
			nv, err := revive(st, reviver, h, k)
			if err != nil {
				return nil, err
			}
			x[i] = nv
		}
	}
	return invoke(st, reviver, holder, []any{key, val})
}

// luxonFormatPresets are Luxon's DateTime.DATE_SHORT … presets, in Luxon's
// key order (they are plain objects users pass to toLocaleString).
var luxonFormatPresets = map[string][]string{
	"DATE_SHORT":                  {"year", "numeric", "month", "numeric", "day", "numeric"},
	"DATE_MED":                    {"year", "numeric", "month", "short", "day", "numeric"},
	"DATE_MED_WITH_WEEKDAY":       {"year", "numeric", "month", "short", "day", "numeric", "weekday", "short"},
	"DATE_FULL":                   {"year", "numeric", "month", "long", "day", "numeric"},
	"DATE_HUGE":                   {"year", "numeric", "month", "long", "day", "numeric", "weekday", "long"},
	"TIME_SIMPLE":                 {"hour", "numeric", "minute", "numeric"},
	"TIME_WITH_SECONDS":           {"hour", "numeric", "minute", "numeric", "second", "numeric"},
	"TIME_WITH_SHORT_OFFSET":      {"hour", "numeric", "minute", "numeric", "second", "numeric", "timeZoneName", "short"},
	"TIME_WITH_LONG_OFFSET":       {"hour", "numeric", "minute", "numeric", "second", "numeric", "timeZoneName", "long"},
	"TIME_24_SIMPLE":              {"hour", "numeric", "minute", "numeric", "hourCycle", "h23"},
	"TIME_24_WITH_SECONDS":        {"hour", "numeric", "minute", "numeric", "second", "numeric", "hourCycle", "h23"},
	"TIME_24_WITH_SHORT_OFFSET":   {"hour", "numeric", "minute", "numeric", "second", "numeric", "hourCycle", "h23", "timeZoneName", "short"},
	"TIME_24_WITH_LONG_OFFSET":    {"hour", "numeric", "minute", "numeric", "second", "numeric", "hourCycle", "h23", "timeZoneName", "long"},
	"DATETIME_SHORT":              {"year", "numeric", "month", "numeric", "day", "numeric", "hour", "numeric", "minute", "numeric"},
	"DATETIME_SHORT_WITH_SECONDS": {"year", "numeric", "month", "numeric", "day", "numeric", "hour", "numeric", "minute", "numeric", "second", "numeric"},
	"DATETIME_MED":                {"year", "numeric", "month", "short", "day", "numeric", "hour", "numeric", "minute", "numeric"},
	"DATETIME_MED_WITH_SECONDS":   {"year", "numeric", "month", "short", "day", "numeric", "hour", "numeric", "minute", "numeric", "second", "numeric"},
	"DATETIME_MED_WITH_WEEKDAY":   {"year", "numeric", "month", "short", "day", "numeric", "weekday", "short", "hour", "numeric", "minute", "numeric"},
	"DATETIME_FULL":               {"year", "numeric", "month", "long", "day", "numeric", "hour", "numeric", "minute", "numeric", "timeZoneName", "short"},
	"DATETIME_FULL_WITH_SECONDS":  {"year", "numeric", "month", "long", "day", "numeric", "hour", "numeric", "minute", "numeric", "second", "numeric", "timeZoneName", "short"},
	"DATETIME_HUGE":               {"year", "numeric", "month", "long", "day", "numeric", "weekday", "long", "hour", "numeric", "minute", "numeric", "timeZoneName", "long"},
	"DATETIME_HUGE_WITH_SECONDS":  {"year", "numeric", "month", "long", "day", "numeric", "weekday", "long", "hour", "numeric", "minute", "numeric", "second", "numeric", "timeZoneName", "long"},
}
