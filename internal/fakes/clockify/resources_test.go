package clockify

import (
	"fmt"
	"testing"
)

// TestFormatID: ids are written as fmt's "64%022x" writes them.
func TestFormatID(t *testing.T) {
	for _, n := range []uint64{0, 1, 15, 16, 255, 1 << 40, 1<<64 - 1} {
		if got, want := formatID(n), fmt.Sprintf("64%022x", n); got != want {
			t.Errorf("formatID(%d) = %q, want %q", n, got, want)
		}
	}
}
