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
	entries []entry
	nIdx    int       // entries[:nIdx] have integer-like keys, ascending
	index   *keyIndex // key → position, only when len(entries) > indexFrom
}

// entry is one key and its value; keeping both in one slice makes an
// object two allocations (header and entries), as small as a Go map.
type entry struct {
	key string
	val any
}

// indexFrom is the size above which lookups go through a map: below it a
// linear scan over short strings beats hashing.
const indexFrom = 12

// NewObject returns an empty object with room for n keys.
func NewObject(n int) *Object {
	if n <= 0 {
		return &Object{}
	}
	return &Object{entries: make([]entry, 0, n)}
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
	return len(o.entries)
}

// Keys returns the keys in order, in a new slice.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	keys := make([]string, len(o.entries))
	for i, e := range o.entries {
		keys[i] = e.key
	}
	return keys
}

// KeyAt and ValueAt read the i-th entry in order (0 ≤ i < Len).
func (o *Object) KeyAt(i int) string { return o.entries[i].key }

// ValueAt returns the value of the i-th key.
func (o *Object) ValueAt(i int) any { return o.entries[i].val }

// SetValueAt replaces the value of the i-th key, keeping its position.
func (o *Object) SetValueAt(i int, v any) { o.entries[i].val = v }

// All iterates over the entries in order.
func (o *Object) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		if o == nil {
			return
		}
		for i := 0; i < len(o.entries); i++ {
			if !yield(o.entries[i].key, o.entries[i].val) {
				return
			}
		}
	}
}

// Get returns the value of key k.
func (o *Object) Get(k string) (any, bool) {
	if i := o.find(k); i >= 0 {
		return o.entries[i].val, true
	}
	return nil, false
}

// Value returns the value of key k, or nil when it is missing.
func (o *Object) Value(k string) any {
	if i := o.find(k); i >= 0 {
		return o.entries[i].val
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
		return o.index.find(o.entries, k)
	}
	for i := range o.entries {
		if o.entries[i].key == k {
			return i
		}
	}
	return -1
}

// Set sets key k to v. An existing key keeps its position, as in
// JavaScript; a new one goes where JavaScript would list it.
func (o *Object) Set(k string, v any) {
	if i := o.find(k); i >= 0 {
		o.entries[i].val = v
		return
	}
	n, isIdx := arrayIndexKey(k)
	if !isIdx {
		o.entries = append(o.entries, entry{k, v})
		if o.index != nil && !o.index.full(len(o.entries)) {
			o.index.put(o.entries, len(o.entries)-1)
		} else if len(o.entries) > indexFrom {
			o.buildIndex()
		}
		return
	}
	// Integer-like keys are kept sorted at the front.
	at := sort.Search(o.nIdx, func(i int) bool {
		m, _ := arrayIndexKey(o.entries[i].key)
		return m > n
	})
	o.entries = append(o.entries, entry{})
	copy(o.entries[at+1:], o.entries[at:])
	o.entries[at] = entry{k, v}
	o.nIdx++
	if o.index != nil || len(o.entries) > indexFrom {
		o.buildIndex()
	}
}

// Delete removes key k and reports whether it was set.
func (o *Object) Delete(k string) bool {
	i := o.find(k)
	if i < 0 {
		return false
	}
	copy(o.entries[i:], o.entries[i+1:])
	last := len(o.entries) - 1
	o.entries[last] = entry{}
	o.entries = o.entries[:last]
	if i < o.nIdx {
		o.nIdx--
	}
	if o.index != nil {
		if len(o.entries) > indexFrom {
			o.buildIndex()
		} else {
			o.index = nil
		}
	}
	return true
}

func (o *Object) buildIndex() {
	if o.index != nil && !o.index.full(len(o.entries)) {
		clear(o.index.slots)
		for i := range o.entries {
			o.index.put(o.entries, i)
		}
		return
	}
	o.index = newKeyIndex(o.entries)
}

// Clone returns a shallow copy: the same values under a new key list.
func (o *Object) Clone() *Object { return o.CloneGrow(0) }

// CloneGrow is Clone with room for extra more keys.
func (o *Object) CloneGrow(extra int) *Object {
	if o == nil {
		return nil
	}
	c := &Object{entries: append(make([]entry, 0, len(o.entries)+max(extra, 0)), o.entries...), nIdx: o.nIdx}
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
		for i := range x.entries {
			x.entries[i].val = Normalize(x.entries[i].val)
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
	for _, e := range o.entries {
		m[e.key] = ToPlain(e.val)
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
