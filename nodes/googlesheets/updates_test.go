package googlesheets

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/n8n-go/n8n-go/engine/data"
)

func objectsJSON(objs []*data.Object) string {
	var parts []string
	for _, o := range objs {
		b, _ := data.MarshalValue(o)
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "\n")
}

func rows(rs ...[]any) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}

// TestCompareRevisions follows GoogleSheetsTrigger.utils' compareRevisions
// on small sheets: padding of the shorter row, added rows, rowUpdate's
// skip of rows that were empty, columnsToWatch (with n8n's index offset)
// and the three outputs.
func TestCompareRevisions(t *testing.T) {
	prev := rows([]any{"id", "name", "n"}, []any{1.0, "a", 5.0}, []any{"", "", ""}, []any{3.0, "c", ""})
	cur := func() []any {
		return rows([]any{"id", "name", "n"}, []any{1.0, "a", 6.0}, []any{2.0, "b"}, []any{3.0, "c"}, []any{4.0, "d", 0.0})
	}
	cases := []struct {
		name, include, event string
		watch                []any
		want                 string
	}{
		{"anyUpdate new", "new", "anyUpdate", nil,
			`{"row_number":2,"change_type":"updated","id":1,"name":"a","n":6}` + "\n" +
				`{"row_number":3,"change_type":"updated","id":2,"name":"b","n":""}` + "\n" +
				`{"row_number":5,"change_type":"added","id":4,"name":"d","n":""}`},
		{"rowUpdate skips rows that were empty", "new", "rowUpdate", nil,
			`{"row_number":2,"id":1,"name":"a","n":6}`},
		{"old", "old", "rowUpdate", nil,
			`{"row_number":2,"id":1,"name":"a","n":5}`},
		{"both", "both", "rowUpdate", nil,
			`{"previous":{"row_number":2,"id":1,"name":"a","n":5},"current":{"row_number":2,"id":1,"name":"a","n":6},"differences":{"row_number":2,"n":{"previous":5,"current":6}}}`},
		// rowUpdate: "name" is column 2 of [row_number,id,name,n], read at
		// index 1 of the row: the name cells.
		{"watch name", "new", "rowUpdate", []any{"name"}, ``},
		{"watch n", "new", "rowUpdate", []any{"n"},
			`{"row_number":2,"id":1,"name":"a","n":6}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := make([]any, len(prev))
			for i, r := range prev {
				p[i] = append([]any{}, r.([]any)...)
			}
			got := objectsJSON(compareRevisions(p, cur(), 1, c.include, c.watch, 1, c.event))
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestDecodeRange(t *testing.T) {
	cases := map[string]a1Range{
		"A1:C10": {0, 0, 9, 2},
		"B2":     {1, 1, 1, 1},
		"A:C":    {-1, 0, -1, 2},
		"AA3:AB": {2, 26, -1, 27},
	}
	for in, want := range cases {
		if got := decodeRange(in); got != want {
			t.Errorf("decodeRange(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// BenchmarkRevisionCompare is the work of an update poll on a 1,000-row,
// 8-column sheet: the previous revision's xlsx export read, then compared
// with the current rows (one row changed).
func BenchmarkRevisionCompare(b *testing.B) {
	f := excelize.NewFile()
	cur := []any{}
	for r := 0; r < 1000; r++ {
		row := []any{}
		for c := 0; c < 8; c++ {
			var v any = float64(r*8 + c)
			if r == 0 {
				v = "col" + strconv.Itoa(c)
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", ref, v)
			row = append(row, v)
		}
		cur = append(cur, row)
	}
	cur[500].([]any)[3] = "changed"
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		prev, err := revisionRows(buf.Bytes(), "Sheet1", "")
		if err != nil {
			b.Fatal(err)
		}
		if out := compareRevisions(prev, cur, 1, "new", nil, 1, "anyUpdate"); len(out) != 1 {
			b.Fatalf("%d changes", len(out))
		}
	}
}
