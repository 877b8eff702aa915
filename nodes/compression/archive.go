package compression

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine/binary"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// asyncInflateFrom is fflate's size from which unzip inflates an entry
// asynchronously: such entries land in n8n's result after the others.
const asyncInflateFrom = 320000

// readerAt opens a binary file for random access: its file when the store
// spilled it to disk, else its bytes in memory.
func readerAt(store binary.Store, bin *data.Object) (io.ReaderAt, int64, func(), error) {
	rc, err := store.Open(bin)
	if err != nil {
		return nil, 0, nil, err
	}
	if f, ok := rc.(*os.File); ok {
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		return f, st.Size(), func() { f.Close() }, nil
	}
	rc.Close()
	b, err := store.Bytes(bin)
	if err != nil {
		return nil, 0, nil, err
	}
	return bytes.NewReader(b), int64(len(b)), func() {}, nil
}

// unzip is fflate's unzip followed by prepareBinaryData for each entry:
// the files by name (a JavaScript object's key order), directories as
// empty files, CRCs not checked, names without the UTF-8 flag read as
// Latin-1.
func unzip(ctx context.Context, store binary.Store, bin *data.Object) (*data.Object, error) {
	ra, size, done, err := readerAt(store, bin)
	if err != nil {
		return nil, err
	}
	defer done()
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, errors.New("invalid zip data")
	}
	files := data.NewObject(len(zr.File))
	var late []*zip.File
	for _, f := range zr.File {
		if f.Method == zip.Deflate && f.CompressedSize64 >= asyncInflateFrom {
			late = append(late, f)
			continue
		}
		if err := unzipOne(ctx, store, f, files); err != nil {
			return nil, err
		}
	}
	for _, f := range late {
		if err := unzipOne(ctx, store, f, files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

func unzipOne(ctx context.Context, store binary.Store, f *zip.File, files *data.Object) error {
	name := f.Name
	if f.Flags&0x800 == 0 && !isASCII(name) {
		name = latin1(name)
	}
	raw, err := f.OpenRaw()
	if err != nil {
		return errors.New("invalid zip data")
	}
	var r io.Reader
	switch f.Method {
	case zip.Store:
		r = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		defer fr.Close()
		r = fr
	default:
		return fmt.Errorf("unknown compression type %d", f.Method)
	}
	meta, err := store.PrepareSniffed(ctx, fflateErrors(r), name, "")
	if err != nil {
		return err
	}
	files.Set(name, meta)
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// fflateErrors gives a truncated stream fflate's message.
func fflateErrors(r io.Reader) io.Reader { return errReader{r} }

type errReader struct{ r io.Reader }

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("unexpected EOF")
	}
	return n, err
}

// gunzip is the decompress operation for one gzip file: fflate's gunzip
// (one member, CRC not checked) and n8n's naming of the result after the
// archive's name.
func gunzip(ctx context.Context, store binary.Store, bin *data.Object) (*data.Object, error) {
	rc, err := store.Open(bin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	zr, err := gzip.NewReader(rc)
	if err != nil {
		if errors.Is(err, gzip.ErrHeader) {
			return nil, errors.New("invalid gzip data")
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("unexpected EOF")
		}
		return nil, err
	}
	zr.Multistream(false)
	defer zr.Close()

	fullName, hasName := bin.Value("fileName").(string)
	baseName := firstPart(bin)
	var ext, mimeType any
	if hasName && strings.HasSuffix(fullName, ".gz") {
		parts := strings.Split(strings.Replace(fullName, ".gz", "", 1), ".")
		if len(parts) > 1 {
			e := parts[len(parts)-1]
			ext = e
			if mt := binary.TypeOf("x." + e); mt != "" {
				mimeType = mt
			} else {
				mimeType = false
			}
		}
	}
	mt, _ := mimeType.(string)
	filePath := baseName
	if !hasName {
		filePath = ""
	}
	meta, err := store.PrepareSniffed(ctx, noChecksum{fflateErrors(zr)}, filePath, mt)
	if err != nil {
		return nil, err
	}
	if ext == nil {
		mimeType = meta.Value("mimeType")
		if e := binary.ExtensionOf(jsvalue.ToString(mimeType)); e != "" {
			ext = e
		} else {
			ext = false
		}
	}
	if !meta.Has("fileExtension") {
		// n8n's object holds the key (undefined) after fileType.
		meta = withExtensionKey(meta)
	}
	meta.Set("fileName", baseName+"."+jsvalue.ToString(ext))
	meta.Set("fileExtension", ext)
	meta.Set("mimeType", mimeType)
	return meta, nil
}

func withExtensionKey(meta *data.Object) *data.Object {
	out := data.NewObject(meta.Len() + 1)
	for k, v := range meta.All() {
		if k == "data" {
			out.Set("fileExtension", data.Undefined)
		}
		out.Set(k, v)
	}
	return out
}

// noChecksum ends the stream where gzip's CRC check would fail: fflate
// does not check it.
type noChecksum struct{ r io.Reader }

func (c noChecksum) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, gzip.ErrChecksum) {
		err = io.EOF
	}
	return n, err
}

// gzipFile compresses one binary file as fflate's gzip (level 6, mtime now,
// OS Unix) into a new binary file named filePath.
func gzipFile(ctx context.Context, store binary.Store, bin *data.Object, filePath string, now time.Time) (*data.Object, error) {
	rc, err := store.Open(bin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	pr, pw := io.Pipe()
	go func() {
		zw, err := gzip.NewWriterLevel(pw, 6)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		zw.ModTime = now
		zw.OS = 3
		if _, err := io.Copy(zw, rc); err != nil {
			pw.CloseWithError(err)
			return
		}
		pw.CloseWithError(zw.Close())
	}()
	meta, err := store.PrepareSniffed(ctx, pr, filePath, "")
	pr.CloseWithError(io.ErrClosedPipe)
	return meta, err
}

type zipEntry struct {
	name  string
	bin   *data.Object
	store bool // already compressed: stored, not deflated
}

// zipFiles writes fflate's zip of the entries (a later entry of the same
// name replaces an earlier one in its place, as keys of n8n's object do)
// into a new binary file named fileName.
func zipFiles(ctx context.Context, store binary.Store, entries []zipEntry, fileName string, now time.Time) (*data.Object, error) {
	byName := data.NewObject(len(entries))
	for i, e := range entries {
		byName.Set(e.name, i)
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeZip(pw, store, entries, byName, now))
	}()
	meta, err := store.PrepareSniffed(ctx, pr, fileName, "")
	pr.CloseWithError(io.ErrClosedPipe)
	return meta, err
}

func writeZip(w io.Writer, store binary.Store, entries []zipEntry, byName *data.Object, now time.Time) error {
	zw := zip.NewWriter(w)
	date, tm := dosTime(now.Local())
	for name, v := range byName.All() {
		e := entries[v.(int)]
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedDate: date, ModifiedTime: tm}
		if e.store {
			fh.Method = zip.Store
		}
		fw, err := zw.CreateHeader(fh)
		if err != nil {
			return err
		}
		rc, err := store.Open(e.bin)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// dosTime is the MS-DOS date and time fflate stamps entries with (local
// time, two-second resolution).
func dosTime(t time.Time) (date, tm uint16) {
	y := max(t.Year()-1980, 0)
	date = uint16(y<<9 | int(t.Month())<<5 | t.Day())
	tm = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()>>1)
	return date, tm
}
