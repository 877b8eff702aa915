package engine

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Spool keeps the run data of finished node runs on disk so that a run's
// memory follows its live outputs instead of the sum of every output: a
// node run whose items no later node or expression can read is encoded
// into the spool (exactly as Result.WriteJSON would write it) and its
// items are dropped from memory. Result.WriteJSON copies the encoded runs
// back, so the written run data is complete and byte for byte the same as
// without a spool. Close the spool after writing the result.
//
// The file is created with mode 0600 in dir and, where the system allows,
// removed from the folder at once (it lives until Close).
type Spool struct {
	mu      sync.Mutex
	f       *os.File
	removed bool
	cw      countWriter
	w       *bufio.Writer
	jw      *jsonWriter
	closed  bool
}

// NewSpool creates a spool file in dir ("" is the system's temp folder).
func NewSpool(dir string) (*Spool, error) {
	f, err := os.CreateTemp(dir, "n8n-go-rundata-*")
	if err != nil {
		return nil, fmt.Errorf("run data spool: %w", err)
	}
	s := &Spool{f: f}
	// Unlinked now, the file cannot outlive the process even if it is
	// killed; systems that refuse (an open file on Windows) remove it in
	// Close.
	s.removed = os.Remove(f.Name()) == nil
	s.cw = countWriter{w: f}
	s.w = bufio.NewWriterSize(&s.cw, 256<<10)
	s.jw = newJSONWriter(s.w)
	return s, nil
}

// Close releases the file. The runs spooled into it can no longer be
// written afterwards.
func (s *Spool) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.f.Close()
	if !s.removed {
		if rerr := os.Remove(s.f.Name()); err == nil {
			err = rerr
		}
	}
	return err
}

// spoolSpan is where one node run's encoded run data lies in a spool.
type spoolSpan struct {
	s        *Spool
	off, len int64
}

// put encodes t into the spool and drops its items from memory; with
// keepPaired each item stays as its pairedItem alone (for pairedItem
// lookups that walk through the run).
func (s *Spool) put(t *TaskData, keepPaired bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("run data spool: closed")
	}
	off := s.cw.n + int64(s.w.Buffered())
	s.jw.task(t)
	if s.jw.err != nil {
		return fmt.Errorf("run data spool: %w", s.jw.err)
	}
	end := s.cw.n + int64(s.w.Buffered())
	t.spooled = &spoolSpan{s: s, off: off, len: end - off}
	if t.Data != nil {
		// The outputs stay as many (and null where they were null) so that
		// readers of the shape see it; only their items go.
		main := make([][]data.Item, len(t.Data.Main))
		for i, out := range t.Data.Main {
			switch {
			case out == nil:
			case keepPaired:
				main[i] = make([]data.Item, len(out))
				for k := range out {
					main[i][k] = data.Item{Paired: out[k].Paired}
				}
			default:
				main[i] = emptyItems()
			}
		}
		t.Data = &TaskOutput{Main: main}
	}
	return nil
}

// copyTo writes the span's bytes to w.
func (sp *spoolSpan) copyTo(w io.Writer) error {
	s := sp.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("run data spool: closed before the run data was written")
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("run data spool: %w", err)
	}
	if _, err := io.Copy(w, io.NewSectionReader(s.f, sp.off, sp.len)); err != nil {
		return fmt.Errorf("run data spool: %w", err)
	}
	return nil
}

// countWriter counts the bytes that reached the file.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
