// Package intern shares equal short strings among the items one node
// execution produces.
//
// API answers repeat the same short values in every object: a status
// name, a workspace or parent id, a timestamp, an enum. Decoded one by
// one, each occurrence is its own string, and its own 16-byte box once
// it is stored in an item (a Go string in an interface). A Table hands
// out one boxed copy per distinct value instead; on the template's 50×
// first sync those repeats were tens of megabytes of the peak heap.
//
// A Table is for one execution of one node (no locking, no package
// state); items keep the shared strings after it is gone, which is safe
// because strings are immutable.
package intern

import (
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

const (
	// maxLen: longer strings are seldom repeated (texts, urls).
	maxLen = 64
	// maxEntries bounds the table; when full it starts again empty, so
	// answers full of unique ids cost a bounded map, and values that
	// repeat are shared again from then on.
	maxEntries = 1 << 16
)

// Table maps a string to its shared boxed copy. The zero value is ready;
// a nil *Table shares nothing (String copies, Own and Value return their
// argument).
type Table struct {
	m map[string]any
}

// String returns s as a value to store in an item: the shared copy of an
// equal string seen before, else a copy of s (s may be a view into a
// whole answer, which an item must not keep alive).
func (t *Table) String(s string) any {
	if t == nil || len(s) > maxLen {
		return strings.Clone(s)
	}
	if v, ok := t.m[s]; ok {
		return v
	}
	c := strings.Clone(s)
	return t.add(c, c)
}

// Own is String for a string the caller owns (already its own
// allocation): the first occurrence is kept as the shared copy.
func (t *Table) Own(s string) any {
	if t == nil || len(s) > maxLen {
		return s
	}
	return t.boxed(s, s)
}

// boxed is Own for s already boxed in v: a first occurrence keeps its
// box.
func (t *Table) boxed(v any, s string) any {
	if len(s) > maxLen {
		return v
	}
	if shared, ok := t.m[s]; ok {
		return shared
	}
	return t.add(s, v)
}

func (t *Table) add(s string, v any) any {
	if t.m == nil {
		t.m = make(map[string]any, 256)
	} else if len(t.m) >= maxEntries {
		clear(t.m)
	}
	t.m[s] = v
	return v
}

// Value replaces, in place, the short strings inside v (objects and
// arrays, at any depth) by shared copies and returns v (a string v is
// returned shared).
func (t *Table) Value(v any) any {
	if t == nil {
		return v
	}
	return t.value(v, 0)
}

// maxDepth bounds the walk (answers are shallow; a hostile one is not
// walked without end).
const maxDepth = 64

func (t *Table) value(v any, depth int) any {
	switch x := v.(type) {
	case string:
		return t.Own(x)
	case *data.Object:
		if x == nil || depth >= maxDepth {
			return v
		}
		for i := range x.Len() {
			switch e := x.ValueAt(i).(type) {
			case string:
				x.SetValueAt(i, t.boxed(x.ValueAt(i), e))
			case *data.Object, []any:
				t.value(e, depth+1)
			}
		}
	case []any:
		if depth >= maxDepth {
			return v
		}
		for i, v := range x {
			switch e := v.(type) {
			case string:
				x[i] = t.boxed(v, e)
			case *data.Object, []any:
				t.value(e, depth+1)
			}
		}
	}
	return v
}
