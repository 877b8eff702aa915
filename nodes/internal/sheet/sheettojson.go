package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// area is a sheet range, 0-based, bounds included.
type area struct{ r0, c0, r1, c1 int }

// maxRangeCells bounds the cells a range option makes sheet_to_json visit.
const maxRangeCells = 1 << 26

// Range is n8n's range option as it passes it to sheet_to_json: unset, a
// first row (a number: the sheet's range from that 0-based row), or an
// A1-style range.
type Range struct {
	kind rangeKind
	row  int
	a1   string
}

type rangeKind int

const (
	rangeNone rangeKind = iota
	rangeFromRow
	rangeA1
	rangeNaN // a number n8n's parseInt makes NaN of (" "): no rows
)

// ParseRange reads the option as n8n does: a falsy value is no range, a
// value JavaScript's isNaN calls a number is parseInt's row, anything else
// an A1 range string.
func ParseRange(v any) Range {
	if v == nil || data.IsUndefined(v) || !jsvalue.Truthy(v) {
		return Range{}
	}
	if math.IsNaN(jsvalue.ToNumber(v)) {
		return Range{kind: rangeA1, a1: jsvalue.ToString(v)}
	}
	n, ok := parseIntJS(jsvalue.ToString(v))
	if !ok {
		return Range{kind: rangeNaN}
	}
	return Range{kind: rangeFromRow, row: n}
}

// parseIntJS is parseInt(s, 10): leading whitespace and sign, then the
// digits there are.
func parseIntJS(s string) (int, bool) {
	s = strings.TrimLeftFunc(s, jsvalue.IsSpace)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:min(end, 10)])
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// decodeRange is SheetJS's lenient reading of an A1 range: upper-case
// column letters then row digits, ":" and the same again; a missing end
// is the start, a missing part -1.
func decodeRange(s string) area {
	i := 0
	part := func(letters bool) int {
		idx := 0
		for ; i < len(s); i++ {
			c := int(s[i])
			if letters && (c < 'A' || c > 'Z') || !letters && (c < '0' || c > '9') {
				break
			}
			if letters {
				idx = 26*idx + c - 'A' + 1
			} else {
				idx = 10*idx + c - '0'
			}
			if idx > 1<<30 {
				idx = 1 << 30
			}
		}
		return idx - 1
	}
	var a area
	a.c0 = part(true)
	a.r0 = part(false)
	if i >= len(s) || s[i] != ':' {
		a.c1, a.r1 = a.c0, a.r0
		return a
	}
	i++
	a.c1 = part(true)
	a.r1 = part(false)
	return a
}

// sheetToJSON is SheetJS's sheet_to_json over the sheet's range ref
// (cells addressed absolutely; text gives a header cell's formatted text
// where it differs from its value): keys from the range's first row, or
// arrays with NoHeader; absent cells left out or "" with
// IncludeEmptyCells; rows without a value skipped, unless NoHeader.
func sheetToJSON(ref area, cell func(r, c int) (any, bool), text func(r, c int) (string, bool), o XLSXOptions, emit func(row any) error) error {
	rg := ref
	switch o.Range.kind {
	case rangeNaN:
		return nil
	case rangeFromRow:
		rg.r0 = o.Range.row
	case rangeA1:
		rg = decodeRange(o.Range.a1)
	}
	if rg.c0 < 0 && rg.c0 <= rg.c1 {
		return fmt.Errorf("invalid column %d", rg.c0)
	}
	width := rg.c1 - rg.c0 + 1
	if width <= 0 {
		width = 0
	}
	// The header row is read even when the range has no rows after it.
	if rows := max(int64(rg.r1)-int64(rg.r0)+1, 1); rows*int64(max(width, 1)) > maxRangeCells {
		return fmt.Errorf("range %d×%d is larger than %d cells", rows, width, maxRangeCells)
	}
	if o.NoHeader {
		for r := rg.r0; r <= rg.r1; r++ {
			arr := make([]any, 0, width)
			last := -1
			for c := rg.c0; c <= rg.c1; c++ {
				v, ok := cell(r, c)
				if !ok {
					if o.IncludeEmptyCells {
						v = ""
					} else {
						v = nil
					}
				} else {
					last = c - rg.c0
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
	for c := rg.c0; c <= rg.c1; c++ {
		v, ok := cell(rg.r0, c)
		h := "__EMPTY"
		if ok {
			h = CellText(v)
			if text != nil {
				if t, ok := text(rg.r0, c); ok {
					h = t
				}
			}
		}
		// Repeated keys get "_1", "_2"… skipping names already taken.
		if n := seen[h]; n == 0 {
			seen[h] = 1
		} else {
			k := ""
			for {
				k = h + "_" + strconv.Itoa(n)
				n++
				if seen[k] == 0 {
					break
				}
			}
			seen[h] = n
			seen[k] = 1
			h = k
		}
		header[c-rg.c0] = h
	}
	for r := rg.r0 + 1; r <= rg.r1; r++ {
		obj := data.NewObject(width)
		nonEmpty := false
		for c := rg.c0; c <= rg.c1; c++ {
			v, ok := cell(r, c)
			if !ok {
				if o.IncludeEmptyCells {
					obj.Set(header[c-rg.c0], "")
				}
				continue
			}
			nonEmpty = true
			obj.Set(header[c-rg.c0], v)
		}
		if !nonEmpty {
			continue
		}
		if err := emit(obj); err != nil {
			return err
		}
	}
	return nil
}
