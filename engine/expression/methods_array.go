package expression

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

func cb(st *state, fn any, args ...any) (any, error) {
	if !isCallable(fn) {
		return nil, typeErrorf(describe(fn) + " is not a function")
	}
	return callFunction(st, fn, undef, args)
}

// arrayMethod: n8n array extensions, then Array.prototype.
func arrayMethod(st *state, a []any, name string, args []any) (any, bool, error) {
	a0 := arg(args, 0)
	if err := st.stepN(len(a) / 64); err != nil {
		return nil, true, err
	}
	switch name {
	// --- n8n extensions ---
	case "first":
		if len(a) == 0 {
			return undef, true, nil
		}
		return normNum(a[0]), true, nil
	case "last":
		if len(a) == 0 {
			return undef, true, nil
		}
		return normNum(a[len(a)-1]), true, nil
	case "isEmpty":
		return len(a) == 0, true, nil
	case "isNotEmpty":
		return len(a) != 0, true, nil
	case "pluck":
		if len(args) == 0 {
			return a, true, nil
		}
		var out []any
		for _, e := range a {
			m, ok := normNum(e).(*data.Object)
			if !ok {
				continue
			}
			var p []any
			for k, v := range m.All() {
				for _, f := range args {
					if toString(f) == k {
						p = append(p, v)
					}
				}
			}
			switch len(p) {
			case 0:
			case 1:
				out = append(out, p[0])
			default:
				out = append(out, p)
			}
		}
		return orEmpty(out), true, nil
	case "randomItem":
		if len(a) == 0 {
			return undef, true, nil
		}
		return a[rand.IntN(len(a))], true, nil
	case "unique", "removeDuplicates":
		var out []any
		keyOf := func(e any) any { return e }
		if len(args) > 0 {
			fields := args
			keyOf = func(e any) any {
				m, _ := normNum(e).(*data.Object)
				k := make([]any, len(fields))
				for i, f := range fields {
					k[i] = m.Value(toString(f))
				}
				return k
			}
		}
		var keys []any
		for _, e := range a {
			k := keyOf(e)
			dup := false
			for _, seen := range keys {
				if deepEqual(seen, k) {
					dup = true
					break
				}
			}
			if !dup {
				keys = append(keys, k)
				out = append(out, e)
			}
		}
		return orEmpty(out), true, nil
	case "sum", "min", "max", "average":
		nums := make([]float64, 0, len(a))
		for _, e := range a {
			f, ok := normNum(e).(float64)
			if !ok {
				if s, isStr := e.(string); isStr && !math.IsNaN(stringToNumber(s)) {
					f, ok = stringToNumber(s), true
				}
			}
			if !ok {
				return nil, true, &Error{Message: name + "(): all array elements must be numbers"}
			}
			nums = append(nums, f)
		}
		switch name {
		case "sum", "average":
			s := 0.0
			for _, f := range nums {
				s += f
			}
			if name == "average" {
				if len(nums) == 0 {
					return 0.0, true, nil
				}
				return s / float64(len(nums)), true, nil
			}
			return s, true, nil
		case "min":
			r := math.Inf(1)
			for _, f := range nums {
				r = math.Min(r, f)
			}
			return r, true, nil
		default:
			r := math.Inf(-1)
			for _, f := range nums {
				r = math.Max(r, f)
			}
			return r, true, nil
		}
	case "compact":
		var out []any
		for _, e := range a {
			e = normNum(e)
			if isNullish(e) || e == "" || e == "nil" {
				continue
			}
			switch x := e.(type) {
			case *data.Object:
				if x.Len() == 0 {
					continue
				}
				c, _, _ := objectMethod(st, x, "compact", nil)
				e = c
			case []any:
				c, _, _ := arrayMethod(st, x, "compact", nil)
				e = c
			}
			out = append(out, e)
		}
		return orEmpty(out), true, nil
	case "smartJoin":
		kf, vf := toString(a0), toString(arg(args, 1))
		out := data.NewObject(len(a))
		for _, e := range a {
			if m, ok := normNum(e).(*data.Object); ok && m.Has(kf) && m.Has(vf) {
				out.Set(propertyKey(m.Value(kf)), m.Value(vf))
			}
		}
		return out, true, nil
	case "chunk":
		n := toNumber(a0)
		if math.IsNaN(n) || n <= 0 {
			return nil, true, &Error{Message: "chunk(): expected non-zero numeric arg, e.g. .chunk(5)"}
		}
		// JavaScript steps by the size as given: chunk(0.5) slices at
		// 0, 0.5, 1, … (slice truncates), giving empty and one-element
		// chunks in turn. n8n loops forever on a negative size; that is
		// refused above.
		var out []any
		for i := 0.0; i < float64(len(a)); i += n {
			if err := st.step(); err != nil {
				return nil, true, err
			}
			from, end := int(i), int(math.Min(i+n, float64(len(a))))
			out = append(out, append([]any{}, a[from:end]...))
		}
		return orEmpty(out), true, nil
	case "renameKeys":
		if len(args)%2 != 0 {
			return nil, true, &Error{Message: "renameKeys(): expected an even amount of args: from1, to1 [, from2, to2, ...]. e.g. .renameKeys(\"name\", \"title\")"}
		}
		out := make([]any, len(a))
		for i, e := range a {
			m, ok := normNum(e).(*data.Object)
			if !ok {
				out[i] = e
				continue
			}
			c := m.Clone()
			for j := 0; j+1 < len(args); j += 2 {
				from, to := toString(args[j]), toString(args[j+1])
				if v, ok := c.Get(from); ok {
					c.Set(to, v)
					c.Delete(from)
				}
			}
			out[i] = c
		}
		return out, true, nil
	case "merge":
		// n8n: without an argument the array's objects are merged, the
		// first value of a key winning; with an array, value[i] is merged
		// with others[i] (value[i]'s keys first) and the pairs are
		// Object.assign-ed together in order.
		out := data.NewObject(0)
		mergeInto := func(m *data.Object) {
			for k, v := range m.All() {
				if !out.Has(k) {
					out.Set(k, v)
				}
			}
		}
		if data.IsUndefined(a0) {
			for _, e := range a {
				if m, ok := normNum(e).(*data.Object); ok {
					mergeInto(m)
				}
			}
			return out, true, nil
		}
		others, ok := a0.([]any)
		if !ok {
			return nil, true, &Error{Message: "merge(): expected array arg, e.g. .merge([{ id: 1, otherValue: 3 }])"}
		}
		for i := 0; i < max(len(a), len(others)); i++ {
			if i >= len(a) || data.IsUndefined(a[i]) {
				continue
			}
			m, ok := normNum(a[i]).(*data.Object)
			var o any = undef
			if i < len(others) {
				o = normNum(others[i])
			}
			if !ok || !isObjectLike(o) {
				continue
			}
			pair := m.Clone()
			if om, ok := o.(*data.Object); ok {
				for k, v := range om.All() {
					if !pair.Has(k) {
						pair.Set(k, v)
					}
				}
			}
			for k, v := range pair.All() {
				out.Set(k, v)
			}
		}
		return out, true, nil
	case "union", "difference", "intersection":
		other, ok := a0.([]any)
		if !ok {
			return nil, true, &Error{Message: name + "(): expected array arg, e.g. ." + name + "([1, 2, 3, 4])"}
		}
		contains := func(list []any, v any) bool {
			for _, e := range list {
				if deepEqual(e, v) {
					return true
				}
			}
			return false
		}
		var out []any
		switch name {
		case "union":
			for _, e := range append(append([]any{}, a...), other...) {
				if !contains(out, e) {
					out = append(out, e)
				}
			}
		case "difference":
			for _, e := range a {
				if !contains(other, e) && !contains(out, e) {
					out = append(out, e)
				}
			}
		default:
			for _, e := range a {
				if contains(other, e) && !contains(out, e) {
					out = append(out, e)
				}
			}
		}
		return orEmpty(out), true, nil
	case "append":
		return append(append([]any{}, a...), args...), true, nil
	case "toJsonString":
		v, err := jsonStringify(st, a, undef)
		return v, true, err
	case "toInt", "toFloat", "toBoolean", "toDateTime":
		return undef, true, nil
	// --- Array.prototype ---
	case "includes":
		for _, e := range a {
			if sameValueZero(e, a0) {
				return true, true, nil
			}
		}
		return false, true, nil
	case "indexOf", "lastIndexOf":
		if name == "indexOf" {
			for i := clampIndex(arg(args, 1), len(a), 0); i < len(a); i++ {
				if strictEquals(a[i], a0) {
					return float64(i), true, nil
				}
			}
		} else {
			for i := len(a) - 1; i >= 0; i-- {
				if strictEquals(a[i], a0) {
					return float64(i), true, nil
				}
			}
		}
		return -1.0, true, nil
	case "join":
		sep := ","
		if !data_isUndef(a0) {
			sep = toString(a0)
		}
		if err := st.stepN(len(a) >> 10); err != nil {
			return nil, true, err
		}
		return joinArray(a, sep), true, nil
	case "toString":
		return joinArray(a, ","), true, nil
	case "slice":
		i, j := relIndex(a0, len(a), 0), relIndex(arg(args, 1), len(a), len(a))
		if i >= j {
			return []any{}, true, nil
		}
		return append([]any{}, a[i:j]...), true, nil
	case "concat":
		out := append([]any{}, a...)
		for _, x := range args {
			if arr, ok := x.([]any); ok {
				out = append(out, arr...)
			} else {
				out = append(out, x)
			}
		}
		return out, true, nil
	case "reverse", "toReversed":
		out := make([]any, len(a))
		for i, e := range a {
			out[len(a)-1-i] = e
		}
		if name == "reverse" {
			copy(a, out)
			return a, true, nil
		}
		return out, true, nil
	case "at":
		i := int(toInteger(a0))
		if i < 0 {
			i += len(a)
		}
		if i < 0 || i >= len(a) {
			return undef, true, nil
		}
		return normNum(a[i]), true, nil
	case "flat":
		depth := 1.0
		if !data_isUndef(a0) {
			depth = toInteger(a0)
		}
		return orEmpty(flatten(a, depth)), true, nil
	case "fill":
		for i := relIndex(arg(args, 1), len(a), 0); i < relIndex(arg(args, 2), len(a), len(a)); i++ {
			a[i] = a0
		}
		return a, true, nil
	case "push":
		return float64(len(a) + len(args)), true, nil
	case "splice", "toSpliced":
		// splice answers the removed elements; like push, it does not
		// shrink the array it was called on (arrays here are values, and
		// an item's JSON must not change under an expression).
		start, del, ins := spliceArgs(a, args)
		if name == "splice" {
			return append([]any{}, a[start:start+del]...), true, nil
		}
		out := make([]any, 0, len(a)-del+len(ins))
		out = append(out, a[:start]...)
		out = append(out, ins...)
		return append(out, a[start+del:]...), true, nil
	case "copyWithin":
		target := relIndex(a0, len(a), 0)
		from, to := relIndex(arg(args, 1), len(a), 0), relIndex(arg(args, 2), len(a), len(a))
		out := append([]any{}, a...)
		if from < to {
			copy(out[target:], a[from:to])
		}
		return out, true, nil
	case "keys":
		out := make([]any, len(a))
		for i := range a {
			out[i] = float64(i)
		}
		return out, true, nil
	case "entries":
		out := make([]any, len(a))
		for i, e := range a {
			out[i] = []any{float64(i), e}
		}
		return out, true, nil
	case "values":
		return append([]any{}, a...), true, nil
	case "sort", "toSorted":
		out := a
		if name == "toSorted" {
			out = append([]any{}, a...)
		}
		err := sortArray(st, out, a0)
		return out, true, err
	}
	return arrayCallbackMethod(st, a, name, args)
}

func orEmpty(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

func flatten(a []any, depth float64) []any {
	var out []any
	for _, e := range a {
		if sub, ok := e.([]any); ok && depth >= 1 {
			out = append(out, flatten(sub, depth-1)...)
			continue
		}
		out = append(out, e)
	}
	return out
}

func arrayCallbackMethod(st *state, a []any, name string, args []any) (any, bool, error) {
	fn := arg(args, 0)
	switch name {
	case "map", "forEach", "filter", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "flatMap":
		if !isCallable(fn) {
			return nil, true, typeErrorf(describe(fn) + " is not a function")
		}
	case "reduce", "reduceRight":
		if !isCallable(fn) {
			return nil, true, typeErrorf(describe(fn) + " is not a function")
		}
		acc := arg(args, 1)
		i, end, step := 0, len(a), 1
		if name == "reduceRight" {
			i, end, step = len(a)-1, -1, -1
		}
		if len(args) < 2 {
			if len(a) == 0 {
				return nil, true, typeErrorf("Reduce of empty array with no initial value")
			}
			acc = normNum(a[i])
			i += step
		}
		av := any(a) // boxed once, not per call
		var cargs []any
		for ; i != end; i += step {
			cargs = argsBuf(fn, cargs, 4)
			cargs[0], cargs[1], cargs[2], cargs[3] = acc, normNum(a[i]), float64(i), av
			v, err := callFunction(st, fn, undef, cargs)
			if err != nil {
				return nil, true, err
			}
			acc = v
		}
		return acc, true, nil
	default:
		return nil, false, nil
	}
	var out []any
	if name == "map" {
		out = make([]any, 0, len(a))
	}
	av := any(a) // boxed once, not per call
	var cargs []any
	if name == "findLast" || name == "findLastIndex" {
		for i := len(a) - 1; i >= 0; i-- {
			cargs = argsBuf(fn, cargs, 3)
			cargs[0], cargs[1], cargs[2] = normNum(a[i]), float64(i), av
			v, err := callFunction(st, fn, undef, cargs)
			if err != nil {
				return nil, true, err
			}
			if truthy(v) {
				if name == "findLast" {
					return normNum(a[i]), true, nil
				}
				return float64(i), true, nil
			}
		}
		if name == "findLast" {
			return undef, true, nil
		}
		return -1.0, true, nil
	}
	for i, e := range a {
		e = normNum(e)
		cargs = argsBuf(fn, cargs, 3)
		cargs[0], cargs[1], cargs[2] = e, float64(i), av
		v, err := callFunction(st, fn, undef, cargs)
		if err != nil {
			return nil, true, err
		}
		switch name {
		case "map":
			out = append(out, v)
		case "flatMap":
			if sub, ok := v.([]any); ok {
				out = append(out, sub...)
			} else {
				out = append(out, v)
			}
		case "filter":
			if truthy(v) {
				out = append(out, e)
			}
		case "find":
			if truthy(v) {
				return e, true, nil
			}
		case "findIndex":
			if truthy(v) {
				return float64(i), true, nil
			}
		case "some":
			if truthy(v) {
				return true, true, nil
			}
		case "every":
			if !truthy(v) {
				return false, true, nil
			}
		}
	}
	switch name {
	case "map", "filter", "flatMap":
		return orEmpty(out), true, nil
	case "find":
		return undef, true, nil
	case "findIndex":
		return -1.0, true, nil
	case "some":
		return false, true, nil
	case "every":
		return true, true, nil
	}
	return undef, true, nil
}

// sortArray is Array.prototype.sort: undefined last, default order by
// String(v) in UTF-16 order, stable.
func sortArray(st *state, a []any, cmp any) error {
	var err error
	less := func(x, y any) bool {
		if err != nil {
			return false
		}
		if data_isUndef(x) {
			return false
		}
		if data_isUndef(y) {
			return true
		}
		if isCallable(cmp) {
			v, e := callFunction(st, cmp, undef, []any{x, y})
			if e != nil {
				err = e
				return false
			}
			return toNumber(v) < 0
		}
		return compareUTF16(toString(x), toString(y)) < 0
	}
	sort.SliceStable(a, func(i, j int) bool { return less(a[i], a[j]) })
	return err
}

// deepEqual compares values as n8n's unique/union do (lodash isEqual):
// JSON values structurally, anything else (DateTime, Date…) by identity.
func deepEqual(a, b any) bool { return jsvalue.Equal(a, b) || strictEquals(a, b) }

// isObjectLike is typeof v === 'object' for merge's pairing (null counts).
func isObjectLike(v any) bool {
	switch v.(type) {
	case nil, *data.Object, []any:
		return true
	}
	return false
}

// spliceArgs reads Array.prototype.splice's (start, deleteCount, ...items):
// no argument deletes nothing, a lone start deletes to the end.
func spliceArgs(a []any, args []any) (start, del int, ins []any) {
	start = relIndex(arg(args, 0), len(a), 0)
	switch {
	case len(args) == 0:
		del = 0
	case len(args) == 1:
		del = len(a) - start
	default:
		d := toInteger(args[1])
		del = int(max(0, min(d, float64(len(a)-start))))
		ins = args[2:]
	}
	return start, del, ins
}
