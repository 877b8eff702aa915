package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/server"
)

func TestExecutionsListShow(t *testing.T) {
	dir := t.TempDir()
	st, err := server.OpenStore(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		id := st.NextID()
		start := time.Date(2026, 1, 1, 4, 0, i, 0, time.UTC)
		if err := st.Save(server.Record{ID: id, WorkflowName: "wf", Mode: "trigger", Trigger: "Schedule Trigger", Status: "success",
			StartedAt: start, StoppedAt: start.Add(time.Second), Data: []byte(`{"status":"success","n":` + id + `}`)}); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		code := dispatch(append(append([]string{"executions"}, args...), "--executions-dir", dir), env)
		return code, out.String(), errb.String()
	}
	code, out, _ := run("list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], "3 ") || !strings.HasPrefix(lines[2], "2 ") {
		t.Fatalf("list (keep 2, newest first): %d\n%s", code, out)
	}
	code, out, _ = run("show", "3")
	if code != 0 || !strings.Contains(out, `"n": 3`) {
		t.Fatalf("show: %d %s", code, out)
	}
	if code, _, errs := run("show", "1"); code != exitFailed || !strings.Contains(errs, "execution 1 not found") {
		t.Fatalf("pruned execution: %d %s", code, errs)
	}
	code, out, _ = run("list", "--json")
	var list []executionSummary
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 2 || list[0].ID != "3" || list[0].DurationMS != 1000 || list[0].Workflow != "wf" {
		t.Fatalf("list --json: %d %v\n%s", code, err, out)
	}
}
