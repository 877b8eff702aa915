package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/credentials"
)

// Issue 21 item 14: run data nested ~9,990 deep ran but was "not stored"
// (encoding/json refuses more than 10,000 levels once wrapped).
func TestStoreKeepsDeepRunData(t *testing.T) {
	st, err := OpenStore(t.TempDir(), 10)
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
	st, _ := OpenStore(dir, 10)
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
// Begin reserves the id on disk; the next OpenStore marks the execution
// crashed, as n8n does, and continues after it.
func TestStoreDoesNotReuseIDsAfterAKill(t *testing.T) {
	dir := t.TempDir()
	st, _ := OpenStore(dir, 10)
	id, err := st.Begin(Record{WorkflowName: "w", Mode: "webhook", StartedAt: time.Now()})
	if err != nil || id != "1" {
		t.Fatalf("Begin: %q %v", id, err)
	}
	// The process dies here: no Save. A new process opens the folder.
	st2, err := OpenStore(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	if next := st2.NextID(); next != "2" {
		t.Fatalf("next id %s, want 2", next)
	}
	r, err := st2.Get("1")
	if err != nil || r.Status != "crashed" || r.Error != crashedMessage {
		t.Fatalf("record 1: %+v %v", r, err)
	}
}

// Issue 21 item 14: a full disk was only logged. Records the store refuses
// are kept, reported on /healthz and written once the store works again.
func TestUnsavedRecordsAreReportedAndRetried(t *testing.T) {
	s, st := newTestServer(t, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	if err := os.RemoveAll(st.dir); err != nil {
		t.Fatal(err)
	}
	if code, body := post(t, ts.URL+"/webhook/w"); code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]any
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health["status"] != "degraded" {
		t.Fatalf("healthz %v", health)
	}
	os.MkdirAll(st.dir, 0o700)
	post(t, ts.URL+"/webhook/w")
	recs := waitRecords(t, st, 2)
	if len(recs) != 2 {
		t.Fatalf("records %+v", recs)
	}
	if h := s.storeHealth(); h != nil {
		t.Fatalf("store health %v after recovery", h)
	}
}

// Issue 21 item 17: secrets we hold never reach the executions store.
func TestStoredRecordsAreScrubbed(t *testing.T) {
	const secret = "SECRET-0123456789"
	s, st := newTestServer(t, nil, Options{Scrub: credentials.NewScrubber(secret)}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/webhook/w?k="+secret, "application/json", strings.NewReader(`{"key":"`+secret+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	recs := waitRecords(t, st, 1)
	full, err := st.Get(recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(full.Data), secret) || !strings.Contains(string(full.Data), credentials.Hidden) {
		t.Fatalf("stored data: %s", full.Data)
	}
}

// Issue 21 item 14, end to end: a webhook body nested 9,990 deep runs and
// its execution is stored.
func TestDeepWebhookBodyIsStored(t *testing.T) {
	s, st := newTestServer(t, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
	resp, err := http.Post(ts.URL+"/webhook/w", "application/json", strings.NewReader(deep))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	recs := waitRecords(t, st, 1)
	full, err := st.Get(recs[0].ID)
	if err != nil || recs[0].Status != "success" || len(full.Data) < 9990*5 {
		t.Fatalf("record %+v (%d bytes of data), %v", recs[0], len(full.Data), err)
	}
}
