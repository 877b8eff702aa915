package sheet

import (
	"errors"
	"regexp"
	"sync"
)

var (
	rtfRow = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\\trowd[^\n\r]*?\\row\b`)
	})
	rtfWord = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\\\w+\b`)
	})
)

// ErrRTFNoTable is what SheetJS's RTF reader throws for RTF without a
// table row: it reads the length of a null match (a TypeError in n8n).
var ErrRTFNoTable = errors.New("Cannot read properties of null (reading 'length')")

// ReadRTF reads an RTF table as SheetJS 0.18.5's stub reader does: each
// \trowd…\row on one line is a row, the text before each \cell (one
// leading space dropped) a string cell. Bytes are read one character each
// (the file as a binary string), as SheetJS does.
func ReadRTF(b []byte, o XLSXOptions, emit func(row any) error) error {
	if o.Sheet != "" && o.Sheet != "Sheet1" {
		return sheetMissing(o.Sheet)
	}
	s := latin1(b)
	rows := rtfRow().FindAllString(s, -1)
	if rows == nil {
		return ErrRTFNoTable
	}
	g := &grid{cells: map[[2]int]cellv{}, r1: len(rows) - 1}
	for r, row := range rows {
		last, c := 0, -1
		for _, m := range rtfWord().FindAllStringIndex(row, -1) {
			if row[m[0]:m[1]] == `\cell` {
				d := row[last:m[0]]
				if len(d) > 0 && d[0] == ' ' {
					d = d[1:]
				}
				c++
				if d != "" {
					g.cells[[2]int{r, c}] = cellv{v: d, ok: true}
				}
			}
			last = m[1]
		}
		g.c1 = max(g.c1, c)
	}
	return g.emit(o, emit)
}

// latin1 is a byte string as JavaScript's Buffer.toString("binary").
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
