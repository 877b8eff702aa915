package comparedatasets

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/filter"
)

// This file holds the lodash helpers Compare Datasets relies on, with
// lodash's semantics on Go JSON values: isEqual, get/set/unset by path.

// num reports a number of any Go representation; isEqual and appendCanon
// must agree on what is one.
func num(v any) (float64, bool) { return jsvalue.AsNumber(v) }

// isEqual is lodash isEqual: deep, key order irrelevant, NaN equals NaN,
// an undefined-valued key is still a key.
func isEqual(a, b any) bool { return jsvalue.Equal(a, b) }

// appendCanon writes a canonical form of v such that two values have the
// same form exactly when isEqual holds; it keys the hash join.
func appendCanon(b []byte, v any) []byte {
	if x, ok := num(v); ok {
		if math.IsNaN(x) {
			return append(b, "nNaN;"...)
		}
		if x == 0 {
			x = 0 // -0 equals 0
		}
		b = append(b, 'n')
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
		return append(b, ';')
	}
	switch x := v.(type) {
	case nil:
		return append(b, 'z')
	case data.UndefinedType:
		return append(b, 'u')
	case bool:
		if x {
			return append(b, 't')
		}
		return append(b, 'f')
	case string:
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(len(x)), 10)
		b = append(b, ':')
		return append(b, x...)
	case []any:
		b = append(b, '[')
		for _, e := range x {
			b = appendCanon(b, e)
		}
		return append(b, ']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for _, k := range keys {
			b = appendCanon(b, k)
			b = appendCanon(b, x[k])
		}
		return append(b, '}')
	}
	// Anything else never equals another value: give it a unique form.
	return append(b, '?')
}

// pathParts is lodash's castPath for a string path: "a.b[0].c", `a["x"]`.
func pathParts(path string) []string {
	var parts []string
	var cur strings.Builder
	closed := false // just after "]": a following "." separates nothing
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.':
			if !closed {
				parts = append(parts, cur.String())
			}
			cur.Reset()
			closed = false
		case '[':
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				cur.WriteString(path[i:])
				i = len(path)
				continue
			}
			if cur.Len() > 0 {
				parts = append(parts, cur.String())
				cur.Reset()
			}
			inner := path[i+1 : i+end]
			if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[len(inner)-1] == inner[0] {
				inner = inner[1 : len(inner)-1]
			}
			parts = append(parts, inner)
			i += end
			closed = true
		default:
			cur.WriteByte(c)
			closed = false
		}
	}
	if !closed {
		parts = append(parts, cur.String())
	}
	return parts
}

// get is lodash get: a key equal to the whole path wins, then the path.
func get(obj map[string]any, path string) any {
	if v, ok := obj[path]; ok {
		return v
	}
	var cur any = obj
	for _, p := range pathParts(path) {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[p]
			if !ok {
				return data.Undefined
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(c) {
				return data.Undefined
			}
			cur = c[i]
		case string:
			if p == "length" {
				return float64(len([]rune(c)))
			}
			return data.Undefined
		default:
			return data.Undefined
		}
	}
	return cur
}

// getAny is get on any value (lodash get on a non-object gives undefined
// unless the path walks into it).
func getAny(v any, path string) any {
	if m, ok := v.(map[string]any); ok {
		return get(m, path)
	}
	return data.Undefined
}

// set is lodash set on a map: intermediate objects are created (arrays when
// the next key is an index). An undefined value creates the path and leaves
// the leaf absent, which is how it serialises.
func set(obj map[string]any, path string, v any) {
	parts := pathParts(path)
	var cur any = obj
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if data.IsUndefined(v) {
					delete(c, p)
				} else {
					c[p] = v
				}
				return
			}
			next, ok := c[p]
			if !ok || filter.TypeOf(next) != "object" || next == nil {
				if _, err := strconv.Atoi(parts[i+1]); err == nil {
					next = []any{}
				} else {
					next = map[string]any{}
				}
				c[p] = next
			}
			cur = next
		case []any:
			idx, err := strconv.Atoi(p)
			if err != nil || idx < 0 || idx >= len(c) {
				return // growing arrays in place is not possible here; n8n never needs it
			}
			if last {
				c[idx] = v
				return
			}
			cur = c[idx]
		default:
			return
		}
	}
}

// unset is lodash unset.
func unset(v any, path string) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if _, ok := m[path]; ok {
		delete(m, path)
		return
	}
	parts := pathParts(path)
	var cur any = m
	for i, p := range parts {
		c, ok := cur.(map[string]any)
		if !ok {
			return
		}
		if i == len(parts)-1 {
			delete(c, p)
			return
		}
		cur = c[p]
	}
}
