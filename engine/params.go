package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Params are a node's raw parameters with the type's defaults filled in.
// The embedded object reads top-level keys; Get and String take paths.
type Params struct{ *data.Object }

// Get returns the value at a dotted path ("options.limit",
// "assignments.assignments.0.value").
func (p Params) Get(path string) (any, bool) {
	var cur any = p.Object
	for part := range strings.SplitSeq(path, ".") {
		switch c := cur.(type) {
		case *data.Object:
			v, ok := c.Get(part)
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
// for boolean/number/options; collections are not defaulted inside). The
// workflow's keys keep their order; defaults it lacks follow.
func withDefaults(raw *data.Object, defaults map[string]any) Params {
	p := raw.Clone()
	if p == nil {
		p = data.NewObject(len(defaults))
	}
	for _, k := range sortedKeys(defaults) {
		if !p.Has(k) {
			p.Set(k, data.Normalize(data.CloneJSON(defaults[k])))
		}
	}
	return Params{p}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
