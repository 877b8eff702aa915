package store

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// Issue 21 item 14: run data nested ~9,990 deep ran but was "not stored"
// (encoding/json refuses more than 10,000 levels once wrapped).
func TestStoreKeepsDeepRunData(t *testing.T) {
	st, err := OpenFolder(t.TempDir(), 10)
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
	id := st.NextID()
	if err := st.Save(Record{ID: id, WorkflowName: "deep", Status: "success", Data: json.RawMessage(deep)}); err != nil {
		t.Fatalf("Save: %v", err)
	}
	got, err := st.Get(id)
	if err != nil || string(got.Data) != deep {
		t.Fatalf("Get: %v (%d bytes)", err, len(got.Data))
	}
	if list, err := st.List(); err != nil || len(list) != 1 || list[0].Status != "success" {
		t.Fatalf("List: %v %+v", err, list)
	}
}

// Issue 21 item 14: one truncated record broke `executions list`.
func TestStoreListSurvivesADamagedRecord(t *testing.T) {
	dir := t.TempDir()
	st, _ := OpenFolder(dir, 10)
	for range 3 {
		if err := st.Save(Record{ID: st.NextID(), WorkflowName: "w", Status: "success", Data: json.RawMessage(`{"x":1}`)}); err != nil {
			t.Fatal(err)
		}
	}
	f := st.file(2)
	b, _ := os.ReadFile(f)
	os.WriteFile(f, b[:len(b)/3], 0o600)
	list, err := st.List()
	if err != nil || len(list) != 3 {
		t.Fatalf("List: %v, %d records", err, len(list))
	}
	if list[1].ID != "2" || list[1].Status != "unreadable" || list[0].Status != "success" || list[2].Status != "success" {
		t.Fatalf("records %+v", list)
	}
}

// Issue 21 item 14: after SIGKILL an execution id was handed out again.
// Begin reserves the id on disk; the next OpenFolder marks the execution
// crashed, as n8n does, and continues after it.
func TestStoreDoesNotReuseIDsAfterAKill(t *testing.T) {
	dir := t.TempDir()
	st, _ := OpenFolder(dir, 10)
	id, err := st.Begin(Record{WorkflowName: "w", Mode: "webhook", StartedAt: time.Now()})
	if err != nil || id != "1" {
		t.Fatalf("Begin: %q %v", id, err)
	}
	// The process dies here: no Save. A new process opens the folder.
	st2, err := OpenFolder(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	if next := st2.NextID(); next != "2" {
		t.Fatalf("next id %s, want 2", next)
	}
	r, err := st2.Get("1")
	if err != nil || r.Status != "crashed" || r.Error != CrashedMessage {
		t.Fatalf("record 1: %+v %v", r, err)
	}
}
