package engine

// v8Sort sorts like V8's Array.prototype.sort does for short arrays (a run
// detection followed by binary insertion sort). n8n's sibling comparator is
// not a consistent ordering, so the exact algorithm decides which of two
// nodes at the same height runs first; we reproduce it.
func v8Sort[T any](a []T, cmp func(x, y T) int) {
	n := len(a)
	if n < 2 {
		return
	}
	// Count the initial run and reverse it when strictly descending.
	run := 2
	desc := cmp(a[1], a[0]) < 0
	prev := a[1]
	for i := 2; i < n; i++ {
		o := cmp(a[i], prev)
		if desc {
			if o >= 0 {
				break
			}
		} else if o < 0 {
			break
		}
		prev = a[i]
		run++
	}
	if desc {
		for l, h := 0, run-1; l < h; l, h = l+1, h-1 {
			a[l], a[h] = a[h], a[l]
		}
	}
	for start := run; start < n; start++ {
		pivot := a[start]
		left, right := 0, start
		for left < right {
			mid := left + (right-left)>>1
			if cmp(pivot, a[mid]) < 0 {
				right = mid
			} else {
				left = mid + 1
			}
		}
		copy(a[left+1:start+1], a[left:start])
		a[left] = pivot
	}
}
