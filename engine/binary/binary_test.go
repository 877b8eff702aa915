package binary

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestPrettyBytes(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {999, "999 B"}, {1000, "1 kB"}, {1234, "1.23 kB"}, {99950, "100 kB"}, {999999, "1000 kB"}, {104857600, "105 MB"}} {
		if got := PrettyBytes(c.n); got != c.want {
			t.Errorf("PrettyBytes(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestPrepareKeyOrder(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, path, mime, want string
	}{
		{"name gives type", "file.csv", "", `{"mimeType":"text/csv","fileType":"text","fileExtension":"csv","data":"YQ==","fileName":"file.csv","fileSize":"1 B"}`},
		{"directory", "out/x.json", "", `{"mimeType":"application/json","fileType":"json","fileExtension":"json","data":"YQ==","directory":"out","fileName":"x.json","fileSize":"1 B"}`},
		{"no name", "", "", `{"mimeType":"text/plain","fileType":"text","data":"YQ==","fileSize":"1 B"}`},
		{"type without ext, name with", "report", "text/plain", `{"mimeType":"text/plain","fileType":"text","fileExtension":"txt","data":"YQ==","fileName":"report","fileSize":"1 B"}`},
		{"unknown type, name ext", "a.zzz", "application/x-none", `{"mimeType":"application/x-none","fileExtension":"zzz","data":"YQ==","fileName":"a.zzz","fileSize":"1 B"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Store{}.Prepare(ctx, []byte("a"), c.path, c.mime)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := data.MarshalValue(m)
			if string(got) != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestSpillAndStream(t *testing.T) {
	ctx := context.Background()
	s := Store{Dir: t.TempDir(), MemoryLimit: 10}
	small, err := s.Prepare(ctx, []byte("0123456789"), "a.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	if small.Has("id") {
		t.Fatalf("10 bytes should stay in memory: %v", small)
	}
	payload := strings.Repeat("x", 1000)
	big, err := s.PrepareReader(ctx, strings.NewReader(payload), "b.txt", "")
	if err != nil {
		t.Fatal(err)
	}
	if big.Value("data") != FilesystemMode || !strings.HasPrefix(big.Value("id").(string), FilesystemMode+":") {
		t.Fatalf("big data should be in a file: %v", big)
	}
	if got := big.Keys(); strings.Join(got, ",") != "mimeType,fileType,fileExtension,data,fileName,id,fileSize" {
		t.Errorf("key order %v", got)
	}
	r, err := s.Open(big)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	r.Close()
	if string(b) != payload {
		t.Errorf("read back %d bytes", len(b))
	}
	if n, _ := s.Size(big); n != 1000 {
		t.Errorf("size %d", n)
	}
	if n, _ := s.Size(small); n != 10 {
		t.Errorf("size %d", n)
	}
	b, _ = s.Bytes(small)
	if !bytes.Equal(b, []byte("0123456789")) {
		t.Errorf("bytes %q", b)
	}
	// An id that would leave the folder is refused.
	if _, err := s.Open(data.ObjectOf("id", "filesystem-v2:../x")); err == nil {
		t.Error("escaping id accepted")
	}
	// Without a folder, an id cannot be read.
	if _, err := (Store{}).Open(big); err == nil {
		t.Error("id read without a folder")
	}
}

// zeros is an endless-looking reader of n bytes that allocates nothing.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := int64(len(p))
	if k > z.n {
		k = z.n
	}
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

// A large stream is spilled and read back without being held in memory:
// what is allocated stays near the memory limit, not the stream's size.
func TestLargeStreamBoundedMemory(t *testing.T) {
	const size = 64 << 20
	s := Store{Dir: t.TempDir(), MemoryLimit: 1 << 20}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	meta, err := s.PrepareReader(context.Background(), &zeros{n: size}, "big.bin", "")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Open(meta)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r)
	r.Close()
	if err != nil || n != size {
		t.Fatalf("read back %d bytes, %v", n, err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d MB for a %d MB stream", alloc>>20, size>>20)
	}
	if meta.Value("fileSize") != "67.1 MB" {
		t.Errorf("fileSize %v", meta.Value("fileSize"))
	}
}
