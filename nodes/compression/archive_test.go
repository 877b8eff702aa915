package compression

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/binary"
	"github.com/n8n-go/n8n-go/engine/data"
)

func TestZipRoundTrip(t *testing.T) {
	ctx := context.Background()
	store := binary.Store{}
	a, _ := store.Prepare(ctx, []byte("hello hello hello"), "a.txt", "")
	b, _ := store.Prepare(ctx, []byte("\x89PNG\r\n\x1a\nxx"), "p.png", "")
	dup, _ := store.Prepare(ctx, []byte("second"), "a.txt", "")
	entries := []zipEntry{{name: "a.txt", bin: a}, {name: "2", bin: b, store: true}, {name: "a.txt", bin: dup}}
	meta, err := zipFiles(ctx, store, entries, "out.zip", time.Date(2026, 12, 2, 15, 4, 6, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := store.Bytes(meta)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	// Keys in JavaScript's order: the integer-like name first; the later
	// a.txt replaces the earlier in its place.
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "2" && f.Method != zip.Store {
			t.Errorf("already compressed file deflated")
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s: extra field %x (fflate writes none)", f.Name, f.Extra)
		}
		if f.ModifiedDate != uint16(46<<9|12<<5|2) || f.ModifiedTime != uint16(15<<11|4<<5|3) {
			t.Errorf("%s: DOS time %d %d", f.Name, f.ModifiedDate, f.ModifiedTime)
		}
	}
	if got := names; len(got) != 2 || got[0] != "2" || got[1] != "a.txt" {
		t.Fatalf("entries %v", got)
	}
	files, err := unzip(ctx, store, meta)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := store.Bytes(files.Value("a.txt").(*data.Object))
	if string(got) != "second" {
		t.Errorf("a.txt = %q", got)
	}
}

func TestUnzipErrors(t *testing.T) {
	ctx := context.Background()
	store := binary.Store{}
	bad, _ := store.Prepare(ctx, []byte("not a zip"), "x.zip", "")
	if _, err := unzip(ctx, store, bad); err == nil || err.Error() != "invalid zip data" {
		t.Errorf("got %v", err)
	}
	notGz, _ := store.Prepare(ctx, []byte("plain text"), "x.gz", "")
	if _, err := gunzip(ctx, store, notGz); err == nil || err.Error() != "invalid gzip data" {
		t.Errorf("got %v", err)
	}
}

func TestGunzipNames(t *testing.T) {
	ctx := context.Background()
	store := binary.Store{}
	src, _ := store.Prepare(ctx, []byte(`{"a":1}`), "d.json", "")
	for _, tc := range []struct{ name, wantName, wantMime string }{
		{"report.json.gz", "report.json", "application/json"},
		{"report.gzip", "report.txt", "text/plain"},
		{"a.b.unknownext.gz", "a.unknownext", ""},
	} {
		gz, err := gzipFile(ctx, store, src, tc.name, time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		gz.Set("fileName", tc.name)
		meta, err := gunzip(ctx, store, gz)
		if err != nil {
			t.Fatal(err)
		}
		if meta.Value("fileName") != tc.wantName {
			t.Errorf("%s: fileName %v, want %s", tc.name, meta.Value("fileName"), tc.wantName)
		}
		if tc.wantMime == "" {
			if meta.Value("mimeType") != false {
				t.Errorf("%s: mimeType %v, want false (mime-types' lookup of an unknown extension)", tc.name, meta.Value("mimeType"))
			}
		} else if meta.Value("mimeType") != tc.wantMime {
			t.Errorf("%s: mimeType %v, want %s", tc.name, meta.Value("mimeType"), tc.wantMime)
		}
	}
}

func BenchmarkGzipRoundTrip(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	store := binary.Store{Dir: dir}
	content := bytes.Repeat([]byte("id,name,email\n1,Ada,ada@example.com\n"), 300_000)
	src, err := store.PrepareReader(ctx, bytes.NewReader(content), "big.csv", "")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		gz, err := gzipFile(ctx, store, src, "big.csv.gz", time.Unix(0, 0))
		if err != nil {
			b.Fatal(err)
		}
		out, err := gunzip(ctx, store, gz)
		if err != nil {
			b.Fatal(err)
		}
		r, _ := store.Open(out)
		n, _ := io.Copy(io.Discard, r)
		r.Close()
		if n != int64(len(content)) {
			b.Fatalf("%d bytes back", n)
		}
	}
}
