package data

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// shape is an object's ordered key list (see Object). A shared shape is
// immutable and lives in a tree rooted at rootShape: adding key k to an
// object of shape s gives it s's child for k, so objects that get the same
// keys in the same order share one shape. An owned shape belongs to one
// object, which changes it in place: objects that delete keys, and those
// beyond the tree's limits (below), so that documents with ever new keys
// (ids used as keys) cannot grow the tree without bound.
type shape struct {
	keys []string
	nIdx int // keys[:nIdx] are integer-like, ascending
	// index maps key → position for shapes of more than indexFrom keys.
	// It is built on the first lookup, not with the shape: most shapes
	// of the tree are steps on the way to a larger one (a 40-key page
	// passes through 28 indexed sizes) and are never searched, and a
	// shared shape's one index serves all its objects. A shared shape's
	// index never changes once published (concurrent readers may race to
	// build it; one copy wins). An owned shape drops or extends its
	// index as its keys change; its object is not changed concurrently.
	index atomic.Pointer[keyIndex]
	// encoded holds a shared shape's keys as JSON member prefixes
	// (`"key":`), built on the first encoding of one of its objects: the
	// run data writes the same few keys hundreds of thousands of times.
	encoded atomic.Pointer[[]string]
	shared  bool
	// children are a shared shape's transitions, copied on write so that
	// readers take no lock; mu orders the writers.
	children atomic.Pointer[[]transition]
	mu       sync.Mutex
}

type transition struct {
	key string
	to  *shape
}

// The tree's limits: shapes of more keys, a shape's children beyond
// maxChildren and shapes beyond maxShapes are owned by their object.
const (
	maxSharedKeys = 64
	maxChildren   = 64
	maxShapes     = 1 << 15
	maxSharedKey  = 128 // longer keys are rarely repeated
)

var (
	rootShape  = &shape{shared: true}
	shapeCount atomic.Int64
)

func (s *shape) find(k string) int {
	if len(s.keys) > indexFrom {
		ix := s.index.Load()
		if ix == nil {
			ix = s.buildIndex()
		}
		return ix.find(s.keys, k)
	}
	for i, key := range s.keys {
		if key == k {
			return i
		}
	}
	return -1
}

// memberPrefixes returns `"key":` for each key of a shared shape, or nil
// for an owned one (its keys change). Concurrent first callers may both
// build the list; one copy wins.
func (s *shape) memberPrefixes() []string {
	if s == nil || !s.shared {
		return nil
	}
	if p := s.encoded.Load(); p != nil {
		return *p
	}
	enc := make([]string, len(s.keys))
	var b Buf
	for i, k := range s.keys {
		b.Reset()
		AppendString(&b, k)
		b.WriteByte(':')
		enc[i] = string(b)
	}
	if s.encoded.CompareAndSwap(nil, &enc) {
		return enc
	}
	return *s.encoded.Load()
}

// buildIndex builds and publishes s's index, or returns the one another
// reader published first.
func (s *shape) buildIndex() *keyIndex {
	ix := newKeyIndex(s.keys)
	if s.index.CompareAndSwap(nil, ix) {
		return ix
	}
	return s.index.Load()
}

// insertAt is where a new key k goes: integer-like keys sorted at the
// front, the others at the end.
func (s *shape) insertAt(k string) (at int, isIdx bool) {
	n, isIdx := arrayIndexKey(k)
	if !isIdx {
		return len(s.keys), false
	}
	return sort.Search(s.nIdx, func(i int) bool {
		m, _ := arrayIndexKey(s.keys[i])
		return m > n
	}), true
}

// child returns the shared shape of s plus key k, nil when the tree's
// limits leave it out.
func (s *shape) child(k string, at int, isIdx bool) *shape {
	if p := s.children.Load(); p != nil {
		for _, t := range *p {
			if t.key == k {
				return t.to
			}
		}
	}
	if len(s.keys) >= maxSharedKeys || len(k) > maxSharedKey || shapeCount.Load() >= maxShapes {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var old []transition
	if p := s.children.Load(); p != nil {
		old = *p
		for _, t := range old {
			if t.key == k {
				return t.to
			}
		}
	}
	if len(old) >= maxChildren {
		return nil
	}
	// The key is copied: it may be a slice of a large document the tree
	// must not keep alive.
	c := s.with(strings.Clone(k), at, isIdx)
	c.shared = true
	ts := make([]transition, len(old), len(old)+1)
	copy(ts, old)
	ts = append(ts, transition{c.keys[at], c})
	s.children.Store(&ts)
	shapeCount.Add(1)
	return c
}

// with returns a new shape: s's keys with k inserted at at.
func (s *shape) with(k string, at int, isIdx bool) *shape {
	keys := make([]string, len(s.keys)+1)
	copy(keys, s.keys[:at])
	keys[at] = k
	copy(keys[at+1:], s.keys[at:])
	c := &shape{keys: keys, nIdx: s.nIdx}
	if isIdx {
		c.nIdx++
	}
	return c
}

// ownedWith is with for an object that leaves the tree.
func (s *shape) ownedWith(k string, at int, isIdx bool) *shape {
	c := s.with(k, at, isIdx)
	if cap(c.keys) == len(c.keys) {
		c.keys = append(make([]string, 0, len(c.keys)+4), c.keys...)
	}
	return c
}

// insert adds k at at to an owned shape.
func (s *shape) insert(k string, at int, isIdx bool) {
	if at == len(s.keys) {
		s.keys = append(s.keys, k)
	} else {
		s.keys = append(s.keys, "")
		copy(s.keys[at+1:], s.keys[at:])
		s.keys[at] = k
	}
	if isIdx {
		s.nIdx++
	}
	// An index that stays valid (a key appended, room left) is extended;
	// otherwise the next lookup builds a new one.
	if ix := s.index.Load(); ix != nil {
		if at == len(s.keys)-1 && !ix.full(len(s.keys)) {
			ix.put(s.keys, at)
		} else {
			s.index.Store(nil)
		}
	}
}

// remove drops the i-th key of an owned shape.
func (s *shape) remove(i int) {
	copy(s.keys[i:], s.keys[i+1:])
	s.keys[len(s.keys)-1] = ""
	s.keys = s.keys[:len(s.keys)-1]
	if i < s.nIdx {
		s.nIdx--
	}
	s.index.Store(nil)
}

// copy returns an owned copy of s.
func (s *shape) copy() *shape {
	return &shape{keys: append(make([]string, 0, len(s.keys)+4), s.keys...), nIdx: s.nIdx}
}

// forCopy is the shape a copy of an object of shape s takes: the same
// when shared, a copy when owned.
func (s *shape) forCopy() *shape {
	if s == nil || s.shared {
		return s
	}
	return s.copy()
}
