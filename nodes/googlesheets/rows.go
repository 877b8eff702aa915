package googlesheets

import (
	"fmt"
	"strconv"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// The sheet values n8n works on are rows of cells: []any of []any, cells
// being strings, numbers or booleans as the API renders them. "Missing"
// (a JavaScript undefined past a row's end) is represented by absence.

func row(v any) []any { r, _ := v.([]any); return r }

func cell(r []any, i int) (any, bool) {
	if i < 0 || i >= len(r) {
		return nil, false
	}
	return r[i], true
}

// truthy is JavaScript's truthiness for a cell.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case float64:
		return x != 0 && x == x
	case bool:
		return x
	}
	return true
}

func isNumber(v any) bool { _, ok := v.(float64); return ok }
func isBool(v any) bool   { _, ok := v.(bool); return ok }

// sheetLayout is n8n's prepareSheetData result.
type sheetLayout struct {
	rows                    []any
	headerRow, firstDataRow int
}

// prepareSheetData numbers the rows (row_number first) and, for
// "detectAutomatically", drops empty columns, leading empty rows and
// empty rows (or everything from the first empty row).
func prepareSheetData(values []any, loc *data.Object) (sheetLayout, error) {
	out := sheetLayout{headerRow: 0, firstDataRow: 1}
	def := jsString(loc.Value("rangeDefinition"))
	if def == "specifyRange" {
		out.headerRow = parseInt(loc.Value("headerRow")) - 1
		out.firstDataRow = parseInt(loc.Value("firstDataRow")) - 1
	}
	rows := make([]any, len(values))
	for i, r := range values {
		nr := make([]any, 0, len(row(r))+1)
		nr = append(nr, float64(i+1))
		nr = append(nr, row(r)...)
		rows[i] = nr
	}
	if len(rows) > 0 {
		if out.headerRow < 0 || out.headerRow >= len(rows) {
			return out, fmt.Errorf("Cannot set properties of undefined (setting '0')")
		}
		row(rows[out.headerRow])[0] = rowNumber
	}
	if def == "detectAutomatically" {
		rows = removeEmptyColumns(rows)
		var err error
		if rows, err = trimLeadingEmptyRows(rows); err != nil {
			return out, err
		}
		if jsString(loc.Value("readRowsUntil")) == "firstEmptyRow" {
			rows = trimToFirstEmptyRow(rows)
		} else if rows, err = removeEmptyRows(rows); err != nil {
			return out, err
		}
	}
	out.rows = rows
	return out, nil
}

func parseInt(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		n, _ := strconv.Atoi(leadingInt().FindString(x))
		return n
	}
	return 0
}

// removeEmptyColumns keeps a column when its header is not "" or any
// other cell is truthy or a number; rows come back equally long, gaps as "".
func removeEmptyColumns(rows []any) []any {
	if len(rows) == 0 {
		return []any{}
	}
	longest := 0
	for _, r := range rows {
		longest = max(longest, len(row(r)))
	}
	var keep []int
	for c := 0; c < longest; c++ {
		head, ok := cell(row(rows[0]), c)
		if !ok || head != "" {
			keep = append(keep, c)
			continue
		}
		for _, r := range rows[1:] {
			if v, ok := cell(row(r), c); ok && (truthy(v) || isNumber(v)) {
				keep = append(keep, c)
				break
			}
		}
	}
	if len(keep) == 0 {
		return []any{}
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		nr := make([]any, len(keep))
		for j, c := range keep {
			if v, ok := cell(row(r), c); ok {
				nr[j] = v
			} else {
				nr[j] = ""
			}
		}
		out[i] = nr
	}
	return out
}

func rowHasData(r []any, bools bool) bool {
	for _, v := range r[min(1, len(r)):] {
		if truthy(v) || isNumber(v) || (bools && isBool(v)) {
			return true
		}
	}
	return false
}

// trimLeadingEmptyRows drops the rows before the first with data (none
// found: slice(-1) keeps the last row, as n8n's code does).
func trimLeadingEmptyRows(rows []any) ([]any, error) {
	first := -1
	for i, r := range rows {
		if rowHasData(row(r), false) {
			first = i
			break
		}
	}
	if first < 0 {
		first = len(rows) - 1
	}
	if first < 0 || first >= len(rows) {
		return nil, fmt.Errorf("Cannot set properties of undefined (setting '0')")
	}
	out := rows[first:]
	row(out[0])[0] = rowNumber
	return out, nil
}

func trimToFirstEmptyRow(rows []any) []any {
	for i, r := range rows {
		all := true
		for _, v := range row(r)[min(1, len(row(r))):] {
			if v != "" {
				all = false
				break
			}
		}
		if all {
			return rows[:i]
		}
	}
	return rows
}

func removeEmptyRows(rows []any) ([]any, error) {
	var out []any
	for _, r := range rows {
		if rowHasData(row(r), true) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("Cannot set properties of undefined (setting '0')")
	}
	row(out[0])[0] = rowNumber
	return out, nil
}

// key is a header cell as an object key (String(cell)); ok is its
// JavaScript truthiness.
func key(v any) (string, bool) {
	if !truthy(v) {
		return "", false
	}
	return jsString(v), true
}

// toObjects is convertSheetDataArrayToObjectArray.
func toObjects(rows []any, start int, keys []any, addEmpty bool) []*data.Object {
	var out []*data.Object
	for r := start; r < len(rows); r++ {
		cells := row(rows[r])
		o := data.NewObject(len(cells))
		for c := range cells {
			if c >= len(keys) {
				continue
			}
			k, ok := key(keys[c])
			if !ok {
				continue
			}
			v := cells[c]
			if v == nil {
				v = ""
			}
			o.Set(k, v)
		}
		if o.Len() > 0 || addEmpty {
			out = append(out, o)
		}
	}
	return out
}

// structureByColumn is structureArrayDataByColumn.
func structureByColumn(rows []any, keyRow, dataStart int) []*data.Object {
	if keyRow < 0 || dataStart < keyRow || keyRow >= len(rows) {
		return nil
	}
	longest := 0
	for _, r := range rows {
		longest = max(longest, len(row(r)))
	}
	keys := make([]any, longest)
	hdr := row(rows[keyRow])
	for c := range keys {
		if v, ok := cell(hdr, c); ok && truthy(v) {
			keys[c] = v
		} else {
			keys[c] = "col_" + strconv.Itoa(c)
		}
	}
	return toObjects(rows, dataStart, keys, false)
}

// lookup is n8n's lookupValues: the rows whose column matches (OR: any
// filter, one row per filter unless all matches; AND: every filter).
func lookup(rows []any, keyRow, dataStart int, filters []filter, all bool, version float64, combine string) ([]*data.Object, error) {
	if keyRow < 0 || dataStart < keyRow || keyRow >= len(rows) {
		return nil, engine.OperationError(-1, "The key row does not exist")
	}
	hdr := row(rows[keyRow])
	keys := make([]any, len(hdr))
	for c, v := range hdr {
		if truthy(v) {
			keys[c] = v
		} else {
			keys[c] = "col_" + strconv.Itoa(c)
		}
	}
	for i, r := range rows {
		cells := row(r)
		for len(cells) < len(keys) {
			cells = append(cells, "")
		}
		rows[i] = cells
	}
	colOf := func(name string) (int, error) {
		for c, k := range keys {
			if s, ok := k.(string); ok && s == name {
				return c, nil
			}
		}
		return -1, engine.OperationError(-1, "The column \"%s\" could not be found", name)
	}
	matches := func(r []any, c int, want any) bool {
		v, ok := cell(r, c)
		return ok && v != nil && jsString(v) == jsString(want)
	}
	result := []any{keys}
	added := map[int]bool{}
	if combine == "OR" {
	filters:
		for _, f := range filters {
			c, err := colOf(f.column)
			if err != nil {
				return nil, err
			}
			for r := dataStart; r < len(rows); r++ {
				if matches(row(rows[r]), c, f.value) {
					if !added[r] {
						result = append(result, rows[r])
						added[r] = true
					}
					if !all {
						if version >= 4.6 {
							break filters
						}
						continue filters
					}
				}
			}
		}
	} else {
		for r := dataStart; r < len(rows); r++ {
			ok := true
			for _, f := range filters {
				c, err := colOf(f.column)
				if err != nil {
					return nil, err
				}
				if !matches(row(rows[r]), c, f.value) {
					ok = false
					break
				}
			}
			if ok {
				if !added[r] {
					result = append(result, rows[r])
					added[r] = true
				}
				if !all {
					break
				}
			}
		}
	}
	clean := removeEmptyColumns(result)
	if len(clean) == 0 {
		return nil, nil
	}
	return toObjects(clean, 1, row(clean[0]), true), nil
}

// filter is one filtersUI.values entry.
type filter struct {
	column string
	value  any
}
