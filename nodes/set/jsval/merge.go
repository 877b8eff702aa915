package jsval

import (
	"encoding/json"
	"math"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Customizer is lodash mergeWith/assignWith's customizer: it returns the
// value to use, or ok=false for the default behaviour.
type Customizer func(objValue any, hasObj bool, srcValue any) (any, bool)

// Merge is lodash merge(dst, srcs...): deep, arrays merged by index, source
// values that are undefined never overwrite. dst is changed and returned.
// Nested objects and arrays are copied before being changed, so sources are
// never modified.
func Merge(dst map[string]any, cust Customizer, srcs ...map[string]any) map[string]any {
	for _, src := range srcs {
		if src == nil {
			continue
		}
		mergeObject(dst, src, cust)
	}
	return dst
}

func mergeObject(dst, src map[string]any, cust Customizer) {
	for k, sv := range src {
		if data.IsUndefined(sv) {
			continue
		}
		ov, has := dst[k]
		dst[k] = mergeValue(ov, has, sv, cust)
	}
}

func mergeValue(ov any, has bool, sv any, cust Customizer) any {
	if cust != nil {
		if v, ok := cust(ov, has, sv); ok {
			return v
		}
	}
	switch s := sv.(type) {
	case map[string]any:
		var target map[string]any
		switch o := ov.(type) {
		case map[string]any:
			target = cloneShallow(o)
		case []any:
			// lodash merges object keys into the existing array; only index
			// keys survive in JSON.
			arr := append([]any(nil), o...)
			for k, e := range s {
				if i, ok := arrayIndex(k); ok {
					for len(arr) <= i {
						arr = append(arr, nil)
					}
					var cur any
					if i < len(o) {
						cur = o[i]
					}
					arr[i] = mergeValue(cur, i < len(o), e, cust)
				}
			}
			return arr
		default:
			target = map[string]any{}
		}
		mergeObject(target, s, cust)
		return target
	case []any:
		var arr []any
		if o, ok := ov.([]any); ok {
			arr = append([]any(nil), o...)
		} else {
			arr = []any{}
		}
		for i, e := range s {
			if data.IsUndefined(e) {
				if i >= len(arr) {
					arr = append(arr, nil)
				}
				continue
			}
			var cur any
			had := i < len(arr)
			if had {
				cur = arr[i]
			} else {
				arr = append(arr, nil)
			}
			arr[i] = mergeValue(cur, had, e, cust)
		}
		return arr
	}
	return sv
}

func cloneShallow(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Assign is lodash assign / assignWith: top-level keys only.
func Assign(dst map[string]any, cust Customizer, srcs ...map[string]any) map[string]any {
	for _, src := range srcs {
		for k, sv := range src {
			ov, has := dst[k]
			if cust != nil {
				if v, ok := cust(ov, has, sv); ok {
					dst[k] = v
					continue
				}
			}
			dst[k] = sv
		}
	}
	return dst
}

// Equal is lodash isEqual for JSON values (NaN equals NaN; numbers of any Go
// type compare by value).
func Equal(a, b any) bool {
	if na, ok := num(a); ok {
		nb, ok := num(b)
		if !ok {
			return false
		}
		return na == nb || (math.IsNaN(na) && math.IsNaN(nb))
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case data.UndefinedType:
		return data.IsUndefined(b)
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return false
		}
		// Keys holding undefined still count in lodash; our JSON has none.
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return false
}

func num(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		return ToNumber(x), true
	}
	return 0, false
}
