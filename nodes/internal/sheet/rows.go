package sheet

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Flatten is n8n's flattenObject: nested objects and arrays become
// "a.b" / "a.0" keys; null stays a value, empty objects vanish.
func Flatten(o *data.Object) *data.Object {
	nested := false
	for _, v := range o.All() {
		switch v.(type) {
		case *data.Object, []any:
			nested = true
		}
		if nested || data.IsUndefined(v) {
			nested = true
			break
		}
	}
	if !nested {
		return o // already flat: shared, never modified
	}
	out := data.NewObject(o.Len())
	flattenInto(out, "", o)
	return out
}

func flattenInto(out *data.Object, prefix string, v any) {
	switch x := v.(type) {
	case *data.Object:
		for k, e := range x.All() {
			put(out, prefix+k, e)
		}
	case []any:
		for i, e := range x {
			put(out, prefix+strconv.Itoa(i), e)
		}
	}
}

func put(out *data.Object, key string, v any) {
	switch v.(type) {
	case *data.Object, []any:
		flattenInto(out, key+".", v)
	default:
		if !data.IsUndefined(v) {
			out.Set(key, v)
		}
	}
}

// Header is json_to_sheet's header row: every key in order of first
// appearance.
func Header(rows []*data.Object) []string {
	seen := map[string]bool{}
	var h []string
	for _, r := range rows {
		for _, k := range r.Keys() {
			if !seen[k] {
				seen[k] = true
				h = append(h, k)
			}
		}
	}
	return h
}

// CSVOptions are sheet_to_csv's: the field separator and whether the
// header row is written.
type CSVOptions struct {
	Delimiter string // "," when empty
	NoHeader  bool
}

// WriteCSV writes items as n8n's Convert to File / Spreadsheet File do
// through SheetJS: a UTF-8 BOM, rows joined by "\n" without a final one.
func WriteCSV(w io.Writer, items []*data.Object, o CSVOptions) error {
	fs := o.Delimiter
	if fs == "" {
		fs = ","
	}
	rows := make([]*data.Object, len(items))
	for i, it := range items {
		rows[i] = Flatten(it)
	}
	h := Header(rows)
	special := fs[:1] + "\n\""
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("\ufeff")
	first := true
	line := func(cells func(i int) (any, bool)) {
		if !first {
			bw.WriteByte('\n')
		}
		first = false
		for i := range h {
			if i > 0 {
				bw.WriteString(fs)
			}
			v, ok := cells(i)
			if !ok {
				continue
			}
			bw.WriteString(csvCell(v, special))
		}
	}
	if !o.NoHeader && len(h) > 0 {
		line(func(i int) (any, bool) { return h[i], true })
	}
	for _, r := range rows {
		line(func(i int) (any, bool) {
			v, ok := r.Get(h[i])
			return v, ok && v != nil
		})
	}
	return bw.Flush()
}

// CellText is the text SheetJS shows for a cell holding v.
func CellText(v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	case string:
		return x
	case float64:
		return General(x)
	case int:
		return General(float64(x))
	case int64:
		return General(float64(x))
	case json.Number:
		f, _ := x.Float64()
		return General(f)
	}
	return jsvalue.ToString(v)
}

// csvCell quotes a cell holding the separator, a newline or a quote.
func csvCell(v any, special string) string {
	txt := CellText(v)
	if strings.ContainsAny(txt, special) {
		return `"` + strings.ReplaceAll(txt, `"`, `""`) + `"`
	}
	if txt == "ID" {
		return `"ID"`
	}
	return txt
}
