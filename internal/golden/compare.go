// Package golden compares JSON documents semantically and manages golden
// files. Values, array order and object key order must match (n8n's users
// see key order: it is JavaScript's insertion order), numbers compare by
// value (1 equals 1.0), and volatile fields (timings, stacks, n8n-internal
// ids) can be dropped before comparing. Differences come back as readable
// lines, each naming the JSON path where want and got part ways.
package golden

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Options tune Compare.
type Options struct {
	// Drop lists fields removed from both documents before comparing. A rule
	// is a dot-separated key suffix: "startTime" drops that key at any depth,
	// "error.stack" drops "stack" only inside an object held under "error".
	// Array indexes are not part of the suffix, so "runData" rules see
	// through the per-run arrays. Rules never apply inside item payloads
	// (anything under a "json" or "binary" key), so user data is always
	// compared in full.
	Drop []string
	// NoDefaultDrop turns off DefaultDrop; only Drop applies.
	NoDefaultDrop bool
	// MaxDiffs caps the number of lines returned (default 50); the last line
	// then says how many more were found.
	MaxDiffs int
	// IgnoreKeyOrder compares objects as sets of keys. It is for matching
	// requests (HTTP replay), where order carries no meaning, not for
	// checking what a node produced.
	IgnoreKeyOrder bool
}

// DefaultDrop returns the fields that differ between any two runs of the same
// workflow: clock readings, hints, stack traces, error timestamps and the
// runtime block n8n adds to executionData. executionIndex is kept: it
// encodes the execution order.
func DefaultDrop() []string {
	return []string{
		"startTime", "executionTime", "startedAt", "stoppedAt", "hints",
		"error.stack", "error.timestamp", "executionData.runtimeData",
	}
}

// Compare reports how got differs from want. It returns nil when they are
// semantically equal. A document that is not valid JSON yields one line
// saying so.
func Compare(want, got []byte, opts Options) []string {
	w, err := decode(want)
	if err != nil {
		return []string{fmt.Sprintf("want is not valid JSON: %v", err)}
	}
	g, err := decode(got)
	if err != nil {
		return []string{fmt.Sprintf("got is not valid JSON: %v", err)}
	}
	return CompareValues(w, g, opts)
}

// CompareValues is Compare on values already decoded: *data.Object (from
// data.ParseJSON, keeping order), slices, strings, bools, nil, numbers. A
// map[string]any has no order and is taken with its keys sorted.
func CompareValues(want, got any, opts Options) []string {
	rules := parseRules(opts)
	want = drop(data.Normalize(want), nil, rules)
	got = drop(data.Normalize(got), nil, rules)
	d := &differ{max: opts.MaxDiffs, order: !opts.IgnoreKeyOrder}
	if d.max <= 0 {
		d.max = 50
	}
	d.diff("$", want, got)
	if d.extra > 0 {
		d.lines = append(d.lines, fmt.Sprintf("… and %d more differences", d.extra))
	}
	return d.lines
}

// decode parses JSON keeping each object's key order.
func decode(b []byte) (any, error) { return data.ParseJSON(b) }

func parseRules(opts Options) [][]string {
	var src []string
	if !opts.NoDefaultDrop {
		src = append(src, DefaultDrop()...)
	}
	src = append(src, opts.Drop...)
	rules := make([][]string, 0, len(src))
	for _, r := range src {
		if r = strings.TrimSpace(r); r != "" {
			rules = append(rules, strings.Split(r, "."))
		}
	}
	return rules
}

// drop returns v without the fields the rules name. keys is the path of
// object keys (array indexes left out) leading to v. It builds new maps and
// slices, so the caller's values are not changed.
func drop(v any, keys []string, rules [][]string) any {
	switch x := v.(type) {
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, val := range x.All() {
			path := append(keys[:len(keys):len(keys)], k)
			if matchesAny(path, rules) {
				continue
			}
			if k == "json" || k == "binary" {
				out.Set(k, val) // item payloads are compared in full
				continue
			}
			out.Set(k, drop(val, path, rules))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = drop(val, keys, rules)
		}
		return out
	default:
		return v
	}
}

func matchesAny(path []string, rules [][]string) bool {
	for _, r := range rules {
		if len(r) > len(path) {
			continue
		}
		tail := path[len(path)-len(r):]
		ok := true
		for i := range r {
			if r[i] != tail[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

type differ struct {
	lines []string
	max   int
	extra int
	order bool // report objects whose shared keys come in another order
}

func (d *differ) add(format string, args ...any) {
	if len(d.lines) >= d.max {
		d.extra++
		return
	}
	d.lines = append(d.lines, fmt.Sprintf(format, args...))
}

func (d *differ) diff(path string, want, got any) {
	switch w := want.(type) {
	case *data.Object:
		g, ok := got.(*data.Object)
		if !ok {
			d.add("%s: want %s, got %s", path, show(want), show(got))
			return
		}
		if d.order {
			d.keyOrder(path, w, g)
		}
		keys := append(make([]string, 0, w.Len()+g.Len()), w.Keys()...)
		for _, k := range g.Keys() {
			if !w.Has(k) {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			p := path + keyPath(k)
			wv, inW := w.Get(k)
			gv, inG := g.Get(k)
			switch {
			case !inG:
				d.add("%s: missing, want %s", p, show(wv))
			case !inW:
				d.add("%s: unexpected %s", p, show(gv))
			default:
				d.diff(p, wv, gv)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			d.add("%s: want %s, got %s", path, show(want), show(got))
			return
		}
		if len(w) != len(g) {
			d.add("%s: want %d elements, got %d", path, len(w), len(g))
		}
		for i := 0; i < min(len(w), len(g)); i++ {
			d.diff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
		for i := len(g); i < len(w); i++ {
			d.add("%s[%d]: missing, want %s", path, i, show(w[i]))
		}
		for i := len(w); i < len(g); i++ {
			d.add("%s[%d]: unexpected %s", path, i, show(g[i]))
		}
	default:
		if !scalarEqual(want, got) {
			d.add("%s: want %s, got %s", path, show(want), show(got))
		}
	}
}

// keyOrder reports when the keys both objects have come in another order
// (missing and extra keys are reported one by one by diff).
func (d *differ) keyOrder(path string, w, g *data.Object) {
	var wk, gk []string
	for _, k := range w.Keys() {
		if g.Has(k) {
			wk = append(wk, k)
		}
	}
	for _, k := range g.Keys() {
		if w.Has(k) {
			gk = append(gk, k)
		}
	}
	if !slices.Equal(wk, gk) {
		d.add("%s: key order: want %s, got %s", path, strings.Join(wk, ","), strings.Join(gk, ","))
	}
}

func scalarEqual(a, b any) bool {
	an, aNum := number(a)
	bn, bNum := number(b)
	if aNum || bNum {
		return aNum && bNum && an == bn
	}
	return a == b
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// keyPath renders one object key of a JSON path: .name for identifiers,
// ["any key"] otherwise.
func keyPath(k string) string {
	if k == "" {
		return `[""]`
	}
	for i, r := range k {
		ident := r == '_' || r == '$' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ident {
			b, _ := json.Marshal(k)
			return "[" + string(b) + "]"
		}
	}
	return "." + k
}

// show renders a value compactly for a diff line.
func show(v any) string {
	b, err := data.MarshalValue(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	const limit = 160
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}
