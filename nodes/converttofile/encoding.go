package converttofile

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// encode is iconv-lite's encode for the encodings the node's list offers
// most: UTF-8, UTF-16LE, Latin-1 and ASCII.
func encode(s, enc string) ([]byte, error) {
	switch normEnc(enc) {
	case "", "utf8":
		return []byte(s), nil
	case "utf16le", "ucs2":
		u := utf16.Encode([]rune(s))
		b := make([]byte, 0, 2*len(u))
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return b, nil
	case "latin1", "binary", "iso88591":
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xFF {
				r = '?'
			}
			b = append(b, byte(r))
		}
		return b, nil
	case "ascii":
		b := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0x7F {
				r = '?'
			}
			b = append(b, byte(r))
		}
		return b, nil
	}
	return nil, fmt.Errorf("Encoding not recognized: '%s'", enc)
}

func bom(enc string) []byte {
	switch normEnc(enc) {
	case "utf16le", "ucs2":
		return []byte{0xFF, 0xFE}
	}
	// utf8: iconv-lite adds no BOM (recorded with Move Binary Data, which
	// encodes the same way).
	return nil
}

func normEnc(e string) string {
	return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(e))
}
