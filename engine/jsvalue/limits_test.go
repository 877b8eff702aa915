package jsvalue

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Issue 21 item 10: the setters never grow a slice past MaxArrayIndex, so a
// caller that skipped CheckPath still cannot allocate gigabytes.
func TestHugeArrayIndexDoesNotAllocate(t *testing.T) {
	obj := data.NewObject(0)
	Set(obj, "a[100000000]", 1)
	if a, ok := obj.Value("a").([]any); ok && len(a) > MaxArrayIndex+1 {
		t.Fatalf("Set grew the array to %d", len(a))
	}
	m := Merge(data.ObjectOf("a", []any{1}), nil, data.ObjectOf("a", data.ObjectOf("100000000", 2)))
	if a, ok := m.Value("a").([]any); ok && len(a) > MaxArrayIndex+1 {
		t.Fatalf("Merge grew the array to %d", len(a))
	}
	if err := CheckPath("o[100000000]"); err == nil || !strings.Contains(err.Error(), "up to 100000") {
		t.Fatalf("CheckPath = %v", err)
	}
	if err := CheckPath("o[99].x[100000]"); err != nil {
		t.Fatalf("CheckPath(within limit) = %v", err)
	}
}
