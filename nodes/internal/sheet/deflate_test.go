package sheet

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestSheetJSDeflate compares the encoder with SheetJS's (deflate-sums.json,
// printed by gen.js) and checks each stream inflates to its input.
func TestSheetJSDeflate(t *testing.T) {
	raw, err := os.ReadFile("../../../testdata/nodes/sheets/fixtures/deflate-sums.json")
	if err != nil {
		t.Fatal(err)
	}
	var sums map[string]struct {
		Size   int
		SHA256 string
	}
	if err := json.Unmarshal(raw, &sums); err != nil {
		t.Fatal(err)
	}
	byteCase := make([]byte, 70000)
	for i := range byteCase {
		byteCase[i] = byte(i * 7919 % 256)
	}
	cases := map[string][]byte{"empty": {}, "tiny": []byte("abc"), "seven": []byte("abcdefg"), "ten": []byte("0123456789"),
		"repeat": []byte(strings.Repeat("abcabcabcabcabcabcabc", 5000)), "bytes": byteCase, "tail": []byte(strings.Repeat("x", 65535+9))}
	for name, in := range cases {
		out := sheetJSDeflate(in)
		h := sha256.Sum256(out)
		if want := sums[name]; len(out) != want.Size || hex.EncodeToString(h[:]) != want.SHA256 {
			t.Errorf("%s: %d bytes %x, SheetJS %d bytes %s", name, len(out), h, want.Size, want.SHA256)
		}
		if len(in) == 0 || name == "tail" {
			// "tail": a match runs past the first block's end, so SheetJS
			// never writes a final block (its stream, and so ours, ends
			// without one: every byte is there, the end mark is not).
			continue
		}
		back, err := io.ReadAll(flate.NewReader(bytes.NewReader(out)))
		if err != nil || !bytes.Equal(back, in) {
			t.Errorf("%s: inflates to %d bytes (%v)", name, len(back), err)
		}
	}
	// sheet-compressed.ods: rows.json with the compression option.
	rawRows, err := os.ReadFile("../../../testdata/nodes/sheets/fixtures/rows.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := data.ParseJSON(rawRows)
	if err != nil {
		t.Fatal(err)
	}
	var rows []*data.Object
	for _, r := range v.([]any) {
		rows = append(rows, r.(*data.Object))
	}
	wantODS, err := os.ReadFile("../../../testdata/nodes/sheets/fixtures/sheet-compressed.ods")
	if err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	if err := WriteODSCompressed(&small, NewTable(rows, false), "Sheet", true); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(small.Bytes(), wantODS) {
		t.Errorf("sheet-compressed.ods differs from SheetJS's: %d bytes, want %d", small.Len(), len(wantODS))
	}
	// A larger compressed ODS file, whole.
	var b bytes.Buffer
	if err := WriteODSCompressed(&b, NewTable(genRows(3000, 2), false), "Sheet", true); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b.Bytes())
	if want := sums["ods-3000"]; b.Len() != want.Size || hex.EncodeToString(h[:]) != want.SHA256 {
		t.Errorf("ods: %d bytes, SheetJS %d", b.Len(), want.Size)
	}
}

func BenchmarkWriteODSCompressed(b *testing.B) {
	t := NewTable(genRows(20_000, 3), false)
	var size int64
	b.ReportAllocs()
	for b.Loop() {
		cw := &countingWriter{w: io.Discard}
		if err := WriteODSCompressed(cw, t, "Sheet", true); err != nil {
			b.Fatal(err)
		}
		size = cw.n
	}
	b.SetBytes(size)
}
