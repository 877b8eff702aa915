package data

import (
	"testing"
	"unsafe"
)

// TestItemSize: an Item stays 40 bytes. Runs hold several lists of
// every item (a node's input copy, its output, the run data), so each
// word counts: 500,000 items are 20 MB per list.
func TestItemSize(t *testing.T) {
	if got := unsafe.Sizeof(Item{}); got > 40 {
		t.Fatalf("data.Item is %d bytes, want at most 40", got)
	}
}

// TestPairedList: a pairedItem's list comes back as it went in — nil
// stays nil, empty stays empty — and its capacity is its length, so an
// append to it never writes into entries other items share.
func TestPairedList(t *testing.T) {
	shared := []PairedItem{{Item: 0}, {Item: 1}, {Item: 2}}
	cases := []struct {
		name string
		p    Paired
		want []PairedItem
		nil  bool
		json string
	}{
		{"nil list", MakePaired(nil, PairedArray), nil, true, "[]"},
		{"empty list", MakePaired([]PairedItem{}, PairedArray), []PairedItem{}, false, "[]"},
		{"one", One(3), []PairedItem{{Item: 3}}, false, `{"item":3}`},
		{"one of a shared list", MakePaired(shared[1:2], PairedObject), shared[1:2], false, `{"item":1}`},
		{"many", Many(shared...), shared, false, `[{"item":0},{"item":1},{"item":2}]`},
		{"number", MakePaired([]PairedItem{{Item: 4}}, PairedNumber), []PairedItem{{Item: 4}}, false, "4"},
		{"none", Paired{}, nil, true, "null"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.p.List()
			if (got == nil) != c.nil || len(got) != len(c.want) || cap(got) != len(got) {
				t.Fatalf("List() = %v (len %d cap %d, nil %v)", got, len(got), cap(got), got == nil)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("entry %d = %+v, want %+v", i, got[i], c.want[i])
				}
			}
			b, err := c.p.MarshalJSON()
			if err != nil || string(b) != c.json {
				t.Fatalf("JSON %s (%v), want %s", b, err, c.json)
			}
			var back Paired
			if err := back.UnmarshalJSON(b); err != nil {
				t.Fatal(err)
			}
			if b2, _ := back.MarshalJSON(); string(b2) != c.json {
				t.Fatalf("read back as %s, want %s", b2, c.json)
			}
		})
	}
	_ = append(MakePaired(shared[:1], PairedObject).List(), PairedItem{Item: 9})
	if shared[1].Item != 1 {
		t.Fatal("an append to a list wrote into the shared entries")
	}
}
