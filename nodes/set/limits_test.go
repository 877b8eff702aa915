package set_test

import (
	"strings"
	"testing"
)

// Issue 21 item 10: a field name such as a[100000000] allocated gigabytes
// (lodash arrays are sparse, Go slices are not). It is refused with an error
// naming the limit, also when the name comes from item data.
func TestSetHugeArrayIndexIsRefused(t *testing.T) {
	in := []map[string]any{{"name": "a[100000000]"}}
	tests := []struct {
		name    string
		version float64
		params  map[string]any
	}{
		{"static name", 3.4, map[string]any{"assignments": assignments([3]any{"a[100000000]", "string", "x"})}},
		{"name from item data", 3.4, map[string]any{"assignments": assignments([3]any{"={{ $json.name }}", "string", "x"})}},
		{"legacy", 1, map[string]any{"values": map[string]any{"string": []any{map[string]any{"name": "a[100000000]", "value": "x"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runSet(t, in, tc.version, tc.params, "")
			if !strings.Contains(r.errMsg, "allows indexes up to 100000") {
				t.Fatalf("error = %q, want the index limit", r.errMsg)
			}
		})
	}
}
