package data

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"
)

// bigItem is an Aggregate-like item: one array of n small objects.
func bigItem(n int) *Item {
	arr := make([]any, n)
	for i := range arr {
		arr[i] = ObjectOf("id", float64(i), "name", "user "+strconv.Itoa(i), "tags", []any{"a", "b"})
	}
	return &Item{JSON: ObjectOf("data", arr), Paired: One(0)}
}

// countingWriter records how many writes a stream took and their largest.
type countingWriter struct {
	bytes.Buffer
	writes, largest int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.writes++
	c.largest = max(c.largest, len(p))
	return c.Buffer.Write(p)
}

func TestValueWriterStreamsLikeAppendItem(t *testing.T) {
	for _, n := range []int{0, 3, 20000} {
		it := bigItem(n)
		var want Buf
		if err := AppendItem(&want, it); err != nil {
			t.Fatal(err)
		}
		var got countingWriter
		vw := NewValueWriter(&got)
		for range 2 {
			if err := vw.Item(it); err != nil {
				t.Fatal(err)
			}
		}
		if w := string(want) + string(want); got.String() != w {
			t.Fatalf("n=%d: streamed item differs from AppendItem", n)
		}
		// A large item reaches the writer in pieces of about flushAt bytes,
		// never whole.
		if len(want) > 4*flushAt && got.largest > 2*flushAt {
			t.Errorf("n=%d: a write of %d bytes (item %d bytes): not streamed", n, got.largest, len(want))
		}
	}
}

func TestValueWriterKeepsErrors(t *testing.T) {
	o := NewObject(1)
	o.Set("self", o)
	vw := NewValueWriter(io.Discard)
	if err := vw.Item(&Item{JSON: o}); err == nil {
		t.Fatal("a cyclic item was written")
	}
}

// BenchmarkValueWriterLargeItem writes an item of 50,000 objects, as the
// run data of an Aggregate over the pure data workflow.
func BenchmarkValueWriterLargeItem(b *testing.B) {
	it := bigItem(50000)
	vw := NewValueWriter(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := vw.Item(it); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValueWriterItems writes 50,000 items shaped like the pure data
// workflow's Enrich output (eight keys, strings, numbers, a small array),
// as the run data spool does for every node run.
func BenchmarkValueWriterItems(b *testing.B) {
	items := make([]Item, 50000)
	for i := range items {
		s := strconv.Itoa(i)
		items[i] = Item{JSON: ObjectOf("id", float64(i), "name", "user "+s, "email", "user"+s+"@example.com",
			"score", float64(i%100), "tags", []any{"a", "b"}, "upper", "USER "+s, "domain", "example.com",
			"double", float64(i%100*2)), Paired: One(i)}
	}
	vw := NewValueWriter(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		for i := range items {
			if err := vw.Item(&items[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestEncodedKeysAndStrings: keys written from a shared shape's encoded
// prefixes, and strings through the plain-ASCII shortcut, read as
// JSON.stringify writes them, on a second encoding too (the prefixes are
// built by the first).
func TestEncodedKeysAndStrings(t *testing.T) {
	keys := []string{"plain", `q"uote`, "back\\slash", "nl\n", "tab\t", "\x01ctl", "ümlaut", "\u2028", ""}
	want := `{"plain":"plain","q\"uote":"q\"uote","back\\slash":"back\\slash","nl\n":"nl\n","tab\t":"tab\t",` +
		`"\u0001ctl":"\u0001ctl","ümlaut":"ümlaut","` + "\u2028" + `":"` + "\u2028" + `","":""}`
	for round := range 2 {
		o := NewObject(len(keys))
		for _, k := range keys {
			o.Set(k, k)
		}
		var b Buf
		if err := AppendValue(&b, o); err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Fatalf("round %d:\n got %s\nwant %s", round, b, want)
		}
	}
}

// TestBufDoublesAsItGrows: a long text is written with a few doublings,
// not append's quarter steps for large slices.
func TestBufDoublesAsItGrows(t *testing.T) {
	var b Buf
	growths, last := 0, 0
	chunk := strings.Repeat("x", 100)
	for range 100000 {
		b.WriteString(chunk)
		if cap(b) != last {
			growths++
			last = cap(b)
		}
	}
	if growths > 30 {
		t.Fatalf("%d growths for %d bytes", growths, len(b))
	}
}

// TestBufKeepsTextAcrossGrowths: every byte written survives the
// growths, those of large buffers too (which skip clearing the new
// capacity), whatever the sizes written.
func TestBufKeepsTextAcrossGrowths(t *testing.T) {
	var b Buf
	var want strings.Builder
	for i := 0; want.Len() < 3*noZeroFrom; i++ {
		piece := strings.Repeat(strconv.Itoa(i%10), 1+i%(noZeroFrom/3))
		switch i % 3 {
		case 0:
			b.WriteString(piece)
		case 1:
			b.Write([]byte(piece))
		default:
			b.WriteByte(piece[0])
			piece = piece[:1]
		}
		want.WriteString(piece)
	}
	if string(b) != want.String() {
		t.Fatalf("text changed across growths (%d bytes written, %d kept)", want.Len(), len(b))
	}
}

// BenchmarkBufLargeText writes a 32 MB text in 100-byte pieces, as
// JSON.stringify of a large array does.
func BenchmarkBufLargeText(b *testing.B) {
	piece := strings.Repeat("x", 100)
	b.ReportAllocs()
	for b.Loop() {
		var buf Buf
		for len(buf) < 32<<20 {
			buf.WriteString(piece)
		}
	}
}
