package kit

import "testing"

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
