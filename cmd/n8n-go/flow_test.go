package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const failingWF = `{"id":"src1","name":"Failing","settings":{"executionOrder":"v1"SETTINGS},"nodes":[
 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"boom"}}],
 "connections":{"Start":{"main":[[{"node":"Fail","type":"main","index":0}]]}}}`

const handlerWF = `{"id":"err1","name":"Handler","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"Error Trigger","type":"n8n-nodes-base.errorTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Fail Too","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"={{ 'handled ' + $json.execution.lastNodeExecuted + ' ' + $json.execution.error.message + ' in ' + $json.workflow.name }}"}}],
 "connections":{"Error Trigger":{"main":[[{"node":"Fail Too","type":"main","index":0}]]}}}`

// TestRunErrorWorkflow: a failed run starts its error workflow, given with
// --error-workflow or found by settings.errorWorkflow in --workflows. The
// handler here fails on purpose so that its summary shows what it read.
func TestRunErrorWorkflow(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("plain.json", strings.Replace(failingWF, "SETTINGS", "", 1))
	withSetting := write("with-setting.json", strings.Replace(failingWF, "SETTINGS", `,"errorWorkflow":"err1"`, 1))
	lib := filepath.Join(dir, "lib")
	if err := os.Mkdir(lib, 0o700); err != nil {
		t.Fatal(err)
	}
	handler := filepath.Join(lib, "handler.json")
	if err := os.WriteFile(handler, []byte(handlerWF), 0o600); err != nil {
		t.Fatal(err)
	}
	const want = `Error workflow "Handler": error (2 node runs)` + "\n" + `Failed at "Fail Too": handled Fail boom in Failing`
	for _, args := range [][]string{
		{"run", "--error-workflow", handler, plain},
		{"run", "--workflows", lib, withSetting},
	} {
		code, _, errs := runCLI(t, nil, args...)
		if code != exitFailed || !strings.Contains(errs, want) {
			t.Errorf("%v: exit %d\n%s", args, code, errs)
		}
	}
	code, _, errs := runCLI(t, nil, "run", plain)
	if code != exitFailed || strings.Contains(errs, "Error workflow") {
		t.Errorf("no error workflow configured: exit %d\n%s", code, errs)
	}
	code, _, errs = runCLI(t, nil, "run", "--error-workflow", plain, plain)
	if code != exitInvalid || !strings.Contains(errs, "no Error Trigger") {
		t.Errorf("error workflow without Error Trigger: exit %d\n%s", code, errs)
	}
}
