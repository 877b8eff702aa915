package engine

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/klauspost/compress/s2"

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
// removed from the folder at once (it lives until Close). Each run is
// written compressed (S2, a stream of its own): run data is repetitive
// JSON that shrinks ~7× at ~2 GB/s, so a large run writes a seventh of
// the bytes to the disk and the page cache (500,000 items: ~470 → ~70 MB;
// on this project's VMs every page newly written costs more than the
// compression) and needs a seventh of the temporary space.
//
// Encoding happens on a goroutine of its own, beside the run: a node run
// that will leave memory is handed to the spool as soon as it finishes
// (nothing changes a finished run's data: nodes that change their input
// objects in place keep their sources in memory, see release.go), so it
// is written while its children execute, and its items leave memory the
// moment it is both written and released — not one node later.
type Spool struct {
	mu      sync.Mutex // the file, its writers and closed
	f       *os.File
	removed bool
	cw      countWriter
	zw      *s2.Writer    // compresses into cw, one stream per run
	w       *bufio.Writer // buffers jw's small writes in front of zw
	jw      *jsonWriter
	zr      *s2.Reader // decompresses a span for copyTo (made on first use)
	closed  bool

	// Owned by the run's goroutine: the writes handed over, oldest first,
	// not yet applied, and the first write that failed.
	queue  []*spoolJob
	failed error
	// jobs feeds the encoding goroutine (started by the first put); idle
	// is closed when it has stopped.
	jobs chan *spoolJob
	idle chan struct{}
}

// spoolJob is one node run handed to the spool. The encoding goroutine
// sets span or err, then closes done.
type spoolJob struct {
	t          *TaskData
	keepPaired bool
	span       *spoolSpan
	err        error
	done       chan struct{}

	// mu orders the hand-off of dropping the items: they go once the run
	// is written (encoded) and released (mayDrop), by whichever side sees
	// the second of the two (claimDrop). Runs pairedItem lookups walk
	// (keepPaired) are trimmed only by the run's goroutine, which reads them.
	mu      sync.Mutex
	encoded bool
	mayDrop bool
	dropped bool
	// started is set by the encoding goroutine when it takes the job up;
	// taken by the result writer when it reached the run first (take):
	// the run then stays in memory and is written from there.
	started bool
	taken   bool
}

// take claims a job the encoding goroutine has not started, for the
// result writer: a run still waiting in the queue when the workflow ends
// is written once, straight into the result, instead of being encoded,
// compressed, read back and decompressed while the writer waits (at
// 500,000 items the queue held ~1.5 s of that work at the end, on a
// goroutine of its own while the writer idled). It reports whether the
// job is the caller's; its items are then in memory (they are dropped only
// once encoded) and stay there.
func (j *spoolJob) take() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.started {
		j.taken = true
	}
	return j.taken
}

// claimDrop reports whether the caller drops the job's items now: they
// are written and released and nobody dropped them yet. onRun says the
// caller is the run's goroutine. The caller holds j.mu.
func (j *spoolJob) claimDrop(onRun bool) bool {
	if j.dropped || !j.encoded || !j.mayDrop || j.err != nil || (j.keepPaired && !onRun) {
		return false
	}
	j.dropped = true
	return true
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
	// One block compressing at a time, on the spool's goroutine: the run
	// itself needs the other cores.
	s.zw = s2.NewWriter(&s.cw, s2.WriterConcurrency(1), s2.WriterBlockSize(spoolBlockSize))
	s.w = bufio.NewWriterSize(s.zw, 64<<10)
	s.jw = newJSONWriter(s.w)
	return s, nil
}

// spoolBlockSize is the size of the blocks the spool compresses: the
// compressor and the reader each hold about two of them.
const spoolBlockSize = 256 << 10

// Close releases the file. The runs spooled into it can no longer be
// written afterwards.
func (s *Spool) Close() error {
	if s == nil {
		return nil
	}
	if s.jobs != nil {
		close(s.jobs)
		<-s.idle
		s.jobs = nil
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

// put hands t to the encoding goroutine; its items stay in memory until
// release is called for it too. With keepPaired each item then stays as
// its pairedItem alone (for pairedItem lookups that walk through the
// run). Only the run's goroutine calls put.
func (s *Spool) put(t *TaskData, keepPaired bool) error {
	s.apply()
	if s.failed != nil {
		return s.failed
	}
	if s.jobs == nil {
		// A small queue: a run faster than its encoding waits here rather
		// than holding many released outputs in memory.
		s.jobs, s.idle = make(chan *spoolJob, 2), make(chan struct{})
		go s.encodeJobs()
	}
	job := &spoolJob{t: t, keepPaired: keepPaired, done: make(chan struct{})}
	t.pending = job
	s.queue = append(s.queue, job)
	s.jobs <- job
	return nil
}

// release lets t's items leave memory once t is written: nothing reads
// them any more. Only the run's goroutine calls release.
func (s *Spool) release(t *TaskData) {
	if job := t.pending; job != nil {
		job.mu.Lock()
		job.mayDrop = true
		job.mu.Unlock()
	}
	s.apply()
}

// encodeJobs is the encoding goroutine.
func (s *Spool) encodeJobs() {
	defer close(s.idle)
	for job := range s.jobs {
		job.mu.Lock()
		job.started = !job.taken
		job.mu.Unlock()
		if !job.started {
			close(job.done)
			continue
		}
		span, err := s.encode(job.t)
		job.mu.Lock()
		job.span, job.err, job.encoded = span, err, true
		// A released run's items go now rather than when the run next
		// applies.
		drop := job.claimDrop(false)
		job.mu.Unlock()
		if drop {
			dropItems(job.t, false)
		}
		close(job.done)
	}
}

// encode writes t's run data (exactly as Result.WriteJSON would) to the
// file. It only reads t: the run may read the same items meanwhile.
func (s *Spool) encode(t *TaskData) (*spoolSpan, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("run data spool: closed")
	}
	off := s.cw.n
	s.zw.Reset(&s.cw)
	s.jw.encodeTask(t)
	if s.jw.err != nil {
		return nil, fmt.Errorf("run data spool: %w", s.jw.err)
	}
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("run data spool: %w", err)
	}
	if err := s.zw.Close(); err != nil {
		return nil, fmt.Errorf("run data spool: %w", err)
	}
	return &spoolSpan{s: s, off: off, len: s.cw.n - off}, nil
}

// apply settles the released runs written so far: their items are
// dropped (if the encoding goroutine did not already) and they point at
// their span. A run not yet written or released stays in the queue, in
// memory (WriteJSON waits for it and copies its span all the same). A
// failed write leaves its run in memory (WriteJSON encodes it there) and
// ends the spooling.
func (s *Spool) apply() {
	kept := s.queue[:0]
	for _, job := range s.queue {
		if !isClosed(job.done) {
			kept = append(kept, job)
			continue
		}
		t := job.t
		if job.taken {
			// The result writer wrote it from memory; it stays there.
			t.pending = nil
			continue
		}
		if job.err != nil {
			t.pending = nil
			if s.failed == nil {
				s.failed = job.err
			}
			continue
		}
		job.mu.Lock()
		released := job.mayDrop
		drop := job.claimDrop(true)
		job.mu.Unlock()
		if !released {
			kept = append(kept, job)
			continue
		}
		t.pending = nil
		t.spooled = job.span
		if drop {
			dropItems(t, job.keepPaired)
		}
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// dropItems leaves a written run's outputs as many (and null where they
// were null) so that readers of the shape see it; only their items go,
// or, with keepPaired, all of each item but its pairedItem.
func dropItems(t *TaskData, keepPaired bool) {
	if t.Data == nil {
		return
	}
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

// copyTo writes the span's bytes to w.
func (sp *spoolSpan) copyTo(w io.Writer) error {
	s := sp.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("run data spool: closed before the run data was written")
	}
	// The span is a whole compressed stream, in the file since encode
	// returned.
	src := io.NewSectionReader(s.f, sp.off, sp.len)
	if s.zr == nil {
		s.zr = s2.NewReader(src, s2.ReaderMaxBlockSize(spoolBlockSize))
	} else {
		s.zr.Reset(src)
	}
	if _, err := io.Copy(w, s.zr); err != nil {
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
