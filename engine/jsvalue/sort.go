package jsvalue

// SortShort sorts a as V8's Array.prototype.sort does for fewer than 64
// elements: the leading run (a strictly descending one reversed), then
// binary insertion of the rest. With a comparator that is not a consistent
// ordering (n8n's sibling order, mixed types in Sort) only the same steps
// give n8n's result.
func SortShort[T any](a []T, cmp func(x, y T) int) {
	n := len(a)
	if n < 2 {
		return
	}
	run := 2
	desc := cmp(a[1], a[0]) < 0
	prev := a[1]
	for i := 2; i < n; i++ {
		o := cmp(a[i], prev)
		if desc && o >= 0 || !desc && o < 0 {
			break
		}
		prev = a[i]
		run++
	}
	if desc {
		for l, r := 0, run-1; l < r; l, r = l+1, r-1 {
			a[l], a[r] = a[r], a[l]
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
