// Package binary is n8n's binary data: the IBinaryData objects items carry
// under "binary" (mimeType, fileType, fileExtension, data, directory,
// fileName, id, fileSize, in the order n8n's prepareBinaryData builds
// them), kept in memory as base64 like n8n's default mode, or written to a
// folder beyond a size like n8n's filesystem mode, so that large files are
// streamed rather than copied whole through every node.
package binary

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// FilesystemMode is the "data" value and id prefix of binary data kept in
// a file (n8n's "filesystem-v2" mode).
const FilesystemMode = "filesystem-v2"

// DefaultMemoryLimit is the size up to which a Store keeps new binary data
// in memory when it has a folder to spill to.
const DefaultMemoryLimit = 4 << 20

// Store creates and reads binary data. The zero Store keeps everything in
// memory (n8n's default mode). With Dir set, data larger than MemoryLimit
// is written to a file under Dir and the object carries its id instead of
// base64 data; whoever owns Dir removes it.
type Store struct {
	Dir         string
	MemoryLimit int64 // 0: DefaultMemoryLimit
}

func (s Store) limit() int64 {
	if s.MemoryLimit > 0 {
		return s.MemoryLimit
	}
	return DefaultMemoryLimit
}

// Prepare is n8n's prepareBinaryData for bytes in memory: filePath may be
// empty or a path ("dir/name.ext"), mimeType empty to derive it from the
// name or the content.
func (s Store) Prepare(ctx context.Context, b []byte, filePath, mimeType string) (*data.Object, error) {
	return s.prepare(ctx, bytes.NewReader(b), filePath, mimeType, true)
}

// PrepareReader is Prepare for a stream: up to the memory limit is read
// into memory; beyond it, with a Dir, the whole stream goes to a file. As
// n8n does for streams, the content is not sniffed for a MIME type.
func (s Store) PrepareReader(ctx context.Context, r io.Reader, filePath, mimeType string) (*data.Object, error) {
	return s.prepare(ctx, r, filePath, mimeType, false)
}

// PrepareSniffed is PrepareReader for a stream whose bytes n8n holds as a
// Buffer (a file unpacked from an archive, say): its head is sniffed for a
// MIME type as Prepare does, yet the content is never held whole beyond
// the memory limit.
func (s Store) PrepareSniffed(ctx context.Context, r io.Reader, filePath, mimeType string) (*data.Object, error) {
	return s.prepare(ctx, r, filePath, mimeType, true)
}

func (s Store) prepare(ctx context.Context, r io.Reader, filePath, mimeType string, sniffContent bool) (*data.Object, error) {
	head := make([]byte, 0, 512)
	var buf bytes.Buffer
	limit := s.limit()
	if s.Dir == "" {
		limit = -1
	}
	n, err := copyCtx(ctx, &buf, r, limit)
	if err != nil {
		return nil, err
	}
	if sniffContent {
		head = append(head, buf.Bytes()[:min(buf.Len(), 512)]...)
	}
	meta := newMeta(head, filePath, mimeType)
	if limit < 0 || n <= limit {
		meta.Set("data", base64.StdEncoding.EncodeToString(buf.Bytes()))
		meta.Set("fileSize", PrettyBytes(int64(buf.Len())))
		return meta, nil
	}
	id, size, err := s.spill(ctx, io.MultiReader(&buf, r))
	if err != nil {
		return nil, err
	}
	meta.Set("data", FilesystemMode)
	meta.Set("id", FilesystemMode+":"+id)
	meta.Set("fileSize", PrettyBytes(size))
	return meta, nil
}

// newMeta builds the object's leading keys in n8n's order.
func newMeta(head []byte, filePath, mimeType string) *data.Object {
	var ext string
	if mimeType == "" && filePath != "" {
		mimeType = typeByExt()[strings.ToLower(strings.TrimPrefix(path.Ext(filePath), "."))]
	}
	if mimeType == "" {
		mimeType, ext = sniff(head)
	}
	if ext == "" && mimeType != "" {
		ext = ExtensionOf(mimeType)
	}
	if mimeType == "" {
		mimeType = "text/plain"
	}
	m := data.NewObject(8)
	m.Set("mimeType", mimeType)
	if ft := FileType(mimeType); ft != "" {
		m.Set("fileType", ft)
	}
	if ext != "" {
		m.Set("fileExtension", ext)
	}
	m.Set("data", "")
	if filePath != "" {
		// Node's path.parse ignores trailing slashes ("dir/sub/" is base
		// "sub" in "dir").
		if t := strings.TrimRight(filePath, "/"); t != "" {
			filePath = t
		}
		dir, base := path.Split(filePath)
		if dir = strings.TrimSuffix(dir, "/"); dir != "" {
			m.Set("directory", dir)
		}
		m.Set("fileName", base)
		if e := strings.TrimPrefix(path.Ext(base), "."); e != "" {
			if !m.Has("fileExtension") {
				// n8n's object has the key (undefined) before data.
				m = insertBefore(m, "data", "fileExtension", e)
			} else {
				m.Set("fileExtension", e)
			}
		}
	}
	return m
}

func insertBefore(o *data.Object, before, k string, v any) *data.Object {
	out := data.NewObject(o.Len() + 1)
	for key, val := range o.All() {
		if key == before {
			out.Set(k, v)
		}
		out.Set(key, val)
	}
	return out
}

// ExtensionOf is mime-types' extension(): the first extension of a MIME
// type ("" when unknown).
func ExtensionOf(mimeType string) string {
	t, _, _ := strings.Cut(mimeType, ";")
	return extByType()[strings.ToLower(strings.TrimSpace(t))]
}

// TypeOf is mime-types' lookup(): the MIME type of a file name by its
// extension ("" when unknown).
func TypeOf(fileName string) string {
	e := strings.TrimPrefix(path.Ext(fileName), ".")
	if e == "" {
		e = fileName
	}
	return typeByExt()[strings.ToLower(e)]
}

// FileType is n8n's fileTypeFromMimeType.
func FileType(mt string) string {
	switch {
	case strings.HasPrefix(mt, "application/json"):
		return "json"
	case strings.HasPrefix(mt, "text/html"):
		return "html"
	case strings.HasPrefix(mt, "image/"):
		return "image"
	case strings.HasPrefix(mt, "audio/"):
		return "audio"
	case strings.HasPrefix(mt, "video/"):
		return "video"
	case strings.HasPrefix(mt, "text/"), strings.HasPrefix(mt, "application/javascript"):
		return "text"
	case strings.HasPrefix(mt, "application/pdf"):
		return "pdf"
	}
	return ""
}

// sniff recognises the binary formats n8n's file-type package does for the
// common cases (text stays undetected, as there).
func sniff(b []byte) (mimeType, ext string) {
	if len(b) == 0 {
		return "", ""
	}
	// file-type reads into a zeroed buffer, so a short file matches as if
	// padded with zero bytes.
	if len(b) < 16 {
		b = append(append([]byte(nil), b...), make([]byte, 16-len(b))...)
	}
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x01, 0x00, 0x00, 0x00}):
		return "font/ttf", "ttf"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", "png"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", "jpg"
	case bytes.HasPrefix(b, []byte("GIF8")):
		return "image/gif", "gif"
	case bytes.HasPrefix(b, []byte("%PDF")):
		return "application/pdf", "pdf"
	case bytes.HasPrefix(b, []byte{0x1F, 0x8B, 0x08}):
		return "application/gzip", "gz"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return "application/zip", "zip"
	}
	return "", ""
}

// PrettyBytes is the pretty-bytes package n8n uses for fileSize: three
// significant digits, SI units ("12 B", "1.23 kB", "100 MB").
func PrettyBytes(n int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB", "PB"}
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	u := 0
	for f >= 1000 && u < len(units)-1 {
		f /= 1000
		u++
	}
	p, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 3, 64), 64)
	return strconv.FormatFloat(p, 'f', -1, 64) + " " + units[u]
}

// ErrNotFound is returned when an item has no binary data under a name.
var ErrNotFound = errors.New("binary data not found")

// Open streams the bytes of a binary data object, from its base64 data or
// its file.
func (s Store) Open(meta *data.Object) (io.ReadCloser, error) {
	if meta == nil {
		return nil, ErrNotFound
	}
	if id, ok := meta.Value("id").(string); ok && id != "" {
		p, err := s.filePath(id)
		if err != nil {
			return nil, err
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("binary data %s: %w", id, err)
		}
		return f, nil
	}
	str, _ := meta.Value("data").(string)
	return io.NopCloser(base64.NewDecoder(base64.StdEncoding, strings.NewReader(str))), nil
}

// Bytes reads the whole of a binary data object.
func (s Store) Bytes(meta *data.Object) ([]byte, error) {
	if id, _ := meta.Value("id").(string); id == "" {
		str, _ := meta.Value("data").(string)
		b, err := base64.StdEncoding.DecodeString(str)
		if err != nil {
			return nil, fmt.Errorf("binary data is not valid base64: %w", err)
		}
		return b, nil
	}
	r, err := s.Open(meta)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// Size is the byte length of a binary data object, without reading a file
// whole nor decoding base64.
func (s Store) Size(meta *data.Object) (int64, error) {
	if id, ok := meta.Value("id").(string); ok && id != "" {
		p, err := s.filePath(id)
		if err != nil {
			return 0, err
		}
		st, err := os.Stat(p)
		if err != nil {
			return 0, fmt.Errorf("binary data %s: %w", id, err)
		}
		return st.Size(), nil
	}
	str, _ := meta.Value("data").(string)
	str = strings.TrimRight(str, "=")
	return int64(base64.RawStdEncoding.DecodedLen(len(str))), nil
}

// filePath maps an id to its file under Dir, refusing ids that would leave
// it.
func (s Store) filePath(id string) (string, error) {
	mode, name, _ := strings.Cut(id, ":")
	if (mode != FilesystemMode && mode != "filesystem") || s.Dir == "" {
		return "", fmt.Errorf("binary data %q: not available in this process (no binary data folder for mode %q)", id, mode)
	}
	if name == "" || !filepath.IsLocal(filepath.FromSlash(name)) {
		return "", fmt.Errorf("binary data %q: invalid id", id)
	}
	return filepath.Join(s.Dir, filepath.FromSlash(name)), nil
}

func (s Store) spill(ctx context.Context, r io.Reader) (string, int64, error) {
	var rnd [16]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return "", 0, err
	}
	name := hex.EncodeToString(rnd[:])
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return "", 0, fmt.Errorf("binary data folder: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(s.Dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", 0, fmt.Errorf("binary data file: %w", err)
	}
	n, err := copyCtx(ctx, f, r, -1)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", 0, fmt.Errorf("binary data file: %w", err)
	}
	return name, n, nil
}

// copyCtx copies r to w, stopping after limit+1 bytes when limit >= 0 (so
// the caller learns the data is larger) and when ctx ends.
func copyCtx(ctx context.Context, w io.Writer, r io.Reader, limit int64) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		want := len(buf)
		if limit >= 0 && int64(want) > limit+1-n {
			want = int(limit + 1 - n)
		}
		if want <= 0 {
			return n, nil
		}
		k, err := r.Read(buf[:want])
		if k > 0 {
			if _, werr := w.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
