package jsvalue

import (
	"strconv"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Customizer is lodash mergeWith/assignWith's customizer: it returns the
// value to use, or ok=false for the default behaviour. hasObj tells a
// missing key from one holding null.
type Customizer func(objValue any, hasObj bool, srcValue any) (v any, ok bool)

// Merge is lodash merge(dst, srcs...) (mergeWith when cust is non-nil):
// deep, arrays merged by index, undefined source values never overwrite.
// dst is changed and returned. Nested objects and arrays are copied before
// they are changed, so no source (and nothing dst shares with one) is
// modified.
func Merge(dst *data.Object, cust Customizer, srcs ...*data.Object) *data.Object {
	for _, src := range srcs {
		if src == nil {
			continue
		}
		mergeObject(dst, src, cust)
	}
	return dst
}

func mergeObject(dst, src *data.Object, cust Customizer) {
	for k, sv := range src.All() {
		if data.IsUndefined(sv) {
			continue
		}
		ov, has := dst.Get(k)
		dst.Set(k, mergeValue(ov, has, sv, cust))
	}
}

func mergeValue(ov any, has bool, sv any, cust Customizer) any {
	if cust != nil {
		if v, ok := cust(ov, has, sv); ok {
			return v
		}
	}
	switch s := sv.(type) {
	case *data.Object:
		var target *data.Object
		switch o := ov.(type) {
		case *data.Object:
			target = o.Clone()
		case []any:
			// lodash merges object keys into the existing array; only index
			// keys survive in JSON.
			arr := append([]any(nil), o...)
			for k, e := range s.All() {
				if i, ok := ArrayIndex(k); ok && i <= MaxArrayIndex {
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
			target = data.NewObject(s.Len())
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

// Assign is lodash assign (assignWith when cust is non-nil): top-level keys
// only, later sources win, undefined values are copied too.
func Assign(dst *data.Object, cust Customizer, srcs ...*data.Object) *data.Object {
	for _, src := range srcs {
		for k, sv := range src.All() {
			if cust != nil {
				ov, has := dst.Get(k)
				if v, ok := cust(ov, has, sv); ok {
					dst.Set(k, v)
					continue
				}
			}
			dst.Set(k, sv)
		}
	}
	return dst
}

// ArrayIndex parses a canonical array index key ("0", "12"; not "01", "-1",
// "1.0" or an index too large to address a Go slice sensibly).
func ArrayIndex(k string) (int, bool) {
	if k == "" || len(k) > 15 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(k)
	return n, err == nil
}
