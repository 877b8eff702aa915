package data

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestParseJSONStringCopiesStrings: ParseJSONString reads the string's
// memory in place, so no string it returns (keys, plain and escaped
// values, interned keys) may point into it: the result must not keep a
// large input alive or change with it.
func TestParseJSONStringCopiesStrings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"list":[`)
	for i := range 40 { // enough objects for key interning to start
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":"plain","esc":"a\nb","uni":"héllo"}`)
	}
	b.WriteString(`],"k":"v"}`)
	s := b.String()
	v, err := ParseJSONString(s)
	if err != nil {
		t.Fatal(err)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	hi := lo + uintptr(len(s))
	var check func(v any)
	inside := func(x string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(x)))
		return len(x) > 0 && p >= lo && p < hi
	}
	check = func(v any) {
		switch x := v.(type) {
		case string:
			if inside(x) {
				t.Fatalf("%q points into the parsed string", x)
			}
		case *Object:
			for k, e := range x.All() {
				if inside(k) {
					t.Fatalf("key %q points into the parsed string", k)
				}
				check(e)
			}
		case []any:
			for _, e := range x {
				check(e)
			}
		}
	}
	check(v)
}

// TestParseSharesShortStrings checks that a document's repeated short
// string values share one box (shortStrings) and read back right: escaped
// and non-ASCII values, values that collide in the table, and long values
// that are never shared.
func TestParseSharesShortStrings(t *testing.T) {
	var b strings.Builder
	b.WriteString(`[`)
	const n = 60 // past internAfter objects
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"tag":"active","esc":"a\nb","uni":"héllo","own":"v%d","long":"a value longer than sixteen bytes"}`, i%300)
	}
	b.WriteString(`]`)
	v, err := ParseJSON([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	list := v.([]any)
	box := func(i int, k string) unsafe.Pointer {
		x, _ := list[i].(*Object).Get(k)
		return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1]
	}
	last := n - 1
	if box(last, "tag") != box(last-1, "tag") || box(last, "uni") != box(last-1, "uni") {
		t.Errorf("a repeated short value got a box of its own")
	}
	if box(last, "long") == box(last-1, "long") {
		t.Errorf("a long value was shared")
	}
	for i, e := range list {
		o := e.(*Object)
		for k, want := range map[string]string{"tag": "active", "esc": "a\nb", "uni": "héllo", "own": fmt.Sprintf("v%d", i%300), "long": "a value longer than sixteen bytes"} {
			if got, _ := o.Get(k); got != want {
				t.Fatalf("item %d %s = %#v, want %q", i, k, got, want)
			}
		}
	}
}

// BenchmarkParseJSONItems parses 1,000 generated items, the pure data
// benchmark's shape: the repeated short values are what shortStrings
// shares.
func BenchmarkParseJSONItems(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"items":[`)
	for i := range 1000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"id":%d,"name":"user %d","email":"user%d@example.com","score":%d,"tags":["a","b"],"status":"active"}`, i, i, i, i%100)
	}
	sb.WriteString(`]}`)
	in := []byte(sb.String())
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}
