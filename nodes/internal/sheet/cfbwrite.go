package sheet

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf16"
)

// A compound file (MS-CFB, version 3: 512-byte sectors, 64-byte mini
// sectors below 4096 bytes) laid out as SheetJS's CFB writer lays out an
// XLS file: the header, DIFAT sectors, FAT sectors, the mini FAT, one
// directory sector, the Workbook stream when it is 4096 bytes or more,
// then the mini stream. The directory holds the root ("R"), SheetJS's
// four-byte marker stream "\x01Sh33tJ5" and "Workbook", in that order.
// Unused FAT and mini FAT entries read ENDOFCHAIN, as SheetJS writes them.

const (
	cfbSector     = 512
	cfbMini       = 64
	cfbMiniCutoff = 4096
	cfbPerSector  = cfbSector / 4 // FAT entries in a sector
	cfbHeaderFAT  = 109           // DIFAT entries in the header

	cfbFree       = 0xFFFFFFFF
	cfbEndOfChain = 0xFFFFFFFE
	cfbFATSect    = 0xFFFFFFFD
	cfbDIFSect    = 0xFFFFFFFC
)

// sheetJSMarker is the content of SheetJS's "\x01Sh33tJ5" stream.
var sheetJSMarker = []byte("7262")

// cfbLayout is the sector counts of the file, in file order.
type cfbLayout struct {
	difat, fat, miniFAT, dir int // sectors
	big                      int // sectors of the Workbook stream when not in the mini stream
	mini                     int // mini sectors in use
}

func (l cfbLayout) miniStreamSectors() int { return (l.mini + 7) >> 3 }

// rootStart is the sector of the mini stream.
func (l cfbLayout) rootStart() int { return l.difat + l.fat + l.miniFAT + l.dir + l.big }

func (l cfbLayout) sectors() int { return l.rootStart() + l.miniStreamSectors() }

func layoutCFB(workbook int) cfbLayout {
	l := cfbLayout{dir: 1, mini: (len(sheetJSMarker) + cfbMini - 1) / cfbMini}
	if workbook < cfbMiniCutoff {
		l.mini += (workbook + cfbMini - 1) / cfbMini
	} else {
		l.big = (workbook + cfbSector - 1) / cfbSector
	}
	l.miniFAT = (l.mini + cfbPerSector - 1) / cfbPerSector
	// The FAT maps every sector but the header, its own and the DIFAT's
	// included: grow both until it fits.
	base := l.miniStreamSectors() + l.big + l.dir + l.miniFAT
	l.fat = (base + cfbPerSector - 1) / cfbPerSector
	l.difat = difatFor(l.fat)
	for (base+l.fat+l.difat+cfbPerSector-1)/cfbPerSector > l.fat {
		l.fat++
		l.difat = difatFor(l.fat)
	}
	return l
}

func difatFor(fat int) int {
	if fat <= cfbHeaderFAT {
		return 0
	}
	return (fat - cfbHeaderFAT + cfbPerSector - 2) / (cfbPerSector - 1)
}

// sectorWriter writes little-endian words and pads to sector boundaries.
type sectorWriter struct {
	w   *bufio.Writer
	n   int64
	buf [4]byte
}

func (s *sectorWriter) u32(v uint32) {
	binary.LittleEndian.PutUint32(s.buf[:], v)
	s.w.Write(s.buf[:4])
	s.n += 4
}

func (s *sectorWriter) u16(v uint16) {
	binary.LittleEndian.PutUint16(s.buf[:], v)
	s.w.Write(s.buf[:2])
	s.n += 2
}

func (s *sectorWriter) bytes(b []byte) {
	s.w.Write(b)
	s.n += int64(len(b))
}

func (s *sectorWriter) zeros(n int) {
	for ; n > 0; n-- {
		s.w.WriteByte(0)
		s.n++
	}
}

// padTo fills with v words (or zero bytes when zero) up to a multiple of size.
func (s *sectorWriter) padWords(v uint32) {
	for s.n%cfbSector != 0 {
		s.u32(v)
	}
}

func (s *sectorWriter) padZeros(size int64) {
	if r := s.n % size; r != 0 {
		s.zeros(int(size - r))
	}
}

// chain writes a FAT (or mini FAT) chain of n entries starting at *next.
func (s *sectorWriter) chain(next *int, n int) {
	for i := 0; i < n; i++ {
		*next++
		if i == n-1 {
			s.u32(cfbEndOfChain)
		} else {
			s.u32(uint32(*next))
		}
	}
}

// dirEntry writes a 128-byte directory entry.
func (s *sectorWriter) dirEntry(name string, typ byte, left, right, child uint32, start uint32, size uint32) {
	units := utf16.Encode([]rune(name))
	for _, u := range units {
		s.u16(u)
	}
	s.zeros(64 - 2*len(units))
	s.u16(uint16(2 * (len(units) + 1)))
	s.bytes([]byte{typ, 1}) // type, colour black
	s.u32(left)
	s.u32(right)
	s.u32(child)
	s.zeros(16 + 4 + 16) // class id, state bits, times
	s.u32(start)
	s.u32(size)
	s.u32(0)
}

// writeCFB writes a compound file whose Workbook stream is n bytes long,
// written by body (which must write exactly n bytes).
func writeCFB(w io.Writer, n int64, body func(io.Writer) error) error {
	if n >= 1<<32-cfbSector {
		return fmt.Errorf("XLS workbook stream of %d bytes is too large for a compound file", n)
	}
	var small []byte
	if n < cfbMiniCutoff {
		var b bytes.Buffer
		if err := body(&b); err != nil {
			return err
		}
		if int64(b.Len()) != n {
			return fmt.Errorf("xls: workbook stream is %d bytes, %d announced", b.Len(), n)
		}
		small = b.Bytes()
	}
	l := layoutCFB(int(n))
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &sectorWriter{w: bw}

	// Header.
	s.bytes([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	s.zeros(16)
	s.u16(0x003E)
	s.u16(0x0003)
	s.u16(0xFFFE)
	s.u16(0x0009)
	s.u16(0x0006)
	s.zeros(6)
	s.u32(0) // directory sectors (0 in version 3)
	s.u32(uint32(l.fat))
	s.u32(uint32(l.difat + l.fat + l.miniFAT)) // first directory sector
	s.u32(0)
	s.u32(cfbMiniCutoff)
	s.u32(uint32(l.difat + l.fat)) // first mini FAT sector
	s.u32(uint32(l.miniFAT))
	if l.difat > 0 {
		s.u32(0)
	} else {
		s.u32(cfbEndOfChain)
	}
	s.u32(uint32(l.difat))
	fatSector := func(i int) uint32 {
		if i < l.fat {
			return uint32(l.difat + i)
		}
		return cfbFree
	}
	i := 0
	for ; i < cfbHeaderFAT; i++ {
		s.u32(fatSector(i))
	}
	// DIFAT sectors: 127 FAT sector numbers and the next DIFAT sector.
	for d := 0; d < l.difat; d++ {
		for end := cfbHeaderFAT + (d+1)*(cfbPerSector-1); i < end; i++ {
			s.u32(fatSector(i))
		}
		if d == l.difat-1 {
			s.u32(cfbEndOfChain)
		} else {
			s.u32(uint32(d + 1))
		}
	}

	// FAT.
	for range l.difat {
		s.u32(cfbDIFSect)
	}
	for range l.fat {
		s.u32(cfbFATSect)
	}
	next := l.difat + l.fat
	s.chain(&next, l.miniFAT)
	s.chain(&next, l.dir)
	bigStart := next
	s.chain(&next, l.big)
	s.chain(&next, l.miniStreamSectors())
	s.padWords(cfbEndOfChain)

	// Mini FAT: the marker stream, then the workbook when small.
	next = 0
	s.chain(&next, (len(sheetJSMarker)+cfbMini-1)/cfbMini)
	wbStart := uint32(bigStart)
	if small != nil {
		wbStart = uint32(next)
		s.chain(&next, (len(small)+cfbMini-1)/cfbMini)
	}
	s.padWords(cfbEndOfChain)

	// Directory.
	s.dirEntry("R", 5, cfbFree, cfbFree, 1, uint32(l.rootStart()), uint32(l.mini*cfbMini))
	s.dirEntry("\x01Sh33tJ5", 2, cfbFree, 2, cfbFree, 0, uint32(len(sheetJSMarker)))
	s.dirEntry("Workbook", 2, cfbFree, cfbFree, cfbFree, wbStart, uint32(n))
	s.zeros(68)
	s.u32(cfbFree)
	s.u32(cfbFree)
	s.u32(cfbFree)
	s.zeros(48)

	if small == nil {
		cw := &countingWriter{w: bw}
		if err := body(cw); err != nil {
			return err
		}
		if cw.n != n {
			return fmt.Errorf("xls: workbook stream is %d bytes, %d announced", cw.n, n)
		}
		s.n += cw.n
		s.padZeros(cfbSector)
	}
	// Mini stream.
	s.bytes(sheetJSMarker)
	s.padZeros(cfbMini)
	if small != nil {
		s.bytes(small)
		s.padZeros(cfbMini)
	}
	s.padZeros(cfbSector)
	return bw.Flush()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
