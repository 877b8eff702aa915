package engine

import (
	"bufio"
	"bytes"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestSpoolWritesAtOnceAndDropsOnRelease: a run handed to the spool is
// written without waiting for the next one, keeps its items until it is
// released, and loses them then (with keepPaired, all but each item's
// pairedItem).
func TestSpoolWritesAtOnceAndDropsOnRelease(t *testing.T) {
	for _, keepPaired := range []bool{false, true} {
		s, err := NewSpool(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		items := []data.Item{{JSON: data.ObjectOf("a", 1.0), Paired: data.One(0)}, {JSON: data.ObjectOf("a", 2.0), Paired: data.One(1)}}
		task := &TaskData{ExecutionStatus: "success", Data: &TaskOutput{Main: [][]data.Item{items}}}
		if err := s.put(task, keepPaired); err != nil {
			t.Fatal(err)
		}
		job := task.pending
		<-job.done // written before anything else happens
		if job.err != nil || job.span == nil || job.span.len == 0 {
			t.Fatalf("keepPaired %v: not written: %v", keepPaired, job.err)
		}
		s.apply()
		if got := task.Data.Main[0]; len(got) != 2 || got[1].JSON.Value("a") != 2.0 {
			t.Fatalf("keepPaired %v: items left before the run was released: %v", keepPaired, got)
		}
		s.release(task)
		got := task.Data.Main[0]
		switch {
		case task.pending != nil || task.spooled != job.span:
			t.Fatalf("keepPaired %v: released run not settled on its span", keepPaired)
		case !keepPaired && len(got) != 0:
			t.Fatalf("released run kept %d items", len(got))
		case keepPaired && (len(got) != 2 || got[1].JSON != nil || got[1].Paired.List()[0].Item != 1):
			t.Fatalf("keepPaired run: %+v, want two items with only their pairedItem", got)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSpoolCompressesEachRun: each run is a compressed stream of its own
// in the file, several times smaller than its JSON, and copyTo gives the
// JSON back exactly, in any order and more than once.
func TestSpoolCompressesEachRun(t *testing.T) {
	s, err := NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var tasks []*TaskData
	var want []string
	for r := range 3 {
		items := make([]data.Item, 2000)
		for i := range items {
			items[i] = data.Item{JSON: data.ObjectOf("id", float64(i), "name", fmt.Sprintf("user %d of run %d", i, r), "email", fmt.Sprintf("user%d@example.com", i)), Paired: data.One(i)}
		}
		task := &TaskData{ExecutionStatus: "success", Data: &TaskOutput{Main: [][]data.Item{items}}}
		var b bytes.Buffer
		jw := newJSONWriter(bufio.NewWriter(&b))
		jw.encodeTask(task)
		if err := jw.w.Flush(); err != nil || jw.err != nil {
			t.Fatal(err, jw.err)
		}
		want = append(want, b.String())
		if err := s.put(task, false); err != nil {
			t.Fatal(err)
		}
		<-task.pending.done
		tasks = append(tasks, task)
	}
	for _, r := range []int{2, 0, 1, 0} {
		span := tasks[r].pending.span
		if span.len*4 > int64(len(want[r])) {
			t.Errorf("run %d: %d bytes in the spool for %d bytes of JSON, want under a quarter", r, span.len, len(want[r]))
		}
		var got bytes.Buffer
		if err := span.copyTo(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want[r] {
			t.Fatalf("run %d: copyTo gave %d bytes that differ from the %d bytes of its JSON", r, got.Len(), len(want[r]))
		}
	}
}

// TestResultWriterTakesQueuedRuns: a run still queued for the spool when
// the result is written is written from memory by the result writer (the
// same bytes), the encoding goroutine then skips it, and the run keeps its
// items without ending the spooling; a run the goroutine already took up
// is waited for and copied from its span.
func TestResultWriterTakesQueuedRuns(t *testing.T) {
	s, err := NewSpool(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	newTask := func(n float64) *TaskData {
		items := []data.Item{{JSON: data.ObjectOf("n", n), Paired: data.One(0)}}
		return &TaskData{ExecutionStatus: "success", Data: &TaskOutput{Main: [][]data.Item{items}}}
	}
	encoded := func(task *TaskData) string {
		var b bytes.Buffer
		jw := newJSONWriter(bufio.NewWriter(&b))
		jw.task(task)
		if err := jw.w.Flush(); err != nil || jw.err != nil {
			t.Fatal(err, jw.err)
		}
		return b.String()
	}

	// Started: the goroutine writes it; the writer copies its span.
	first := newTask(1)
	want1 := encoded(first)
	if err := s.put(first, false); err != nil {
		t.Fatal(err)
	}
	<-first.pending.done
	if got := encoded(first); got != want1 || first.pending.taken {
		t.Fatalf("a written run: taken %v, wrote %q, want %q", first.pending.taken, got, want1)
	}

	// Queued, not started (handed to the goroutine only after the writer
	// got to it): taken by the writer.
	queued := newTask(2)
	want2 := encoded(queued)
	job := &spoolJob{t: queued, done: make(chan struct{})}
	queued.pending = job
	s.queue = append(s.queue, job)
	if got := encoded(queued); got != want2 || !job.taken {
		t.Fatalf("a queued run: taken %v, wrote %q, want %q", job.taken, got, want2)
	}
	s.jobs <- job
	<-job.done
	if job.started || job.span != nil || job.encoded {
		t.Fatalf("the goroutine encoded a taken run: started %v, span %v", job.started, job.span)
	}
	s.release(queued)
	if queued.pending != nil || queued.spooled != nil || s.failed != nil || len(queued.Data.Main[0]) != 1 {
		t.Fatalf("a taken run after apply: pending %v, spooled %v, failed %v, items %d", queued.pending, queued.spooled, s.failed, len(queued.Data.Main[0]))
	}
	if got := encoded(queued); got != want2 {
		t.Fatalf("a taken run written again: %q, want %q", got, want2)
	}
}
