package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/store"
)

func TestExecutionsListShow(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testExecutionsListShow(t, filepath.Join(t.TempDir(), "db.sqlite")) })
	t.Run("postgres", func(t *testing.T) { testExecutionsListShow(t, pg.URL(t)) })
}

func testExecutionsListShow(t *testing.T, url string) {
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		start := time.Date(2026, 1, 1, 4, 0, i, 0, time.UTC)
		id, err := st.Begin(ctx, store.Record{WorkflowName: "wf", Mode: "trigger", Trigger: "Schedule Trigger", StartedAt: start})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Save(ctx, store.Record{ID: id, WorkflowName: "wf", Mode: "trigger", Trigger: "Schedule Trigger", Status: "success",
			StartedAt: start, StoppedAt: start.Add(time.Second), Data: []byte(`{"status":"success","n":` + id + `}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.Prune(ctx, store.Policy{Enabled: true, MaxCount: 2}, time.Now()); n != 1 || err != nil {
		t.Fatalf("prune: %d %v", n, err)
	}
	st.Close()
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		code := dispatch(append(append([]string{"executions"}, args...), "--db", url), env)
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
	if code, out, _ = run("list", "--status", "error", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("list --status error: %d %s", code, out)
	}
}

// A folder written by an older n8n-go is still read with --executions-dir.
func TestExecutionsReadsAnOldFolder(t *testing.T) {
	dir := t.TempDir()
	f, err := store.OpenFolder(dir, 10)
	if err != nil {
		t.Fatal(err)
	}
	f.Save(store.Record{ID: f.NextID(), WorkflowName: "old", Status: "success", Data: []byte(`{"old":1}`)})
	var out, errb bytes.Buffer
	env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := dispatch([]string{"executions", "show", "1", "--executions-dir", dir}, env); code != 0 || !strings.Contains(out.String(), `"old": 1`) {
		t.Fatalf("%d %s %s", code, out.String(), errb.String())
	}
}
