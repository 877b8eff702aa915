package converttofile_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestSheetGoldens compares the spreadsheet writers and readers (Convert
// to File, Extract from File, Spreadsheet File) with real n8n 1.123.81
// (testdata/nodes/sheets; regenerate with gen.py there and record.sh).
// ODS, HTML, RTF and XLS (BIFF8) files are compared byte for byte, fileSize
// included (xls-write, xls-errors, xls-error-stop; the range option in
// sheet-range, SpreadsheetML 2003 reads in spreadsheetml-read). XLSX files are
// SheetJS's XML in n8n and excelize's in n8n-go, so they are compared
// through their cells: each sheet's name and every cell's reference, type,
// value as stored (JavaScript's number text) and number format; their
// fileSize is left out.
func TestSheetGoldens(t *testing.T) {
	settest.RunGoldensNormalized(t, "../../testdata/nodes/sheets", "*", nodes.All(), expression.New(expression.Options{}),
		func(t *testing.T, run []byte, _ bool) []byte { return workbooksOpened(t, run) })
}

func workbooksOpened(t *testing.T, doc []byte) []byte {
	t.Helper()
	v, err := data.ParseJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case *data.Object:
			if bin, ok := x.Value("binary").(*data.Object); ok {
				for _, b := range bin.All() {
					if meta, ok := b.(*data.Object); ok && meta.Value("fileExtension") == "xlsx" {
						describeXLSX(t, meta)
					}
				}
			}
			for _, e := range x.All() {
				walk(e)
			}
		}
	}
	walk(v)
	out, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// describeXLSX replaces an XLSX file's data by the list of its cells
// (sheet, reference, kind, the value's text as stored, number format):
// n8n's and n8n-go's files are compared through it, cell by cell. The
// zip container and XML around the cells differ (SheetJS's writer and
// excelize's), so fileSize is left out.
func describeXLSX(t *testing.T, meta *data.Object) {
	s, _ := meta.Value("data").(string)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer f.Close()
	var desc strings.Builder
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&desc, "sheet %q\n", sh)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := f.GetCellType(sh, ref)
				if v == "" && typ == excelize.CellTypeUnset {
					continue
				}
				// SheetJS writes strings inline ("str"), excelize as shared
				// or inline strings: one kind, text.
				kind := "text"
				switch typ {
				case excelize.CellTypeBool:
					kind = "bool"
				case excelize.CellTypeNumber, excelize.CellTypeUnset:
					kind = "number"
				}
				style, _ := f.GetCellStyle(sh, ref)
				format := "General"
				if st, err := f.GetStyle(style); err == nil && st != nil {
					if st.CustomNumFmt != nil {
						format = *st.CustomNumFmt
					} else if st.NumFmt != 0 {
						format = strconv.Itoa(st.NumFmt)
					}
				}
				fmt.Fprintf(&desc, "%s %s %q %s\n", ref, kind, v, format)
			}
		}
	}
	meta.Set("data", desc.String())
	meta.Set("fileSize", "(xlsx)")
}
