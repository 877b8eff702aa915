package sheet

import (
	"errors"
	"math"
	"strings"
)

// ReadPRN reads delimited text as SheetJS's read does when it does not
// recognise a format (its PRN/DSV reader), the way the Spreadsheet File
// node 1 reads CSV: bytes as Latin-1 unless a UTF-8 byte order mark says
// otherwise (or UTF8Text), the separator from a "sep=" line or guessed from the first
// 1024 characters (the most frequent of , tab ; |), quotes only around a
// whole cell, and cells typed unless raw: TRUE/FALSE, numbers with
// grouping, "$", "%" or "(…)", dates as serial numbers, ="text" as text.
func ReadPRN(b []byte, o XLSXOptions, emit func(row any) error) error {
	if o.Sheet != "" && o.Sheet != "Sheet1" {
		return sheetMissing(o.Sheet)
	}
	var str string
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		str = strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	} else if o.UTF8Text {
		str = strings.ToValidUTF8(string(b), "\uFFFD")
	} else {
		str = latin1(b)
	}
	r := []rune(str)
	sep := rune(0)
	if len(r) >= 6 && string(r[:4]) == "sep=" {
		switch {
		case len(r) >= 7 && r[5] == '\r' && r[6] == '\n':
			sep, r = r[4], r[7:]
		case r[5] == '\r' || r[5] == '\n':
			sep, r = r[4], r[6:]
		default:
			sep = guessSep(r[:min(len(r), 1024)])
		}
	} else {
		sep = guessSep(r[:min(len(r), 1024)])
	}
	r = []rune(strings.ReplaceAll(string(r), "\r\n", "\n"))
	g := &grid{cells: map[[2]int]cellv{}}
	R, C := 0, 0
	start := 0
	instr := false
	startQuote := len(r) > 0 && r[0] == '"'
	finish := func(end int, cc rune) error {
		s := string(r[start:end])
		if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' || s == `"` {
			if len(s) >= 2 {
				s = strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
			} else {
				s = ""
			}
		}
		if s != "" {
			c, ok := prnCell(s, o.Raw)
			if ok {
				if len(g.cells) >= maxXLSCells {
					return errTooManyCells
				}
				g.cells[[2]int{R, C}] = c
			}
		}
		start = end + 1
		startQuote = start < len(r) && r[start] == '"'
		g.c1, g.r1 = max(g.c1, C), max(g.r1, R)
		if cc == sep {
			C++
		} else {
			C = 0
			R++
		}
		return nil
	}
	for end := 0; end < len(r); end++ {
		switch cc := r[end]; {
		case cc == '"':
			if startQuote {
				instr = !instr
			}
		case cc == sep || cc == '\n' || cc == '\r':
			if !instr {
				if err := finish(end, cc); err != nil {
					return err
				}
			}
		}
	}
	if len(r)-start > 0 {
		if err := finish(len(r), 0); err != nil {
			return err
		}
	}
	return g.emit(o, emit)
}

// prnCell types one DSV cell as SheetJS's finish_cell; false for a
// formula cell, which has no value.
func prnCell(s string, raw bool) (cellv, bool) {
	switch {
	case raw || strings.TrimSpace(s) == "":
		return cellv{v: s, ok: true}, true
	case s[0] == '=':
		if len(s) >= 3 && s[1] == '"' && s[len(s)-1] == '"' {
			return cellv{v: strings.ReplaceAll(s[2:len(s)-1], `""`, `"`), ok: true}, true
		}
		if len(s) > 1 {
			return cellv{}, false
		}
		return cellv{v: s, ok: true}, true
	case s == "TRUE":
		return cellv{v: true, ok: true}, true
	case s == "FALSE":
		return cellv{v: false, ok: true}, true
	}
	if n := fuzzyNum(s); !math.IsNaN(n) {
		// The header key is the cell's text as written.
		return cellv{v: n, text: s, ok: true}, true
	}
	if t, ok := fuzzyDate(s); ok {
		n := dateNum(t)
		return cellv{v: n, text: formatMDYY(n), ok: true}, true
	}
	return cellv{v: s, ok: true}, true
}

// guessSep is SheetJS's guess_sep: the most frequent of , tab ; | outside
// quotes, ties going to the earlier in that list; "," when none occurs.
func guessSep(r []rune) rune {
	cnt := map[rune]int{}
	instr := false
	for _, c := range r {
		if c == '"' {
			instr = !instr
		} else if !instr && (c == ',' || c == '\t' || c == ';' || c == '|') {
			cnt[c]++
		}
	}
	best, bestN := ',', -1
	for _, c := range []rune{',', '\t', ';', '|'} {
		if cnt[c] > bestN {
			best, bestN = c, cnt[c]
		}
	}
	return best
}

var errTooManyCells = errors.New("the sheet has too many cells")
