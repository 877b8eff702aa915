package jsvalue

import "unicode/utf8"

// Lt is lodash's lt(a, b): two strings compare by UTF-16 code units as
// JavaScript's < does; anything else compares as numbers (lodash toNumber),
// so NaN on either side is false.
func Lt(a, b any) bool {
	sa, aok := a.(string)
	sb, bok := b.(string)
	if aok && bok {
		return CompareStrings(sa, sb) < 0
	}
	return ToNumber(a) < ToNumber(b)
}

// CompareStrings orders strings by UTF-16 code units (JavaScript's
// relational operators), which differs from Go's byte order only between
// characters beyond U+FFFF and those from U+E000 to U+FFFF.
func CompareStrings(a, b string) int {
	// UTF-8 byte order is code point order: find the first differing
	// byte, then compare the two runes there by their UTF-16 form.
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		switch {
		case len(a) == len(b):
			return 0
		case len(a) < len(b):
			return -1
		}
		return 1
	}
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	if ra == rb {
		// Invalid UTF-8 decoding to the same U+FFFD: fall back to bytes.
		if a[i:] < b[i:] {
			return -1
		}
		return 1
	}
	if utf16Key(ra) < utf16Key(rb) {
		return -1
	}
	return 1
}

// utf16Key is a rune's first UTF-16 code unit, extended so runes sharing
// it still order among themselves.
func utf16Key(r rune) int64 {
	if r < 0x10000 {
		return int64(r) << 20
	}
	hi := 0xD800 + (r-0x10000)>>10
	return int64(hi)<<20 | int64(r&0xFFFFF)
}
