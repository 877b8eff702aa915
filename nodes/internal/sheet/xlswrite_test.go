package sheet

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// genRows is gen.js's genRows (testdata/nodes/sheets/fixtures): n rows of
// numbers, booleans, nulls, astral characters and strings beyond 255
// UTF-16 units, with width extra number columns.
func genRows(n, width int) []*data.Object {
	out := make([]*data.Object, n)
	for i := range n {
		name := "row " + strconv.Itoa(i)
		if i%3 == 0 {
			name += " é😀"
		}
		var z any = strings.Repeat("x", i%300)
		if i%5 == 0 {
			z = nil
		}
		r := data.ObjectOf("id", float64(i), "name", name, "ok", i%2 == 0, "f", float64(i)/7, "z", z)
		for c := range width {
			r.Set("c"+strconv.Itoa(c), float64(i*c))
		}
		out[i] = r
	}
	return out
}

// TestWriteXLSMatchesSheetJS compares larger files with SheetJS's (their
// size and SHA-256, recorded by gen.js): the mini stream and regular
// sectors, DIFAT sectors (the 33 MB file), LABEL's 255-unit cut, and
// SheetJS's cut of sheets beyond 65536 rows or 256 columns.
func TestWriteXLSMatchesSheetJS(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/nodes/sheets/fixtures/xls-sums.json")
	if err != nil {
		t.Fatal(err)
	}
	var sums map[string]struct {
		Rows, Width int
		SheetName   string
		SkipHeader  bool
		Size        int
		SHA256      string
	}
	if err := json.Unmarshal(raw, &sums); err != nil {
		t.Fatal(err)
	}
	for name, c := range sums {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && c.Size > 1<<20 {
				t.Skip("large file")
			}
			h := sha256.New()
			cw := &countingWriter{w: h}
			if err := WriteXLS(cw, NewTable(genRows(c.Rows, c.Width), c.SkipHeader), c.SheetName); err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(h.Sum(nil)); cw.n != int64(c.Size) || got != c.SHA256 {
				t.Errorf("%d bytes, sha256 %s; SheetJS wrote %d bytes, %s", cw.n, got, c.Size, c.SHA256)
			}
		})
	}
}

// TestWriteXLSReadBack reads a written file back with the XLS reader.
func TestWriteXLSReadBack(t *testing.T) {
	rows := genRows(7, 1)
	var b bytes.Buffer
	if err := WriteXLS(&b, NewTable(rows, false), "S"); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := ReadXLS(b.Bytes(), XLSXOptions{IncludeEmptyCells: true}, func(row any) error {
		s, _ := data.MarshalValue(row)
		got = append(got, string(s))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 || got[1] != `{"id":1,"name":"row 1","ok":false,"f":0.14285714285714285,"z":"x","c0":0}` {
		t.Errorf("read back %d rows: %v", len(got), got)
	}
}

func TestCheckSheetName(t *testing.T) {
	for name, want := range map[string]string{
		"Sheet": "", "a:b": "", strings.Repeat("é", 31): "",
		strings.Repeat("a", 32): "Sheet names cannot exceed 31 chars",
		strings.Repeat("😀", 16): "Sheet names cannot exceed 31 chars",
		"a/b":                   `Sheet name cannot contain : \ / ? * [ ]`, "[x]": `Sheet name cannot contain : \ / ? * [ ]`,
	} {
		err := CheckSheetName(name)
		if got := ""; err != nil {
			got = err.Error()
			if got != want {
				t.Errorf("%q: %q, want %q", name, got, want)
			}
		} else if want != "" {
			t.Errorf("%q: no error, want %q", name, want)
		}
	}
}

func BenchmarkWriteXLS(b *testing.B) {
	for _, n := range []int{10_000, 65_535, 100_000} {
		t := NewTable(genRows(n, 3), false)
		b.Run(strconv.Itoa(n)+"rows", func(b *testing.B) {
			var size int64
			b.ReportAllocs()
			for b.Loop() {
				cw := &countingWriter{w: io.Discard}
				if err := WriteXLS(cw, t, "Sheet"); err != nil {
					b.Fatal(err)
				}
				size = cw.n
			}
			b.SetBytes(size)
		})
	}
}
