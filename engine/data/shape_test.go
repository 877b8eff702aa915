package data

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"
)

func keysOf(o *Object) string { return fmt.Sprint(o.Keys()) }

func TestShapesShared(t *testing.T) {
	a := ObjectOf("id", 1.0, "name", "a")
	b := ObjectOf("id", 2.0, "name", "b")
	if a.sh != b.sh || !a.sh.shared {
		t.Fatalf("objects with the same keys in the same order must share a shape")
	}
	c := ObjectOf("name", "c", "id", 3.0)
	if c.sh == a.sh {
		t.Fatalf("another key order is another shape")
	}
	// Changing one object leaves the other alone.
	a.Set("extra", true)
	b.Delete("id")
	if got, want := keysOf(a), "[id name extra]"; got != want {
		t.Errorf("a keys = %s, want %s", got, want)
	}
	if got, want := keysOf(b), "[name]"; got != want {
		t.Errorf("b keys = %s, want %s", got, want)
	}
	if got, want := keysOf(ObjectOf("id", 4.0, "name", "d")), "[id name]"; got != want {
		t.Errorf("a fresh object's keys = %s, want %s", got, want)
	}
	if v := b.Value("name"); v != "b" {
		t.Errorf("b.name = %v", v)
	}
}

func TestShapesOwned(t *testing.T) {
	o := ObjectOf("a", 1.0, "b", 2.0, "c", 3.0)
	o.Delete("b") // o now owns its key list
	c := o.Clone()
	o.Set("d", 4.0)
	c.Set("e", 5.0)
	o.Set("7", 0.0)
	if got, want := keysOf(o), "[7 a c d]"; got != want {
		t.Errorf("o keys = %s, want %s", got, want)
	}
	if got, want := keysOf(c), "[a c e]"; got != want {
		t.Errorf("clone keys = %s, want %s", got, want)
	}
	deep := CloneObject(o)
	deep.Delete("a")
	if got, want := keysOf(o), "[7 a c d]"; got != want {
		t.Errorf("after deleting from a deep copy, o keys = %s, want %s", got, want)
	}
}

// TestShapesLarge checks lookups through the index of shared and owned
// shapes, integer-like keys among them, and objects of unique keys (which
// leave the tree).
func TestShapesLarge(t *testing.T) {
	for _, prefix := range []string{"k", "unique-" + t.Name() + "-"} {
		for round := 0; round < 3; round++ {
			o := NewObject(0)
			for i := 0; i < 100; i++ {
				k := prefix + strconv.Itoa(i)
				if round == 2 {
					k += "-" + strconv.Itoa(round*1000+i) // ever new keys
				}
				o.Set(k, float64(i))
				if i%10 == 0 {
					o.Set(strconv.Itoa(100-i), float64(-i))
				}
			}
			if o.Len() != 110 {
				t.Fatalf("len = %d", o.Len())
			}
			if o.KeyAt(0) != "10" || o.KeyAt(9) != "100" {
				t.Fatalf("integer-like keys not first in order: %v", o.Keys()[:10])
			}
			for i := 0; i < 100; i++ {
				k := prefix + strconv.Itoa(i)
				if round == 2 {
					k += "-" + strconv.Itoa(round*1000+i)
				}
				if v, ok := o.Get(k); !ok || v != float64(i) {
					t.Fatalf("Get(%q) = %v, %v", k, v, ok)
				}
			}
			if !o.Delete(prefix+"5") && round != 2 {
				t.Fatalf("Delete failed")
			}
			if v := o.Value("50"); v != -50.0 {
				t.Fatalf("Value(50) = %v", v)
			}
		}
	}
}

func TestShapesConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	objs := make([]*Object, 8)
	for g := range objs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var o *Object
			for i := 0; i < 200; i++ {
				o = NewObject(0)
				for k := 0; k < 20; k++ {
					o.Set("f"+strconv.Itoa((k+i)%20), k)
				}
			}
			objs[g] = o
		}()
	}
	wg.Wait()
	for _, o := range objs {
		if o.Len() != 20 || o.Value("f3") == nil {
			t.Fatalf("object = %v", o.Keys())
		}
	}
}

// TestShapeIndexConcurrent reads objects of one large shared shape, and
// an owned one, from several goroutines while the shape's index does not
// exist yet (run with -race): the first readers build it together.
func TestShapeIndexConcurrent(t *testing.T) {
	keys := make([]string, 40)
	for i := range keys {
		keys[i] = t.Name() + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(i) // a fresh shape each run
	}
	objs := make([]*Object, 4)
	for i := range objs {
		objs[i] = NewObject(len(keys))
		for j, k := range keys {
			objs[i].Set(k, float64(i*100+j))
		}
	}
	if objs[0].sh != objs[3].sh || objs[0].sh.index.Load() != nil {
		t.Fatalf("want one shared shape with no index before the first lookup")
	}
	owned := objs[3].Clone()
	owned.Delete(keys[0])
	objs = append(objs, owned)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, o := range objs {
				for j, k := range keys {
					v, ok := o.Get(k)
					switch {
					case i == 4 && j == 0:
						if ok {
							t.Errorf("deleted key %s found", k)
						}
					case i == 4:
						if v != float64(300+j) {
							t.Errorf("owned %s = %v", k, v)
						}
					case v != float64(i*100+j):
						t.Errorf("object %d: %s = %v", i, k, v)
					}
				}
			}
		}()
	}
	wg.Wait()
	if objs[0].sh.index.Load() == nil {
		t.Fatalf("the shared shape has no index after lookups")
	}
}

// BenchmarkObjectBuild24 builds 24-key objects of one shape (an API
// answer's records) and reads each key once: the cost of Set through the
// shape tree plus lookups through the shared index.
func BenchmarkObjectBuild24(b *testing.B) {
	keys := make([]string, 24)
	for i := range keys {
		keys[i] = fmt.Sprintf("property_%d", i)
	}
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

// BenchmarkObjectOwned24 clones a 24-key object that owns its key list
// (one key deleted), sets a key and reads every key: the per-object index.
func BenchmarkObjectOwned24(b *testing.B) {
	keys := make([]string, 25)
	o := NewObject(len(keys))
	for i := range keys {
		keys[i] = fmt.Sprintf("property_%d", i)
		o.Set(keys[i], float64(i))
	}
	o.Delete(keys[24])
	keys = keys[:24]
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := o.Clone()
		c.Set("extra", 1.0)
		for _, k := range keys {
			if _, ok := c.Get(k); !ok {
				b.Fatal(k)
			}
		}
	}
}

// BenchmarkObjectDelete24 copies a shared 24-key object and deletes two
// keys (Set's "remove fields", Rename Keys).
func BenchmarkObjectDelete24(b *testing.B) {
	keys := make([]string, 24)
	o := NewObject(len(keys))
	for i := range keys {
		keys[i] = fmt.Sprintf("property_%d", i)
		o.Set(keys[i], float64(i))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := o.Clone()
		c.Delete(keys[3])
		c.Delete(keys[20])
		if c.Len() != 22 || c.Value(keys[23]) != 23.0 {
			b.Fatal(c.Keys())
		}
	}
}
