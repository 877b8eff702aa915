package jsvalue

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Lodash paths: get, set and unset by "a.b[0]['c.d']", as n8n's nodes call
// them on item JSON.

// lodash's reIsPlainProp and reIsDeepProp. Compiled once and only read.
var (
	plainProp = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\w*$`)
	})
	deepProp = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\.|\[(?:[^[\]]*|"(?:[^"\\]|\\.)*?"|'(?:[^'\\]|\\.)*?')\]`)
	})
)

// CastPath splits a lodash path ("a.b[0]['c.d']") into keys. Like lodash, a
// string that is itself an existing key of obj is used as one key.
func CastPath(path string, obj any) []string {
	if isKey(path, obj) {
		return []string{path}
	}
	return StringToPath(path)
}

func isKey(path string, obj any) bool {
	if plainProp().MatchString(path) || !deepProp().MatchString(path) {
		return true
	}
	switch o := obj.(type) {
	case *data.Object:
		return o.Has(path)
	case []any:
		i, ok := ArrayIndex(path)
		return ok && i < len(o)
	}
	return false
}

// StringToPath is lodash's stringToPath.
func StringToPath(s string) []string {
	var out []string
	if len(s) > 0 && s[0] == '.' {
		out = append(out, "")
	}
	p := 0
	for p <= len(s) {
		if p == len(s) {
			break
		}
		c := s[p]
		// [^.[\]]+
		if c != '.' && c != '[' && c != ']' {
			q := p
			for q < len(s) && s[q] != '.' && s[q] != '[' && s[q] != ']' {
				q++
			}
			out = append(out, s[p:q])
			p = q
			continue
		}
		if c == '[' {
			if key, end, ok := bracket(s, p); ok {
				out = append(out, key)
				p = end
				continue
			}
		}
		// (?=(?:\.|\[\])(?:\.|\[\]|$)) : an empty key
		if sep := sepLen(s, p); sep > 0 {
			if q := p + sep; q == len(s) || sepLen(s, q) > 0 {
				out = append(out, "")
			}
		}
		p++
	}
	return out
}

func sepLen(s string, p int) int {
	if p < len(s) && s[p] == '.' {
		return 1
	}
	if p+1 < len(s) && s[p] == '[' && s[p+1] == ']' {
		return 2
	}
	return 0
}

// bracket matches \[(?:([^"'][^[]*)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\] at p.
func bracket(s string, p int) (string, int, bool) {
	if p+1 >= len(s) {
		return "", 0, false
	}
	c := s[p+1]
	if c != '"' && c != '\'' {
		lim := len(s)
		for q := p + 2; q < len(s); q++ {
			if s[q] == '[' {
				lim = q
				break
			}
		}
		for r := lim - 1; r >= p+2; r-- {
			if s[r] == ']' {
				return s[p+1 : r], r + 1, true
			}
		}
		return "", 0, false
	}
	var key []byte
	for q := p + 2; q < len(s); q++ {
		switch s[q] {
		case '\\':
			if q+1 >= len(s) {
				return "", 0, false
			}
			key = append(key, s[q+1])
			q++
		case c:
			if q+1 < len(s) && s[q+1] == ']' {
				return string(key), q + 2, true
			}
			return "", 0, false
		default:
			key = append(key, s[q])
		}
	}
	return "", 0, false
}

// Prop reads one property as JavaScript's v[key] does (undefined: ok=false).
func Prop(v any, key string) (any, bool) {
	switch o := v.(type) {
	case *data.Object:
		return o.Get(key)
	case []any:
		if key == "length" {
			return float64(len(o)), true
		}
		if i, ok := ArrayIndex(key); ok && i < len(o) {
			return o[i], true
		}
	case string:
		if key == "length" {
			return float64(len([]rune(o))), true
		}
		if i, ok := ArrayIndex(key); ok {
			u := utf16.Encode([]rune(o))
			if i < len(u) {
				return string(rune(u[i])), true
			}
		}
	}
	return nil, false
}

// Get is lodash get(obj, path): ok is false when the result is undefined.
func Get(obj any, path string) (any, bool) {
	return GetPath(obj, CastPath(path, obj))
}

// GetPath walks already split keys.
func GetPath(obj any, keys []string) (any, bool) {
	if len(keys) == 0 {
		return nil, false
	}
	cur := obj
	for _, k := range keys {
		if cur == nil {
			return nil, false
		}
		v, ok := Prop(cur, k)
		if !ok {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// Set is lodash set(obj, path, value) on an item's json object.
func Set(obj *data.Object, path string, value any) { set(obj, path, value, false) }

// SetCopying is Set on an object whose nested values other items may
// share (a shallow copy of an input item): every object or array the path
// goes through is copied before it is written into, so the write shows in
// obj alone. Nodes that copy an item's top level only (Set with its other
// fields included) write with it instead of deep-copying the whole item.
func SetCopying(obj *data.Object, path string, value any) { set(obj, path, value, true) }

// set is Set, copying what the path goes through with copying.
func set(obj *data.Object, path string, value any, copying bool) {
	if !strings.ContainsAny(path, ".[") {
		// A plain key (lodash isKey): no path to split, nothing to copy.
		if !forbidden(path) {
			obj.Set(path, value)
		}
		return
	}
	setPath(obj, CastPath(path, obj), value, copying)
}

// UnsetCopying is Unset on an object whose nested values may be shared,
// as SetCopying: the objects and arrays on the path are copied first.
func UnsetCopying(obj *data.Object, path string) {
	unsetPath(obj, CastPath(path, obj), true)
}

// shallowCopy copies an object's or array's top level; other values are
// returned as they are.
func shallowCopy(v any) any {
	switch c := v.(type) {
	case *data.Object:
		return c.CloneGrow(0)
	case []any:
		return slices.Clone(c)
	}
	return v
}

func forbidden(k string) bool { return k == "__proto__" || k == "constructor" || k == "prototype" }

// setPath sets keys in nested; copying copies each object or array on
// the path before writing into it (SetCopying).
func setPath(nested any, keys []string, value any, copying bool) any {
	if len(keys) == 0 {
		return nested
	}
	k := keys[0]
	if forbidden(k) {
		return nested
	}
	nv := value
	if len(keys) > 1 {
		cur, _ := Prop(nested, k)
		switch cur.(type) {
		case *data.Object, []any:
			if copying {
				cur = shallowCopy(cur)
			}
		default:
			if i, ok := ArrayIndex(keys[1]); ok && i <= MaxArrayIndex {
				cur = []any{}
			} else {
				cur = data.NewObject(1)
			}
		}
		nv = setPath(cur, keys[1:], value, copying)
	}
	return assign(nested, k, nv)
}

func assign(container any, k string, v any) any {
	switch c := container.(type) {
	case *data.Object:
		c.Set(k, v)
	case []any:
		i, ok := ArrayIndex(k)
		if !ok || i > MaxArrayIndex {
			// A named property on an array is invisible in JSON.
			return c
		}
		for len(c) <= i {
			c = append(c, nil)
		}
		c[i] = v
		return c
	}
	return container
}

// Unset is lodash unset(obj, path): the key is deleted, an array element
// becomes a hole (null in JSON).
func Unset(obj any, path string) {
	unsetPath(obj, CastPath(path, obj), false)
}

// unsetPath deletes keys from obj; copying copies each object or array on
// the path first (UnsetCopying); obj itself is changed in place.
func unsetPath(obj any, keys []string, copying bool) {
	if len(keys) == 0 {
		return
	}
	var parent any = obj
	if len(keys) > 1 {
		p, ok := GetPath(obj, keys[:len(keys)-1])
		if !ok {
			return
		}
		parent = p
		if copying {
			parent = obj
			for _, k := range keys[:len(keys)-1] {
				cur, _ := Prop(parent, k)
				cp := shallowCopy(cur)
				assign(parent, k, cp)
				parent = cp
			}
		}
	}
	last := keys[len(keys)-1]
	switch c := parent.(type) {
	case *data.Object:
		c.Delete(last)
	case []any:
		// delete arr[i] leaves a hole, which JSON writes as null.
		if i, ok := ArrayIndex(last); ok && i < len(c) {
			c[i] = nil
		}
	}
}
