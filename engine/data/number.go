package data

import "math"

// Small integers are the most common numbers in item JSON (ids, counts,
// scores, flags), and a float64 stored as `any` costs an allocation of
// its own. Number hands out one shared box per small integer instead, as
// V8 keeps small integers unboxed. A box is never changed, so sharing it
// is invisible: the value read back is the same float64.
const (
	smallNumMin = -128
	smallNumMax = 1024 // exclusive
)

var smallNums = func() (t [smallNumMax - smallNumMin]any) {
	for i := range t {
		t[i] = float64(i + smallNumMin)
	}
	return t
}()

// Number returns f as a JSON value (an `any` holding a float64), sharing
// the box of small integers. -0 keeps its own box (it prints as 0 but is
// not +0 to Object.is and 1/x).
func Number(f float64) any {
	if f >= smallNumMin && f < smallNumMax {
		if i := int(f); float64(i) == f && (i != 0 || !math.Signbit(f)) {
			return smallNums[i-smallNumMin]
		}
	}
	return f
}

// shareNumber returns v, or the shared box of the same small integer when
// v holds one, so that the box v came in can be collected: values stored
// into objects pass through it.
func shareNumber(v any) any {
	if f, ok := v.(float64); ok && f >= smallNumMin && f < smallNumMax {
		if i := int(f); float64(i) == f && (i != 0 || !math.Signbit(f)) {
			return smallNums[i-smallNumMin]
		}
	}
	return v
}
