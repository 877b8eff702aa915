package googlesheets

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func rowsOf(v ...[]any) []any {
	out := make([]any, len(v))
	for i, r := range v {
		out[i] = r
	}
	return out
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPrepareSheetData(t *testing.T) {
	sheet := func() []any {
		return rowsOf([]any{"", "a", "", "b"}, []any{}, []any{"", 1.0, "", ""}, []any{}, []any{"", "", true, "x"})
	}
	cases := []struct {
		name string
		loc  *data.Object
		want string
	}{
		{"detect drops empty columns and rows", data.ObjectOf("rangeDefinition", "detectAutomatically"),
			`[["row_number","a","","b"],[3,1,"",""],[5,"",true,"x"]]`},
		{"until first empty row", data.ObjectOf("rangeDefinition", "detectAutomatically", "readRowsUntil", "firstEmptyRow"),
			`[["row_number","a","","b"]]`},
		{"specify range keeps everything", data.ObjectOf("rangeDefinition", "specifyRange", "headerRow", 1.0, "firstDataRow", 3.0),
			`[["row_number","","a","","b"],[2],[3,"",1,"",""],[4],[5,"","",true,"x"]]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := prepareSheetData(sheet(), c.loc)
			if err != nil {
				t.Fatal(err)
			}
			if s := marshal(t, got.rows); s != c.want {
				t.Errorf("rows %s\nwant %s", s, c.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	rows := rowsOf([]any{"row_number", "k", "v"}, []any{2.0, "a", 1.0}, []any{3.0, "b", 2.0}, []any{4.0, "a", 3.0})
	cases := []struct {
		name    string
		filters []filter
		all     bool
		version float64
		combine string
		want    string
	}{
		{"or first per filter (4.5)", []filter{{"k", "a"}, {"v", 2.0}}, false, 4.5, "OR", `[{"row_number":2,"k":"a","v":1},{"row_number":3,"k":"b","v":2}]`},
		{"or first overall (4.6)", []filter{{"k", "a"}, {"v", 2.0}}, false, 4.6, "OR", `[{"row_number":2,"k":"a","v":1}]`},
		{"or all", []filter{{"k", "a"}}, true, 4.6, "OR", `[{"row_number":2,"k":"a","v":1},{"row_number":4,"k":"a","v":3}]`},
		{"and", []filter{{"k", "a"}, {"v", "3"}}, true, 4.6, "AND", `[{"row_number":4,"k":"a","v":3}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := make([]any, len(rows))
			for i, r := range rows {
				in[i] = append([]any(nil), row(r)...)
			}
			got, err := lookup(in, 0, 1, c.filters, c.all, c.version, c.combine)
			if err != nil {
				t.Fatal(err)
			}
			if s := marshal(t, got); s != c.want {
				t.Errorf("got %s\nwant %s", s, c.want)
			}
		})
	}
	if _, err := lookup(rows, 0, 1, []filter{{"nope", "x"}}, true, 4.6, "OR"); err == nil || err.Error() != `The column "nope" could not be found` {
		t.Errorf("missing column: %v", err)
	}
}

func TestEncodeRangeAndColumns(t *testing.T) {
	cases := map[string]string{"Sheet1": "'Sheet1'", "Team Q&A": "'Team%20Q%26A'", "Team Q&A!A2:B2": "Team%20Q%26A!A2:B2", "S!1:1!1:1": "S!1:1"}
	for in, want := range cases {
		if got := encodeRange(in); got != want {
			t.Errorf("encodeRange(%q) = %q, want %q", in, got, want)
		}
	}
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 703: "AAA"} {
		if got := columnName(n); got != want || columnNumber(want) != n {
			t.Errorf("column %d: %q / %d", n, got, columnNumber(want))
		}
	}
}
