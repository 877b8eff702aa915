package googlesheets

import (
	"fmt"
	"strconv"
	"strings"
)

// gridRange is an A1 range resolved against a sheet: zero-based,
// half-open row and column bounds (the way the API's GridRange is).
type gridRange struct {
	sheet              *Sheet
	startRow, endRow   int
	startCol, endCol   int
	openRows, openCols bool // an unbounded side (A:C, 2:5, Sheet1)
}

// ColumnName is the A1 letters of a zero-based column (0 → A, 26 → AA).
func ColumnName(c int) string {
	var b []byte
	for c >= 0 {
		b = append([]byte{byte('A' + c%26)}, b...)
		c = c/26 - 1
	}
	return string(b)
}

// columnIndex reads A1 letters (case-insensitive); -1 when s has none.
func columnIndex(s string) int {
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return -1
		}
		n = n*26 + int(r-'A'+1)
		if n > 18278 { // ZZZ: the API's limit is far below
			return -1
		}
	}
	return n - 1
}

// cellRef is one side of an A1 range: column and/or row, -1 when absent.
type cellRef struct{ col, row int }

func parseCellRef(s string) (cellRef, bool) {
	s = strings.ReplaceAll(s, "$", "")
	i := 0
	for i < len(s) && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) {
		i++
	}
	ref := cellRef{col: -1, row: -1}
	if i > 0 {
		ref.col = columnIndex(s[:i])
		if ref.col < 0 {
			return ref, false
		}
	}
	if i < len(s) {
		n, err := strconv.Atoi(s[i:])
		if err != nil || n < 1 {
			return ref, false
		}
		ref.row = n - 1
	}
	return ref, i > 0 || i < len(s)
}

// splitRange separates "Sheet!A1:B2" into the sheet title (unquoted) and
// the cells part; a range without "!" is either a title or cells.
func splitRange(a1 string) (title string, cells string, hasTitle bool) {
	if strings.HasPrefix(a1, "'") {
		// 'It''s'!A1 — quotes doubled inside.
		var b strings.Builder
		for i := 1; i < len(a1); i++ {
			if a1[i] == '\'' {
				if i+1 < len(a1) && a1[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				rest := a1[i+1:]
				if rest == "" {
					return b.String(), "", true
				}
				if strings.HasPrefix(rest, "!") {
					return b.String(), rest[1:], true
				}
				return b.String(), rest, true
			}
			b.WriteByte(a1[i])
		}
		return a1, "", true
	}
	if i := strings.LastIndex(a1, "!"); i >= 0 {
		return a1[:i], a1[i+1:], true
	}
	return a1, "", false
}

// resolve turns an A1 string into a grid range of a spreadsheet.
func (sp *Spreadsheet) resolve(a1 string) (gridRange, error) {
	bad := fmt.Errorf("Unable to parse range: %s", a1)
	title, cells, hasTitle := splitRange(a1)
	var sh *Sheet
	if hasTitle {
		sh = sp.sheetByTitle(title)
		if sh == nil {
			return gridRange{}, bad
		}
	} else {
		// Either a sheet title or cells of the first sheet.
		if sh = sp.sheetByTitle(title); sh == nil {
			if len(sp.Sheets) == 0 {
				return gridRange{}, bad
			}
			sh, cells = sp.Sheets[0], a1
		} else {
			cells = ""
		}
	}
	g := gridRange{sheet: sh, startRow: 0, endRow: sh.RowCount, startCol: 0, endCol: sh.ColumnCount}
	if cells == "" {
		g.openRows, g.openCols = true, true
		return g, nil
	}
	from, to, isPair := strings.Cut(cells, ":")
	a, ok := parseCellRef(from)
	if !ok {
		return gridRange{}, bad
	}
	b := a
	if isPair {
		if b, ok = parseCellRef(to); !ok {
			return gridRange{}, bad
		}
	}
	if (a.col < 0) != (b.col < 0) && !isPair {
		return gridRange{}, bad
	}
	if !isPair && (a.col < 0 || a.row < 0) {
		return gridRange{}, bad
	}
	// Columns.
	if a.col >= 0 {
		g.startCol = a.col
	}
	if b.col >= 0 {
		g.endCol = b.col + 1
	} else {
		g.openCols = true
	}
	if a.col < 0 && b.col < 0 {
		g.openCols = true
	}
	// Rows.
	if a.row >= 0 {
		g.startRow = a.row
	}
	if b.row >= 0 {
		g.endRow = b.row + 1
	} else {
		g.openRows = true
	}
	if g.startCol > g.endCol {
		g.startCol, g.endCol = g.endCol-1, g.startCol+1
	}
	if g.startRow > g.endRow {
		g.startRow, g.endRow = g.endRow-1, g.startRow+1
	}
	return g, nil
}

// exceeds reports an explicit bound past the sheet's grid.
func (g gridRange) exceeds() error {
	if g.endRow > g.sheet.RowCount || g.endCol > g.sheet.ColumnCount || g.startRow >= g.sheet.RowCount || g.startCol >= g.sheet.ColumnCount {
		return fmt.Errorf("Range (%s!%s%d) exceeds grid limits. Max rows: %d, max columns: %d",
			quoteTitle(g.sheet.Title), ColumnName(min(g.endCol, 18277)-1), g.endRow, g.sheet.RowCount, g.sheet.ColumnCount)
	}
	return nil
}

// clip bounds g to the grid.
func (g gridRange) clip() gridRange {
	g.endRow = min(g.endRow, g.sheet.RowCount)
	g.endCol = min(g.endCol, g.sheet.ColumnCount)
	return g
}

// quoteTitle quotes a sheet title the way the API writes it in ranges:
// only when it has characters besides letters, digits and underscores,
// or could be read as a cell.
func quoteTitle(t string) string {
	plain := t != ""
	for _, r := range t {
		if !(r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			plain = false
		}
	}
	if plain {
		if ref, ok := parseCellRef(t); ok && ref.col >= 0 && ref.row >= 0 {
			plain = false
		}
		if t[0] >= '0' && t[0] <= '9' {
			plain = false
		}
	}
	if plain {
		return t
	}
	return "'" + strings.ReplaceAll(t, "'", "''") + "'"
}

// a1 writes g as the API does: Sheet1!A1:C5, a single cell as Sheet1!B2.
func (g gridRange) a1() string {
	from := ColumnName(g.startCol) + strconv.Itoa(g.startRow+1)
	to := ColumnName(g.endCol-1) + strconv.Itoa(g.endRow)
	s := quoteTitle(g.sheet.Title) + "!" + from
	if from != to {
		s += ":" + to
	}
	return s
}
