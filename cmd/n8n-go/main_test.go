package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, envVars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return envVars[k] }}
	code = dispatch(args, env)
	return code, out.String(), errb.String()
}

func TestEval(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		inStderr string
	}{
		{"string is quoted", []string{"eval", "={{ $json.name.toUpperCase() }}", "--json", `{"name":"ada"}`}, 0, "\"ADA\"\n", ""},
		{"leading = optional", []string{"eval", "{{ 1 + 2 }}"}, 0, "3\n", ""},
		{"template renders a string", []string{"eval", "=a{{ [1,2] }}b"}, 0, "\"a1,2b\"\n", ""},
		{"undefined prints nothing", []string{"eval", "={{ $json.missing }}"}, 0, "", ""},
		{"object", []string{"eval", "={{ {a: $json.n * 2} }}", "--json", `{"n":21}`}, 0, "{\"a\":42}\n", ""},
		{"items and index", []string{"eval", "={{ $input.all().length + ':' + $json.v }}", "--items", `[{"v":1},{"v":2}]`, "--item", "1"}, 0, "\"2:2\"\n", ""},
		{"expression error", []string{"eval", "={{ $('Nope').item.json }}"}, 1, "", "Referenced node doesn't exist"},
		{"syntax error", []string{"eval", "={{ (1 + }}"}, 1, "", "n8n-go eval:"},
		{"bad --json", []string{"eval", "={{ 1 }}", "--json", "[1]"}, 2, "", "--json: expected a JSON object"},
		{"env blocked", []string{"eval", "={{ $env.HOME }}"}, 1, "", "access to env vars denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, nil, tc.args...)
			if code != tc.code || out != tc.stdout || !strings.Contains(errs, tc.inStderr) {
				t.Fatalf("code %d stdout %q stderr %q; want %d %q containing %q", code, out, errs, tc.code, tc.stdout, tc.inStderr)
			}
		})
	}
}

func TestValidateTemplateNeedsCredentials(t *testing.T) {
	code, out, _ := runCLI(t, nil, "validate", "../../workflows/notion-clockify-sync.json")
	if code != exitInvalid {
		t.Fatalf("exit %d, want 2", code)
	}
	// One line per credential, naming the nodes that use it.
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `node "Get first workspace ID": credential clockifyApi: no credential`) ||
		!strings.HasSuffix(lines[0], `(also used by "Get active Clients from Clockify", "Update Client in Clockify", "Create Client in Clockify" and 10 more)`) ||
		!strings.HasPrefix(lines[1], `node "Get active Clients from Notion": credential notionApi:`) {
		t.Fatalf("credential problems not grouped:\n%s", out)
	}
	// A credential without its required field is found before running.
	creds := filepath.Join(t.TempDir(), "creds.json")
	os.WriteFile(creds, []byte(`[{"id":"1","name":"c","type":"clockifyApi","data":{"apiKey":" "}}]`), 0o644)
	code, out, _ = runCLI(t, map[string]string{"NOTION_API_KEY": "secret_n"}, "validate", "--credentials", creds, "../../workflows/notion-clockify-sync.json")
	if code != exitInvalid || !strings.Contains(out, `node "Get first workspace ID": credential clockifyApi:`) || !strings.Contains(out, "required field(s) missing or empty: apiKey") {
		t.Fatalf("missing apiKey: %d\n%s", code, out)
	}
	// With both API keys in the environment only unimplemented node types
	// (if any) remain, one line each.
	code, out, _ = runCLI(t, map[string]string{"NOTION_API_KEY": "secret_n", "CLOCKIFY_API_KEY": "secret_c"}, "validate", "../../workflows/notion-clockify-sync.json")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" && !strings.Contains(line, "is not implemented by n8n-go") {
			t.Errorf("unexpected problem: %s", line)
		}
	}
	if strings.Contains(out, "secret_") {
		t.Fatal("a secret was printed")
	}
	if code == exitOK && out != "" {
		t.Fatalf("exit 0 with problems printed")
	}
}

func TestRunWritesN8nRunData(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "wf.json")
	os.WriteFile(wf, []byte(`{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Set","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"1","name":"greeting","value":"=hi {{ $json.who }}","type":"string"}]},"options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Set","type":"main","index":0}]]}}}`), 0o644)
	out := filepath.Join(dir, "run.json")
	code, _, errs := runCLI(t, nil, "run", wf, "--input", `{"who":"ada"}`, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, `Workflow "t": success`) || !strings.Contains(errs, "Set") {
		t.Fatalf("summary: %s", errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Status string `json:"status"`
		Data   struct {
			ResultData struct {
				RunData map[string][]struct {
					Data struct {
						Main [][]struct {
							JSON       map[string]any `json:"json"`
							PairedItem map[string]any `json:"pairedItem"`
						} `json:"main"`
					} `json:"data"`
				} `json:"runData"`
			} `json:"resultData"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	item := doc.Data.ResultData.RunData["Set"][0].Data.Main[0][0]
	if doc.Status != "success" || item.JSON["greeting"] != "hi ada" || item.PairedItem["item"] != 0.0 {
		t.Fatalf("run data: %s", b)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"run"}, {"run", "a.json", "b.json"}, {"run", "--mode", "x", "a.json"}, {"validate", "/does/not/exist.json"}} {
		if code, _, _ := runCLI(t, nil, args...); code != exitInvalid {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCLI(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "n8n-go ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestEvalInWorkflow(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "wf.json")
	os.WriteFile(wf, []byte(`{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"People","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"First","type":"n8n-nodes-base.limit","typeVersion":1,"position":[400,0],"parameters":{"keep":"lastItems"}},
	 {"name":"Shout","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[600,0],"parameters":{}}],
	 "pinData":{"People":[{"json":{"name":"ada"}},{"json":{"name":"grace"}}]},
	 "connections":{"Start":{"main":[[{"node":"People","type":"main","index":0}]]},
	   "People":{"main":[[{"node":"First","type":"main","index":0}]]},
	   "First":{"main":[[{"node":"Shout","type":"main","index":0}]]}}}`), 0o644)
	code, out, errs := runCLI(t, nil, "eval", "={{ $('People').item.json.name.toUpperCase() + '/' + $input.all().length }}", "--file", wf, "--node", "Shout")
	if code != 0 || out != "\"GRACE/1\"\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errs)
	}
	code, _, errs = runCLI(t, nil, "eval", "={{ 1 }}", "--file", wf, "--node", "Shout", "--item", "3")
	if code != exitFailed || !strings.Contains(errs, `item 3 does not exist: node "Shout" receives 1 items`) {
		t.Fatalf("exit %d stderr %q", code, errs)
	}
	code, _, errs = runCLI(t, nil, "eval", "={{ 1 }}", "--file", wf, "--node", "Shoot")
	if code != exitInvalid || !strings.Contains(errs, `--node: the workflow has no node "Shoot" (did you mean "Shout"?)`) {
		t.Fatalf("exit %d stderr %q", code, errs)
	}
}

// A test case's "now" fixes $now, so a workflow that stamps times can have
// a golden expectation.
func TestTestCaseFixedClock(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wf.json"), []byte(`{"name":"t","settings":{"executionOrder":"v1","timezone":"Europe/Berlin"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Stamp","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"1","name":"day","value":"={{ $now.toFormat('yyyy-MM-dd HH:mm') }}","type":"string"}]},"options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Stamp","type":"main","index":0}]]}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "stamp.test.json"), []byte(`{"workflow":"wf.json","now":"2025-03-30T00:30:00Z","expect":{"Stamp":[{"day":"2025-03-30 01:30"}]}}`), 0o644)
	code, out, errs := runCLI(t, nil, "test", dir)
	if code != 0 || !strings.Contains(out+errs, "1 passed, 0 failed") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
}
