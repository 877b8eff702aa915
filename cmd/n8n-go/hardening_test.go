package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	if code == exitOK || !strings.Contains(errs, "limit on workflow files of 1048576 bytes") {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// Issue 21 item 17: a key echoed by an API in an error body reached the
// stderr summary, the -o run data and the --record-http file, also as a
// Basic token, a Bearer header and URL-encoded. Every form is scrubbed.
func TestRunScrubsEchoedSecrets(t *testing.T) {
	const user, pass, key = "alice", "p@ss word&<s3cret>", "KEY-0123456789"
	basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		b, _ := json.Marshal(map[string]any{"message": "bad key " + key, "headers": map[string]any{"authorization": r.Header.Get("Authorization"), "bearer": "Bearer " + key},
			"password": pass, "query": url.QueryEscape(pass) + " " + url.PathEscape(pass)})
		w.Write(b)
	}))
	defer srv.Close()
	dir := t.TempDir()
	credFile := filepath.Join(dir, "creds.json")
	cb, _ := json.Marshal([]map[string]any{
		{"id": "b", "name": "basic", "type": "httpBasicAuth", "data": map[string]any{"user": user, "password": pass}},
		{"id": "h", "name": "hdr", "type": "httpHeaderAuth", "data": map[string]any{"name": "X-Key", "value": key}},
	})
	os.WriteFile(credFile, cb, 0o600)
	wf := filepath.Join(dir, "wf.json")
	os.WriteFile(wf, []byte(`{"name":"echo","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Call","type":"n8n-nodes-base.httpRequest","typeVersion":4.2,"position":[200,0],
	  "parameters":{"url":"`+srv.URL+`/x","authentication":"genericCredentialType","genericAuthType":"httpBasicAuth","options":{}},
	  "credentials":{"httpBasicAuth":{"id":"b","name":"basic"}}}],
	 "connections":{"Start":{"main":[[{"node":"Call","type":"main","index":0}]]}}}`), 0o644)
	out, rec := filepath.Join(dir, "run.json"), filepath.Join(dir, "rec.json")
	code, _, errs := runCLI(t, nil, "run", wf, "--credentials", credFile, "-o", out, "--record-http", rec, "-V")
	if code == exitOK {
		t.Fatalf("the call should fail: %s", errs)
	}
	outB, _ := os.ReadFile(out)
	recB, _ := os.ReadFile(rec)
	if !strings.Contains(string(outB), "bad key") {
		t.Fatalf("run data lacks the error: %s", outB)
	}
	for name, text := range map[string]string{"stderr": errs, "run data": string(outB), "recording": string(recB)} {
		for _, form := range []string{key, pass, basic, url.QueryEscape(pass), url.PathEscape(pass), `p@ss word\u0026\u003cs3cret\u003e`} {
			if strings.Contains(text, form) {
				t.Errorf("%s holds the secret form %q", name, form)
			}
		}
	}
}

// Issue 21 item 1: `validate` panicked on a connection with "index": -1.
func TestValidateNegativeConnectionIndex(t *testing.T) {
	wf := filepath.Join(t.TempDir(), "wf.json")
	os.WriteFile(wf, []byte(`{"name":"t","nodes":[
	 {"name":"A","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
	 "connections":{"A":{"main":[[{"node":"B","type":"main","index":-1}]]}}}`), 0o644)
	code, _, errs := runCLI(t, nil, "validate", wf)
	if code != exitInvalid || !strings.Contains(errs, `goes to input -1 of "B"; input indexes are 0 to 999`) {
		t.Fatalf("exit %d: %s", code, errs)
	}
}
