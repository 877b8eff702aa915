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
// An object is its values plus a shape: the ordered key list, shared by
// every object that got the same keys in the same order (V8's hidden
// classes). The 50,000 items one Set node builds hold one key list, not
// 50,000: a value costs 16 bytes instead of 32. Lookups scan the shape's
// keys, or go through its key→position index above a dozen keys. An
// Object is a reference, like a JavaScript object: copy it with Clone
// (shallow) or CloneJSON (deep) before changing a value another node may
// hold. The nil *Object reads as an empty object.
type Object struct {
	sh   *shape // nil: no keys
	vals []any  // vals[i] is the value of sh.keys[i]
}

// entry is one key and its value (the parser's member stack).
type entry struct {
	key string
	val any
}

// indexFrom is the size above which lookups go through the shape's key
// index (index.go): below it a linear scan over short strings beats
// hashing.
const indexFrom = 12

// NewObject returns an empty object with room for n keys.
func NewObject(n int) *Object {
	if n <= 0 {
		return &Object{}
	}
	return &Object{vals: make([]any, 0, n)}
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
	return len(o.vals)
}

// Keys returns the keys in order, in a new slice.
func (o *Object) Keys() []string {
	if o == nil || o.sh == nil {
		return nil
	}
	return append([]string(nil), o.sh.keys...)
}

// KeyAt and ValueAt read the i-th entry in order (0 ≤ i < Len).
func (o *Object) KeyAt(i int) string { return o.sh.keys[i] }

// ValueAt returns the value of the i-th key.
func (o *Object) ValueAt(i int) any { return o.vals[i] }

// SetValueAt replaces the value of the i-th key, keeping its position.
func (o *Object) SetValueAt(i int, v any) { o.vals[i] = shareNumber(v) }

// All iterates over the entries in order.
func (o *Object) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		if o == nil {
			return
		}
		for i := 0; i < len(o.vals); i++ {
			if !yield(o.sh.keys[i], o.vals[i]) {
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
	if o == nil || o.sh == nil {
		return -1
	}
	return o.sh.find(k)
}

// Set sets key k to v. An existing key keeps its position, as in
// JavaScript; a new one goes where JavaScript would list it.
func (o *Object) Set(k string, v any) {
	v = shareNumber(v)
	if i := o.find(k); i >= 0 {
		o.vals[i] = v
		return
	}
	sh := o.sh
	if sh == nil {
		sh = rootShape
	}
	at, isIdx := sh.insertAt(k)
	if sh.shared {
		if next := sh.child(k, at, isIdx); next != nil {
			o.sh = next
		} else {
			o.sh = sh.ownedWith(k, at, isIdx)
		}
	} else {
		sh.insert(k, at, isIdx)
	}
	if at == len(o.vals) {
		o.vals = append(o.vals, v)
		return
	}
	o.vals = append(o.vals, nil)
	copy(o.vals[at+1:], o.vals[at:])
	o.vals[at] = v
}

// Delete removes key k and reports whether it was set.
func (o *Object) Delete(k string) bool {
	i := o.find(k)
	if i < 0 {
		return false
	}
	sh := o.sh
	if sh.shared {
		// Deletions are rare: the object takes a key list of its own.
		sh = sh.copy()
		o.sh = sh
	}
	sh.remove(i)
	copy(o.vals[i:], o.vals[i+1:])
	last := len(o.vals) - 1
	o.vals[last] = nil
	o.vals = o.vals[:last]
	return true
}

// Clone returns a shallow copy: the same values under a new key list.
func (o *Object) Clone() *Object { return o.CloneGrow(0) }

// CloneGrow is Clone with room for extra more keys.
func (o *Object) CloneGrow(extra int) *Object {
	if o == nil {
		return nil
	}
	return &Object{sh: o.sh.forCopy(), vals: append(make([]any, 0, len(o.vals)+max(extra, 0)), o.vals...)}
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
		if x != nil {
			for i := range x.vals {
				x.vals[i] = Normalize(x.vals[i])
			}
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
	for k, v := range o.All() {
		m[k] = ToPlain(v)
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
