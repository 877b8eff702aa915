package intern

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/n8n-go/n8n-go/engine/data"
)

func dataOf(v any) unsafe.Pointer { return unsafe.Pointer(unsafe.StringData(v.(string))) }

func TestTableShares(t *testing.T) {
	var tb Table
	answer := `"Done","Done"`
	a := tb.String(answer[1:5])
	b := tb.String(answer[8:12])
	if a != "Done" || b != "Done" || dataOf(a) != dataOf(b) {
		t.Fatalf("not shared: %v %v", a, b)
	}
	if dataOf(a) == unsafe.Pointer(unsafe.StringData(answer)) || dataOf(a) == unsafe.Pointer(unsafe.StringData(answer[1:])) {
		t.Fatal("the shared copy points into the answer")
	}
	long := strings.Repeat("x", maxLen+1)
	if l1, l2 := tb.String(long), tb.String(long); dataOf(l1) == dataOf(l2) {
		t.Error("long strings are shared")
	}
	var nilTable *Table
	if v := nilTable.String("a"); v != "a" {
		t.Errorf("nil table: %v", v)
	}
	if v := nilTable.Value(data.ObjectOf("a", "b")); v.(*data.Object).Value("a") != "b" {
		t.Error("nil table changed the value")
	}
}

func TestTableValue(t *testing.T) {
	var tb Table
	one := data.ObjectOf("ws", strings.Clone("w1"), "tags", []any{strings.Clone("w1"), 1.0, nil, data.ObjectOf("x", strings.Clone("w1"))})
	two := data.ObjectOf("ws", strings.Clone("w1"))
	tb.Value(one)
	tb.Value(two)
	first := one.Value("ws")
	for _, v := range []any{two.Value("ws"), one.Value("tags").([]any)[0], one.Value("tags").([]any)[3].(*data.Object).Value("x")} {
		if dataOf(v) != dataOf(first) {
			t.Errorf("%v not shared", v)
		}
	}
	got, _ := data.MarshalValue(one)
	if string(got) != `{"ws":"w1","tags":["w1",1,null,{"x":"w1"}]}` {
		t.Errorf("changed: %s", got)
	}
}

func TestTableBounded(t *testing.T) {
	var tb Table
	for i := range maxEntries + 10 {
		tb.Own(strings.Repeat("k", 1) + string(rune('a'+i%26)) + strings.Repeat("z", i%50) + string(rune(i)))
	}
	if len(tb.m) > maxEntries {
		t.Errorf("%d entries", len(tb.m))
	}
}

// BenchmarkTableValue shares the strings of a Clockify task answer.
func BenchmarkTableValue(b *testing.B) {
	raw := []byte(`{"id":"6601f0a1b2c3d4e5f6a7b8c9","name":"Task 12","projectId":"6601f0a1b2c3d4e5f6a7b800","assigneeIds":[],"assigneeId":null,"userGroupIds":[],"estimate":"PT0S","status":"ACTIVE","workspaceId":"6601f0a1b2c3d4e5f6a7b801","budgetEstimate":0,"billable":true,"hourlyRate":null,"costRate":null,"duration":"PT0S"}`)
	var tb Table
	b.ReportAllocs()
	for range b.N {
		v, err := data.ParseJSON(raw)
		if err != nil {
			b.Fatal(err)
		}
		tb.Value(v)
	}
}
