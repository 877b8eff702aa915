package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const cycleWorkflow = `{"name":"cycle","settings":{"executionOrder":"v1"SETTINGS},"nodes":[
 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
 {"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
 "connections":{"Start":{"main":[[{"node":"A","type":"main","index":0}]]},"A":{"main":[[{"node":"B","type":"main","index":0}]]},
   "B":{"main":[[{"node":"A","type":"main","index":0}]]}}}`

// Issue 21 item 7 in `run`: a cycle with no loop node ends at the
// workflow's executionTimeout, or at EXECUTIONS_TIMEOUT.
func TestRunHonoursExecutionTimeout(t *testing.T) {
	tests := []struct {
		name, settings string
		env            map[string]string
		args           []string
	}{
		{"workflow setting", `,"executionTimeout":1`, nil, nil},
		{"EXECUTIONS_TIMEOUT", ``, map[string]string{"EXECUTIONS_TIMEOUT": "1"}, nil},
		{"flag", ``, nil, []string{"--execution-timeout", "1"}},
		{"EXECUTIONS_TIMEOUT_MAX caps the setting", `,"executionTimeout":100000`, map[string]string{"EXECUTIONS_TIMEOUT_MAX": "1"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := filepath.Join(t.TempDir(), "wf.json")
			os.WriteFile(wf, []byte(strings.Replace(cycleWorkflow, "SETTINGS", tc.settings, 1)), 0o644)
			code, _, errs := runCLI(t, tc.env, append([]string{"run", wf}, tc.args...)...)
			if code == exitOK || !strings.Contains(errs, "timed out") {
				t.Fatalf("exit %d: %s", code, errs)
			}
		})
	}
}

// Issue 21 item 11: `run /dev/zero` read without end.
func TestRunRefusesAnOversizedWorkflowFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	code, _, errs := runCLI(t, nil, "run", "/dev/zero", "--max-workflow-size", "1")
	if code == exitOK || !strings.Contains(errs, "limited to 1048576 bytes") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
