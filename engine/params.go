package engine

import (
	"strconv"
	"strings"
)

// Params are a node's parameters with the type's defaults filled in.
type Params map[string]any

// Get returns the value at a dotted path ("options.limit",
// "assignments.assignments.0.value").
func (p Params) Get(path string) (any, bool) {
	var cur any = map[string]any(p)
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// String returns the value at path when it is a plain (non-expression) string.
func (p Params) String(path string) string {
	v, _ := p.Get(path)
	s, _ := v.(string)
	return s
}

// withDefaults returns raw overlaid on defaults (top level only, like n8n
// for boolean/number/options; collections are not defaulted inside).
func withDefaults(raw map[string]any, defaults map[string]any) Params {
	p := make(Params, len(raw)+len(defaults))
	for k, v := range defaults {
		p[k] = v
	}
	for k, v := range raw {
		p[k] = v
	}
	return p
}
