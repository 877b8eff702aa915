package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// spoolWorkflows are the workflows the spool is checked on: every oracle
// recording and the node goldens' workflows.
func spoolWorkflows(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{
		filepath.Join(oracleDir, "*.workflow.json"),
		"../testdata/nodes/*/*.workflow.json",
		"../testdata/workflowtests/*.json",
	} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no workflows found")
	}
	return files
}

// runWritten runs w and returns the written run data and how many runs
// were released into the spool.
func runWritten(t *testing.T, eng *engine.Engine, w *workflow.Workflow, spool bool) ([]byte, int) {
	t.Helper()
	ro := engine.RunOptions{Mode: "cli"}
	if spool {
		s, err := engine.NewSpool(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ro.Spool = s
	}
	res, err := eng.Run(context.Background(), w, ro)
	if err != nil {
		return []byte("error: " + err.Error()), 0
	}
	released := 0
	for _, runs := range res.Data.ResultData.RunData {
		for _, task := range runs {
			if task.Released() {
				released++
			}
		}
	}
	if !spool {
		var b bytes.Buffer
		if err := res.WriteJSON(&b); err != nil {
			t.Fatalf("write: %v", err)
		}
		return b.Bytes(), released
	}
	// Into a file, as `run -o` does: spooled runs are copied file to file
	// (copy_file_range) between the bytes written through the buffer.
	out := filepath.Join(t.TempDir(), "run.json")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.WriteJSON(f); err != nil {
		t.Fatalf("write: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b, released
}

// TestSpoolKeepsRunDataIdentical: the run data written with a spool equals,
// byte for byte, the run data written with every output in memory.
func TestSpoolKeepsRunDataIdentical(t *testing.T) {
	lib := &workflow.Library{}
	subs, _ := filepath.Glob(filepath.Join(oracleDir, "*.subworkflow.json"))
	files := spoolWorkflows(t)
	for _, f := range append(append([]string(nil), files...), subs...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_ = lib.Add(f, b) // files that are no workflow are skipped below
	}
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: goldenEvaluator(), Workflows: lib,
		Now: func() time.Time { return fixed }, RequestConcurrency: 1})
	ran, releasedIn := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("n8n-nodes-base.readWriteFile")) || bytes.Contains(b, []byte("n8n-nodes-base.writeBinaryFile")) {
			continue // it appends to files: its two runs differ anyway
		}
		if bytes.Contains(b, []byte(`"operation": "iCal"`)) || bytes.Contains(b, []byte("n8n-nodes-base.iCal")) {
			continue // each event gets a random UID, as in n8n: two runs differ anyway
		}
		w, err := workflow.Parse(b, "")
		if err != nil || len(eng.Validate(w)) > 0 {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			want, _ := runWritten(t, eng, w, false)
			got, released := runWritten(t, eng, w, true)
			if !bytes.Equal(want, got) {
				i := 0
				for i < len(want) && i < len(got) && want[i] == got[i] {
					i++
				}
				from := max(0, i-200)
				t.Errorf("run data differs with a spool (%d runs released) at byte %d\nwithout: …%.400s\nwith:    …%.400s", released, i, want[from:], got[from:])
			}
			ran++
			if released > 0 {
				releasedIn++
			}
		})
	}
	if ran < 20 || releasedIn < 10 {
		t.Fatalf("checked %d workflows, %d of them released runs: the check covers too little", ran, releasedIn)
	}
	t.Logf("%d workflows, %d with released runs", ran, releasedIn)
}

// setChain is a trigger and n Set nodes, each adding a field to every item
// (so each makes a new copy of every item).
func setChain(n int) string {
	var ns, cs []string
	ns = append(ns, `{"id":"t","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}`)
	prev := "Start"
	for i := range n {
		name := fmt.Sprintf("Set%d", i)
		ns = append(ns, fmt.Sprintf(`{"id":"s%d","name":%q,"type":"n8n-nodes-base.set","typeVersion":3.4,"position":[%d,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"f%d","value":"v","type":"string"}]},"includeOtherFields":true,"options":{}}}`, i, name, 200*(i+1), i))
		cs = append(cs, fmt.Sprintf(`%q:{"main":[[{"node":%q,"type":"main","index":0}]]}`, prev, name))
		prev = name
	}
	return `{"nodes":[` + strings.Join(ns, ",") + `],"connections":{` + strings.Join(cs, ",") + `},"settings":{"executionOrder":"v1"}}`
}

// peakLiveHeap runs the chain and returns the largest live heap seen when
// a node finished.
func peakLiveHeap(t *testing.T, w *workflow.Workflow, start []data.Item, spool bool) uint64 {
	t.Helper()
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: goldenEvaluator()})
	var peak uint64
	var ms runtime.MemStats
	ro := engine.RunOptions{Mode: "cli", StartItems: start, Hooks: &engine.Hooks{NodeEnd: func(string, int, *engine.TaskData) {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	}}}
	if spool {
		s, err := engine.NewSpool(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ro.Spool = s
	}
	res, err := eng.Run(context.Background(), w, ro)
	if err != nil || res.Status != "success" {
		t.Fatalf("run: %v %v", err, res)
	}
	runtime.KeepAlive(res)
	return peak
}

// TestSpoolBoundsLiveHeap: with a spool, the live heap of a chain of
// copying nodes follows one or two outputs, not the sum of all of them.
func TestSpoolBoundsLiveHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates about 100 MB")
	}
	const items, chain = 20_000, 10
	w, err := workflow.Parse([]byte(setChain(chain)), "")
	if err != nil {
		t.Fatal(err)
	}
	mk := func() []data.Item {
		start := make([]data.Item, items)
		for i := range start {
			start[i] = data.Item{JSON: data.ObjectOf("id", float64(i), "name", fmt.Sprintf("user %d", i), "email", fmt.Sprintf("user%d@example.com", i))}
		}
		return start
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	inMemory := peakLiveHeap(t, w, mk(), false) - base
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base = ms.HeapAlloc
	spooled := peakLiveHeap(t, w, mk(), true) - base
	t.Logf("peak live heap over %d nodes: %d MB in memory, %d MB with a spool", chain, inMemory>>20, spooled>>20)
	// Eleven copies of the items against the start items, the input and
	// the output of the node running: well under half.
	if spooled*2 > inMemory {
		t.Fatalf("peak live heap with a spool %d MB, without %d MB: not bounded by the live outputs", spooled>>20, inMemory>>20)
	}
}
