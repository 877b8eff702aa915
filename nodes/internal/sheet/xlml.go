package sheet

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// SpreadsheetML 2003 ("XML Spreadsheet", Excel's .xml export) read as
// SheetJS 0.18.5 reads it: a tag scanner, not an XML parser, so files
// SheetJS accepts are accepted here. Worksheet > Table > Row > Cell > Data
// with ss:Index on rows and cells and ss:MergeAcross moving the column;
// String, Number, Boolean and DateTime data typed (a date is its Excel
// serial number); error cells left out. A header cell's text is its
// value's, a date's in its style's number format when that is a short date
// (m/d/yy), else yyyy-mm-dd; other number formats are not applied to
// header texts (General).

var (
	xlmlTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<(/?)([^\s?><!/:]*:|)([^\s?<>:/]+)(?:[\s?:/][^>]*)?>`)
	})
	xlmlAttr = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([^\s?>/=]+)\s*=\s*("[^"]*"|'[^']*')`)
	})
	xlmlComment = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<!--.*?-->`)
	})
	xmlEntity = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));`)
	})
	xmlCode = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)_x([\da-fA-F]{4})_`)
	})
	xmlDecEnt = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`&#(\d+);`)
	})
	xlmlStrip = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`<.*?>`)
	})
)

// maxXLMLCells bounds a SpreadsheetML sheet.
const maxXLMLCells = 50_000_000

// unescapeXML is SheetJS's unescapexml: the five entities and numeric
// references, then _xHHHH_ escapes; CDATA sections kept as they are.
func unescapeXML(s string) string {
	if i := strings.Index(s, "<![CDATA["); i >= 0 {
		j := strings.Index(s[i:], "]]>")
		if j < 0 {
			return unescapeXML(s[:i]) + s[i+9:]
		}
		j += i
		return unescapeXML(s[:i]) + s[i+9:j] + unescapeXML(s[j+3:])
	}
	s = xmlEntity().ReplaceAllStringFunc(s, func(m string) string {
		switch strings.ToLower(m) {
		case "&quot;":
			return `"`
		case "&apos;":
			return "'"
		case "&gt;":
			return ">"
		case "&lt;":
			return "<"
		case "&amp;":
			return "&"
		}
		base := 10
		digits := m[2 : len(m)-1]
		if digits[0] == 'x' || digits[0] == 'X' {
			base, digits = 16, digits[1:]
		}
		n, err := strconv.ParseUint(digits, base, 32)
		if err != nil || n == 0 {
			return m
		}
		return jsChar(n)
	})
	return xmlCode().ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		return jsChar(n)
	})
}

// jsChar is String.fromCharCode(n): one UTF-16 unit.
func jsChar(n uint64) string {
	u := rune(n & 0xFFFF)
	if u >= 0xD800 && u <= 0xDFFF {
		return "\uFFFD"
	}
	return string(u)
}

func xlmlAttrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range xlmlAttr().FindAllStringSubmatch(tag, -1) {
		k := m[1]
		if i := strings.IndexByte(k, ':'); i >= 0 {
			k = k[i+1:]
		}
		out[k] = m[2][1 : len(m[2])-1]
	}
	return out
}

// jsPlusNumber is JavaScript's unary plus on a string.
func jsPlusNumber(s string) float64 { return jsvalue.StringToNumber(s) }

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// xlmlDate is a DateTime cell's serial number (ok false: not a date).
func xlmlDate(s string) (float64, bool) {
	if !strings.HasSuffix(s, "Z") {
		s += "Z"
	}
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z", "2006-01-02T15:04Z", "2006-01-02Z"} {
		if t, err = time.Parse(layout, s); err == nil {
			break
		}
	}
	if err != nil {
		return 0, false
	}
	v := float64(t.Sub(excelEpoch).Milliseconds()) / 86400000
	if v < 60 {
		v--
	}
	return v, true
}

// formatYMD is a serial number in the yyyy-mm-dd format.
func formatYMD(v float64) string {
	days := math.Floor(v)
	if v < 60 {
		days++ // SheetJS's 1900 leap-year bug, undone for display
	}
	return excelEpoch.AddDate(0, 0, int(days)).Format("2006-01-02")
}

// ReadXLML reads a SpreadsheetML 2003 workbook's sheet (the first, or
// o.Sheet) as sheet_to_json does.
func ReadXLML(s string, o XLSXOptions, emit func(row any) error) error {
	s = xlmlComment().ReplaceAllString(s, "")
	type sheetData struct {
		name string
		g    *grid
	}
	var sheets []sheetData
	var cur *grid
	r, c := 0, 0
	var cellAttrs map[string]string
	var cell cellv
	dataStart := -1
	var dataType string
	inComment := 0
	styles := map[string][2]string{} // ID: number format, parent
	styleID := ""
	rowStyle := ""
	for _, m := range xlmlTag().FindAllStringSubmatchIndex(s, -1) {
		tag := s[m[0]:m[1]]
		closing := m[3] > m[2]
		local := strings.ToLower(s[m[6]:m[7]])
		selfClosing := strings.HasSuffix(tag, "/>")
		switch local {
		case "worksheet":
			if closing {
				if cur != nil {
					sheets[len(sheets)-1].g = cur
				}
				cur = nil
				continue
			}
			cur = &grid{cells: map[[2]int]cellv{}, r0: 2000000, c0: 2000000}
			r, c = 0, 0
			sheets = append(sheets, sheetData{name: unescapeXML(xlmlAttrs(tag)["Name"]), g: cur})
		case "row":
			if cur == nil {
				continue
			}
			if closing || selfClosing {
				if selfClosing {
					if idx, ok := xlmlAttrs(tag)["Index"]; ok {
						r = int(jsPlusNumber(idx)) - 1
					}
				}
				cur.r0, cur.r1 = min(cur.r0, r), max(cur.r1, r)
				c = 0
				r++
				continue
			}
			a := xlmlAttrs(tag)
			if idx, ok := a["Index"]; ok {
				r = int(jsPlusNumber(idx)) - 1
			}
			rowStyle = a["StyleID"]
		case "cell":
			if cur == nil {
				continue
			}
			if closing {
				if cell.ok {
					if len(cur.cells) >= maxXLMLCells {
						return fmt.Errorf("SpreadsheetML sheet has more than %d cells", maxXLMLCells)
					}
					cur.cells[[2]int{r, c}] = cell
				}
				if n, ok := cellAttrs["MergeAcross"]; ok {
					k, _ := parseIntJS(n)
					c += k + 1
				} else {
					c++
				}
				continue
			}
			cellAttrs = xlmlAttrs(tag)
			cell = cellv{}
			if idx, ok := cellAttrs["Index"]; ok {
				c = int(jsPlusNumber(idx)) - 1
			}
			cur.c0, cur.c1 = min(cur.c0, c), max(cur.c1, c)
			if selfClosing {
				c++
			}
		case "style":
			if !closing {
				a := xlmlAttrs(tag)
				styleID = a["ID"]
				styles[styleID] = [2]string{"", a["Parent"]}
			}
		case "numberformat":
			if st, ok := styles[styleID]; ok {
				f := unescapeXML(xlmlAttrs(tag)["Format"])
				if f == "Short Date" {
					f = "m/d/yy"
				}
				styles[styleID] = [2]string{f, st[1]}
			}
		case "comment":
			if closing {
				inComment--
			} else if !selfClosing {
				inComment++
			}
		case "data":
			if s[m[6]:m[7]] == "data" || cur == nil || inComment > 0 {
				continue
			}
			if !closing {
				dataStart = m[1]
				dataType = xlmlAttrs(tag)["Type"]
				continue
			}
			if dataStart < 0 || dataStart > m[0] {
				continue
			}
			cell = xlmlCell(s[dataStart:m[0]], dataType)
			dataStart = -1
			if cell.text != "" {
				sid, ok := cellAttrs["StyleID"]
				if !ok {
					sid = rowStyle
				}
				if styleFormat(styles, sid) == "m/d/yy" {
					cell.text = formatMDYY(cell.v.(float64))
				}
			}
		}
	}
	if len(sheets) == 0 {
		return ErrNoSheets
	}
	idx := 0
	if o.Sheet != "" {
		idx = -1
		for i, sh := range sheets {
			if sh.name == o.Sheet {
				idx = i
				break
			}
		}
		if idx < 0 {
			return sheetMissing(o.Sheet)
		}
	}
	g := sheets[idx].g
	if g.r0 > g.r1 || g.c0 > g.c1 {
		return nil // no !ref: no rows
	}
	return g.emit(o, emit)
}

// styleFormat is the number format a style or its ancestors set.
func styleFormat(styles map[string][2]string, id string) string {
	for range 16 {
		st, ok := styles[id]
		if !ok {
			return ""
		}
		if st[0] != "" {
			return st[0]
		}
		id = st[1]
	}
	return ""
}

// xlmlCell types a Data element's content.
func xlmlCell(xml, typ string) cellv {
	switch typ {
	case "Boolean":
		switch xml {
		case "1", "true", "TRUE":
			return cellv{v: true, ok: true}
		}
		return cellv{v: false, ok: true}
	case "String":
		if strings.Contains(xml, "<") {
			return cellv{v: xlmlStrip().ReplaceAllString(unescapeXML(xml), ""), ok: true}
		}
		return cellv{v: xmlDecEnt().ReplaceAllStringFunc(unescapeXML(xml), func(m string) string {
			n, _ := strconv.ParseUint(m[2:len(m)-1], 10, 32)
			return jsChar(n)
		}), ok: true}
	case "DateTime":
		if v, ok := xlmlDate(xml); ok {
			return cellv{v: v, text: formatYMD(v), ok: true}
		}
		return cellv{v: unescapeXML(xml), ok: true}
	case "Number":
		return cellv{v: jsPlusNumber(xml), ok: true}
	case "Error":
		return cellv{}
	}
	if xml == "" {
		return cellv{}
	}
	return cellv{v: xml, ok: true}
}
