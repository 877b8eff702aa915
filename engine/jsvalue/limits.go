package jsvalue

import (
	"fmt"
	"strings"
)

// MaxArrayIndex bounds the array index a lodash-style path may write: JS
// arrays are sparse, Go slices are not, so `a[100000000]` would allocate
// gigabytes. Nodes check field names with CheckPath to report a clear
// error; the setters also refuse larger indexes as a last guard.
const MaxArrayIndex = 100_000

// CheckPath reports a path whose array indexes exceed MaxArrayIndex.
func CheckPath(path string) error {
	if !strings.ContainsAny(path, ".[") {
		return nil
	}
	for _, k := range StringToPath(path) {
		if i, ok := ArrayIndex(k); ok && i > MaxArrayIndex {
			return fmt.Errorf("the path %q uses array index %d; n8n-go allows indexes up to %d", truncateForError(path), i, MaxArrayIndex)
		}
	}
	return nil
}

func truncateForError(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
