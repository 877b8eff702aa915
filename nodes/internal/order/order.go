// Package order is the comparison n8n's Sort and Remove Duplicates nodes
// sort items with: lodash isEqual, then lodash lt; stable, as JavaScript's
// Array.prototype.sort.
package order

import (
	"slices"

	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Compare orders a and b as n8n's comparators do for one field: 0 when
// lodash isEqual, -1 when lodash lt, else 1. Strings and numbers, the
// common case, skip the generic path.
func Compare(a, b any) int {
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return jsvalue.CompareStrings(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok && x == x && y == y {
			switch {
			case x == y:
				return 0
			case x < y:
				return -1
			}
			return 1
		}
	}
	if jsvalue.Equal(a, b) {
		return 0
	}
	if jsvalue.Lt(a, b) {
		return -1
	}
	return 1
}

// Stable returns the indexes 0..len(keys)-1 sorted by keys, field by field
// with dirs[j] (1 ascending, -1 descending), equal rows keeping their
// order. O(n log n) comparisons (pdqsort with the index as tie-break).
func Stable(keys [][]any, dirs []int) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	cmp := func(a, b int) int {
		for j, d := range dirs {
			if c := Compare(keys[a][j], keys[b][j]); c != 0 {
				return c * d
			}
		}
		return 0
	}
	if len(idx) < 64 {
		// V8 sorts short arrays by its run detection and binary insertion:
		// with comparators that are not consistent (undefined against
		// strings, mixed types) only the same steps give n8n's order.
		jsvalue.SortShort(idx, cmp)
		return idx
	}
	slices.SortFunc(idx, func(a, b int) int {
		for j, d := range dirs {
			if c := Compare(keys[a][j], keys[b][j]); c != 0 {
				return c * d
			}
		}
		return a - b
	})
	return idx
}
