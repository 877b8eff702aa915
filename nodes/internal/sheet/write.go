package sheet

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Table is what SheetJS's json_to_sheet makes of items: the flattened rows
// under a header of every key in order of first appearance, the header row
// itself unless skipped.
type Table struct {
	Header []string
	Rows   []*data.Object
	// NoHeader is json_to_sheet's skipHeader.
	NoHeader bool
}

// NewTable flattens items into a table.
func NewTable(items []*data.Object, noHeader bool) Table {
	rows := make([]*data.Object, len(items))
	for i, it := range items {
		rows[i] = Flatten(it)
	}
	return Table{Header: Header(rows), Rows: rows, NoHeader: noHeader}
}

// Height is the number of sheet rows.
func (t Table) Height() int {
	if t.NoHeader {
		return len(t.Rows)
	}
	return len(t.Rows) + 1
}

// Cell is the value of the cell at row r, column c as json_to_sheet types
// it: a string, float64 or bool, nil for a null (SheetJS's "z" cell);
// ok is false where there is no cell.
func (t Table) Cell(r, c int) (v any, ok bool) {
	if !t.NoHeader {
		if r == 0 {
			return t.Header[c], true
		}
		r--
	}
	v, ok = t.Rows[r].Get(t.Header[c])
	if !ok || data.IsUndefined(v) {
		return nil, false
	}
	switch x := v.(type) {
	case string, float64, bool, nil:
		return x, true
	}
	return CellText(v), true
}

// cellType is SheetJS's cell type letter.
func cellType(v any) string {
	switch v.(type) {
	case nil:
		return "z"
	case float64:
		return "n"
	case bool:
		return "b"
	}
	return "s"
}

// colName is SheetJS's encode_col.
func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

var (
	htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&apos;", `"`, "&quot;", "\n", "<br/>")
	htmlControl = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[\x00-\x1f]`)
	})
	wtRegex = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(^\s|\s$|\n)`)
	})
)

// escapeHTML is SheetJS's escapehtml.
func escapeHTML(s string) string {
	s = htmlEscaper.Replace(s)
	if htmlControl().MatchString(s) {
		s = htmlControl().ReplaceAllStringFunc(s, func(m string) string { return fmt.Sprintf("&#x%04x;", m[0]) })
	}
	return s
}

// rawValue is a cell's value as JavaScript prints it.
func rawValue(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	}
	return fmt.Sprint(v)
}

// WriteHTML writes the table as SheetJS's sheet_to_html does (its "html"
// book type): byte for byte what n8n writes.
func WriteHTML(w io.Writer, t Table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`<html><head><meta charset="utf-8"/><title>SheetJS Table Export</title></head><body><table>`)
	for r := 0; r < max(t.Height(), 1); r++ {
		bw.WriteString("<tr>")
		for c := 0; c < max(len(t.Header), 1); c++ {
			var v any
			ok := false
			if c < len(t.Header) && r < t.Height() {
				v, ok = t.Cell(r, c)
			}
			text := ""
			if ok && v != nil {
				text = escapeHTML(CellText(v))
			}
			bw.WriteString("<td")
			if ok {
				bw.WriteString(` data-t="` + cellType(v) + `"`)
				if v != nil {
					bw.WriteString(` data-v="` + rawValue(v) + `"`)
				}
			}
			fmt.Fprintf(bw, ` id="sjs-%s%d"`, colName(c), r+1)
			if wtRegex().MatchString(text) {
				bw.WriteString(` xml:space="preserve"`)
			}
			bw.WriteString(">" + text + "</td>")
		}
		bw.WriteString("</tr>")
	}
	bw.WriteString("</table></body></html>")
	return bw.Flush()
}

// WriteRTF writes the table as SheetJS's RTF writer does: one \cell per
// present, non-null cell, text unescaped.
func WriteRTF(w io.Writer, t Table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{\rtf1\ansi`)
	cols := max(len(t.Header), 1)
	for r := 0; r < max(t.Height(), 1); r++ {
		bw.WriteString(`\trowd\trautofit1`)
		for c := 0; c < cols; c++ {
			fmt.Fprintf(bw, `\cellx%d`, c+1)
		}
		bw.WriteString(`\pard\intbl`)
		for c := 0; c < len(t.Header) && r < t.Height(); c++ {
			v, ok := t.Cell(r, c)
			if !ok || v == nil {
				continue
			}
			bw.WriteString(" " + CellText(v) + `\cell`)
		}
		bw.WriteString(`\pard\intbl\row`)
	}
	bw.WriteString("}")
	return bw.Flush()
}

// WriteXLSX writes the table as one worksheet named sheetName, the values
// typed as json_to_sheet types them (numbers, booleans, strings; nulls
// left out). The workbook is excelize's, not SheetJS's: the same cells in
// different XML. Numbers are written in full (excelize's default, and its
// stream writer, round to Excel's 15 digits; SheetJS writes JavaScript's
// shortest form).
func WriteXLSX(w io.Writer, t Table, sheetName string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	for r := 0; r < t.Height(); r++ {
		for c := range t.Header {
			v, ok := t.Cell(r, c)
			if !ok || v == nil {
				continue
			}
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			switch x := v.(type) {
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					err = f.SetCellFloat(sheetName, ref, x, decimals(x), 64)
				} else {
					// The value's text as SheetJS writes it: JavaScript's
					// String(number) ("-1.5e-7", not "-0.00000015").
					err = f.SetCellDefault(sheetName, ref, jsvalue.ToString(x))
				}
			case bool:
				err = f.SetCellBool(sheetName, ref, x)
			case string:
				err = f.SetCellStr(sheetName, ref, x)
			}
			if err != nil {
				return err
			}
		}
	}
	_, err := f.WriteTo(w)
	return err
}

// decimals is the number of decimal places that writes x exactly in the
// shortest form.
func decimals(x float64) int {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
