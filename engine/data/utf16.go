package data

import (
	"unicode/utf16"
	"unicode/utf8"
)

// JavaScript strings are sequences of UTF-16 code units and may hold a lone
// surrogate ('😀'.slice(1)). Go strings hold UTF-8, which cannot; n8n-go
// keeps such a unit as its generalised UTF-8 (WTF-8) bytes, ED A0–BF xx, so
// that slicing and joining strings gives JavaScript's results and
// JSON.stringify can write the unit as \udxxx as V8 does.

// surrogateAt reports a WTF-8 encoded surrogate at s[i:].
func surrogateAt(s string, i int) (uint16, bool) {
	if i+2 < len(s) && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return 0xD000 | uint16(s[i+1]&0x3F)<<6 | uint16(s[i+2]&0x3F), true
	}
	return 0, false
}

// EncodeUTF16 returns the UTF-16 code units of s (lone surrogates kept).
func EncodeUTF16(s string) []uint16 {
	out := make([]uint16, 0, len(s))
	for i := 0; i < len(s); {
		if u, ok := surrogateAt(s, i); ok {
			out = append(out, u)
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			out = append(out, uint16(r1), uint16(r2))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}

// DecodeUTF16 turns code units into a string: pairs become their character,
// a lone surrogate its WTF-8 bytes.
func DecodeUTF16(u []uint16) string {
	b := make([]byte, 0, len(u))
	for i := 0; i < len(u); i++ {
		c := rune(u[i])
		switch {
		case c >= 0xD800 && c < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] < 0xE000:
			b = utf8.AppendRune(b, utf16.DecodeRune(c, rune(u[i+1])))
			i++
		case c >= 0xD800 && c < 0xE000:
			b = append(b, 0xED, 0xA0|byte(c>>6&0x1F), 0x80|byte(c&0x3F))
		default:
			b = utf8.AppendRune(b, c)
		}
	}
	return string(b)
}
