package sheet

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The expected texts were printed by SheetJS 0.18.5 (the xlsx n8n ships):
// XLSX.write of json_to_sheet rows as CSV.
func TestGeneral(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{1, "1"}, {-1.5, "-1.5"}, {0.1 + 0.2, "0.3"}, {12345678901234, "1.23457E+13"}, {1e21, "1E+21"},
		{1.0 / 3, "0.333333333"}, {123456789012, "1.23457E+11"}, {0.000001234, "0.000001234"}, {-1.5e-7, "-0.00000015"},
		{100000000000, "1E+11"},
	} {
		if got := General(c.v); got != c.want {
			t.Errorf("General(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	rows := []*data.Object{
		data.ObjectOf("a", 1.0, "b", "x,y", "c", true, "d", nil, "e", 0.1+0.2, "g", `he said "hi"`, "i", "ID"),
		data.ObjectOf("a", -1.5, "b", "line\nbreak", "z", "new", "g", " lead"),
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, rows, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffa,b,c,d,e,g,i,z\n1,\"x,y\",TRUE,,0.3,\"he said \"\"hi\"\"\",\"ID\",\n-1.5,\"line\nbreak\",,,, lead,,new"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestReadCSV(t *testing.T) {
	var got []string
	err := ReadCSV(strings.NewReader("a,b\n1,\n\"x\ny\",2\n"), ReadOptions{}, func(row any) error {
		b, _ := data.MarshalValue(row)
		got = append(got, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != `{"a":"1"} {"a":"x\ny","b":"2"}` {
		t.Errorf("rows %v", got)
	}
	err = ReadCSV(strings.NewReader("a,b\n1,2,3\n"), ReadOptions{}, func(any) error { return nil })
	if err == nil || err.Error() != "Invalid Record Length: columns length is 2, got 3 on line 2" {
		t.Errorf("err %v", err)
	}
}

// fixtures/people.xlsx was written by SheetJS 0.18.5; the expected rows
// are what its sheet_to_json printed for it.
func TestReadXLSX(t *testing.T) {
	for _, c := range []struct {
		o    XLSXOptions
		want string
	}{
		{XLSXOptions{}, `[{"name":"Ada","n":1.5,"ok":true,"when":"2024-01-02"},{"name":"Bob","n":-3,"ok":false,"when":"","empty":""},{"n":42,"when":"x"}]`},
		{XLSXOptions{NoHeader: true}, `[["name","n","ok","when","empty"],["Ada",1.5,true,"2024-01-02"],["Bob",-3,false,"",""],[null,42,null,"x"]]`},
		{XLSXOptions{IncludeEmptyCells: true}, `[{"name":"Ada","n":1.5,"ok":true,"when":"2024-01-02","empty":""},{"name":"Bob","n":-3,"ok":false,"when":"","empty":""},{"name":"","n":42,"ok":"","when":"x","empty":""}]`},
	} {
		f, err := os.Open("../../../testdata/nodes/files/fixtures/people.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		var rows []any
		err = ReadXLSX(f, c.o, func(r any) error { rows = append(rows, r); return nil })
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := data.MarshalValue(rows)
		if string(got) != c.want {
			t.Errorf("%+v:\n got %s\nwant %s", c.o, got, c.want)
		}
	}
}

// TestRangeOption reads a grid with the range option as SheetJS's
// sheet_to_json does (the expected rows were printed by SheetJS 0.18.5).
func TestRangeOption(t *testing.T) {
	grid := [][]any{{"a", "b", "c"}, {1.0, 2.0, 3.0}, {4.0, nil, 6.0}, {nil, nil, nil}, {7.0, "x", true}}
	cell := func(r, c int) (any, bool) {
		v := grid[r][c]
		return v, v != nil
	}
	for _, c := range []struct {
		rng      any
		noHeader bool
		empty    bool
		want     string
	}{
		{nil, false, false, `{"a":1,"b":2,"c":3}|{"a":4,"c":6}|{"a":7,"b":"x","c":true}`},
		{"2", false, false, `{"4":7,"6":true,"__EMPTY":"x"}`},
		{2.0, true, false, `[4,null,6]|[]|[7,"x",true]`},
		{"B2:C5", false, false, `{"3":6}|{"2":"x","3":true}`},
		{"A4:C7", true, true, `["","",""]|[7,"x",true]|["","",""]|["","",""]`},
		{"B1", false, false, ``},
		{"A1:B3", false, true, `{"a":1,"b":2}|{"a":4,"b":""}`},
		{" ", false, false, ``},
		{"C1:A3", false, false, ``},
	} {
		var got []string
		err := emitGrid(len(grid), 3, cell, XLSXOptions{Range: ParseRange(c.rng), NoHeader: c.noHeader, IncludeEmptyCells: c.empty}, func(row any) error {
			b, _ := data.MarshalValue(row)
			got = append(got, string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("range %v: %s, want %s", c.rng, g, c.want)
		}
	}
	err := emitGrid(len(grid), 3, cell, XLSXOptions{Range: ParseRange("a1:b2")}, func(any) error { return nil })
	if err == nil || err.Error() != "invalid column -1" {
		t.Errorf("lower-case range: %v", err)
	}
}

// TestReadSpreadsheetML reads spreadsheetml.xml as SheetJS does
// (spreadsheetml.xml.json, printed by gen.js; reads in the same order).
func TestReadSpreadsheetML(t *testing.T) {
	const dir = "../../../testdata/nodes/sheets/fixtures/"
	raw, err := os.ReadFile(dir + "spreadsheetml.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, err := os.ReadFile(dir + "spreadsheetml.xml.json")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(wantRaw), "\n"), "\n")
	reads := []XLSXOptions{{}, {NoHeader: true}, {IncludeEmptyCells: true}, {Sheet: "Second & more"},
		{Range: ParseRange("B2:D4")}, {Range: ParseRange(3.0), NoHeader: true}}
	for i, o := range reads {
		var rows []any
		if err := ReadWorkbook(bytes.NewReader(raw), o, func(row any) error {
			rows = append(rows, row)
			return nil
		}); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if rows == nil {
			rows = []any{}
		}
		got, _ := data.MarshalValue(rows)
		if string(got) != want[i] {
			t.Errorf("read %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

// TestReadXLSXDimension reads an XLSX sheet whose range starts at B2 (its
// dimension) as SheetJS does (offset.xlsx.json, printed by gen.js).
func TestReadXLSXDimension(t *testing.T) {
	const dir = "../../../testdata/nodes/sheets/fixtures/"
	raw, err := os.ReadFile(dir + "offset.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, err := os.ReadFile(dir + "offset.xlsx.json")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(wantRaw), "\n"), "\n")
	for i, o := range []XLSXOptions{{}, {NoHeader: true}, {Range: ParseRange("2")}} {
		rows := []any{}
		if err := ReadWorkbook(bytes.NewReader(raw), o, func(row any) error {
			rows = append(rows, row)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got, _ := data.MarshalValue(rows); string(got) != want[i] {
			t.Errorf("read %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}
