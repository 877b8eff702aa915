package webhook

import (
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// ParseQuery parses a query string as Express 5 with the "extended" parser
// (qs) that n8n sets: repeated keys become lists, a[b]=1 nests objects,
// a[]=1 and a[0]=1 build lists (indexes up to 20), nesting stops at depth 5.
func ParseQuery(raw string) *data.Object {
	out := data.NewObject(0)
	if raw == "" {
		return out
	}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, hasEq := strings.Cut(pair, "=")
		key, val := unescape(k), unescape(v)
		if !hasEq && key == "" {
			continue
		}
		path := splitKey(key)
		if len(path) == 0 {
			continue
		}
		insert(out, path, val)
	}
	return finishLists(out).(*data.Object)
}

// splitKey splits "a[b][c]" into [a b c]; "a[]" gives [a ""].
func splitKey(key string) []string {
	i := strings.IndexByte(key, '[')
	if i <= 0 {
		return []string{key}
	}
	parts := []string{key[:i]}
	rest := key[i:]
	for depth := 0; strings.HasPrefix(rest, "[") && depth < 5; depth++ {
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			break
		}
		parts = append(parts, rest[1:j])
		rest = rest[j+1:]
	}
	if rest != "" {
		// qs keeps what is left beyond the depth as one literal key.
		parts = append(parts, rest)
	}
	return parts
}

// listMarker wraps objects built from "[]" or small numeric indexes, turned
// into lists at the end.
type listMarker struct{ m *data.Object }

func insert(m *data.Object, path []string, val string) {
	key := path[0]
	if len(path) == 1 {
		addValue(m, key, val)
		return
	}
	next := path[1]
	child, ok := m.Get(key)
	isList := next == "" || isSmallIndex(next)
	switch c := child.(type) {
	case *listMarker:
		if next == "" {
			next = strconv.Itoa(c.m.Len())
		}
		insert(c.m, append([]string{next}, path[2:]...), val)
		return
	case *data.Object:
		if next == "" {
			next = strconv.Itoa(c.Len())
		}
		insert(c, append([]string{next}, path[2:]...), val)
		return
	case nil:
		_ = ok
	default:
		// A scalar already there: qs combines into a list.
		if next == "" {
			m.Set(key, []any{c, val})
			return
		}
	}
	if isList {
		lm := &listMarker{m: data.NewObject(1)}
		m.Set(key, lm)
		if next == "" {
			next = "0"
		}
		insert(lm.m, append([]string{next}, path[2:]...), val)
		return
	}
	nm := data.NewObject(1)
	m.Set(key, nm)
	insert(nm, path[1:], val)
}

func isSmallIndex(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 20 && strconv.Itoa(n) == s
}

func finishLists(v any) any {
	switch x := v.(type) {
	case *listMarker:
		keys := make([]int, 0, x.m.Len())
		allNum := true
		for _, k := range x.m.Keys() {
			n, err := strconv.Atoi(k)
			if err != nil {
				allNum = false
				break
			}
			keys = append(keys, n)
		}
		if !allNum {
			return finishLists(x.m)
		}
		sort.Ints(keys)
		list := make([]any, 0, len(keys))
		for _, k := range keys {
			list = append(list, finishLists(x.m.Value(strconv.Itoa(k))))
		}
		return list
	case *data.Object:
		for i := 0; i < x.Len(); i++ {
			x.SetValueAt(i, finishLists(x.ValueAt(i)))
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = finishLists(e)
		}
		return x
	}
	return v
}
