package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine/data"
)

// XLSXOptions are the SheetJS read/sheet_to_json options n8n's Extract
// from File passes for spreadsheets.
type XLSXOptions struct {
	Sheet             string // "" for the first sheet
	NoHeader          bool   // rows come back as arrays (header: 1)
	IncludeEmptyCells bool   // defval ""
	Raw               bool   // rawData: text formats (HTML) are not typed
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
	return emitGrid(len(rows), width, cell, o, emit)
}

// emitGrid is sheet_to_json over a grid of cells: header row to keys (or
// arrays with NoHeader), absent cells left out or "", blank rows skipped.
func emitGrid(height, width int, cell func(ri, ci int) (any, bool), o XLSXOptions, emit func(row any) error) error {
	return emitGridText(height, width, cell, nil, o, emit)
}

// emitGridText is emitGrid where a header cell's key is its formatted
// text when text gives one (a date's "m/d/yy"), as sheet_to_json takes
// keys from formatted cells.
func emitGridText(height, width int, cell func(ri, ci int) (any, bool), text func(ri, ci int) (string, bool), o XLSXOptions, emit func(row any) error) error {
	if height == 0 {
		return nil
	}
	if o.NoHeader {
		for ri := 0; ri < height; ri++ {
			arr := make([]any, 0, width)
			last := -1
			for ci := 0; ci < width; ci++ {
				v, ok := cell(ri, ci)
				if !ok {
					if o.IncludeEmptyCells {
						v = ""
					} else {
						v = nil
					}
				} else {
					last = ci
				}
				arr = append(arr, v)
			}
			// sheet_to_json with header: 1 keeps blank rows (as []).
			if !o.IncludeEmptyCells {
				arr = arr[:last+1]
			}
			if err := emit(arr); err != nil {
				return err
			}
		}
		return nil
	}
	header := make([]string, width)
	seen := map[string]int{}
	for ci := 0; ci < width; ci++ {
		v, ok := cell(0, ci)
		h := "__EMPTY"
		if ok {
			h = CellText(v)
			if text != nil {
				if t, ok := text(0, ci); ok {
					h = t
				}
			}
		}
		if n := seen[h]; n > 0 {
			seen[h] = n + 1
			h = h + "_" + strconv.Itoa(n)
		} else {
			seen[h] = 1
		}
		header[ci] = h
	}
	for ri := 1; ri < height; ri++ {
		obj := data.NewObject(width)
		any := false
		for ci := 0; ci < width; ci++ {
			v, ok := cell(ri, ci)
			if !ok {
				if o.IncludeEmptyCells {
					obj.Set(header[ci], "")
				}
				continue
			}
			any = true
			obj.Set(header[ci], v)
		}
		if !any {
			continue
		}
		if err := emit(obj); err != nil {
			return err
		}
	}
	return nil
}
