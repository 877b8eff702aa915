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
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := utf16Key(ra), utf16Key(rb)
			if ua < ub {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
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
