package data

import (
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
