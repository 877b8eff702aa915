package sheet

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The legacy Excel writer: a BIFF8 workbook stream in a compound file, the
// records and their order as SheetJS 0.18.5 (the xlsx package n8n ships)
// writes them for XLSX.write(wb, {bookType: "xls", bookSST: false}) of one
// json_to_sheet sheet, so the file is byte for byte n8n's. Every cell uses
// the General cell format (XF 16); strings are LABEL records holding at
// most 255 UTF-16 units (no shared string table), numbers NUMBER records,
// booleans BOOLERR, nulls BLANK.

// BIFF8 record types.
const (
	recBOF          = 0x0809
	recEOF          = 0x000A
	recDimensions   = 0x0200
	recBlank        = 0x0201
	recNumber       = 0x0203
	recLabel        = 0x0204
	recBoolErr      = 0x0205
	recWindow2      = 0x023E
	recCodeName     = 0x01BA
	recFeatHdr      = 0x0867
	recFeat         = 0x0868
	recBoundSheet8  = 0x0085
	recFormat       = 0x041E
	recFont         = 0x0031
	recXF           = 0x00E0
	xlsGeneralXF    = 16
	xlsMaxLabel     = 255
	xlsMaxRows      = 65536
	xlsMaxCols      = 256
	xlsCellRecBytes = 4 + 6 // record header, row, column, XF
)

// biffBuf builds records in memory (the small, fixed parts).
type biffBuf []byte

func (b *biffBuf) rec(typ uint16, payload ...byte) {
	*b = binary.LittleEndian.AppendUint16(*b, typ)
	*b = binary.LittleEndian.AppendUint16(*b, uint16(len(payload)))
	*b = append(*b, payload...)
}

func u16s(vs ...uint16) []byte {
	out := make([]byte, 0, 2*len(vs))
	for _, v := range vs {
		out = binary.LittleEndian.AppendUint16(out, v)
	}
	return out
}

func u16(v uint16) []byte { return u16s(v) }

// unicodeString is an XLUnicodeString (always the two-byte form, as
// SheetJS writes it): 16-bit length, flags, UTF-16 units.
func unicodeString(units []uint16) []byte {
	out := binary.LittleEndian.AppendUint16(nil, uint16(len(units)))
	out = append(out, 1)
	for _, u := range units {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// bof is the BOF record's payload for a stream of the type (5: globals,
// 0x10: worksheet), BIFF8 with SheetJS's build and history fields.
func bof(typ uint16) []byte {
	return u16s(0x0600, typ, 0x7262, 0x07CD, 0xC009, 0x0001, 0x0706, 0x0000)
}

// xlsGlobals returns the workbook globals substream before and after the
// BOUNDSHEET8 record, which sits between them.
func xlsGlobals() (head, tail []byte) {
	var b biffBuf
	b.rec(recBOF, bof(0x0005)...)
	b.rec(0x00E1, u16(0x04B0)...) // InterfaceHdr: UTF-16 code page
	b.rec(0x00C1, 0, 0)           // Mms
	b.rec(0x00E2)                 // InterfaceEnd
	// WriteAccess: the user name "Sh33tJS" padded to 112 bytes.
	wa := make([]byte, 112)
	copy(wa, append(u16(7), append([]byte{0}, "Sh33tJS"...)...))
	b.rec(0x005C, wa...)
	b.rec(0x0042, u16(0x04B0)...)                                       // CodePage
	b.rec(0x0161, u16(0)...)                                            // DSF
	b.rec(0x01C0)                                                       // Excel9File
	b.rec(0x013D, u16(1)...)                                            // RRTabId: one sheet
	b.rec(0x009C, u16(0x11)...)                                         // BuiltInFnGroupCount
	b.rec(0x0019, u16(0)...)                                            // WinProtect
	b.rec(0x0012, u16(0)...)                                            // Protect
	b.rec(0x0013, u16(0)...)                                            // Password
	b.rec(0x01AF, u16(0)...)                                            // Prot4Rev
	b.rec(0x01BC, u16(0)...)                                            // Prot4RevPass
	b.rec(0x003D, u16s(0, 0, 0x7260, 0x44C0, 0x38, 0, 0, 1, 0x01F4)...) // Window1
	b.rec(0x0040, u16(0)...)                                            // Backup
	b.rec(0x008D, u16(0)...)                                            // HideObj
	b.rec(0x0022, u16(0)...)                                            // Date1904: 1900 dates
	b.rec(0x000E, u16(1)...)                                            // CalcPrecision
	b.rec(0x01B7, u16(0)...)                                            // RefreshAll
	b.rec(0x00DA, u16(0)...)                                            // BookBool
	// Font: 12pt (240 twips) Arial, weight 400.
	font := u16s(240, 0, 0, 400, 0, 0, 0)
	font = append(font, 5, 1) // name length, two-byte characters
	for _, u := range utf16.Encode([]rune("Arial")) {
		font = binary.LittleEndian.AppendUint16(font, u)
	}
	b.rec(recFont, font...)
	// The one built-in format of SheetJS's table that BIFF8 files carry
	// as a FORMAT record (id 56, in the range SheetJS writes).
	f56 := utf16.Encode([]rune(`"上午/下午 "hh"時"mm"分"ss"秒 "`))
	b.rec(recFormat, append(u16(56), unicodeString(f56)...)...)
	// Sixteen style XFs, then the one cell XF (General).
	for range 16 {
		b.rec(recXF, append(u16s(0, 0, 0xFFF4), make([]byte, 14)...)...)
	}
	b.rec(recXF, make([]byte, 20)...)
	b.rec(0x0160, u16(0)...) // UsesELFs
	head = b

	var c biffBuf
	c.rec(0x008C, u16s(1, 1)...)      // Country
	c.rec(0x00FC, make([]byte, 8)...) // SST: no strings
	c.rec(recEOF)
	return head, c
}

var errEmptyRange = errors.New("Bad range (0): A1:A0")

// xlsRange is the sheet's range as SheetJS's BIFF8 writer uses it: the
// table's extent, cut when it exceeds the format's 65536 rows or 256
// columns the way SheetJS 0.18.5 cuts it (rows then end at the last
// column's index: a sheet of 70000 rows and 3 columns keeps 3 rows).
type xlsRange struct {
	rows, cols int // written
	refRow     int // the last row of the uncut range (the FEAT record's)
	refCol     int
}

func xlsRangeOf(t Table) (xlsRange, error) {
	r := xlsRange{rows: t.Height(), cols: max(len(t.Header), 1)}
	if r.rows == 0 {
		return r, errEmptyRange
	}
	r.refRow, r.refCol = r.rows-1, r.cols-1
	if r.cols > xlsMaxCols || r.rows > xlsMaxRows {
		r.cols = min(r.cols, xlsMaxCols)
		r.rows = min(r.cols-1, xlsMaxRows-1) + 1
	}
	return r, nil
}

// labelUnits is the length in UTF-16 units of a LABEL's text: the string
// cut at 255 units.
func labelUnits(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			n++
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			n += utf16.RuneLen(r)
			i += size
		}
		if n >= xlsMaxLabel {
			return xlsMaxLabel
		}
	}
	return n
}

// cellRecordSize is the bytes of a cell's record (0 when none is written).
func cellRecordSize(v any, ok bool) int {
	if !ok {
		return 0
	}
	switch x := v.(type) {
	case float64:
		return xlsCellRecBytes + 8
	case bool:
		return xlsCellRecBytes + 2
	case string:
		return xlsCellRecBytes + 3 + 2*labelUnits(x)
	}
	return xlsCellRecBytes // BLANK
}

// sheetStream writes (or, with w nil, measures) the worksheet substream.
type sheetStream struct {
	t     Table
	r     xlsRange
	name  []uint16
	w     *bufio.Writer
	n     int64
	small [32]byte
	hdr   [4]byte // record header scratch (a local would escape through Write)
}

func (s *sheetStream) emit(typ uint16, payload []byte) {
	s.n += 4 + int64(len(payload))
	if s.w == nil {
		return
	}
	binary.LittleEndian.PutUint16(s.hdr[:], typ)
	binary.LittleEndian.PutUint16(s.hdr[2:], uint16(len(payload)))
	s.w.Write(s.hdr[:])
	s.w.Write(payload)
}

func (s *sheetStream) head() {
	s.emit(recBOF, bof(0x0010))
	s.emit(0x000D, u16(1))          // CalcMode: automatic
	s.emit(0x000C, u16(100))        // CalcCount
	s.emit(0x000F, u16(1))          // CalcRefMode: A1
	s.emit(0x0011, u16(0))          // CalcIter
	s.emit(0x0010, f64(0.001))      // CalcDelta
	s.emit(0x005F, u16(1))          // CalcSaveRecalc
	s.emit(0x002A, u16(0))          // PrintRowCol
	s.emit(0x002B, u16(0))          // PrintGrid
	s.emit(0x0082, u16(1))          // GridSet
	s.emit(0x0080, make([]byte, 8)) // Guts
	s.emit(0x0083, u16(0))          // HCenter
	s.emit(0x0084, u16(0))          // VCenter
	dim := binary.LittleEndian.AppendUint32(nil, 0)
	dim = binary.LittleEndian.AppendUint32(dim, uint32(s.r.rows))
	dim = append(dim, u16s(0, uint16(s.r.cols), 0)...)
	s.emit(recDimensions, dim)
}

func f64(v float64) []byte { return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)) }

func (s *sheetStream) tail() {
	// Window2: flags, then top row, first column, grid colour (64) and
	// zoom fields as SheetJS writes them.
	w2 := u16(0x06B6)
	for _, v := range []uint32{0, 64, 0, 0} {
		w2 = binary.LittleEndian.AppendUint32(w2, v)
	}
	s.emit(recWindow2, w2)
	s.emit(recCodeName, unicodeString(s.name))
	// FeatHdr and Feat: SheetJS's shared-feature records, the latter over
	// the sheet's uncut range (each bound kept to 16 bits).
	hdr := binary.LittleEndian.AppendUint32(nil, recFeatHdr)
	hdr = append(hdr, make([]byte, 8)...)
	hdr = append(hdr, u16(3)...)
	hdr = append(hdr, 1, 0, 0, 0, 0)
	s.emit(recFeatHdr, hdr)
	ft := binary.LittleEndian.AppendUint32(nil, recFeat)
	ft = append(ft, make([]byte, 8)...)
	ft = append(ft, u16(3)...)
	ft = append(ft, 0, 0, 0, 0, 0)
	ft = append(ft, u16(1)...)
	ft = binary.LittleEndian.AppendUint32(ft, 4)
	ft = append(ft, u16(0)...)
	ft = append(ft, u16s(0, uint16(s.r.refRow), 0, uint16(s.r.refCol))...)
	ft = binary.LittleEndian.AppendUint32(ft, 4)
	s.emit(recFeat, ft)
	s.emit(recEOF, nil)
}

// cells writes every cell record, row by row.
func (s *sheetStream) cells() {
	for r := 0; r < s.r.rows && r < s.t.Height(); r++ {
		for c := 0; c < s.r.cols && c < len(s.t.Header); c++ {
			v, ok := s.t.Cell(r, c)
			if !ok {
				continue
			}
			if s.w == nil {
				s.n += int64(cellRecordSize(v, ok))
				continue
			}
			s.cell(r, c, v)
		}
	}
}

func (s *sheetStream) cell(r, c int, v any) {
	p := s.small[:0]
	p = binary.LittleEndian.AppendUint16(p, uint16(r))
	p = binary.LittleEndian.AppendUint16(p, uint16(c))
	p = binary.LittleEndian.AppendUint16(p, xlsGeneralXF)
	switch x := v.(type) {
	case float64:
		s.emit(recNumber, binary.LittleEndian.AppendUint64(p, math.Float64bits(x)))
	case bool:
		b := byte(0)
		if x {
			b = 1
		}
		s.emit(recBoolErr, append(p, b, 0))
	case string:
		n := labelUnits(x)
		p = binary.LittleEndian.AppendUint16(p, uint16(n))
		p = append(p, 1)
		binary.LittleEndian.PutUint16(s.hdr[:], recLabel)
		binary.LittleEndian.PutUint16(s.hdr[2:], uint16(len(p)+2*n))
		s.w.Write(s.hdr[:])
		s.w.Write(p)
		writeUTF16(s.w, x, n)
		s.n += int64(4 + len(p) + 2*n)
	default:
		s.emit(recBlank, p)
	}
}

// writeUTF16 writes the first n UTF-16 units of s, little-endian.
func writeUTF16(w *bufio.Writer, s string, n int) {
	for _, r := range s {
		if n <= 0 {
			return
		}
		if r < 0x10000 {
			w.WriteByte(byte(r))
			w.WriteByte(byte(r >> 8))
			n--
			continue
		}
		hi, lo := utf16.EncodeRune(r)
		for _, u := range []rune{hi, lo} {
			if n <= 0 {
				return
			}
			w.WriteByte(byte(u))
			w.WriteByte(byte(u >> 8))
			n--
		}
	}
}

// WriteXLS writes the table as SheetJS's legacy Excel (BIFF8) writer
// does: one worksheet named sheetName in a compound file, byte for byte
// n8n's file. The stream is measured first, then written, so the file is
// never held whole unless smaller than 4 KB.
func WriteXLS(w io.Writer, t Table, sheetName string) error {
	r, err := xlsRangeOf(t)
	if err != nil {
		return err
	}
	name := utf16.Encode([]rune(sheetName))
	head, tail := xlsGlobals()
	bound := 12 + 2*len(name)
	measure := &sheetStream{t: t, r: r, name: name}
	measure.head()
	measure.cells()
	measure.tail()
	globals := int64(len(head) + bound + len(tail))
	return writeCFB(w, globals+measure.n, func(out io.Writer) error {
		bw := bufio.NewWriterSize(out, 64<<10)
		bw.Write(head)
		var bs biffBuf
		payload := binary.LittleEndian.AppendUint32(nil, uint32(globals))
		payload = append(payload, 0, 0, byte(len(name)), 1)
		for _, u := range name {
			payload = binary.LittleEndian.AppendUint16(payload, u)
		}
		bs.rec(recBoundSheet8, payload...)
		bw.Write(bs)
		bw.Write(tail)
		s := &sheetStream{t: t, r: r, name: name, w: bw}
		s.head()
		s.cells()
		s.tail()
		return bw.Flush()
	})
}

// CheckSheetName is SheetJS's check of a workbook's sheet name, made
// before any format is written: at most 31 UTF-16 units, none of ][*?/\.
func CheckSheetName(name string) error {
	if len(utf16.Encode([]rune(name))) > 31 {
		return errors.New("Sheet names cannot exceed 31 chars")
	}
	if strings.ContainsAny(name, `][*?/\`) {
		return errors.New(`Sheet name cannot contain : \ / ? * [ ]`)
	}
	return nil
}
