package googlesheets

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// valueRange is the API's ValueRange answer.
type valueRange struct {
	Range          string  `json:"range"`
	MajorDimension string  `json:"majorDimension"`
	Values         [][]any `json:"values,omitempty"`
}

// updateResponse is UpdateValuesResponse.
type updateResponse struct {
	SpreadsheetID  string `json:"spreadsheetId"`
	UpdatedRange   string `json:"updatedRange,omitempty"`
	UpdatedRows    int    `json:"updatedRows,omitempty"`
	UpdatedColumns int    `json:"updatedColumns,omitempty"`
	UpdatedCells   int    `json:"updatedCells,omitempty"`
}

// render is a cell as valueRenderOption asks.
func render(v any, option string) any {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		if option == "FORMATTED_VALUE" {
			return formatNumber(x)
		}
		return x
	case bool:
		if option == "FORMATTED_VALUE" {
			if x {
				return "TRUE"
			}
			return "FALSE"
		}
		return x
	}
	return v
}

// formatNumber is the automatic number format's text: up to ten
// significant digits, no exponent for ordinary magnitudes.
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'g', 10, 64)
	if strings.ContainsAny(s, "e") {
		return strings.ToUpper(s)
	}
	return s
}

func (s *Server) valuesGet(sp *Spreadsheet, a1 string, q url.Values) (int, any, *apiError) {
	g, err := sp.resolve(a1)
	if err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	option := q.Get("valueRenderOption")
	if option == "" {
		option = "FORMATTED_VALUE"
	}
	if option != "FORMATTED_VALUE" && option != "UNFORMATTED_VALUE" && option != "FORMULA" {
		return 0, nil, badRequest("Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), %q", option)
	}
	g = g.clip()
	out := valueRange{Range: g.a1(), MajorDimension: "ROWS"}
	sh := g.sheet
	var rows [][]any
	for r := g.startRow; r < g.endRow && r < len(sh.Values); r++ {
		var row []any
		last := -1
		for c := g.startCol; c < g.endCol && c < len(sh.Values[r]); c++ {
			if !empty(sh.Values[r][c]) {
				last = c
			}
		}
		for c := g.startCol; c <= last; c++ {
			row = append(row, render(sh.Values[r][c], option))
		}
		if row == nil {
			row = []any{}
		}
		rows = append(rows, row)
	}
	n := len(rows)
	for n > 0 && len(rows[n-1]) == 0 {
		n--
	}
	if n > 0 {
		out.Values = rows[:n]
	}
	return 200, out, nil
}

// input converts a sent value as valueInputOption says; a nil answer
// leaves the cell unchanged, "" clears it.
func input(v any, option string) (any, bool, error) {
	switch x := v.(type) {
	case nil:
		return nil, true, nil
	case json.Number:
		f, err := x.Float64()
		return f, false, err
	case bool:
		return x, false, nil
	case string:
		if option == "RAW" || x == "" {
			return x, false, nil
		}
		return typed(x), false, nil
	case map[string]any:
		return nil, false, fmt.Errorf("struct_value")
	case []any:
		return nil, false, fmt.Errorf("list_value")
	}
	return nil, false, fmt.Errorf("unknown value")
}

// typed is what the Sheets editor makes of text typed into a cell.
func typed(s string) any {
	if strings.HasPrefix(s, "'") {
		return s[1:]
	}
	if strings.HasPrefix(s, "=") {
		return s
	}
	switch strings.ToUpper(s) {
	case "TRUE":
		return true
	case "FALSE":
		return false
	}
	t := strings.TrimSpace(s)
	if t != "" && strings.IndexFunc(t, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E')
	}) < 0 {
		if f, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return s
}

func valueInputOption(v string) (string, *apiError) {
	switch v {
	case "RAW", "USER_ENTERED":
		return v, nil
	case "":
		return "", badRequest("'valueInputOption' is required but not specified")
	}
	return "", badRequest("Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), %q", v)
}

func valuesOf(body map[string]any) ([][]any, *apiError) {
	raw, ok := body["values"]
	if !ok || raw == nil {
		return nil, nil
	}
	rows, ok := raw.([]any)
	if !ok {
		return nil, badRequest("Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue)")
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		cells, ok := r.([]any)
		if !ok {
			return nil, badRequest("Invalid values[%d]: %v", i, r)
		}
		out[i] = cells
	}
	return out, nil
}

// write puts rows into the sheet from (row, col) and returns the written
// extent; s.mu is held.
func write(g gridRange, rows [][]any, option string) (updateResponse, *apiError) {
	res := updateResponse{}
	maxCols := 0
	for _, r := range rows {
		maxCols = max(maxCols, len(r))
	}
	if len(rows) == 0 || maxCols == 0 {
		return res, nil
	}
	if g.startRow+len(rows) > g.sheet.RowCount || g.startCol+maxCols > g.sheet.ColumnCount {
		return res, badRequest("Range (%s!%s%d) exceeds grid limits. Max rows: %d, max columns: %d",
			quoteTitle(g.sheet.Title), ColumnName(g.startCol+maxCols-1), g.startRow+len(rows), g.sheet.RowCount, g.sheet.ColumnCount)
	}
	if !g.openRows && len(rows) > g.endRow-g.startRow || !g.openCols && maxCols > g.endCol-g.startCol {
		return res, badRequest("Requested writing within range [%s], but tried writing to row [%d]", g.a1(), g.startRow+len(rows))
	}
	// Check every value first: a bad one fails the whole request.
	conv := make([][]any, len(rows))
	skip := make([][]bool, len(rows))
	for i, r := range rows {
		conv[i] = make([]any, len(r))
		skip[i] = make([]bool, len(r))
		for j, v := range r {
			c, sk, err := input(v, option)
			if err != nil {
				return res, badRequest("Invalid values[%d][%d]: %s", i, j, err.Error())
			}
			conv[i][j], skip[i][j] = c, sk
		}
	}
	for i, r := range conv {
		for j, v := range r {
			if !skip[i][j] {
				g.sheet.set(g.startRow+i, g.startCol+j, v)
			}
		}
	}
	g.sheet.trim()
	w := gridRange{sheet: g.sheet, startRow: g.startRow, endRow: g.startRow + len(rows), startCol: g.startCol, endCol: g.startCol + maxCols}
	res.UpdatedRange = w.a1()
	res.UpdatedRows = len(rows)
	res.UpdatedColumns = maxCols
	for _, r := range rows {
		res.UpdatedCells += len(r)
	}
	return res, nil
}

func (s *Server) valuesUpdate(sp *Spreadsheet, a1 string, q url.Values, body map[string]any) (int, any, *apiError) {
	option, aerr := valueInputOption(q.Get("valueInputOption"))
	if aerr != nil {
		return 0, nil, aerr
	}
	if br, ok := body["range"].(string); ok && br != a1 {
		if bg, err1 := sp.resolve(br); err1 != nil || !sameRange(sp, bg, a1) {
			return 0, nil, badRequest("Requested entity range [%s] and URL range [%s] do not match", br, a1)
		}
	}
	g, err := sp.resolve(a1)
	if err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	rows, aerr := valuesOf(body)
	if aerr != nil {
		return 0, nil, aerr
	}
	res, aerr := write(g, rows, option)
	if aerr != nil {
		return 0, nil, aerr
	}
	res.SpreadsheetID = sp.SpreadsheetID
	if res.UpdatedRange == "" {
		res.UpdatedRange = g.clip().a1()
	}
	return 200, res, nil
}

func sameRange(sp *Spreadsheet, g gridRange, a1 string) bool {
	h, err := sp.resolve(a1)
	return err == nil && h.sheet == g.sheet && h.startRow == g.startRow && h.endRow == g.endRow && h.startCol == g.startCol && h.endCol == g.endCol
}

// valuesAppend finds the table at the range (the rows from the range's
// first row down to the last row with a value in the range's columns)
// and writes after it, growing the grid as the API does.
func (s *Server) valuesAppend(sp *Spreadsheet, a1 string, q url.Values, body map[string]any) (int, any, *apiError) {
	option, aerr := valueInputOption(q.Get("valueInputOption"))
	if aerr != nil {
		return 0, nil, aerr
	}
	g, err := sp.resolve(a1)
	if err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	rows, aerr := valuesOf(body)
	if aerr != nil {
		return 0, nil, aerr
	}
	sh := g.sheet
	last := -1
	first := -1
	for r := g.startRow; r < len(sh.Values); r++ {
		for c := g.startCol; c < min(g.endCol, len(sh.Values[r])); c++ {
			if !empty(sh.Values[r][c]) {
				last = r
				if first < 0 {
					first = r
				}
				break
			}
		}
	}
	at := g.startRow
	if last >= 0 {
		at = last + 1
	}
	maxCols := 0
	for _, r := range rows {
		maxCols = max(maxCols, len(r))
	}
	if need := at + len(rows); need > sh.RowCount {
		sh.RowCount = need
	}
	if need := g.startCol + maxCols; need > sh.ColumnCount {
		sh.ColumnCount = need
	}
	w := gridRange{sheet: sh, startRow: at, endRow: sh.RowCount, startCol: g.startCol, endCol: sh.ColumnCount, openRows: true, openCols: true}
	res, aerr := write(w, rows, option)
	if aerr != nil {
		return 0, nil, aerr
	}
	res.SpreadsheetID = sp.SpreadsheetID
	out := struct {
		SpreadsheetID string         `json:"spreadsheetId"`
		TableRange    string         `json:"tableRange,omitempty"`
		Updates       updateResponse `json:"updates"`
	}{SpreadsheetID: sp.SpreadsheetID, Updates: res}
	if first >= 0 {
		endCol := g.startCol
		for r := first; r <= last; r++ {
			endCol = max(endCol, min(g.endCol, len(sh.Values[r])))
		}
		out.TableRange = gridRange{sheet: sh, startRow: first, endRow: last + 1, startCol: g.startCol, endCol: max(endCol, g.startCol+1)}.a1()
	}
	return 200, out, nil
}

func (s *Server) valuesClear(sp *Spreadsheet, a1 string) (int, any, *apiError) {
	g, err := sp.resolve(a1)
	if err != nil {
		return 0, nil, badRequest("%s", err.Error())
	}
	g = g.clip()
	sh := g.sheet
	for r := g.startRow; r < g.endRow && r < len(sh.Values); r++ {
		for c := g.startCol; c < g.endCol && c < len(sh.Values[r]); c++ {
			sh.Values[r][c] = nil
		}
	}
	sh.trim()
	return 200, struct {
		SpreadsheetID string `json:"spreadsheetId"`
		ClearedRange  string `json:"clearedRange"`
	}{sp.SpreadsheetID, g.a1()}, nil
}

func (s *Server) valuesBatchUpdate(sp *Spreadsheet, body map[string]any) (int, any, *apiError) {
	opt, _ := body["valueInputOption"].(string)
	option, aerr := valueInputOption(opt)
	if aerr != nil {
		return 0, nil, aerr
	}
	list, _ := body["data"].([]any)
	type target struct {
		g    gridRange
		rows [][]any
	}
	var targets []target
	for i, d := range list {
		m, _ := d.(map[string]any)
		a1, _ := m["range"].(string)
		g, err := sp.resolve(a1)
		if err != nil {
			return 0, nil, badRequest("%s", err.Error())
		}
		rows, aerr := valuesOf(m)
		if aerr != nil {
			aerr.Message = strings.Replace(aerr.Message, "values[", fmt.Sprintf("data[%d].values[", i), 1)
			return 0, nil, aerr
		}
		targets = append(targets, target{g, rows})
	}
	out := struct {
		SpreadsheetID       string           `json:"spreadsheetId"`
		TotalUpdatedRows    int              `json:"totalUpdatedRows,omitempty"`
		TotalUpdatedColumns int              `json:"totalUpdatedColumns,omitempty"`
		TotalUpdatedCells   int              `json:"totalUpdatedCells,omitempty"`
		TotalUpdatedSheets  int              `json:"totalUpdatedSheets,omitempty"`
		Responses           []updateResponse `json:"responses"`
	}{SpreadsheetID: sp.SpreadsheetID, Responses: []updateResponse{}}
	sheets := map[*Sheet]bool{}
	for _, t := range targets {
		res, aerr := write(t.g, t.rows, option)
		if aerr != nil {
			return 0, nil, aerr
		}
		res.SpreadsheetID = sp.SpreadsheetID
		out.Responses = append(out.Responses, res)
		out.TotalUpdatedRows += res.UpdatedRows
		out.TotalUpdatedColumns += res.UpdatedColumns
		out.TotalUpdatedCells += res.UpdatedCells
		if res.UpdatedCells > 0 {
			sheets[t.g.sheet] = true
		}
	}
	out.TotalUpdatedSheets = len(sheets)
	return 200, out, nil
}
