package data

import (
	"iter"
	"sort"
)

// Object is a JavaScript object holding JSON values: its keys keep the
// order JavaScript gives them, which users see in every item's JSON,
// JSON.stringify, Object.keys and the bytes of HTTP bodies. That order is:
// integer-like keys ("0", "17"; canonical array indexes below 2³²−1) first,
// ascending, then every other key in the order it was first set.
//
// A small object is two parallel slices searched linearly, which is faster
// and smaller than a Go map up to a dozen or so keys; a larger one adds a
// key→position index. An Object is a reference, like a JavaScript object:
// copy it with Clone (shallow) or CloneJSON (deep) before changing a value
// another node may hold. The nil *Object reads as an empty object.
type Object struct {
	keys  []string
	vals  []any
	nIdx  int            // keys[:nIdx] are integer-like keys, ascending
	index map[string]int // key → position, only when len(keys) > indexFrom
}

// indexFrom is the size above which lookups go through a map: below it a
// linear scan over short strings beats hashing.
const indexFrom = 12

// NewObject returns an empty object with room for n keys.
func NewObject(n int) *Object {
	if n <= 0 {
		return &Object{}
	}
	return &Object{keys: make([]string, 0, n), vals: make([]any, 0, n)}
}

// ObjectOf builds an object from alternating keys and values, in order:
// ObjectOf("id", 1.0, "name", "ada"). It is meant for code and tests that
// write literal objects.
func ObjectOf(kv ...any) *Object {
	o := NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		o.Set(k, kv[i+1])
	}
	return o
}

// Len is the number of keys.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// Keys returns the keys in order. The slice belongs to the object: callers
// must not change it, and it is only valid until the object next changes.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return o.keys
}

// KeyAt and ValueAt read the i-th entry in order (0 ≤ i < Len).
func (o *Object) KeyAt(i int) string { return o.keys[i] }

// ValueAt returns the value of the i-th key.
func (o *Object) ValueAt(i int) any { return o.vals[i] }

// SetValueAt replaces the value of the i-th key, keeping its position.
func (o *Object) SetValueAt(i int, v any) { o.vals[i] = v }

// All iterates over the entries in order.
func (o *Object) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		if o == nil {
			return
		}
		for i := 0; i < len(o.keys); i++ {
			if !yield(o.keys[i], o.vals[i]) {
				return
			}
		}
	}
}

// Get returns the value of key k.
func (o *Object) Get(k string) (any, bool) {
	if i := o.find(k); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// Value returns the value of key k, or nil when it is missing.
func (o *Object) Value(k string) any {
	if i := o.find(k); i >= 0 {
		return o.vals[i]
	}
	return nil
}

// Has reports whether key k is set.
func (o *Object) Has(k string) bool { return o.find(k) >= 0 }

func (o *Object) find(k string) int {
	if o == nil {
		return -1
	}
	if o.index != nil {
		if i, ok := o.index[k]; ok {
			return i
		}
		return -1
	}
	for i, key := range o.keys {
		if key == k {
			return i
		}
	}
	return -1
}

// Set sets key k to v. An existing key keeps its position, as in
// JavaScript; a new one goes where JavaScript would list it.
func (o *Object) Set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.vals[i] = v
		return
	}
	n, isIdx := arrayIndexKey(k)
	if !isIdx {
		o.keys = append(o.keys, k)
		o.vals = append(o.vals, v)
		if o.index != nil {
			o.index[k] = len(o.keys) - 1
		} else if len(o.keys) > indexFrom {
			o.buildIndex()
		}
		return
	}
	// Integer-like keys are kept sorted at the front.
	at := sort.Search(o.nIdx, func(i int) bool {
		m, _ := arrayIndexKey(o.keys[i])
		return m > n
	})
	o.keys = append(o.keys, "")
	o.vals = append(o.vals, nil)
	copy(o.keys[at+1:], o.keys[at:])
	copy(o.vals[at+1:], o.vals[at:])
	o.keys[at], o.vals[at] = k, v
	o.nIdx++
	if o.index != nil || len(o.keys) > indexFrom {
		o.buildIndex()
	}
}

// Delete removes key k and reports whether it was set.
func (o *Object) Delete(k string) bool {
	i := o.find(k)
	if i < 0 {
		return false
	}
	copy(o.keys[i:], o.keys[i+1:])
	copy(o.vals[i:], o.vals[i+1:])
	last := len(o.keys) - 1
	o.keys[last], o.vals[last] = "", nil
	o.keys, o.vals = o.keys[:last], o.vals[:last]
	if i < o.nIdx {
		o.nIdx--
	}
	if o.index != nil {
		if len(o.keys) > indexFrom {
			o.buildIndex()
		} else {
			o.index = nil
		}
	}
	return true
}

func (o *Object) buildIndex() {
	if o.index == nil {
		o.index = make(map[string]int, len(o.keys)*2)
	} else {
		clear(o.index)
	}
	for i, k := range o.keys {
		o.index[k] = i
	}
}

// Clone returns a shallow copy: the same values under a new key list.
func (o *Object) Clone() *Object {
	if o == nil {
		return nil
	}
	c := &Object{
		keys: append(make([]string, 0, len(o.keys)), o.keys...),
		vals: append(make([]any, 0, len(o.vals)), o.vals...),
		nIdx: o.nIdx,
	}
	if o.index != nil {
		c.buildIndex()
	}
	return c
}

// arrayIndexKey reports whether k is a canonical array index ("0", "42",
// not "01", "-1" or "4294967295") and returns its value. JavaScript lists
// such keys first, in ascending order.
func arrayIndexKey(k string) (uint32, bool) {
	if len(k) == 0 || len(k) > 10 || (k[0] == '0' && len(k) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n >= 1<<32-1 {
		return 0, false
	}
	return uint32(n), true
}

// FromMap turns a Go map (and maps nested in it, and in slices) into
// objects; keys take JavaScript's order for a map filled in sorted order.
// It is for values that come from Go code with no order of their own.
func FromMap(m map[string]any) *Object {
	if m == nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := NewObject(len(keys))
	for _, k := range keys {
		o.Set(k, Normalize(m[k]))
	}
	return o
}

// Normalize converts every map[string]any inside v into an *Object (see
// FromMap) and returns v otherwise unchanged; slices are converted in place.
func Normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return FromMap(x)
	case []any:
		for i, e := range x {
			x[i] = Normalize(e)
		}
	case *Object:
		for i, e := range x.vals {
			x.vals[i] = Normalize(e)
		}
	}
	return v
}

// ToMap converts an object, and the objects nested in it, into Go maps,
// losing the order. It is for code that hands values to libraries that
// want maps.
func ToMap(o *Object) map[string]any {
	if o == nil {
		return nil
	}
	m := make(map[string]any, o.Len())
	for i, k := range o.keys {
		m[k] = ToPlain(o.vals[i])
	}
	return m
}

// ToPlain is ToMap for any JSON value.
func ToPlain(v any) any {
	switch x := v.(type) {
	case *Object:
		return ToMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ToPlain(e)
		}
		return out
	}
	return v
}
