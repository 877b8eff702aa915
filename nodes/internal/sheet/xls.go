package sheet

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"

	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/record"
)

// maxXLSCells bounds a sheet read from a legacy Excel file.
const maxXLSCells = 50_000_000

// ReadXLS reads a legacy Excel (BIFF8) workbook's sheet with xlsReader and
// emits rows as SheetJS's sheet_to_json does: numbers, booleans and
// strings typed, error cells left out.
func ReadXLS(b []byte, o XLSXOptions, emit func(row any) error) (err error) {
	defer func() {
		// xlsReader indexes its records without bounds checks; a
		// malformed file is an error, not a crash.
		if r := recover(); r != nil {
			err = fmt.Errorf("Unsupported or damaged XLS file: %v", r)
		}
	}()
	if len(b) < 512 {
		// SheetJS's words for a compound file shorter than its header.
		return fmt.Errorf("CFB file size %d < 512", len(b))
	}
	wb, err := xls.OpenReader(bytes.NewReader(cfbRootNamed(b)))
	if err != nil {
		return err
	}
	sheets := wb.GetSheets()
	if len(sheets) == 0 {
		return ErrNoSheets
	}
	idx := 0
	if o.Sheet != "" {
		idx = -1
		for i := range sheets {
			if sheets[i].GetName() == o.Sheet {
				idx = i
				break
			}
		}
		if idx < 0 {
			return sheetMissing(o.Sheet)
		}
	}
	sh := sheets[idx]
	g := &grid{cells: map[[2]int]cellv{}, r0: 1 << 30, c0: 1 << 30, r1: -1, c1: -1}
	for ri, row := range sh.GetRows() {
		for ci, c := range row.GetCols() {
			var v any
			switch x := c.(type) {
			case *record.Number, *record.Rk:
				v = x.GetFloat64()
			case *record.LabelSSt, *record.LabelBIFF8, *record.LabelBIFF5:
				v = x.GetString()
			case *record.BoolErr:
				switch s := x.GetString(); s {
				case "TRUE", "FALSE":
					v = s == "TRUE"
				}
			}
			if v == nil {
				continue
			}
			if len(g.cells) >= maxXLSCells {
				return fmt.Errorf("XLS sheet has more than %d cells", maxXLSCells)
			}
			g.cells[[2]int{ri, ci}] = cellv{v: v, ok: true}
			g.r0, g.r1 = min(g.r0, ri), max(g.r1, ri)
			g.c0, g.c1 = min(g.c0, ci), max(g.c1, ci)
		}
	}
	return g.emit(o, emit)
}

// cfbRootNamed returns the compound file with its root directory entry
// named "Root Entry": xlsReader finds the root by that name, and SheetJS
// (so every XLS file n8n writes) names it "R". The entry is the first of
// the first directory sector; other files come back unchanged.
func cfbRootNamed(b []byte) []byte {
	shift := binary.LittleEndian.Uint16(b[0x1E:])
	if shift < 7 || shift > 16 {
		return b
	}
	size := 1 << shift
	dir := int(binary.LittleEndian.Uint32(b[0x30:]))
	off := (dir + 1) * size
	if dir < 0 || off+128 > len(b) || off < 0 || b[off+66] != 5 {
		return b
	}
	name := utf16.Encode([]rune("Root Entry"))
	cur := int(binary.LittleEndian.Uint16(b[off+64:]))
	if cur == 2*(len(name)+1) && string(b[off:off+2]) == "R\x00" && b[off+2] == 'o' {
		return b
	}
	out := bytes.Clone(b)
	clear(out[off : off+64])
	for i, c := range name {
		binary.LittleEndian.PutUint16(out[off+2*i:], c)
	}
	binary.LittleEndian.PutUint16(out[off+64:], uint16(2*(len(name)+1)))
	return out
}
