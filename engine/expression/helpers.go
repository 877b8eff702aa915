package expression

import (
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/n8n-go/n8n-go/engine/data"
)

// helperTable lists the functions lowered programs call. expr passes
// arguments in a reused buffer: helpers must copy the slice before keeping it.
func helperTable() map[string]func(args ...any) (any, error) {
	return map[string]func(args ...any) (any, error){
		"__json": func(a ...any) (any, error) { return a[0].(*state).json() },
		"__var":  func(a ...any) (any, error) { return a[0].(*state).variable(a[1].(string)) },
		"__node": func(a ...any) (any, error) { return a[0].(*state).node(a[1]) },
		"__nodeerr": func(a ...any) (any, error) {
			return nil, &Error{Message: "When calling $(), please specify a node"}
		},
		"__get":  func(a ...any) (any, error) { return getMember(a[0], a[1]) },
		"__getc": func(a ...any) (any, error) { return getComputed(a[0], a[1]) },
		"__getm": func(a ...any) (any, error) { return a[0].(*state).matchMember(a[1], a[2].(string)) },
		"__key":  func(a ...any) (any, error) { return keyOf(a[0]) },
		"__call": func(a ...any) (any, error) {
			return callMethod(a[0].(*state), a[1], a[2].(string), methodArgs(a[1], a[2].(string), a[3:]), false)
		},
		"__callopt": func(a ...any) (any, error) {
			return callMethod(a[0].(*state), a[1], a[2].(string), methodArgs(a[1], a[2].(string), a[3:]), true)
		},
		"__calla": func(a ...any) (any, error) {
			return callMethod(a[0].(*state), a[1], a[2].(string), a[3].([]any), false)
		},
		"__callopta": func(a ...any) (any, error) {
			return callMethod(a[0].(*state), a[1], a[2].(string), a[3].([]any), true)
		},
		"__invoke": func(a ...any) (any, error) {
			return invoke(a[0].(*state), a[1], undef, copyArgs(a[2:]))
		},
		"__invokea": func(a ...any) (any, error) {
			return invoke(a[0].(*state), a[1], undef, a[2].([]any))
		},
		"__new": func(a ...any) (any, error) { return construct(a[0].(*state), a[1], copyArgs(a[2:])) },
		"__fn":  func(a ...any) (any, error) { return newClosure(a), nil },
		"__this": func(a ...any) (any, error) {
			return data.ObjectOf("process", data.NewObject(0), "require", data.NewObject(0), "module", data.NewObject(0), "Buffer", data.NewObject(0)), nil
		},
		"__arr":    func(a ...any) (any, error) { return makeArray(a) },
		"__spread": func(a ...any) (any, error) { return spreadOf(a[0]) },
		"__obj":    func(a ...any) (any, error) { return makeObject(a[0].(*state), a[1:]) },
		"__tpl": func(a ...any) (any, error) {
			var b strings.Builder
			for _, v := range a {
				b.WriteString(toString(v))
			}
			return b.String(), nil
		},
		"__truthy":  func(a ...any) (any, error) { return truthy(a[0]), nil },
		"__nullish": func(a ...any) (any, error) { return isNullish(a[0]), nil },
		"__isundef": func(a ...any) (any, error) { return data.IsUndefined(a[0]), nil },
		"__not":     func(a ...any) (any, error) { return !truthy(a[0]), nil },
		"__neg":     func(a ...any) (any, error) { return -toNumber(a[0]), nil },
		"__pos":     func(a ...any) (any, error) { return toNumber(a[0]), nil },
		"__bnot":    func(a ...any) (any, error) { return float64(^toInt32(a[0])), nil },
		"__typeof":  func(a ...any) (any, error) { return typeOf(a[0]), nil },
		"__void":    func(a ...any) (any, error) { return undef, nil },
		"__add":     func(a ...any) (any, error) { return a[0].(*state).add(a[1], a[2]) },
		"__sub":     func(a ...any) (any, error) { return toNumber(a[0]) - toNumber(a[1]), nil },
		"__mul":     func(a ...any) (any, error) { return toNumber(a[0]) * toNumber(a[1]), nil },
		"__div":     func(a ...any) (any, error) { return toNumber(a[0]) / toNumber(a[1]), nil },
		"__mod":     func(a ...any) (any, error) { return jsMod(toNumber(a[0]), toNumber(a[1])), nil },
		"__pow":     func(a ...any) (any, error) { return jsPow(toNumber(a[0]), toNumber(a[1])), nil },
		"__eq":      func(a ...any) (any, error) { return looseEquals(a[0], a[1]), nil },
		"__ne":      func(a ...any) (any, error) { return !looseEquals(a[0], a[1]), nil },
		"__seq":     func(a ...any) (any, error) { return strictEquals(a[0], a[1]), nil },
		"__sne":     func(a ...any) (any, error) { return !strictEquals(a[0], a[1]), nil },
		"__lt": func(a ...any) (any, error) {
			l, _, _ := compareLess(a[0], a[1])
			return l, nil
		},
		"__gt": func(a ...any) (any, error) {
			_, g, _ := compareLess(a[0], a[1])
			return g, nil
		},
		"__le": func(a ...any) (any, error) {
			_, g, ok := compareLess(a[0], a[1])
			return ok && !g, nil
		},
		"__ge": func(a ...any) (any, error) {
			l, _, ok := compareLess(a[0], a[1])
			return ok && !l, nil
		},
		"__in":         func(a ...any) (any, error) { return inOperator(a[0], a[1]) },
		"__instanceof": func(a ...any) (any, error) { return instanceOf(a[0], a[1]) },
		"__band":       func(a ...any) (any, error) { return float64(toInt32(a[0]) & toInt32(a[1])), nil },
		"__bor":        func(a ...any) (any, error) { return float64(toInt32(a[0]) | toInt32(a[1])), nil },
		"__bxor":       func(a ...any) (any, error) { return float64(toInt32(a[0]) ^ toInt32(a[1])), nil },
		"__shl": func(a ...any) (any, error) {
			return float64(toInt32(a[0]) << (toUint32(a[1]) & 31)), nil
		},
		"__shr": func(a ...any) (any, error) {
			return float64(toInt32(a[0]) >> (toUint32(a[1]) & 31)), nil
		},
		"__ushr": func(a ...any) (any, error) {
			return float64(toUint32(a[0]) >> (toUint32(a[1]) & 31)), nil
		},
		"__restarr": func(a ...any) (any, error) {
			arr, ok := a[0].([]any)
			n := int(a[1].(float64))
			if !ok || n >= len(arr) {
				return []any{}, nil
			}
			return append([]any(nil), arr[n:]...), nil
		},
		"__destructurable": func(a ...any) (any, error) {
			if isNullish(a[0]) {
				return nil, typeErrorf("Cannot destructure '" + toString(a[0]) + "' as it is " + toString(a[0]) + ".")
			}
			return normNum(a[0]), nil
		},
	}
}

// methodArgs is the argument list of recv.name(…) from expr's argument
// buffer. String methods only read their arguments, so a string receiver
// gets the buffer itself ($json.email.split('@') per item); a string that
// date extensions may take (callMethod) and every other receiver get a
// copy, as a method may keep its arguments.
func methodArgs(recv any, name string, a []any) []any {
	if _, ok := recv.(string); ok && !dateExt[name] {
		return a
	}
	return copyArgs(a)
}

func copyArgs(a []any) []any {
	if len(a) == 0 {
		return nil
	}
	return append([]any(nil), a...)
}

// spreadKey marks an object-literal spread entry; spreadVal an array spread.
type spreadKey struct{}

type spreadVal struct{ items []any }

func spreadOf(v any) (any, error) {
	switch x := normNum(v).(type) {
	case []any:
		return &spreadVal{x}, nil
	case string:
		var items []any
		for _, r := range x {
			items = append(items, string(r))
		}
		return &spreadVal{items}, nil
	case *jsSet:
		return &spreadVal{append([]any(nil), x.items...)}, nil
	case *jsMap:
		return &spreadVal{x.entries()}, nil
	}
	return nil, typeErrorf(toString(v) + " is not iterable")
}

func makeArray(a []any) (any, error) {
	out := make([]any, 0, max(len(a), 1)) // cap ≥ 1: distinct literals are distinct references
	for _, v := range a {
		if s, ok := v.(*spreadVal); ok {
			out = append(out, s.items...)
			continue
		}
		out = append(out, v)
	}
	return out, nil
}

func makeObject(st *state, a []any) (any, error) {
	m := st.newObject(len(a) / 2)
	for i := 0; i+1 < len(a); i += 2 {
		if _, ok := a[i].(spreadKey); ok {
			switch src := normNum(a[i+1]).(type) {
			case *data.Object:
				for k, v := range src.All() {
					m.Set(k, v)
				}
			case []any:
				for j, v := range src {
					m.Set(numberToString(float64(j)), v)
				}
			case string:
				for j, u := range u16(src) {
					m.Set(numberToString(float64(j)), fromU16([]uint16{u}))
				}
			case plainer:
				if pm, ok := src.plain().(*data.Object); ok {
					for k, v := range pm.All() {
						m.Set(k, v)
					}
				}
			}
			continue
		}
		m.Set(a[i].(string), a[i+1])
	}
	return m, nil
}

func keyOf(v any) (any, error) {
	k := propertyKey(v)
	if unsafeProps[k] {
		return nil, &Error{Message: `Cannot access "` + k + `" due to security concerns`}
	}
	return k, nil
}

// add is JavaScript's binary +.
func (st *state) add(a, b any) (any, error) {
	if x, ok := a.(float64); ok {
		if y, ok := b.(float64); ok {
			return x + y, nil
		}
	}
	x, sa := a.(string)
	y, sb := b.(string)
	// A short string and an integer ('user ' + i): the digits go straight
	// into the result instead of into a string of their own first.
	if sa && !sb && len(x) < 256 {
		if n, ok := b.(float64); ok && isConcatInt(n) {
			return concatInt(x, n, false), nil
		}
	} else if sb && !sa && len(y) < 256 {
		if n, ok := a.(float64); ok && isConcatInt(n) {
			return concatInt(y, n, true), nil
		}
	}
	if !sa || !sb {
		pa, pb := toPrimitive(a), toPrimitive(b)
		_, sa = pa.(string)
		_, sb = pb.(string)
		if !sa && !sb {
			return toNumber(pa) + toNumber(pb), nil
		}
		x, y = toString(pa), toString(pb)
	}
	if len(x)+len(y) > maxStringLen {
		return nil, typeErrorf("Invalid string length")
	}
	return st.concat(x, y), nil
}

// concat joins two strings. A string built by appending piece by piece
// (acc + x in a reduce) would copy everything built so far on every step;
// V8 avoids that with rope strings. Here the last long result keeps spare
// room in its buffer, and appending to exactly that result writes into the
// room. Strings already handed out only ever cover bytes that are never
// written again, so they stay immutable.
func (st *state) concat(x, y string) string {
	n := len(x) + len(y)
	if len(x) < 256 || y == "" {
		return x + y
	}
	ex := st.extra()
	if len(ex.cat) == len(x) && unsafe.StringData(x) == unsafe.SliceData(ex.cat) && cap(ex.cat)-len(ex.cat) >= len(y) {
		ex.cat = append(ex.cat, y...)
		return unsafe.String(unsafe.SliceData(ex.cat), n)
	}
	buf := make([]byte, n, 2*n)
	copy(buf, x)
	copy(buf[len(x):], y)
	ex.cat = buf
	return unsafe.String(unsafe.SliceData(buf), n)
}

// isConcatInt reports whether n is an integer that int64 holds exactly,
// whose JavaScript string is its decimal digits (-0 prints as "0").
func isConcatInt(n float64) bool {
	return n == math.Trunc(n) && n > -1e15 && n < 1e15
}

// concatInt is s + String(n), or String(n) + s when numFirst, for n that
// isConcatInt accepts, in one allocation.
func concatInt(s string, n float64, numFirst bool) string {
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], int64(n), 10)
	buf := make([]byte, 0, len(s)+len(d))
	if numFirst {
		buf = append(append(buf, d...), s...)
	} else {
		buf = append(append(buf, s...), d...)
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf))
}

// maxStringLen bounds strings an expression can build (V8's limit is ~512 MB).
const maxStringLen = 1 << 27

// maxArrayLen bounds arrays a builtin builds from a string: each element
// costs tens of bytes here, so a 100-million-element split would exhaust
// memory long before V8's length limit.
const maxArrayLen = 1 << 24

func jsMod(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || b == 0 {
		return math.NaN()
	}
	if math.IsInf(b, 0) {
		return a
	}
	return math.Mod(a, b)
}

func jsPow(a, b float64) float64 {
	if math.IsNaN(b) {
		return math.NaN()
	}
	if (a == 1 || a == -1) && math.IsInf(b, 0) {
		return math.NaN()
	}
	return math.Pow(a, b)
}

func inOperator(k, o any) (any, error) {
	switch x := normNum(o).(type) {
	case *data.Object:
		return x.Has(propertyKey(k)), nil
	case []any:
		if i, ok := arrayIndex(k); ok {
			return i < len(x), nil
		}
		return propertyKey(k) == "length", nil
	case nil, data.UndefinedType, string, float64, bool:
		return nil, typeErrorf("Cannot use 'in' operator to search for '" + toString(k) + "' in " + toString(o))
	case hasser:
		return x.has(propertyKey(k)), nil
	}
	return false, nil
}

// hasser is implemented by runtime objects that support the in operator.
type hasser interface{ has(key string) bool }

func instanceOf(v, c any) (any, error) {
	g, ok := c.(*jsGlobal)
	if !ok {
		if _, isFn := c.(*closure); isFn {
			return false, nil
		}
		return nil, typeErrorf("Right-hand side of 'instanceof' is not callable")
	}
	switch g.name {
	case "Array":
		_, ok := v.([]any)
		return ok, nil
	case "Object":
		switch v.(type) {
		case nil, data.UndefinedType, string, float64, bool:
			return false, nil
		}
		return true, nil
	case "Date":
		_, ok := v.(*jsDate)
		return ok, nil
	case "DateTime":
		_, ok := v.(*DateTime)
		return ok, nil
	case "RegExp":
		_, ok := v.(*regex)
		return ok, nil
	case "Map":
		_, ok := v.(*jsMap)
		return ok, nil
	case "Set":
		_, ok := v.(*jsSet)
		return ok, nil
	}
	return false, nil
}
