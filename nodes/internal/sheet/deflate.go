package sheet

import (
	"math/bits"
	"sync"
)

// sheetJSDeflate compresses data as SheetJS 0.18.5's own raw deflate does
// when it writes a compressed zip (n8n's ODS with the compression option:
// SheetJS is not handed Node's zlib there). Its output differs from any
// zlib level, so reproducing the encoder is the only way to n8n's bytes:
// blocks of up to 65535 input bytes, each with the fixed Huffman codes
// (a stored block for a final piece under 10 bytes, stored blocks for
// inputs under 8 bytes); greedy matches of up to 250 bytes found through
// a 15-bit hash of the last three bytes, remembering one position per
// hash; literal and match positions are registered as SheetJS registers
// them (a match's first byte is folded into the hash twice).

// Fixed-code tables of RFC 1951: the first length and distance of each code.
var (
	deflateLenBase  = [29]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	deflateDistBase = [30]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
)

// bitWriter packs bits least significant first.
type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint32, n int) {
	w.acc |= uint64(v) << w.nacc
	w.nacc += uint(n)
	for w.nacc >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// code writes a Huffman code of n bits, most significant bit first.
func (w *bitWriter) code(c uint32, n int) {
	w.bits(bits.Reverse32(c)>>(32-n), n)
}

func (w *bitWriter) align() {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
}

func (w *bitWriter) bytes(b ...byte) {
	w.align()
	w.buf = append(w.buf, b...)
}

func (w *bitWriter) finish() []byte {
	w.align()
	return w.buf
}

// deflateCodeTables maps a match length (3…258) and distance (1…32768) to
// their code's index.
type deflateCodeTables struct {
	length   [259]uint8
	distance [32769]uint8
}

// deflateCodes is computed on first use rather than at init: every
// invocation of the binary would pay for it otherwise.
var deflateCodes = sync.OnceValue(func() *deflateCodeTables {
	t := &deflateCodeTables{}
	l, d := &t.length, &t.distance
	for i := range l {
		for c := range deflateLenBase {
			if deflateLenBase[c] <= i {
				l[i] = uint8(c)
			}
		}
	}
	c := 0
	for i := 1; i < len(d); i++ {
		for c+1 < len(deflateDistBase) && deflateDistBase[c+1] <= i {
			c++
		}
		d[i] = uint8(c)
	}
	return t
})

func storedHeader(l int) []byte {
	return []byte{byte(l), byte(l >> 8), byte(^l), byte(^l >> 8)}
}

func sheetJSDeflate(data []byte) []byte {
	w := &bitWriter{}
	if len(data) < 8 {
		for off := 0; off < len(data); {
			l := min(0xFFFF, len(data)-off)
			final := byte(0)
			if off+l == len(data) {
				final = 1
			}
			w.bytes(final)
			w.bytes(storedHeader(l)...)
			w.bytes(data[off : off+l]...)
			off += l
		}
		return w.finish()
	}
	codes := deflateCodes()
	var last [0x8000]uint16 // position & 0x7FFF by hash; 0 is none
	at := func(i int) int {
		if i < 0 || i >= len(data) {
			return -1
		}
		return int(data[i])
	}
	for off := 0; off < len(data); {
		l := min(0xFFFF, len(data)-off)
		final := uint32(0)
		if off+l == len(data) {
			final = 1
		}
		if l < 10 {
			w.bits(final, 3)
			w.bytes(storedHeader(l)...)
			w.bytes(data[off : off+l]...)
			off += l
			continue
		}
		w.bits(final|2, 3)
		hash := 0
		for ; l > 0; l-- {
			d := int(data[off])
			hash = (hash<<5 ^ d) & 0x7FFF
			match, mlen := int(last[hash]), 0
			if match != 0 {
				match |= off &^ 0x7FFF
				if match > off {
					match -= 0x8000
				}
				if match < off {
					for mlen < 250 && at(match+mlen) == at(off+mlen) && at(off+mlen) >= 0 {
						mlen++
					}
				}
			}
			if mlen > 2 {
				lc := int(codes.length[mlen])
				if sym := 257 + lc; sym <= 279 {
					w.code(uint32(sym-256), 7)
				} else {
					w.code(uint32(0xC0+sym-280), 8)
				}
				if lc >= 8 {
					w.bits(uint32(mlen-deflateLenBase[lc]), (lc-4)>>2)
				}
				dist := off - match
				dc := int(codes.distance[dist])
				w.code(uint32(dc), 5)
				if dc >= 4 {
					w.bits(uint32(dist-deflateDistBase[dc]), (dc-2)>>1)
				}
				for range mlen {
					last[hash] = uint16(off & 0x7FFF)
					hash = (hash<<5 ^ int(data[off])) & 0x7FFF
					off++
				}
				l -= mlen - 1
				continue
			}
			if d <= 143 {
				w.code(uint32(0x30+d), 8)
			} else {
				w.code(uint32(0x190+d-144), 9)
			}
			last[hash] = uint16(off & 0x7FFF)
			off++
		}
		w.code(0, 7) // end of block
	}
	return w.finish()
}
