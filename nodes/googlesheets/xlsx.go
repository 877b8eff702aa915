package googlesheets

import (
	"bytes"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine"
)

// maxExportCells bounds the grid read from a revision's export.
const maxExportCells = 10_000_000

// revisionRows is n8n's sheetBinaryToArrayOfArrays: the named sheet of an
// xlsx workbook as SheetJS's sheet_to_json reads it with header: 1 and
// defval "" — every row of the range (the cells' bounding box, or rng in
// A1 notation) as a full-width array, absent cells "", numbers, booleans
// and text typed — less the blank rows after the last row with a value.
func revisionRows(raw []byte, sheetName, rng string) ([]any, error) {
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		return nil, engine.OperationError(-1, "The revision's export could not be read as xlsx: %v", err)
	}
	defer f.Close()
	found := false
	for _, s := range f.GetSheetList() {
		found = found || s == sheetName
	}
	if !found {
		return nil, engine.OperationError(-1, "Cannot read properties of undefined (reading '!ref')")
	}
	rows, err := f.GetRows(sheetName, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, engine.OperationError(-1, "The revision's export could not be read: %v", err)
	}
	// The bounding box of the cells with a value (SheetJS's !ref).
	minR, minC, maxR, maxC := -1, -1, -1, -1
	for r, rw := range rows {
		for c, v := range rw {
			if v == "" {
				continue
			}
			if minR < 0 {
				minR = r
			}
			maxR = r
			if minC < 0 || c < minC {
				minC = c
			}
			maxC = max(maxC, c)
		}
	}
	var rg a1Range
	switch {
	case rng != "":
		rg = decodeRange(rng)
	case minR < 0:
		dim, _ := f.GetSheetDimension(sheetName)
		rg = decodeRange(dim)
	default:
		rg = a1Range{sr: minR, sc: minC, er: maxR, ec: maxC}
	}
	width := rg.ec - rg.sc + 1
	if width < 0 {
		width = 0
	}
	// Rows past the last cell are blank: the trimming below drops them
	// all but the first, so they are not built.
	end := rg.er
	if maxR >= 0 {
		end = min(end, max(maxR, rg.sr))
	} else {
		end = min(end, rg.sr)
	}
	if (end-rg.sr+1)*width > maxExportCells {
		return nil, engine.OperationError(-1, "The revision's sheet has more than %d cells", maxExportCells)
	}
	out := []any{}
	last := 0
	for r := rg.sr; r <= end; r++ {
		line := make([]any, width)
		blank := true
		for c := rg.sc; c <= rg.ec; c++ {
			v := any("")
			if r >= 0 && r < len(rows) && c >= 0 && c < len(rows[r]) && rows[r][c] != "" {
				v = exportCell(f, sheetName, r, c, rows[r][c])
			}
			line[c-rg.sc] = v
			blank = blank && v == ""
		}
		if !blank {
			last = len(out)
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return out, nil
	}
	return out[:last+1], nil
}

// exportCell types a cell's raw text as SheetJS does.
func exportCell(f *excelize.File, sheet string, r, c int, raw string) any {
	ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
	typ, _ := f.GetCellType(sheet, ref)
	switch typ {
	case excelize.CellTypeBool:
		return raw == "1" || raw == "TRUE" || raw == "true"
	case excelize.CellTypeUnset, excelize.CellTypeNumber, excelize.CellTypeDate:
		if n, err := strconv.ParseFloat(raw, 64); err == nil {
			return n
		}
	}
	return raw
}

// a1Range is a decoded range, zero-based and inclusive.
type a1Range struct{ sr, sc, er, ec int }

// decodeRange is SheetJS's safe_decode_range: letters then digits for
// each end, missing parts -1, one cell when there is no ":".
func decodeRange(s string) a1Range {
	i := 0
	num := func(letters bool) int {
		idx := 0
		for ; i < len(s); i++ {
			ch := int(s[i])
			if letters {
				if ch < 'A' || ch > 'Z' {
					break
				}
				idx = 26*idx + ch - 64
			} else {
				if ch < '0' || ch > '9' {
					break
				}
				idx = 10*idx + ch - '0'
			}
		}
		return idx - 1
	}
	var o a1Range
	o.sc = num(true)
	o.sr = num(false)
	if i == len(s) || s[i] != ':' {
		o.ec, o.er = o.sc, o.sr
		return o
	}
	i++
	o.ec = num(true)
	o.er = num(false)
	return o
}
