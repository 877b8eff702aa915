package sheet

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestWritersMatchSheetJS compares the ODS, HTML, RTF and XLS writers with what
// SheetJS 0.18.5 writes for the same rows (testdata/nodes/sheets/fixtures,
// made by gen.js there with n8n's own xlsx package): byte for byte.
func TestWritersMatchSheetJS(t *testing.T) {
	const dir = "../../../testdata/nodes/sheets/fixtures/"
	raw, err := os.ReadFile(dir + "rows.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	var rows []*data.Object
	for _, r := range v.([]any) {
		rows = append(rows, r.(*data.Object))
	}
	writers := map[string]func(io.Writer, Table) error{
		"ods":  func(w io.Writer, t Table) error { return WriteODS(w, t, "Sheet") },
		"html": WriteHTML,
		"rtf":  WriteRTF,
		"xls":  func(w io.Writer, t Table) error { return WriteXLS(w, t, "Sheet") },
	}
	for _, noHeader := range []bool{false, true} {
		for ext, write := range writers {
			name := "sheet." + ext
			if noHeader {
				name = "sheet-noheader." + ext
			}
			want, err := os.ReadFile(dir + name)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := write(&got, NewTable(rows, noHeader)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from SheetJS's:\n got %q\nwant %q", name, clip(got.Bytes()), clip(want))
			}
		}
	}
}

func clip(b []byte) []byte {
	if len(b) > 3000 {
		return b[len(b)-3000:]
	}
	return b
}

// TestReadODSOfSheetJS reads SheetJS's ODS file as SheetJS reads it back
// (sheet.ods.json, made by gen.js).
func TestReadODSOfSheetJS(t *testing.T) {
	f, err := os.Open("../../../testdata/nodes/sheets/fixtures/sheet.ods")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got []string
	err = ReadWorkbook(f, XLSXOptions{}, func(row any) error {
		b, _ := data.MarshalValue(row)
		got = append(got, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../../testdata/nodes/sheets/fixtures/sheet.ods.json")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("rows %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
