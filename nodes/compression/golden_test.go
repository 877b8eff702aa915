package compression_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares the Compression node with real n8n 1.123.81
// (testdata/nodes/compression; regenerate with gen.py there and
// record.sh). Archives n8n writes are not byte-equal to n8n-go's (fflate's
// deflate streams differ from Go's, and both stamp the current time), so
// an archive's data is compared through what it holds: each zip entry's
// name, method, flags and content, a gzip's header flags, OS byte and
// content; and its fileSize is left out. Everything unpacked is compared
// byte for byte.
func TestGoldens(t *testing.T) {
	settest.RunGoldensNormalized(t, "../../testdata/nodes/compression", "*", nodes.All(), expression.New(expression.Options{}),
		func(t *testing.T, run []byte, fromN8n bool) []byte {
			if fromN8n {
				run = knownDifferences(run)
			}
			return archivesOpened(t, run)
		})
}

// knownDifferences rewrites what n8n does where n8n-go knowingly differs:
//
//   - a truncated gzip ("errors", item 3 of "Decompress continues"):
//     fflate sizes its output by the stream's last four bytes, here garbage
//     meaning 3.4 GB, and n8n then fails to make that a base64 string
//     ("Cannot create a string longer than 0x1fffffe8 characters"); n8n-go
//     reads the stream and reports it cut short ("unexpected EOF", fflate's
//     own word for it).
func knownDifferences(doc []byte) []byte {
	const n8nText = "Cannot create a string longer than 0x1fffffe8 characters"
	return bytes.ReplaceAll(doc, []byte(`"error": "`+n8nText+`"`), []byte(`"error": "unexpected EOF"`))
}

// archivesOpened replaces every zip or gzip binary in a run's output by a
// description of its content.
func archivesOpened(t *testing.T, doc []byte) []byte {
	t.Helper()
	v, err := data.ParseJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	walk(t, v)
	out, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func walk(t *testing.T, v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walk(t, e)
		}
	case *data.Object:
		if bin, ok := x.Value("binary").(*data.Object); ok {
			for _, b := range bin.All() {
				if meta, ok := b.(*data.Object); ok {
					describe(t, meta)
				}
			}
		}
		for _, e := range x.All() {
			walk(t, e)
		}
	}
}

func describe(t *testing.T, meta *data.Object) {
	s, _ := meta.Value("data").(string)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) < 4 {
		return
	}
	var desc string
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("zip: %v", err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("zip entry %s: %v", f.Name, err)
			}
			c, err := io.ReadAll(rc)
			if err != nil {
				t.Fatalf("zip entry %s: %v", f.Name, err)
			}
			desc += fmt.Sprintf("zip entry %q method %d utf8 %v extra %d: %q\n", f.Name, f.Method, f.Flags&0x800 != 0, len(f.Extra), c)
		}
	case bytes.HasPrefix(b, []byte{0x1f, 0x8b, 0x08}) && len(b) > 18:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		c, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		desc = fmt.Sprintf("gzip flags %d xfl %d os %d: %q", b[3], b[8], b[9], c)
	default:
		return
	}
	meta.Set("data", desc)
	meta.Set("fileSize", "(archive)")
}
