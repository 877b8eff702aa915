package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"sync"

	"github.com/xuri/excelize/v2"
)

// XLSXOptions are the SheetJS read/sheet_to_json options n8n's Extract
// from File passes for spreadsheets.
type XLSXOptions struct {
	Sheet             string // "" for the first sheet
	NoHeader          bool   // rows come back as arrays (header: 1)
	IncludeEmptyCells bool   // defval ""
	Raw               bool   // rawData: text formats (HTML) are not typed
	Range             Range  // the range option
	// UTF8Text reads delimited text as UTF-8, as SheetJS does when given a
	// string (Spreadsheet File 1's readAsString), not as Latin-1 bytes.
	UTF8Text bool
}

// ErrNoSheets and a missing sheet are errors in n8n's words.
var ErrNoSheets = errors.New("Spreadsheet does not have any sheets!")

// ReadXLSX reads a workbook's sheet as SheetJS's sheet_to_json does with
// raw values: numbers, booleans and strings typed, absent cells left out
// (or "" with IncludeEmptyCells), blank rows skipped.
func ReadXLSX(r io.Reader, o XLSXOptions, emit func(row any) error) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return ErrNoSheets
	}
	name := sheets[0]
	if o.Sheet != "" {
		found := false
		for _, s := range sheets {
			found = found || s == o.Sheet
		}
		if !found {
			return fmt.Errorf("Spreadsheet does not contain sheet called \"%s\"!", o.Sheet)
		}
		name = o.Sheet
	}
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	cell := func(ri, ci int) (any, bool) {
		axis, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
		typ, _ := f.GetCellType(name, axis)
		raw := ""
		if ci < len(rows[ri]) {
			raw = rows[ri][ci]
		}
		switch typ {
		case excelize.CellTypeUnset:
			if raw == "" {
				return nil, false
			}
			if n, err := strconv.ParseFloat(raw, 64); err == nil {
				return n, true
			}
			return raw, true
		case excelize.CellTypeBool:
			return raw == "1" || raw == "TRUE" || raw == "true", true
		case excelize.CellTypeNumber, excelize.CellTypeDate:
			if n, err := strconv.ParseFloat(raw, 64); err == nil {
				return n, true
			}
		}
		return raw, true
	}
	inside := func(ri, ci int) (any, bool) {
		if ri < 0 || ci < 0 || ri >= len(rows) || ci >= width {
			return nil, false
		}
		return cell(ri, ci)
	}
	// The sheet's range is its <dimension> when SheetJS takes it (an
	// "X:Y" reference of word characters, well ordered), else the extent
	// of its cells.
	ref, ok := area{}, false
	if dim, err := f.GetSheetDimension(name); err == nil && dimRef().MatchString(dim) {
		a := decodeRange(dim)
		ref, ok = a, a.r0 <= a.r1 && a.c0 <= a.c1 && a.r0 >= 0 && a.c0 >= 0
	}
	if !ok {
		ref = area{r0: len(rows), c0: width, r1: -1, c1: -1}
		for ri := range rows {
			for ci := range rows[ri] {
				if _, present := cell(ri, ci); present {
					ref.r0, ref.r1 = min(ref.r0, ri), max(ref.r1, ri)
					ref.c0, ref.c1 = min(ref.c0, ci), max(ref.c1, ci)
				}
			}
		}
		if ref.r1 < 0 {
			return nil // no cells, no range: no rows
		}
	}
	return sheetToJSON(ref, inside, nil, o, emit)
}

// dimRef is SheetJS's test of a worksheet dimension it takes as the range.
var dimRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\w*:\w*$`)
})

// emitGrid is sheet_to_json over a grid of height × width cells from A1.
func emitGrid(height, width int, cell func(ri, ci int) (any, bool), o XLSXOptions, emit func(row any) error) error {
	inside := func(ri, ci int) (any, bool) {
		if ri < 0 || ci < 0 || ri >= height || ci >= width {
			return nil, false
		}
		return cell(ri, ci)
	}
	if height == 0 {
		return nil // no !ref: SheetJS returns no rows whatever the range
	}
	return sheetToJSON(area{0, 0, height - 1, max(width-1, 0)}, inside, nil, o, emit)
}
