package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

func parseWF(t *testing.T, j string) *workflow.Workflow {
	t.Helper()
	w, err := workflow.Parse([]byte(j), "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// gatedHook is a workflow whose webhook at path runs the gate node.
func gatedHook(version, path string) string {
	return `{"id":"wfGate","name":"gated","versionId":"` + version + `","settings":{"executionOrder":"v1"},"nodes":[` +
		webhookNode(`{"path":"`+path+`","httpMethod":"POST","responseMode":"lastNode","responseData":"allEntries"}`) +
		`,{"name":"Gate","type":"test.gate","typeVersion":1,"position":[100,0],"parameters":{}}],
	"connections":{"T":{"main":[[{"node":"Gate","type":"main","index":0}]]}}}`
}

func postJSON(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"n":1}`))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// An edit reroutes the webhook at once; the execution running when it
// arrived finishes on its version, the next one runs the new version.
func TestReloadReroutesWebhooksRunningFinishOnTheirVersion(t *testing.T) {
	g := &gate{entered: make(chan string, 2), release: make(chan struct{})}
	s, st := newTestServer(t, g, Options{QueueSize: 4}, gatedHook("v1", "old"))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	done := make(chan int, 1)
	go func() { code, _ := postJSON(t, ts.URL+"/webhook/old"); done <- code }()
	<-g.entered // v1 is running

	changes, errs := s.Reload([]*workflow.Workflow{parseWF(t, gatedHook("v2", "new"))})
	if len(errs) > 0 || len(changes) != 1 || changes[0].Action != "updated" {
		t.Fatalf("reload: changes %+v, errors %v", changes, errs)
	}
	if got := s.Routes(); len(got) != 1 || got[0] != "POST /webhook/new" {
		t.Fatalf("routes after reload: %v", got)
	}
	if code, _ := postJSON(t, ts.URL+"/webhook/old"); code != http.StatusNotFound {
		t.Fatalf("old path after reload: %d, want 404", code)
	}
	g.release <- struct{}{}
	if code := <-done; code != 200 {
		t.Fatalf("the running execution answered %d", code)
	}
	go func() { code, _ := postJSON(t, ts.URL+"/webhook/new"); done <- code }()
	<-g.entered
	g.release <- struct{}{}
	if code := <-done; code != 200 {
		t.Fatalf("new path: %d", code)
	}
	recs := waitRecords(t, st, 2)
	versions := map[string]bool{}
	for _, r := range recs {
		versions[r.WorkflowVersion] = true
	}
	if !versions["v1"] || !versions["v2"] {
		t.Fatalf("executions ran on versions %v, want v1 and v2", versions)
	}
}

// An edited schedule is re-planned; a removed workflow's jobs go.
func TestReloadReplansSchedules(t *testing.T) {
	clock := clockwork.NewFakeClockAt(time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC))
	sched := func(hour string) string {
		return `{"id":"wfSched","name":"sched","settings":{"executionOrder":"v1","timezone":"UTC"},"nodes":[{"name":"T","type":"n8n-nodes-base.scheduleTrigger","typeVersion":1.2,"position":[0,0],"parameters":{"rule":{"interval":[{"triggerAtHour":` + hour + `}]}}},{"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],"connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`
	}
	s, _ := newTestServer(t, nil, Options{Clock: clock}, sched("10"))
	if next := s.NextRuns()["sched/T"]; next.Hour() != 10 {
		t.Fatalf("next run %v, want 10:00", next)
	}
	// Unchanged content: nothing happens.
	if changes, errs := s.Reload([]*workflow.Workflow{parseWF(t, sched("10"))}); len(changes)+len(errs) != 0 {
		t.Fatalf("reload of the same version: %+v %v", changes, errs)
	}
	if _, errs := s.Reload([]*workflow.Workflow{parseWF(t, sched("15"))}); len(errs) > 0 {
		t.Fatal(errs)
	}
	runs := s.NextRuns()
	if next := runs["sched/T"]; len(runs) != 1 || next.Hour() != 15 {
		t.Fatalf("after the edit: %v, want one job at 15:00", runs)
	}
	changes, _ := s.Reload(nil)
	if len(changes) != 1 || changes[0].Action != "removed" || len(s.NextRuns()) != 0 {
		t.Fatalf("after removal: changes %+v, jobs %v", changes, s.NextRuns())
	}
}

// A new version that cannot be served leaves the previous one in place.
func TestReloadKeepsPreviousVersionWhenNewIsInvalid(t *testing.T) {
	s, _ := newTestServer(t, nil, Options{}, wf("w", webhookNode(`{"path":"keep","httpMethod":"POST"}`)))
	bad := strings.Replace(wf("w", webhookNode(`{"path":"other","httpMethod":"POST"}`)), "n8n-nodes-base.noOp", "n8n-nodes-base.nope", 1)
	changes, errs := s.Reload([]*workflow.Workflow{parseWF(t, bad)})
	if len(changes) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "previous version stays") {
		t.Fatalf("changes %+v, errors %v", changes, errs)
	}
	if got := s.Routes(); len(got) != 1 || got[0] != "POST /webhook/keep" {
		t.Fatalf("routes: %v", got)
	}
}

// BenchmarkReloadUnchanged is one poll of serve --from-n8n that finds
// nothing new: 50 workflows fingerprinted and kept.
func BenchmarkReloadUnchanged(b *testing.B) {
	var wfs []string
	for i := range 50 {
		wfs = append(wfs, strings.Replace(wf(fmt.Sprintf("w%d", i), webhookNode(fmt.Sprintf(`{"path":"p%d","httpMethod":"POST"}`, i))), `"name":"w`, fmt.Sprintf(`"id":"id%d","name":"w`, i), 1))
	}
	s, _ := newTestServer(b, nil, Options{}, wfs...)
	parsed := make([]*workflow.Workflow, len(wfs))
	for i, j := range wfs {
		parsed[i], _ = workflow.Parse([]byte(j), "")
	}
	b.ReportAllocs()
	for b.Loop() {
		if changes, errs := s.Reload(parsed); len(changes)+len(errs) != 0 {
			b.Fatal(changes, errs)
		}
	}
}
