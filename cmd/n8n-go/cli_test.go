package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const template = "../../workflows/notion-clockify-sync.json"

// writeWF writes a small workflow: Start → Set (greeting) → Shout (NoOp).
func writeWF(t *testing.T, setValue string) string {
	t.Helper()
	wf := filepath.Join(t.TempDir(), "wf.json")
	b, _ := json.Marshal(setValue)
	doc := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Set","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"1","name":"greeting","value":` + string(b) + `,"type":"string"}]},"options":{}}},
	 {"name":"Shout","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Set","type":"main","index":0}]]},"Set":{"main":[[{"node":"Shout","type":"main","index":0}]]}}}`
	if err := os.WriteFile(wf, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return wf
}

// Every flag mistake is loud: the cause, the usage line, exit 2.
func TestParseErrorsAreLoud(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"run", "--sandbx", template}, "unknown flag: --sandbx (did you mean --sandbox?)"},
		{[]string{"run", "-x", template}, "unknown shorthand flag: 'x' in -x"},
		{[]string{"run", "--notion-rate", "abc", template}, `invalid argument "abc" for "--notion-rate"`},
		{[]string{"run", template, "--trigger"}, "flag needs an argument: --trigger"},
		{[]string{"validate", "--foo", template}, "unknown flag: --foo"},
		{[]string{"eval", "--foo", "1"}, "unknown flag: --foo"},
		{[]string{"serve", "--foo", template}, "unknown flag: --foo"},
		{[]string{"executions", "list", "--jsn"}, "unknown flag: --jsn (did you mean --json?)"},
		{[]string{"executions", "lst"}, `unknown subcommand "lst" (list or show) (did you mean "list"?)`},
		{[]string{"valdate", template}, `unknown command "valdate" for "n8n-go" (did you mean "validate"?)`},
		{[]string{"run"}, "expected one workflow file or n8n://ID, got 0 arguments"},
		{[]string{"run", "a.json", "b.json"}, "expected one workflow file or n8n://ID, got 2 arguments"},
		{[]string{"test", "--updat"}, "did you mean --update?"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, nil, tc.args...)
			if code != exitInvalid || out != "" || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d stdout %q stderr:\n%s\nwant exit 2 and %q", code, out, errs, tc.want)
			}
			if !strings.Contains(errs, "--help' for usage.") {
				t.Fatalf("no pointer to help:\n%s", errs)
			}
		})
	}
}

func TestHelpOnStdout(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"help"}, {"run", "--help"}, {"help", "run"}, {"validate", "-h"}, {"help", "version"},
		{"eval", "--help"}, {"serve", "--help"}, {"executions", "--help"}, {"test", "--help"}, {"nodes", "--help"}} {
		code, out, errs := runCLI(t, nil, args...)
		if code != 0 || errs != "" || !strings.Contains(out, "Usage:") {
			t.Errorf("%v: exit %d stderr %q stdout:\n%s", args, code, errs, out)
		}
		if len(args) > 0 && args[len(args)-1] != "help" && args[0] != "--help" && args[0] != "help" || len(args) == 2 {
			if !strings.Contains(out, "Examples:") {
				t.Errorf("%v: no Examples section:\n%s", args, out)
			}
		}
	}
	// help version is help, not the version.
	_, out, _ := runCLI(t, nil, "help", "version")
	if !strings.Contains(out, "Usage:") || strings.HasPrefix(out, "n8n-go ") {
		t.Errorf("help version printed:\n%s", out)
	}
	// No placeholder is taken from backquoted prose.
	_, out, _ = runCLI(t, nil, "run", "--help")
	for _, bad := range []string{"--mode n8n", "--record-http n8n-go", "[=true|false]", "stringArray"} {
		if strings.Contains(out, bad) {
			t.Errorf("garbled placeholder %q in:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "first trigger with a trigger function") {
		t.Errorf("--trigger help does not describe the default in use:\n%s", out)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "n8n-go ") || !strings.Contains(out, "commit ") || !strings.Contains(out, "go1.") {
		t.Fatalf("version: %d %q", code, out)
	}
	code, out, _ = runCLI(t, nil, "version", "--json")
	var v map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["version"] == "" || v["commit"] == "" || v["buildDate"] == "" || !strings.HasPrefix(v["goVersion"], "go") {
		t.Fatalf("version --json: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, nil, "--version"); code != 0 || !strings.HasPrefix(out, "n8n-go ") {
		t.Fatalf("--version: %d %q", code, out)
	}
}

func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, out, _ := runCLI(t, nil, "completion", sh)
		if code != 0 || !strings.Contains(out, "n8n-go") {
			t.Errorf("completion %s: %d", sh, code)
		}
	}
	// Node names come from the workflow on the command line.
	_, out, _ := runCLI(t, nil, "__complete", "run", template, "--trigger", "Sch")
	if !strings.Contains(out, "Schedule Trigger\n") {
		t.Errorf("--trigger completion:\n%s", out)
	}
	_, out, _ = runCLI(t, nil, "__complete", "run", template, "--print", "")
	if !strings.HasPrefix(out, "last\n") || !strings.Contains(out, "Globals\n") {
		t.Errorf("--print completion:\n%s", out)
	}
	_, out, _ = runCLI(t, nil, "__complete", "eval", "x", "--file", template, "--node", "Glo")
	if !strings.Contains(out, "Globals\n") {
		t.Errorf("--node completion:\n%s", out)
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	_, script, _ := runCLI(t, nil, "completion", "bash")
	f := filepath.Join(t.TempDir(), "c.bash")
	os.WriteFile(f, []byte(script), 0o644)
	b, err := exec.Command(bash, "-c", "source "+f+" && complete -p n8n-go").CombinedOutput()
	if err != nil || !strings.Contains(string(b), "n8n-go") {
		t.Fatalf("bash completion does not load: %v\n%s", err, b)
	}
}

// Problems are found before anything runs: exit 2, no node line.
func TestRunChecksBeforeSideEffects(t *testing.T) {
	wf := writeWF(t, "=hi {{ $('Stat').item.json.who }}")
	ok := writeWF(t, "=hi")
	missingDir := filepath.Join(t.TempDir(), "nope", "run.json")
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"missing node reference", []string{"run", wf}, nil, []string{`node "Set": parameter assignments.assignments[0].value: refers to node "Stat", which does not exist (did you mean "Start"?)`}},
		{"output folder", []string{"run", ok, "-o", missingDir}, nil, []string{"-o " + missingDir + ": folder"}},
		{"output is a folder", []string{"run", ok, "-o", t.TempDir()}, nil, []string{"is a folder"}},
		{"record path", []string{"run", ok, "--record-http", missingDir}, nil, []string{"--record-http " + missingDir}},
		{"time zone", []string{"run", ok, "--timezone", "Mars/Olympus"}, nil, []string{`--timezone: "Mars/Olympus" is not a time zone`}},
		{"time zone from env", []string{"run", ok}, map[string]string{"GENERIC_TIMEZONE": "Nowhere"}, []string{`GENERIC_TIMEZONE: "Nowhere" is not a time zone`}},
		{"log format", []string{"run", ok, "--log-format", "xml"}, nil, []string{`--log-format: "xml" is not a log format`}},
		{"endpoint", []string{"run", ok, "--endpoint", "api.notion.com"}, nil, []string{"--endpoint: endpoint \"api.notion.com\": expected HOST=BASE_URL"}},
		{"trigger typo", []string{"run", ok, "--trigger", "Strat"}, nil, []string{`--trigger: the workflow has no node "Strat" (did you mean "Start"?)`}},
		{"print typo", []string{"run", ok, "--print", "shout"}, nil, []string{`--print: the workflow has no node "shout" (did you mean "Shout"?)`}},
		{"all at once", []string{"run", wf, "--timezone", "X", "--log-format", "y", "-o", missingDir}, nil, []string{"--timezone", "--log-format", "-o ", `"Stat"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.env, tc.args...)
			if code != exitInvalid || out != "" || strings.Contains(errs, "running") {
				t.Fatalf("exit %d stdout %q stderr:\n%s", code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
		})
	}
	// validate reports the same.
	code, out, _ := runCLI(t, nil, "validate", wf, "--timezone", "X")
	if code != exitInvalid || !strings.Contains(out, `refers to node "Stat"`) || !strings.Contains(out, `--timezone: "X"`) {
		t.Fatalf("validate: %d\n%s", code, out)
	}
}

func TestRunPrintAndLiveLines(t *testing.T) {
	wf := writeWF(t, "=hi {{ $json.who }}")
	code, out, errs := runCLI(t, nil, "run", wf, "--input", `{"who":"ada"}`, "--print", "Set")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != 1 || items[0]["json"].(map[string]any)["greeting"] != "hi ada" {
		t.Fatalf("--print Set: %v\n%s", err, out)
	}
	// Node lines come in execution order, before the end line.
	iStart, iSet, iEnd := strings.Index(errs, "ok  Start"), strings.Index(errs, "ok  Set"), strings.Index(errs, `Workflow "t": success`)
	if iStart < 0 || iSet < iStart || iEnd < iSet {
		t.Fatalf("node lines:\n%s", errs)
	}
	_, out, _ = runCLI(t, nil, "run", wf, "-q", "--print", "last")
	if !strings.Contains(out, `"json": {`) {
		t.Fatalf("--print last:\n%s", out)
	}
	if code, _, errs := runCLI(t, nil, "run", wf, "--print", "last", "-o", "-"); code != exitInvalid || !strings.Contains(errs, "both write to stdout") {
		t.Fatalf("--print with -o -: %d %s", code, errs)
	}
}

func TestValidateJSON(t *testing.T) {
	code, out, _ := runCLI(t, nil, "validate", "--json", writeWF(t, "={{ $('Nope').item.json.x }}"))
	var doc struct {
		Workflow string   `json:"workflow"`
		Nodes    int      `json:"nodes"`
		Valid    bool     `json:"valid"`
		Problems []string `json:"problems"`
	}
	if code != exitInvalid || json.Unmarshal([]byte(out), &doc) != nil || doc.Valid || doc.Nodes != 3 || len(doc.Problems) != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, "validate", "--json", writeWF(t, "=ok"))
	if code != 0 || !strings.Contains(out, `"valid": true`) || !strings.Contains(out, `"problems": []`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestVerboseLogsNodesAndRequests(t *testing.T) {
	code, _, errs := runCLI(t, nil, "run", "--sandbox", "-V", "--log-format", "json", template)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	for _, want := range []string{`"msg":"node started","node":"Schedule Trigger"`, `"msg":"HTTP request","method":"GET"`, `"msg":"node finished"`} {
		if !strings.Contains(errs, want) {
			t.Errorf("-V output lacks %s", want)
		}
	}
	if _, _, errs := runCLI(t, nil, "run", "--sandbox", template); strings.Contains(errs, "node started") {
		t.Error("node logs without -V")
	}
}

func TestEvalWorkflowFlagNamesAWorkflow(t *testing.T) {
	wf := writeWF(t, "=x")
	code, _, errs := runCLI(t, nil, "eval", "={{ 1 }}", "--workflow", wf, "--node", "Set")
	if code != exitInvalid || !strings.Contains(errs, "pass the file itself with --file "+wf) {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

func TestServeChecksReferences(t *testing.T) {
	code, _, errs := runCLI(t, nil, "serve", "--listen", "127.0.0.1:0", writeWF(t, "={{ $('Ghost').item.json }}"))
	if code != exitInvalid || !strings.Contains(errs, `refers to node "Ghost", which does not exist`) {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// NO_COLOR turns the red ERR off on a terminal.
func TestNoColor(t *testing.T) {
	wf := filepath.Join(t.TempDir(), "fail.json")
	os.WriteFile(wf, []byte(`{"name":"f","nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Stop","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"no"}}],
	 "connections":{"Start":{"main":[[{"node":"Stop","type":"main","index":0}]]}}}`), 0o644)
	for _, tc := range []struct {
		env   map[string]string
		color bool
	}{{nil, true}, {map[string]string{"NO_COLOR": "1"}, false}} {
		var out, errb bytes.Buffer
		env := cliEnv{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, terminal: true,
			getenv: func(k string) string { return tc.env[k] }}
		if code := dispatch([]string{"run", wf}, env); code != exitFailed {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if got := strings.Contains(errb.String(), "\x1b[31mERR"); got != tc.color {
			t.Errorf("env %v: colour %v, want %v:\n%q", tc.env, got, tc.color, errb.String())
		}
	}
}
