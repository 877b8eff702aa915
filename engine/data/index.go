package data

// keyIndex finds an entry of a large object by key: an open-addressing hash
// table of positions (linear probing, at most half full). It replaces a
// map[string]int, which cost ~100 bytes per key and held a second copy of
// every string header; this costs 8 bytes per key. API answers are full of
// 15–40-key objects (Notion pages, Clockify projects), so this was a fifth of
// the template's heap.
type keyIndex struct {
	slots []uint32 // position+1 of an entry; 0 is an empty slot
}

// hashKey is 32-bit FNV-1a: keys are short, and a table is rebuilt from
// its object's keys, so a fixed function is enough (crafted colliding keys
// only make lookups as slow as the linear scan small objects use anyway).
func hashKey(k string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return h
}

func newKeyIndex(keys []string) *keyIndex {
	n := 16
	for n < 2*len(keys) {
		n <<= 1
	}
	ix := &keyIndex{slots: make([]uint32, n)}
	for i := range keys {
		ix.put(keys, i)
	}
	return ix
}

// put records keys[pos]; the caller keeps the table at most half full.
func (ix *keyIndex) put(keys []string, pos int) {
	mask := uint32(len(ix.slots) - 1)
	h := hashKey(keys[pos]) & mask
	for ix.slots[h] != 0 {
		h = (h + 1) & mask
	}
	ix.slots[h] = uint32(pos + 1)
}

func (ix *keyIndex) find(keys []string, k string) int {
	mask := uint32(len(ix.slots) - 1)
	for h := hashKey(k) & mask; ; h = (h + 1) & mask {
		p := ix.slots[h]
		if p == 0 {
			return -1
		}
		if keys[p-1] == k {
			return int(p - 1)
		}
	}
}

// full reports whether one more key would make the table over half full.
func (ix *keyIndex) full(n int) bool { return 2*n > len(ix.slots) }
