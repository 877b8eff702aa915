package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunStaticData: --static-data keeps what a Code node writes with
// $getWorkflowStaticData and Remove Duplicates' history from one run to the
// next, as n8n keeps both in its database between executions.
func TestRunStaticData(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "wf.json")
	const src = `{"name":"static","nodes":[
 {"id":"a","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"id":"b","name":"Count","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"parameters":{"jsCode":"const g = $getWorkflowStaticData('global');\ng.runs = (g.runs || 0) + 1;\nreturn ['x', 'y'].slice(0, g.runs).map((v) => ({json: {v, runs: g.runs}}));"}},
 {"id":"c","name":"New only","type":"n8n-nodes-base.removeDuplicates","typeVersion":2,"position":[400,0],"parameters":{"operation":"removeItemsSeenInPreviousExecutions","dedupeValue":"={{ $json.v }}","options":{}}}],
 "connections":{"Start":{"main":[[{"node":"Count","type":"main","index":0}]]},"Count":{"main":[[{"node":"New only","type":"main","index":0}]]}}}`
	if err := os.WriteFile(wf, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state.json")
	// Run 1 counts 1 and keeps x; run 2 counts 2, keeps y (output 0) and
	// discards x, seen in run 1 (output 1).
	for i, ok := range []func(string) bool{
		func(out string) bool { return strings.Count(out, `"v":`) == 1 && strings.Contains(out, `"v": "x"`) },
		func(out string) bool {
			y, x := strings.Index(out, `"v": "y"`), strings.Index(out, `"v": "x"`)
			return y >= 0 && x > y
		},
	} {
		code, out, errb := runCLI(t, nil, "run", "-q", "--static-data", state, "--print", "last", wf)
		if code != 0 || !ok(out) {
			t.Fatalf("run %d: exit %d, stdout %s, stderr %s", i+1, code, out, errb)
		}
	}
	b, err := os.ReadFile(state)
	if err != nil || !strings.HasPrefix(string(b), `{"global":{"runs":2},"processed:n:c":{"mode":"entries","data":[`) {
		t.Fatalf("state file: %s %v", b, err)
	}
	if code, _, errb := runCLI(t, nil, "run", "--mode", "manual", "--static-data", state, wf); code != 2 || !strings.Contains(errb, "--static-data") {
		t.Fatalf("manual mode: exit %d, %s", code, errb)
	}
}
