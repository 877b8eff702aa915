package data

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestObjectKeyOrder(t *testing.T) {
	tests := []struct {
		name string
		ops  func(o *Object)
		want string
	}{
		{"insertion order", func(o *Object) { o.Set("b", 1.0); o.Set("a", 2.0); o.Set("c", 3.0) }, `{"b":1,"a":2,"c":3}`},
		{"integer keys first ascending", func(o *Object) {
			o.Set("b", 1.0)
			o.Set("10", 2.0)
			o.Set("a", 3.0)
			o.Set("2", 4.0)
			o.Set("01", 5.0)
			o.Set("-1", 6.0)
			o.Set("4294967295", 7.0)
			o.Set("4294967294", 8.0)
		}, `{"2":4,"10":2,"4294967294":8,"b":1,"a":3,"01":5,"-1":6,"4294967295":7}`},
		{"reassign keeps position", func(o *Object) { o.Set("a", 1.0); o.Set("b", 2.0); o.Set("a", 3.0) }, `{"a":3,"b":2}`},
		{"delete then set goes last", func(o *Object) { o.Set("a", 1.0); o.Set("b", 2.0); o.Delete("a"); o.Set("a", 3.0) }, `{"b":2,"a":3}`},
		{"undefined dropped", func(o *Object) { o.Set("a", Undefined); o.Set("b", nil) }, `{"b":null}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := NewObject(0)
			tc.ops(o)
			got, err := MarshalValue(o)
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %s (%v), want %s", got, err, tc.want)
			}
		})
	}
}

func TestObjectIndexed(t *testing.T) {
	o := NewObject(0)
	for i := 0; i < 40; i++ {
		o.Set("k"+strings.Repeat("x", i), float64(i))
	}
	o.Set("5", "five")
	if o.KeyAt(0) != "5" || o.Value("kxxx") != 3.0 || o.Len() != 41 {
		t.Fatalf("indexed lookup broken: %v %v", o.KeyAt(0), o.Value("kxxx"))
	}
	o.Delete("kxx")
	if o.Has("kxx") || o.Value("kxxxx") != 4.0 || o.Len() != 40 {
		t.Fatal("delete in an indexed object broken")
	}
	c := o.Clone()
	c.Set("kxxx", "changed")
	if o.Value("kxxx") != 3.0 {
		t.Fatal("Clone shares values")
	}
}

func TestParseJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"b":1,"a":{"z":[1,"x",null,true],"y":false},"1":0}`, `{"1":0,"b":1,"a":{"z":[1,"x",null,true],"y":false}}`},
		{`{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
		{` "caf\u00e9 \ud83d\ude00 \"q\"" `, `"café 😀 \"q\""`},
		{`[1e2, -0.5, 1E-7, 12345678901234567890]`, `[100,-0.5,1e-7,12345678901234567000]`},
		{`"\u2028<&>"`, "\"\u2028<&>\""},
	}
	for _, tc := range tests {
		v, err := ParseJSON([]byte(tc.in))
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		got, _ := MarshalValue(v)
		if string(got) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{``, `{`, `{"a"}`, `[1,]`, `01`, `"\x01"`, `tru`, `{"a":1}x`, `-`, `1.`, `"abc`} {
		if _, err := ParseJSON([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	deep := strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1)
	if _, err := ParseJSON([]byte(deep)); err != ErrJSONDepth {
		t.Errorf("deep: %v", err)
	}
}

func TestMarshalCircular(t *testing.T) {
	o := ObjectOf("a", 1.0)
	o.Set("self", o)
	if _, err := MarshalValue(o); err != ErrCircular {
		t.Fatalf("got %v, want ErrCircular", err)
	}
	a := []any{1.0, nil}
	a[1] = a
	if _, err := MarshalValue(a); err != ErrCircular {
		t.Fatalf("array: got %v, want ErrCircular", err)
	}
	// The same object twice, not nested in itself, is not circular.
	shared := ObjectOf("x", 1.0)
	if got, err := MarshalValue([]any{shared, shared}); err != nil || string(got) != `[{"x":1},{"x":1}]` {
		t.Fatalf("shared: %s %v", got, err)
	}
}

func BenchmarkObjectSmall(b *testing.B) {
	keys := []string{"id", "name", "email", "createdAt", "status", "total"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o := NewObject(len(keys))
		for j, k := range keys {
			o.Set(k, float64(j))
		}
		for _, k := range keys {
			if _, ok := o.Get(k); !ok {
				b.Fatal(k)
			}
		}
	}
}

func BenchmarkMapSmall(b *testing.B) {
	keys := []string{"id", "name", "email", "createdAt", "status", "total"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		o := make(map[string]any, len(keys))
		for j, k := range keys {
			o[k] = float64(j)
		}
		for _, k := range keys {
			if _, ok := o[k]; !ok {
				b.Fatal(k)
			}
		}
	}
}

func BenchmarkParseJSON(b *testing.B) {
	in := []byte(`{"id":123,"name":"Ada Lovelace","email":"ada@example.com","tags":["a","b"],"address":{"city":"London","zip":"N1"},"active":true}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		if _, err := ParseJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoneSurrogates(t *testing.T) {
	// JSON.parse keeps a lone surrogate; JSON.stringify writes it escaped.
	v, err := ParseJSON([]byte(`["\ude00b", "\ud83d\ude00", "a\ud83d"]`))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := MarshalValue(v)
	if string(got) != `["\ude00b","😀","a\ud83d"]` {
		t.Fatalf("got %s", got)
	}
	a := v.([]any)
	if u := EncodeUTF16(a[0].(string)); len(u) != 2 || u[0] != 0xDE00 || u[1] != 'b' {
		t.Fatalf("units %x", u)
	}
	if s := DecodeUTF16(EncodeUTF16("x😀y")[1:2]); s != "\xed\xa0\xbd" {
		t.Fatalf("high surrogate alone: %q", s)
	}
}

// BenchmarkObjectLookup24 reads every key of a 24-key object (the size of
// a Clockify project or a Notion page's properties).
func BenchmarkObjectLookup24(b *testing.B) {
	o := NewObject(24)
	keys := make([]string, 24)
	for i := range keys {
		keys[i] = fmt.Sprintf("property_%d", i)
		o.Set(keys[i], float64(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, k := range keys {
			if _, ok := o.Get(k); !ok {
				b.Fatal(k)
			}
		}
	}
}

// TestLargeObjectIndex drives objects past the index threshold with sets,
// overwrites and deletes, and checks every lookup against a linear model.
func TestLargeObjectIndex(t *testing.T) {
	type kv struct {
		k string
		v float64
	}
	probe := make([]string, 300)
	for i := range probe {
		probe[i] = fmt.Sprintf("k%d", i/2)
		if i%2 == 1 {
			probe[i] = fmt.Sprintf("%d", i/2)
		}
	}
	for seed := 0; seed < 20; seed++ {
		o := NewObject(0)
		var model []kv
		x := uint32(seed*7919 + 1)
		next := func(n int) int { x = x*1664525 + 1013904223; return int(x>>8) % n }
		for step := 0; step < 600; step++ {
			k := fmt.Sprintf("k%d", next(150))
			if seed >= 10 && next(2) == 0 {
				k = fmt.Sprintf("%d", next(150)) // integer-like: kept first, sorted
			}
			switch next(4) {
			case 0:
				o.Delete(k)
				for i := range model {
					if model[i].k == k {
						model = append(model[:i], model[i+1:]...)
						break
					}
				}
			default:
				o.Set(k, float64(step))
				found := false
				for i := range model {
					if model[i].k == k {
						model[i].v, found = float64(step), true
					}
				}
				if !found {
					model = append(model, kv{k, float64(step)})
				}
			}
			if o.Len() != len(model) {
				t.Fatalf("seed %d step %d: len %d, want %d", seed, step, o.Len(), len(model))
			}
			if step%10 != 0 {
				continue
			}
			for _, k := range probe {
				want, wantOK := 0.0, false
				for _, m := range model {
					if m.k == k {
						want, wantOK = m.v, true
					}
				}
				got, ok := o.Get(k)
				if ok != wantOK || (ok && got != want) {
					t.Fatalf("seed %d step %d: %s = %v %v, want %v %v", seed, step, k, got, ok, want, wantOK)
				}
			}
		}
		for i, m := range model {
			if seed >= 10 {
				break // integer-like keys reorder; lookups were checked above
			}
			if o.KeyAt(i) != m.k {
				t.Fatalf("seed %d: order at %d: %s, want %s", seed, i, o.KeyAt(i), m.k)
			}
		}
	}
}

func TestNumberShared(t *testing.T) {
	for _, f := range []float64{0, 1, -1, -128, 1023, 1024, -129, 0.5, math.Copysign(0, -1), math.NaN(), math.Inf(1), 1e300} {
		v, ok := Number(f).(float64)
		if !ok || math.Float64bits(v) != math.Float64bits(f) {
			t.Errorf("Number(%v) = %v", f, v)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Number(42) }); n != 0 {
		t.Errorf("Number(42) allocates %v times", n)
	}
}
