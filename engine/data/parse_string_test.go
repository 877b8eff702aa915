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

// TestParseReusesShapes: with the parser's shape cache in the way, every
// object still has the keys, order and values that setting its members
// one by one gives (integer-like keys first, a repeated key in its first
// place with its last value), and objects with the same keys in the same
// order share one shape. (The shape tree shares it without the cache too;
// TestShapeCacheRemembersOnlyExactShapes checks the cache itself.)
func TestParseReusesShapes(t *testing.T) {
	members := []string{
		`"id":1,"name":"a","tags":["x"]`,
		`"b":1,"2":2,"1":3`,
		`"k":1,"k":2,"j":3`,
		`"id":1,"name":"a"`,
		`"name":"a","id":1,"tags":[]`,
		`"1":1,"2":2`,
		`"x":{"id":1,"name":"a","tags":["y"]},"y":null`,
	}
	var b strings.Builder
	b.WriteString("[")
	for i := range 70 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("{" + members[i%len(members)] + "}")
	}
	b.WriteString("]")
	v, err := ParseJSON([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	list := v.([]any)
	for i, e := range list {
		got := e.(*Object)
		want := setOneByOne(t, "{"+members[i%len(members)]+"}")
		gb, _ := MarshalValue(got)
		wb, _ := MarshalValue(want)
		if string(gb) != string(wb) {
			t.Fatalf("object %d: %s, want %s", i, gb, wb)
		}
		if i >= len(members) && got.sh != list[i-len(members)].(*Object).sh {
			t.Errorf("object %d (%s) did not share the shape of the same keys before it", i, members[i%len(members)])
		}
	}
}

// setOneByOne builds the object of a flat JSON text's members by setting
// them in order, without the parser's shape cache.
func setOneByOne(t *testing.T, text string) *Object {
	t.Helper()
	p := parser{b: []byte(text)}
	p.i++ // {
	o := NewObject(0)
	for p.b[p.i] != '}' {
		k, err := p.str()
		if err != nil {
			t.Fatal(err)
		}
		p.i++ // :
		v, err := p.value(0)
		if err != nil {
			t.Fatal(err)
		}
		o.Set(k, v)
		if p.b[p.i] == ',' {
			p.i++
		}
	}
	return o
}

// TestShapeCacheRemembersOnlyExactShapes: the cache keeps the shape of
// members whose keys it holds in their order, and not that of members
// with a repeated or an integer-like key out of order.
func TestShapeCacheRemembersOnlyExactShapes(t *testing.T) {
	for _, c := range []struct {
		keys     []string
		remember bool
	}{
		{[]string{"id", "name"}, true},
		{[]string{"1", "2", "z"}, true},
		{[]string{"k", "k"}, false},
		{[]string{"b", "1"}, false},
	} {
		var sc shapeCache
		ms := make([]entry, len(c.keys))
		for i, k := range c.keys {
			ms[i] = entry{k, float64(i)}
		}
		o := sc.build(ms)
		got := *sc.slot(ms)
		if c.remember != (got != nil) || (got != nil && got != o.sh) {
			t.Errorf("%v: cached %v, want remembered %v", c.keys, got, c.remember)
			continue
		}
		if again := sc.build(ms); c.remember && (again.sh != got || again.ValueAt(1) != float64(1)) {
			t.Errorf("%v: second object has shape %p values %v, want the cached %p", c.keys, again.sh, again.vals, got)
		}
	}
}
