package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/httprecord"
	"github.com/n8n-go/n8n-go/nodes"
)

// The round trip with a running n8n, against the answers of a real n8n
// 1.123.81 recorded by testdata/n8napi/record.sh (CI runs no n8n).

const (
	n8napiDir = "../../testdata/n8napi"
	n8nURL    = "http://127.0.0.1:5699" // the recorder's n8n
)

func n8napiRec(name string) string { return filepath.Join(n8napiDir, "rec", name+".json") }

func listJSON(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".json") {
			out = append(out, strings.TrimSuffix(e.Name(), ".json"))
		}
	}
	slices.Sort(out)
	return out
}

// pull writes what n8n's export:workflow writes (content, key order), but
// for "shared", the owning project the public API does not give.
func TestPullEqualsExport(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCLI(t, nil, "pull", "--n8n-url", n8nURL, "--n8n-replay-http", n8napiRec("pull-all"), "-o", dir)
	if code != exitOK {
		t.Fatalf("pull: exit %d\n%s", code, errs)
	}
	exported := listJSON(t, filepath.Join(n8napiDir, "export"))
	if got := listJSON(t, dir); !slices.Equal(got, exported) {
		t.Fatalf("pulled %v, n8n exported %v", got, exported)
	}
	for _, id := range exported {
		want, err := os.ReadFile(filepath.Join(n8napiDir, "export", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		wobj, err := data.ParseJSONObject(want)
		if err != nil {
			t.Fatal(err)
		}
		wobj.Delete("shared")
		wb, _ := data.MarshalValue(wobj)
		got, err := os.ReadFile(filepath.Join(dir, id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range golden.Compare(wb, got, golden.Options{NoDefaultDrop: true, MaxDiffs: 5}) {
			t.Errorf("%s: %s", id, d)
		}
		if !bytes.HasSuffix(got, []byte("}\n")) || !bytes.Contains(got, []byte("\n  \"nodes\": [\n")) {
			t.Errorf("%s: not in export:workflow --pretty form", id)
		}
	}
	if !strings.Contains(errs, `credential notionApi "Notion sandbox" (id sandboxNotion01)`) || !strings.Contains(errs, "MISSING") {
		t.Errorf("pull does not list the template's credentials as missing:\n%s", errs)
	}
	// A second pull of the same answers changes nothing on disk.
	code, _, errs = runCLI(t, nil, "pull", "--n8n-url", n8nURL, "--n8n-replay-http", n8napiRec("pull-all"), "-o", dir,
		"--credentials", filepath.Join(n8napiDir, "creds.json"))
	if code != exitOK || strings.Contains(errs, "\nchanged ") || strings.HasPrefix(errs, "changed ") || strings.Contains(errs, "MISSING") {
		t.Fatalf("second pull: exit %d\n%s", code, errs)
	}
	if strings.Count(errs, "unchanged ") != len(exported) || strings.Count(errs, ": found") < 2 {
		t.Errorf("second pull: want every file unchanged and the credentials found:\n%s", errs)
	}
}

func TestPullSelection(t *testing.T) {
	tests := []struct {
		rec  string
		args []string
		want []string
	}{
		{"pull-id", []string{"--id", "rtTemplate00001"}, []string{"rtTemplate00001"}},
		{"pull-tag", []string{"--tag", "roundtrip"}, []string{"rtCode000000001", "rtHook000000001"}},
		{"pull-active", []string{"--active", "true"}, []string{"rtHook000000001"}},
		{"pull-name", []string{"--name", "Round trip: loop"}, []string{"rtLoop000000001"}},
		// Six workflows, two a page: the cursor is followed to the end.
		{"pull-paged", []string{"--page-size", "2"}, listJSON(t, filepath.Join(n8napiDir, "export"))},
	}
	for _, tt := range tests {
		t.Run(tt.rec, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"pull", "--n8n-url", n8nURL, "--n8n-replay-http", n8napiRec(tt.rec), "-o", dir, "--json"}, tt.args...)
			code, out, errs := runCLI(t, nil, args...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s", code, errs)
			}
			if got := listJSON(t, dir); !slices.Equal(got, tt.want) {
				t.Fatalf("pulled %v, want %v", got, tt.want)
			}
			var report []pulled
			if err := json.Unmarshal([]byte(out), &report); err != nil || len(report) != len(tt.want) {
				t.Fatalf("--json: %v\n%s", err, out)
			}
		})
	}
	rec, err := httprecord.Load(n8napiRec("pull-paged"))
	if err != nil {
		t.Fatal(err)
	}
	cursors := 0
	for _, ex := range rec.Exchanges {
		if strings.Contains(ex.Request.URL, "cursor=") {
			cursors++
		}
	}
	if cursors < 2 {
		t.Errorf("the paged recording follows %d cursors, want at least 2", cursors)
	}
}

func TestPullRefusedKey(t *testing.T) {
	// A server that refuses every key (n8n's own answer is replayed in
	// TestPullRefusedKeyRecorded).
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer ts.Close()
	code, _, errs := runCLI(t, map[string]string{"N8N_URL": ts.URL, "N8N_API_KEY": "wrong-key"}, "pull", "-o", t.TempDir())
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, errs)
	}
	for _, want := range []string{"GET " + ts.URL + "/api/v1/workflows", "401 Unauthorized", "the API key was refused"} {
		if !strings.Contains(errs, want) {
			t.Errorf("error lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "wrong-key") {
		t.Errorf("the error shows the key:\n%s", errs)
	}
	code, _, errs = runCLI(t, nil, "pull", "-o", t.TempDir())
	if code != exitInvalid || !strings.Contains(errs, "--n8n-url or set N8N_URL") {
		t.Errorf("without a URL: exit %d\n%s", code, errs)
	}
}

// The answer of the recorder's n8n to a wrong key.
func TestPullRefusedKeyRecorded(t *testing.T) {
	code, _, errs := runCLI(t, nil, "pull", "--n8n-url", n8nURL, "--n8n-replay-http", n8napiRec("pull-refused"), "-o", t.TempDir())
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, errs)
	}
	for _, want := range []string{"GET " + n8nURL + "/api/v1/workflows?limit=100", "401 Unauthorized", "the API key was refused", "(n8n said: unauthorized)"} {
		if !strings.Contains(errs, want) {
			t.Errorf("error lacks %q:\n%s", want, errs)
		}
	}
}

// run n8n://ID runs the template as n8n holds it (against the sandbox).
func TestRunAndValidateFromN8n(t *testing.T) {
	env := map[string]string{"N8N_URL": n8nURL}
	code, _, errs := runCLI(t, env, "validate", "n8n://rtTemplate00001", "--n8n-replay-http", n8napiRec("run-template"),
		"--credentials", filepath.Join(n8napiDir, "creds.json"))
	if code != exitOK {
		t.Fatalf("validate: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, env, "run", "n8n://rtTemplate00001", "--sandbox", "--n8n-replay-http", n8napiRec("run-template"))
	if code != exitOK || !strings.Contains(errs, `Workflow "Notion to Clockify Sync Template": success`) {
		t.Fatalf("run: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, env, "run", "n8n://nope", "--n8n-replay-http", n8napiRec("run-template"))
	if code != exitInvalid || !strings.Contains(errs, "no recorded exchange") {
		t.Fatalf("unknown id: exit %d\n%s", code, errs)
	}
}

var roundtripCases = []string{"template", "code", "loop", "if", "error"}

// test new on five real executions writes the committed cases, and they
// pass unedited.
func TestTestNewFromExecutions(t *testing.T) {
	dir := t.TempDir()
	for _, name := range roundtripCases {
		rec, err := httprecord.Load(n8napiRec("execution-" + name))
		if err != nil {
			t.Fatal(err)
		}
		id := rec.Exchanges[0].Request.URL
		id = id[strings.LastIndex(id, "/")+1 : strings.Index(id, "?")]
		out := filepath.Join(dir, name+".test.json")
		code, _, errs := runCLI(t, map[string]string{"N8N_URL": n8nURL}, "test", "new", id, "-o", out, "--n8n-replay-http", n8napiRec("execution-"+name))
		if code != exitOK {
			t.Fatalf("%s: test new: exit %d\n%s", name, code, errs)
		}
		for _, f := range []string{name + ".test.json", name + ".workflow.json"} {
			got, _ := os.ReadFile(filepath.Join(dir, f))
			want, err := os.ReadFile(filepath.Join(n8napiDir, "cases", f))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from testdata/n8napi/cases/%s (re-run testdata/n8napi/record.sh?)", f, f)
			}
		}
	}
	code, out, errs := runCLI(t, nil, "test", dir)
	if code != exitOK {
		t.Fatalf("the generated cases fail:\n%s%s", out, errs)
	}
	if !strings.Contains(out, "5 passed, 0 failed") {
		t.Fatalf("summary:\n%s", out)
	}
}

// A case made from an execution fails, readably, when n8n-go's output
// differs: here the expectation of one node is edited, and a node of the
// workflow is changed.
func TestTestNewCaseCatchesDifferences(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"if.test.json", "if.workflow.json"} {
		b, err := os.ReadFile(filepath.Join(n8napiDir, "cases", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "if.test.json" {
			b = bytes.Replace(b, []byte(`"priority": "high"`), []byte(`"priority": "urgent"`), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := runCLI(t, nil, "test", dir)
	if code != exitFailed || !strings.Contains(out, `node "High" run 0 output 0 item 0: $.json.priority: want "urgent", got "high"`) {
		t.Fatalf("edited expectation: exit %d\n%s", code, out)
	}
	// Break the workflow's Low node: its items change, and so does Merge.
	b, _ := os.ReadFile(filepath.Join(n8napiDir, "cases", "if.workflow.json"))
	b = bytes.Replace(b, []byte(`=low ({{ $json.total }})`), []byte(`=low {{ $json.total }}`), 1)
	os.WriteFile(filepath.Join(dir, "if.workflow.json"), b, 0o644)
	b, _ = os.ReadFile(filepath.Join(n8napiDir, "cases", "if.test.json"))
	os.WriteFile(filepath.Join(dir, "if.test.json"), b, 0o644)
	code, out, _ = runCLI(t, nil, "test", dir)
	if code != exitFailed || !strings.Contains(out, `node "Low" run 0 output 0 item 0: $.json.priority: want "low (15)", got "low 15"`) {
		t.Fatalf("broken node: exit %d\n%s", code, out)
	}
}

// serve --from-n8n picks up an edit made in n8n (the Set field
// "greeting" renamed "salutation") within its interval, without a restart.
func TestServeFollowsN8n(t *testing.T) {
	dir := t.TempDir()
	// n8n's answers before the edit, then after it: each poll takes the
	// next unused ones.
	before, err := httprecord.Load(n8napiRec("serve-before"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := httprecord.Load(n8napiRec("serve-after"))
	if err != nil {
		t.Fatal(err)
	}
	before.Exchanges = append(before.Exchanges, after.Exchanges...)
	rec := filepath.Join(dir, "rec.json")
	if err := before.WriteFile(rec); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	env := cliEnv{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return map[string]string{"N8N_URL": n8nURL}[k] }}
	done := make(chan int, 1)
	go func() {
		done <- dispatch([]string{"serve", "--from-n8n", "--n8n-replay-http", rec, "--reload-interval", "300ms",
			"--listen", addr, "--db", filepath.Join(dir, "db.sqlite"), "--executions-dir", filepath.Join(dir, "x")}, env)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve: exit %d\n%s", code, errb.String())
		}
	}()
	call := func() string {
		resp, err := http.Post("http://"+addr+"/webhook/roundtrip-hook", "application/json", strings.NewReader(`{"name":"ada"}`))
		if err != nil {
			return err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	deadline := time.Now().Add(10 * time.Second)
	var got string
	for got = call(); got != `{"greeting":"hello ada"}` && time.Now().Before(deadline); got = call() {
		time.Sleep(50 * time.Millisecond)
	}
	if got != `{"greeting":"hello ada"}` {
		t.Fatalf("first version: %s\n%s", got, errb.String())
	}
	n8nAnswer, err := os.ReadFile(n8napiRec("serve-n8n-answer"))
	if err != nil {
		t.Fatal(err)
	}
	for got = call(); got != string(bytes.TrimSpace(n8nAnswer)) && time.Now().Before(deadline); got = call() {
		time.Sleep(50 * time.Millisecond)
	}
	if got != string(bytes.TrimSpace(n8nAnswer)) {
		t.Fatalf("after the edit in n8n: %s, n8n answered %s\n%s", got, n8nAnswer, errb.String())
	}
	if !strings.Contains(errb.String(), "workflow updated") {
		t.Errorf("no reload logged:\n%s", errb.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// test new also reads an execution saved to a file (the API's answer).
func TestTestNewFromFile(t *testing.T) {
	rec, err := httprecord.Load(n8napiRec("execution-code"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	saved := filepath.Join(dir, "execution.json")
	if err := os.WriteFile(saved, rec.Exchanges[0].Response.JSON, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "code.test.json")
	if code, _, errs := runCLI(t, nil, "test", "new", saved, "-o", out); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile(filepath.Join(n8napiDir, "cases", "code.test.json"))
	if !bytes.Equal(got, want) {
		t.Errorf("the case from the file differs from the one from the API:\n%s", got)
	}
	if code, _, errs := runCLI(t, nil, "test", "new", filepath.Join(dir, "missing.json")); code != exitInvalid || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d\n%s", code, errs)
	}
}

func BenchmarkExportForm(b *testing.B) {
	rec, err := httprecord.Load(n8napiRec("pull-id"))
	if err != nil {
		b.Fatal(err)
	}
	raw := rec.Exchanges[len(rec.Exchanges)-1].Response.JSON
	b.ReportAllocs()
	for b.Loop() {
		if _, err := exportForm(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// serve over files applies an edited file without a restart (fsnotify).
func TestServeFollowsFiles(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(n8napiDir, "workflows", "hook.json"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "hook.json")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	env := cliEnv{ctx: ctx, stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- dispatch([]string{"serve", file, "--listen", addr, "--db", filepath.Join(dir, "db.sqlite"), "--executions-dir", filepath.Join(dir, "x")}, env)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve: exit %d\n%s", code, errb.String())
		}
	}()
	call := func(path string) string {
		resp, err := http.Post("http://"+addr+"/webhook/"+path, "application/json", strings.NewReader(`{"name":"ada"}`))
		if err != nil {
			return err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitFor := func(path, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		got := call(path)
		for ; got != want && time.Now().Before(deadline); got = call(path) {
			time.Sleep(50 * time.Millisecond)
		}
		if got != want {
			t.Fatalf("POST /webhook/%s: %s, want %s\n%s", path, got, want, errb.String())
		}
	}
	waitFor("roundtrip-hook", `{"greeting":"hello ada"}`)
	edited := bytes.Replace(src, []byte(`"name": "greeting"`), []byte(`"name": "salutation"`), 1)
	edited = bytes.Replace(edited, []byte(`"path": "roundtrip-hook"`), []byte(`"path": "moved"`), 1)
	if err := writeFileAtomic(file, edited); err != nil {
		t.Fatal(err)
	}
	waitFor("moved", `{"salutation":"hello ada"}`)
	if got := call("roundtrip-hook"); !strings.Contains(got, "not registered") {
		t.Errorf("the old path still answers: %s", got)
	}
}

// brokenIf is the If node with its outputs swapped: a deliberately broken
// node of n8n-go.
type brokenIf struct{ engine.Node }

func (b brokenIf) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	out, err := b.Node.Execute(ctx, ex)
	if len(out) == 2 {
		out[0], out[1] = out[1], out[0]
	}
	return out, err
}

// A case made by `test new` from a real execution fails, with a readable
// difference, when a node of n8n-go is broken (the If node's branches
// swapped), and passes with the real node.
func TestTestNewCaseCatchesABrokenNode(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"if.test.json", "if.workflow.json"} {
		b, err := os.ReadFile(filepath.Join(n8napiDir, "cases", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	broken := func() []engine.Node {
		all := nodes.All()
		for i, n := range all {
			if n.Describe().Type == "n8n-nodes-base.if" {
				all[i] = brokenIf{n}
			}
		}
		return all
	}
	var out, errb bytes.Buffer
	env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }, nodes: broken}
	if code := dispatch([]string{"test", dir}, env); code != exitFailed || !strings.Contains(out.String(), `node "High"`) {
		t.Fatalf("broken If: exit %d\n%s%s", code, out.String(), errb.String())
	}
	t.Logf("what the user sees:\n%s", out.String())
	if code, o, e := runCLI(t, nil, "test", dir); code != exitOK {
		t.Fatalf("real If: exit %d\n%s%s", code, o, e)
	}
}
