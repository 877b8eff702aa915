package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/httprecord"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

const examples = "../../testdata/workflowtests"

// runTestCmd runs `n8n-go test ARGS…`.
func runTestCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, nil, append([]string{"test"}, args...)...)
}

// copyCase copies an example case into a temp dir, its paths made
// absolute, and applies edit to its JSON text.
func copyCase(t *testing.T, src string, edit func(string) string) (dir, path string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examples, src))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, k := range []string{"workflow", "http"} {
		if p, ok := doc[k].(string); ok {
			abs, _ := filepath.Abs(filepath.Join(examples, filepath.Dir(src), p))
			text = strings.Replace(text, `"`+p+`"`, `"`+abs+`"`, 1)
		}
	}
	if edit != nil {
		text = edit(text)
	}
	dir = t.TempDir()
	path = filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

func TestWorkflowTestsExamplesPass(t *testing.T) {
	code, out, errs := runTestCmd(t, examples)
	want := "PASS notion-clockify/sync\nPASS orders/from-input\nPASS orders/pinned\n3 passed, 0 failed\n"
	if code != exitOK || out != want {
		t.Fatalf("exit %d\n%s%s\nwant:\n%s", code, out, errs, want)
	}
	code, out, _ = runTestCmd(t, "--run", "^orders/pin", examples)
	if code != exitOK || out != "PASS orders/pinned\n1 passed, 0 failed\n" {
		t.Fatalf("--run: exit %d\n%s", code, out)
	}
	if code, _, errs := runTestCmd(t, "--run", "(", examples); code != exitInvalid || !strings.Contains(errs, "--run") {
		t.Fatalf("bad --run: exit %d %s", code, errs)
	}
}

func TestWorkflowTestFailureDiff(t *testing.T) {
	dir, _ := copyCase(t, "orders/pinned.test.json", func(s string) string {
		s = strings.Replace(s, `"id": 3, "customer": "CY", "total": 75, "cents": 7500, "priority": "high"`, `"id": 3, "customer": "CYX", "total": 75, "cents": 7500, "priority": "high"`, 1)
		s = strings.Replace(s, `"pairedItem": {"item": 0, "input": 1}`, `"pairedItem": {"item": 0, "input": 0}`, 1)
		s = strings.Replace(s, `[{"id": 2, "customer": "BOB", "total": 40, "cents": 4000}]`,
			`[{"id": 2, "customer": "BOB", "total": 40, "cents": 4000}, {"id": 9}]`, 1)
		return strings.Replace(s, `"expect": {`, `"status": "error", "expect": {"Normal": null, "Nope": [],`, 1)
	})
	code, out, _ := runTestCmd(t, dir)
	want := `FAIL pinned
    expect "Nope": the workflow has no node "Nope"
    status: want error, got success
    node "Normal" run 0: ran, but the case expects it not to
    node "Big order?" run 0 output 1: want 2 item(s), got 1
    node "Big order?" run 0 output 1 item 1: missing, want {"json":{"id":9}}
    node "Merge" run 0 output 0 item 1: $.json.customer: want "CYX", got "CY"
    node "Merge" run 0 output 0 item 2: $.pairedItem.input: want 0, got 1
0 passed, 1 failed
`
	if code != exitFailed || out != want {
		t.Fatalf("exit %d, output:\n%s\nwant:\n%s", code, out, want)
	}
}

func TestWorkflowTestUpdate(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join(examples, "orders/pinned.test.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir, path := copyCase(t, "orders/pinned.test.json", func(s string) string {
		s = strings.Replace(s, `"id": 3, "customer": "CY", "total": 75, "cents": 7500, "priority": "high"`, `"id": 3, "customer": "stale", "total": 75, "cents": 7500, "priority": "high"`, 1)
		return strings.Replace(s, `{"id": 2, "customer": "BOB", "total": 40, "cents": 4000}]`, `]`, 1)
	})
	if code, _, _ := runTestCmd(t, dir); code != exitFailed {
		t.Fatal("stale case passed")
	}
	code, out, _ := runTestCmd(t, "--update", dir)
	if code != exitOK || !strings.HasPrefix(out, "UPDATED pinned (") || !strings.HasSuffix(out, "PASS pinned\n1 passed, 0 failed\n") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	got, _ := os.ReadFile(path)
	if got, want := withoutPaths(string(got)), withoutPaths(string(orig)); got != want {
		t.Fatalf("updated case differs from the example (form, pairedItem and order kept):\n%s\nwant:\n%s", got, want)
	}
	// Unchanged on a second update.
	if _, out, _ := runTestCmd(t, "--update", dir); strings.Contains(out, "UPDATED") {
		t.Fatalf("second update rewrote the file:\n%s", out)
	}
	// --all-nodes adds every node that ran, in execution order, after the
	// listed ones.
	if code, _, _ := runTestCmd(t, "--update", "--all-nodes", dir); code != exitOK {
		t.Fatal("update --all-nodes failed")
	}
	keys := expectKeys(t, path)
	want := "Big order?,Merge,Start,Orders,Add fields,Priority,Normal"
	if strings.Join(keys, ",") != want {
		t.Fatalf("expect keys %v, want %s", keys, want)
	}
	if code, _, errs := runTestCmd(t, "--all-nodes", dir); code != exitInvalid || !strings.Contains(errs, "--all-nodes needs --update") {
		t.Fatalf("--all-nodes alone: exit %d %s", code, errs)
	}
}

// withoutPaths drops the "workflow" line, which copyCase made absolute.
func withoutPaths(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, `"workflow":`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func expectKeys(t *testing.T, path string) []string {
	t.Helper()
	b, _ := os.ReadFile(path)
	doc, err := decodeObject(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range doc {
		if m.Key == "expect" {
			ms, _ := decodeObject(m.Value)
			var keys []string
			for _, e := range ms {
				keys = append(keys, e.Key)
			}
			return keys
		}
	}
	return nil
}

// caseWithRecording copies the Notion → Clockify case with its recording
// changed by edit.
func caseWithRecording(t *testing.T, edit func(*httprecord.Recording)) (dir, casePath string, rec *httprecord.Recording) {
	t.Helper()
	orig := filepath.Join(examples, "notion-clockify/recording.json")
	rec, err := httprecord.Load(orig)
	if err != nil {
		t.Fatal(err)
	}
	edit(rec)
	recPath := filepath.Join(t.TempDir(), "edited.json")
	if err := rec.WriteFile(recPath); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(orig)
	dir, casePath = copyCase(t, "notion-clockify/sync.test.json", func(s string) string {
		return strings.Replace(s, `"`+abs+`"`, `"`+recPath+`"`, 1)
	})
	return dir, casePath, rec
}

func TestWorkflowTestReplayMismatch(t *testing.T) {
	// The recording expects the new client to be called "Umbrella Corp";
	// the run asks for "Umbrella Inc".
	edited := false
	dir, casePath, _ := caseWithRecording(t, func(rec *httprecord.Recording) {
		for _, ex := range rec.Exchanges {
			if ex.Request.Method == "POST" && strings.HasSuffix(ex.Request.URL, "/clients") {
				ex.Request.JSON = []byte(`{"name":"Umbrella Corp"}`)
				edited = true
			}
		}
	})
	if !edited {
		t.Fatal("recording has no client create request to edit")
	}
	code, out, _ := runTestCmd(t, dir)
	if code != exitFailed || strings.Contains(out, "were not requested") {
		t.Fatalf("exit %d (the exchanges after the stop are not listed as unused)\n%s", code, out)
	}
	// --update leaves a case whose run strayed from the recording alone.
	before, _ := os.ReadFile(casePath)
	if code, out, _ := runTestCmd(t, "--update", dir); code != exitFailed || strings.Contains(out, "UPDATED") {
		t.Fatalf("--update on a replay mismatch: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(casePath); !bytes.Equal(before, after) {
		t.Fatal("--update rewrote a case whose replay failed")
	}
	for _, want := range []string{
		`http replay: no recorded exchange left for POST https://api.clockify.me/api/v1//workspaces/640000000000000000000001/clients with body {"name":"Umbrella Inc"}; closest recorded: #`,
		`POST https://api.clockify.me/api/v1//workspaces/640000000000000000000001/clients (body: $.name: want "Umbrella Corp", got "Umbrella Inc")`,
		"the run was stopped at the first request the recording does not answer",
		"0 passed, 1 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRecordHTTPRedactsAndReplays(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "rec.json")
	live := filepath.Join(dir, "live.json")
	code, _, errs := runCLI(t, nil, "run", "--sandbox", "-q", "--record-http", rec, "-o", live, "../../workflows/notion-clockify-sync.json")
	if code != exitOK {
		t.Fatalf("record: exit %d\n%s", code, errs)
	}
	b, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{sandbox.NotionKey, sandbox.ClockifyKey} {
		if strings.Contains(string(b), secret) {
			t.Fatalf("recording holds the secret %q", secret)
		}
	}
	for _, h := range []string{`"Authorization": [`, `"X-Api-Key": [`} {
		i := strings.Index(string(b), h)
		if i < 0 || !strings.HasPrefix(strings.TrimSpace(string(b[i+len(h):])), `"REDACTED"`) {
			t.Fatalf("header %s not recorded as REDACTED", h)
		}
	}
	// Replay: no sandbox, no credentials, no network; the same run data.
	replayed := filepath.Join(dir, "replayed.json")
	code, _, errs = runCLI(t, nil, "run", "-q", "--replay-http", rec, "-o", replayed, "../../workflows/notion-clockify-sync.json")
	if code != exitOK || errs != "" {
		t.Fatalf("replay: exit %d\n%s", code, errs)
	}
	wantDoc, _ := os.ReadFile(live)
	gotDoc, _ := os.ReadFile(replayed)
	if diffs := golden.CompareRuns(wantDoc, gotDoc, golden.Options{}); len(diffs) > 0 {
		t.Fatalf("replayed run differs from the recorded one:\n%s", strings.Join(diffs, "\n"))
	}
	if code, _, errs := runCLI(t, nil, "run", "--record-http", rec, "--replay-http", rec, "../../workflows/notion-clockify-sync.json"); code != exitInvalid || !strings.Contains(errs, "exclude each other") {
		t.Fatalf("both flags: exit %d %s", code, errs)
	}
}

func TestWorkflowTestUnusedExchangesFail(t *testing.T) {
	dir, _, rec := caseWithRecording(t, func(rec *httprecord.Recording) {
		rec.Exchanges = append(rec.Exchanges, &httprecord.Exchange{
			Request:  httprecord.Request{Method: "GET", URL: "https://api.clockify.me/extra"},
			Response: &httprecord.Response{Status: 200},
		})
	})
	code, out, _ := runTestCmd(t, dir)
	want := fmt.Sprintf("FAIL sync\n    http replay: 1 recorded exchange(s) were not requested: #%d GET https://api.clockify.me/extra;\n0 passed, 1 failed\n", len(rec.Exchanges)-1)
	if code != exitFailed || out != want {
		t.Fatalf("exit %d\n%s\nwant:\n%s", code, out, want)
	}
}
