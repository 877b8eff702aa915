package store

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	// klauspost's gzip writes the same format as compress/gzip at a
	// third of the cost for run data of a few KiB (the standard writer's
	// reset dominates at that size).
	"github.com/klauspost/compress/gzip"
)

// Run data is stored gzip-compressed: it is mostly repeated JSON keys and
// shrinks several times, and gzip at BestSpeed costs little next to a run.
const (
	encodingGzip = "gzip"
	encodingNone = "json"
)

// maxRunData bounds decompressed run data (a damaged or hostile row must
// not exhaust memory).
const maxRunData = 1 << 30

// zipPool reuses gzip writers (each holds ~1 MiB of tables).
type zipPool struct{ p sync.Pool }

func (z *zipPool) compress(b []byte) ([]byte, error) {
	w, _ := z.p.Get().(*gzip.Writer)
	var buf bytes.Buffer
	buf.Grow(len(b)/4 + 64)
	if w == nil {
		var err error
		if w, err = gzip.NewWriterLevel(&buf, gzip.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		w.Reset(&buf)
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	z.p.Put(w)
	return buf.Bytes(), nil
}

func decompress(enc string, b []byte) ([]byte, error) {
	switch enc {
	case encodingNone:
		return b, nil
	case encodingGzip:
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		out, err := io.ReadAll(io.LimitReader(r, maxRunData+1))
		if err != nil {
			return nil, err
		}
		if len(out) > maxRunData {
			return nil, fmt.Errorf("run data larger than %d bytes", maxRunData)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("unknown encoding %q", enc)
	}
}
