package sheet

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SheetJS (0.18.5, the version n8n ships) reads an HTML file with a string
// scanner, not a DOM: the first table of each <table>…</table> match is a
// sheet, rows split at <tr>, cells at </td>/</th>, leading tags dropped,
// text normalised by its htmldecode, then typed by guessing (TRUE/FALSE,
// numbers with "," "$" "%" "(…)", dates) unless read raw or data-t="s".
// This file reproduces that behaviour so rows match n8n's.

var (
	htmlComment = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<!--.*?-->`)
	})
	htmlTables = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)<table[\s\S]*?>[\s\S]*?</table>`)
	})
	htmlTableTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)<table`)
	})
	htmlTableEnd = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)</table`)
	})
	htmlRowSplit = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)<tr[^>]*>`)
	})
	htmlCellEnd = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)</t[dh]>`)
	})
	htmlCellTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)<t[dh]`)
	})
	htmlAttr = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([^\s?>/=]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)`)
	})

	decLeadWS = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[\t\n\r ]+`)
	})
	decTrailWS = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[\t\n\r ]+$`)
	})
	decAfterTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`>\s+`)
	})
	decBeforeTg = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\s+<`)
	})
	decWS = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[\t\n\r ]+`)
	})
	decBR = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<\s*[bB][rR]\s*/?>`)
	})
	decTags = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<[^>]*>`)
	})
	decEntities = sync.OnceValue(func() []decEntity {
		return []decEntity{
			{regexp.MustCompile(`(?i)&nbsp;`), " "}, {regexp.MustCompile(`(?i)&middot;`), "·"},
			{regexp.MustCompile(`(?i)&quot;`), `"`}, {regexp.MustCompile(`(?i)&apos;`), "'"},
			{regexp.MustCompile(`(?i)&gt;`), ">"}, {regexp.MustCompile(`(?i)&lt;`), "<"},
			{regexp.MustCompile(`(?i)&amp;`), "&"},
		}
	})
)

// decEntity is an entity htmlDecode decodes and its text.
type decEntity struct {
	re *regexp.Regexp
	to string
}

// ErrNoHTMLTable is SheetJS's error for HTML without a table.
var ErrNoHTMLTable = errors.New("Invalid HTML: could not find <table>")

// htmlDecode is SheetJS's htmldecode: whitespace collapsed, <br> to a
// newline, tags dropped, a few entities decoded (in that order).
func htmlDecode(s string) string {
	if !strings.ContainsAny(s, "<&\t\n\r ") {
		return s // nothing to collapse, strip or decode
	}
	s = decLeadWS().ReplaceAllString(s, "")
	s = decTrailWS().ReplaceAllString(s, "")
	s = decAfterTag().ReplaceAllString(s, ">")
	s = decBeforeTg().ReplaceAllString(s, "<")
	s = decWS().ReplaceAllString(s, " ")
	if strings.Contains(s, "<") {
		s = decBR().ReplaceAllString(s, "\n")
		s = decTags().ReplaceAllString(s, "")
	}
	if !strings.Contains(s, "&") {
		return s
	}
	for _, e := range decEntities() {
		s = e.re.ReplaceAllLiteralString(s, e.to)
	}
	return s
}

// cellv is a typed cell: v is its value, text its formatted text where a
// number format makes it differ from the value (dates), ok whether the
// cell exists.
type cellv struct {
	v    any
	text string
	ok   bool
}

// grid is a sheet as SheetJS's range sees it.
type grid struct {
	cells  map[[2]int]cellv
	r0, c0 int // range start
	r1, c1 int // range end, inclusive
}

func (g *grid) emit(o XLSXOptions, emit func(row any) error) error {
	if g.r1 < g.r0 || g.c1 < g.c0 {
		return nil
	}
	cell := func(ri, ci int) (any, bool) {
		c, ok := g.cells[[2]int{ri, ci}]
		return c.v, ok && c.ok
	}
	text := func(ri, ci int) (string, bool) {
		c, ok := g.cells[[2]int{ri, ci}]
		if !ok || c.text == "" {
			return "", false
		}
		return c.text, true
	}
	return sheetToJSON(area{g.r0, g.c0, g.r1, g.c1}, cell, text, o, emit)
}

// htmlSheets splits an HTML file into its tables as SheetJS's
// html_to_workbook does.
func htmlSheets(s string) ([]string, error) {
	m := htmlTables().FindAllString(s, -1)
	if len(m) == 0 {
		return nil, ErrNoHTMLTable
	}
	return m, nil
}

// ReadHTML reads an HTML file's tables as sheets ("Sheet1" for one table,
// Sheet1…SheetN for several) and emits the chosen one's rows.
func ReadHTML(s string, o XLSXOptions, emit func(row any) error) error {
	tables, err := htmlSheets(s)
	if err != nil {
		return err
	}
	idx := 0
	if o.Sheet != "" {
		idx = -1
		for i := range tables {
			if o.Sheet == "Sheet"+strconv.Itoa(i+1) {
				idx = i
			}
		}
		if idx < 0 {
			return sheetMissing(o.Sheet)
		}
	}
	g, err := htmlTable(tables[idx], o.Raw)
	if err != nil {
		return err
	}
	return g.emit(o, emit)
}

func htmlTable(s string, raw bool) (*grid, error) {
	s = htmlComment().ReplaceAllString(s, "")
	loc := htmlTableTag().FindStringIndex(s)
	if loc == nil {
		return nil, ErrNoHTMLTable
	}
	end := len(s)
	if e := htmlTableEnd().FindStringIndex(s); e != nil && e[0] > 0 {
		end = e[0]
	}
	if end < loc[0] {
		end = loc[0]
	}
	body := s[loc[0]:end]
	// Split keeping the <tr> markers, as split with a capture group does.
	var rows []string
	last := 0
	for _, m := range htmlRowSplit().FindAllStringIndex(body, -1) {
		rows = append(rows, body[last:m[0]], body[m[0]:m[1]])
		last = m[1]
	}
	rows = append(rows, body[last:])
	g := &grid{cells: map[[2]int]cellv{}, r0: 10000000, c0: 10000000}
	type merge struct{ sr, sc, er, ec int }
	var merges []merge
	R, C := -1, 0
	for _, row := range rows {
		row = strings.TrimSpace(row)
		hd := strings.ToLower(row[:min(3, len(row))])
		if hd == "<tr" {
			R++
			C = 0
			continue
		}
		if hd != "<td" && hd != "<th" {
			continue
		}
		for _, cell := range htmlCellEnd().Split(row, -1) {
			cell = strings.TrimSpace(cell)
			if !htmlCellTag().MatchString(cell) {
				continue
			}
			m := cell
			for strings.HasPrefix(m, "<") {
				cc := strings.IndexByte(m, '>')
				if cc < 0 {
					break
				}
				m = m[cc+1:]
			}
			for mi := 0; mi < len(merges); mi++ {
				if mg := merges[mi]; mg.sc == C && mg.sr < R && R <= mg.er {
					C = mg.ec + 1
					mi = -1
				}
			}
			attrs := tagAttrs(cell[:max(strings.IndexByte(cell, '>'), 0)])
			cs := 1
			if v, ok := attrs["colspan"]; ok {
				if n := jsNumber(v); !math.IsNaN(n) {
					cs = int(n)
				} else {
					cs = 0
				}
			}
			rs := 0
			if v, ok := attrs["rowspan"]; ok {
				if n := jsNumber(v); !math.IsNaN(n) {
					rs = int(n)
				}
			}
			if rs > 1 || cs > 1 {
				merges = append(merges, merge{R, C, R + max(rs, 1) - 1, C + cs - 1})
				if len(merges) > 1<<16 {
					return nil, errors.New("HTML table has too many merged cells")
				}
			}
			t := attrs["t"]
			if t == "" {
				t = attrs["data-t"]
			}
			if m == "" {
				C += cs
				continue
			}
			m = htmlDecode(m)
			g.r0, g.r1 = min(g.r0, R), max(g.r1, R)
			g.c0, g.c1 = min(g.c0, C), max(g.c1, C)
			if m == "" {
				C += cs
				continue
			}
			g.cells[[2]int{R, C}] = guessCell(m, raw || t == "s")
			C += cs
		}
	}
	return g, nil
}

// tagAttrs is SheetJS's parsexmltag for the attributes it reads: names as
// written, values unquoted, the first of a repeated name kept.
func tagAttrs(tag string) map[string]string {
	out := map[string]string{}
	// Skip the tag name.
	i := strings.IndexAny(tag, " \t\r\n")
	if i < 0 {
		return out
	}
	for _, m := range htmlAttr().FindAllStringSubmatch(tag[i:], -1) {
		v := m[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			v = v[1 : len(v)-1]
		}
		if _, dup := out[m[1]]; !dup {
			out[m[1]] = v
		}
	}
	return out
}

// guessCell types a text cell as SheetJS does when reading text formats
// without raw: TRUE/FALSE, fuzzy numbers, then fuzzy dates (as date
// serial numbers with the m/d/yy format).
func guessCell(m string, raw bool) cellv {
	if raw || strings.TrimSpace(m) == "" {
		return cellv{v: m, ok: true}
	}
	switch m {
	case "TRUE":
		return cellv{v: true, ok: true}
	case "FALSE":
		return cellv{v: false, ok: true}
	}
	if n := fuzzyNum(m); !math.IsNaN(n) {
		return cellv{v: n, ok: true}
	}
	if t, ok := fuzzyDate(m); ok {
		n := dateNum(t)
		return cellv{v: n, text: formatMDYY(n), ok: true}
	}
	return cellv{v: m, ok: true}
}

var (
	fuzzyThousands = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(\d),(\d)`)
	})
	fuzzyParens = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\((.*)\)`)
	})
)

// fuzzyNum is SheetJS's fuzzynum: Number(s), else digit-grouping commas,
// "$" and "%" (÷100 each) removed, then "(n)" as -n.
func fuzzyNum(s string) float64 {
	if v := jsNumber(s); !math.IsNaN(v) {
		if math.IsInf(v, 0) {
			return math.NaN()
		}
		return v
	}
	if !strings.ContainsAny(s, "0123456789") {
		return math.NaN()
	}
	wt := 1.0
	ss := s
	if strings.Contains(ss, ",") {
		ss = fuzzyThousands().ReplaceAllString(s, "$1$2")
	}
	// JS's replace without /g on a pattern with /g: every match.
	ss = strings.ReplaceAll(ss, "$", "")
	for strings.Contains(ss, "%") {
		ss = strings.Replace(ss, "%", "", 1)
		wt *= 100
	}
	if v := jsNumber(ss); !math.IsNaN(v) {
		return v / wt
	}
	if m := fuzzyParens().FindStringSubmatchIndex(ss); m != nil {
		ss = ss[:m[0]] + ss[m[2]:m[3]] + ss[m[1]:]
		wt = -wt
	}
	if v := jsNumber(ss); !math.IsNaN(v) {
		return v / wt
	}
	return math.NaN()
}

// jsNumber is JavaScript's Number(string): surrounding whitespace
// ignored, "" is 0, hex/octal/binary prefixes, Infinity; NaN otherwise.
func jsNumber(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			if n, err := strconv.ParseUint(s[2:], base, 64); err == nil {
				return float64(n)
			}
			return math.NaN()
		}
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == 'e' || r == 'E' || r == '+' || r == '-') {
			return math.NaN()
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return n
}

var (
	nonLetters = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[^a-z]`)
	})
	ampm = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([^a-z]|^)[ap]m?([^a-z]|$)`)
	})
	notDateCh = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`[^-0-9:,/\\]`)
	})
	monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
)

// fuzzyDate is SheetJS's fuzzydate over the date shapes V8's Date parser
// accepts that such cells hold (see jsDateParse).
func fuzzyDate(s string) (time.Time, bool) {
	// The letter checks come first (they do not depend on the parse):
	// most text cells end here without trying any date layout.
	if !strings.ContainsAny(s, "0123456789") {
		return time.Time{}, false
	}
	lower := strings.ToLower(s)
	if hasMonthWord(lower) {
		lower = nonLetters().ReplaceAllString(lower, "")
		lower = ampm().ReplaceAllString(lower, "$1$2")
		if len(lower) > 3 && !contains(monthNames, lower) {
			return time.Time{}, false
		}
	} else if strings.ContainsAny(lower, "abcdefghijklmnopqrstuvwxyz") {
		return time.Time{}, false
	}
	t, ok := jsDateParse(s)
	if !ok {
		return time.Time{}, false
	}
	lt := t.In(time.Local)
	y := lt.Year() - 1900
	if y < 0 || y > 8099 {
		return time.Time{}, false
	}
	if (lt.Month() > 1 || lt.Day() > 1) && y != 101 {
		return t, true
	}
	if notDateCh().MatchString(s) {
		return time.Time{}, false
	}
	return t, true
}

// hasMonthWord is /jan|feb|…|dec/ on a lowercased string.
func hasMonthWord(lower string) bool {
	for _, m := range monthNames {
		if strings.Contains(lower, m[:3]) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	isoDate = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([+-]\d{6}|\d{4})(?:-(\d\d)(?:-(\d\d))?)?$`)
	})
	localDTs = []string{
		"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-1-2", "2006/1/2", "2006/1/2 15:04", "2006/1/2 15:04:05",
		"1/2/2006", "1/2/2006 15:04", "1/2/2006 15:04:05", "1/2/06", "1-2-2006",
		"Jan 2, 2006", "Jan 2 2006", "January 2, 2006", "January 2 2006", "2 Jan 2006", "2 January 2006",
		"Jan 2006", "January 2006", "Jan 2, 2006 15:04", "January 2, 2006 15:04:05",
	}
)

// jsDateParse is V8's Date parser for the shapes spreadsheets hold: ISO
// dates (UTC), and the legacy month/day/year and month-name forms (local
// time). Other strings are not dates here, though V8 may accept some.
func jsDateParse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if m := isoDate().FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, d := 1, 1
		if m[2] != "" {
			mo, _ = strconv.Atoi(m[2])
		}
		if m[3] != "" {
			d, _ = strconv.Atoi(m[3])
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return time.Time{}, false
		}
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), true
	}
	for _, l := range localDTs {
		if t, err := time.ParseInLocation(l, s, time.Local); err == nil {
			if strings.HasSuffix(l, "/06") && t.Year() >= 2050 {
				t = t.AddDate(-100, 0, 0)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// dateNum is SheetJS's datenum: days since 1899-12-30 local midnight,
// corrected by the difference of the two instants' local offsets.
func dateNum(t time.Time) float64 {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.Local)
	_, offV := t.In(time.Local).Zone()
	_, offB := base.Zone()
	thresh := base.UnixMilli() + int64(offB-offV)*1000
	return float64(t.UnixMilli()-thresh) / (24 * 60 * 60 * 1000)
}

// formatMDYY is SheetJS's "m/d/yy" text of a date serial number.
func formatMDYY(n float64) string {
	days := math.Floor(n)
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days))
	return strconv.Itoa(int(t.Month())) + "/" + strconv.Itoa(t.Day()) + "/" + t.Format("06")
}

func sheetMissing(name string) error {
	return errors.New("Spreadsheet does not contain sheet called \"" + name + "\"!")
}
