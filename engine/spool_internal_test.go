package engine

import (
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
