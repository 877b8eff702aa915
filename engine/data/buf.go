package data

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Buf is the JSON writers' output: a byte slice with bytes.Buffer's
// writing methods. It doubles when it grows: append grows a large slice
// by a quarter only, which for a text of tens of megabytes (a large run's
// items, JSON.stringify of a big array) allocates and copies several
// times its final size.
type Buf []byte

// reserve makes room for n more bytes. The writers below test for room
// themselves, each in the cheapest form the inliner counts: with grow a
// call, reserve inlined into them made them too costly to be inlined
// into the encoders' loops.
func (b *Buf) reserve(n int) {
	if cap(*b)-len(*b) < n {
		b.grow(n)
	}
}

func (b *Buf) grow(n int) {
	old := *b
	want := len(old) + max(n, len(old))
	if len(old) < noZeroFrom {
		*b = slices.Grow(old, want-len(old))
		return
	}
	// A large buffer grows without clearing: slices.Grow clears the new
	// capacity, bytes about to be overwritten, and for a text of tens of
	// megabytes that clearing (mostly first touches of fresh pages) cost a
	// quarter of JSON.stringify at 500,000 items. strings.Builder
	// allocates without clearing; its bytes are ours (nothing else holds
	// the builder), so they are taken back as a slice of the full
	// capacity.
	var sb strings.Builder
	sb.Grow(want)
	sb.Write(old)
	s := sb.String()
	*b = unsafe.Slice(unsafe.StringData(s), sb.Cap())[:len(old)]
}

// noZeroFrom is the length from which grow skips clearing: below it the
// clearing is cheap and the plain path simpler.
const noZeroFrom = 64 << 10

// WriteByte appends c (the error is io.ByteWriter's, always nil).
func (b *Buf) WriteByte(c byte) error {
	if len(*b) == cap(*b) {
		b.grow(1)
	}
	*b = append(*b, c)
	return nil
}

// WriteString appends s.
func (b *Buf) WriteString(s string) {
	if len(*b)+len(s) > cap(*b) {
		b.grow(len(s))
	}
	*b = append(*b, s...)
}

// Write appends p (Buf is an io.Writer).
func (b *Buf) Write(p []byte) (int, error) {
	if len(*b)+len(p) > cap(*b) {
		b.grow(len(p))
	}
	*b = append(*b, p...)
	return len(p), nil
}

// AppendInt appends n in decimal.
func (b *Buf) AppendInt(n int64) {
	b.reserve(20)
	*b = strconv.AppendInt(*b, n, 10)
}

// Len is the number of bytes written.
func (b *Buf) Len() int { return len(*b) }

// Truncate keeps the first n bytes.
func (b *Buf) Truncate(n int) { *b = (*b)[:n] }

// Bytes is what was written.
func (b *Buf) Bytes() []byte { return *b }

// Reset empties the buffer and keeps its capacity.
func (b *Buf) Reset() { *b = (*b)[:0] }

// flushAt is how much a streaming encoder holds before it hands its bytes
// to the writer.
const flushAt = 64 << 10

// ValueWriter streams JSON values and items to a writer as they are
// encoded, holding at most about flushAt bytes: a single item of a hundred
// megabytes (an Aggregate over a large run) never exists whole in memory.
type ValueWriter struct {
	w   io.Writer
	e   encoder
	buf Buf
	err error
}

// NewValueWriter writes to w.
func NewValueWriter(w io.Writer) *ValueWriter {
	vw := &ValueWriter{w: w}
	vw.e.b = &vw.buf
	vw.e.flush = vw.flush
	return vw
}

// flush hands the buffered bytes to the writer.
func (vw *ValueWriter) flush() {
	if len(vw.buf) == 0 {
		return
	}
	if vw.err == nil {
		_, vw.err = vw.w.Write(vw.buf)
	}
	vw.buf = vw.buf[:0]
}

// Item writes one item as AppendItem would.
func (vw *ValueWriter) Item(it *Item) error {
	if vw.err != nil {
		return vw.err
	}
	if err := vw.e.item(it); err != nil {
		vw.buf = vw.buf[:0]
		return err
	}
	vw.flush()
	if cap(vw.buf) > 4*flushAt {
		vw.buf = nil
	}
	return vw.err
}
