package kit

import (
	"slices"
	"testing"
	"unsafe"
)

// Issue 21 item 12: the fakes' request logs were append-only, so
// `serve --sandbox` grew ~75 KB per execution.
func TestLogKeepsTheNewestEntries(t *testing.T) {
	var l Log[int]
	for i := range 10 * DefaultLogLimit {
		l.Add(i)
	}
	all := l.All()
	if len(all) != DefaultLogLimit || all[0] != 9*DefaultLogLimit || all[len(all)-1] != 10*DefaultLogLimit-1 {
		t.Fatalf("kept %d entries, %d..%d", len(all), all[0], all[len(all)-1])
	}
	if l.Dropped() != 9*DefaultLogLimit {
		t.Fatalf("dropped %d", l.Dropped())
	}
	if cap(l.entries) > 2*DefaultLogLimit {
		t.Fatalf("backing array holds %d entries", cap(l.entries))
	}
	small := Log[int]{Limit: 3}
	for i := range 5 {
		small.Add(i)
	}
	if got := small.All(); len(got) != 3 || got[0] != 2 {
		t.Fatalf("limit 3: %v", got)
	}
}

// TestLogRingOrder checks the ring against a plain sliding window: the
// entries kept, their order and the count dropped, also when Limit is
// raised or lowered after the ring wrapped.
func TestLogRingOrder(t *testing.T) {
	tests := []struct {
		name string
		// adds[i] entries are added with Limit limits[i].
		limits, adds []int
	}{
		{"below the limit", []int{5}, []int{3}},
		{"exactly full", []int{5}, []int{5}},
		{"wrapped once", []int{5}, []int{7}},
		{"wrapped many times", []int{3}, []int{100}},
		{"limit one", []int{1}, []int{4}},
		{"raised after wrapping", []int{3, 6}, []int{5, 5}},
		{"lowered after wrapping", []int{4, 2}, []int{6, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Log[int]
			var want []int
			dropped, n := 0, 0
			for i, limit := range tt.limits {
				l.Limit = limit
				for range tt.adds[i] {
					// The window the log kept before it was a ring.
					if len(want) >= limit {
						want = want[1:]
						dropped++
					}
					want = append(want, n)
					l.Add(n)
					n++
				}
			}
			if got := l.All(); !slices.Equal(got, want) {
				t.Errorf("All() = %v, want %v", got, want)
			}
			if l.Dropped() != dropped {
				t.Errorf("Dropped() = %d, want %d", l.Dropped(), dropped)
			}
		})
	}
}

// TestLogFullDoesNotMoveEntries: once full, an entry takes the oldest
// one's slot; the log is not copied into a new array as a sliding window
// over a slice was every few hundred requests.
func TestLogFullDoesNotMoveEntries(t *testing.T) {
	l := Log[int]{Limit: 100}
	for i := range 100 {
		l.Add(i)
	}
	backing := unsafe.SliceData(l.entries)
	for i := range 1000 {
		l.Add(i)
	}
	if unsafe.SliceData(l.entries) != backing {
		t.Fatal("a full log moved its entries to a new array")
	}
	if allocs := testing.AllocsPerRun(100, func() { l.Add(1) }); allocs != 0 {
		t.Fatalf("Add on a full log allocates %v times", allocs)
	}
}
