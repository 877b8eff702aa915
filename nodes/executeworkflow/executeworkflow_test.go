package executeworkflow_test

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

const sub = `{"id":"sub1","name":"sub","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Mark","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"sub","value":"={{ $json.n * 2 }}","type":"number"}]},"includeOtherFields":true,"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Mark","type":"main","index":0}]]}}}`

// callerWith builds a caller whose Execute Workflow node has params.
func callerWith(params string) string {
	return `{"id":"parent","name":"parent","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Make","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"mode":"raw","jsonOutput":"{\"n\":21}","options":{}}},
 {"name":"Call","type":"n8n-nodes-base.executeWorkflow","typeVersion":1.3,"position":[400,0],"parameters":` + params + `}],
 "connections":{"Start":{"main":[[{"node":"Make","type":"main","index":0}]]},"Make":{"main":[[{"node":"Call","type":"main","index":0}]]}}}`
}

func run(t *testing.T, wf string, lib engine.WorkflowSource) *engine.Result {
	t.Helper()
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{}), Workflows: lib})
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{ExecutionID: "7"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func library(t *testing.T, files map[string]string) *workflow.Library {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lib, err := workflow.LoadLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestCallByIDFromFolder(t *testing.T) {
	lib := library(t, map[string]string{"sub.json": sub, "notes.json": `{"not":"a workflow"}`})
	res := run(t, callerWith(`{"workflowId":{"__rl":true,"value":"sub1","mode":"id"},"options":{}}`), lib)
	if res.Status != "success" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
	out := enginetest.Output(res, "Call", 0, 0)
	if len(out) != 1 {
		t.Fatalf("got %d items", len(out))
	}
	b, _ := data.MarshalValue(out[0].JSON)
	if string(b) != `{"n":21,"sub":42}` {
		t.Errorf("json = %s", b)
	}
	meta := res.Data.ResultData.RunData["Call"][0].Metadata
	mb, _ := data.MarshalValue(meta)
	if string(mb) != `{"subExecution":{"executionId":"sub-1","workflowId":"sub1"},"subExecutionsCount":1}` {
		t.Errorf("metadata = %s", mb)
	}
}

func TestCallByIDFromExportFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "all.json")
	if err := os.WriteFile(file, []byte("["+sub+"]"), 0o600); err != nil {
		t.Fatal(err)
	}
	lib, err := workflow.LoadLibrary(file)
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, callerWith(`{"workflowId":{"__rl":true,"value":"sub1","mode":"list","cachedResultName":"sub"},"mode":"each","options":{}}`), lib)
	if res.Status != "success" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
}

func TestLocalFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub.json")
	if err := os.WriteFile(path, []byte(sub), 0o600); err != nil {
		t.Fatal(err)
	}
	wf := strings.Replace(callerWith(`{"source":"localFile","workflowPath":"`+path+`"}`), `"typeVersion":1.3`, `"typeVersion":1`, 1)
	res := run(t, wf, nil)
	if res.Status != "success" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
	wf = strings.Replace(callerWith(`{"source":"localFile","workflowPath":"`+path+`.missing"}`), `"typeVersion":1.3`, `"typeVersion":1`, 1)
	res = run(t, wf, nil)
	if res.Status != "error" || !strings.Contains(res.Data.ResultData.Error.Message, "could not be found") {
		t.Fatalf("missing file: %s %+v", res.Status, res.Data.ResultData.Error)
	}
}

// TestErrors: an id that cannot be found is a validation error before
// anything runs; an id from an expression fails the node when it runs.
func TestErrors(t *testing.T) {
	lib := library(t, map[string]string{"sub.json": sub})
	cases := []struct {
		name, params string
		lib          engine.WorkflowSource
		want         string
	}{
		{"no --workflows", `{"workflowId":{"__rl":true,"value":"sub1","mode":"id"}}`, nil, "no workflows were given"},
		{"unknown id", `{"workflowId":{"__rl":true,"value":"nope","mode":"id"}}`, lib, "Workflow does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Workflows: c.lib})
			w, err := workflow.Parse([]byte(callerWith(c.params)), "")
			if err != nil {
				t.Fatal(err)
			}
			_, err = eng.Run(context.Background(), w, engine.RunOptions{})
			var ve *engine.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error()+strings.Join(ve.Problems, ";"), c.want) {
				t.Fatalf("err = %v; want a validation error containing %q", err, c.want)
			}
		})
	}
	res := run(t, callerWith(`{"workflowId":{"__rl":true,"value":"={{ 'no' + 'pe' }}","mode":"id"}}`), lib)
	if res.Status != "error" || !strings.Contains(res.Data.ResultData.Error.Message, "Workflow does not exist") {
		t.Fatalf("id from an expression: status %s, error %+v", res.Status, res.Data.ResultData.Error)
	}
}

// TestSelfCallStops: a workflow calling itself ends with a clear error
// instead of running until memory runs out.
func TestSelfCallStops(t *testing.T) {
	self := `{"id":"loop","name":"loop","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.executeWorkflowTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Again","type":"n8n-nodes-base.executeWorkflow","typeVersion":1.3,"position":[200,0],"parameters":{"workflowId":{"__rl":true,"value":"loop","mode":"id"}}}],
 "connections":{"T":{"main":[[{"node":"Again","type":"main","index":0}]]}}}`
	lib := library(t, map[string]string{"loop.json": self})
	res := run(t, self, lib)
	if res.Status != "error" || !strings.Contains(res.Data.ResultData.Error.Message+res.Data.ResultData.Error.Description, "nested more than") {
		t.Fatalf("status %s, error %+v", res.Status, res.Data.ResultData.Error)
	}
}

// TestNoWait: without waiting, the node passes its (mapped) input on at
// once and the run still lets the sub-run finish before it returns.
func TestNoWait(t *testing.T) {
	lib := library(t, map[string]string{"sub.json": sub})
	for _, mode := range []string{"once", "each"} {
		res := run(t, callerWith(`{"workflowId":{"__rl":true,"value":"sub1","mode":"id"},"mode":"`+mode+`","options":{"waitForSubWorkflow":false}}`), lib)
		if res.Status != "success" {
			t.Fatalf("%s: status %s", mode, res.Status)
		}
		out := enginetest.Output(res, "Call", 0, 0)
		if len(out) != 1 || out[0].JSON.Value("sub") != nil || out[0].JSON.Value("n") != 21.0 {
			t.Fatalf("%s: output %+v", mode, out)
		}
	}
}

// TestURL: source "url" (typeVersion 1–1.1) loads the workflow with a GET
// that accepts JSON, gzip-compressed or not; an error status fails the
// node.
func TestURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/json,text/*;q=0.99" {
			http.Error(w, "bad accept "+r.Header.Get("Accept"), http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/sub.json":
			_, _ = io.WriteString(w, sub)
		case "/sub.json.gz":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			_, _ = io.WriteString(zw, sub)
			_ = zw.Close()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, path := range []string{"/sub.json", "/sub.json.gz"} {
		wf := strings.Replace(callerWith(`{"source":"url","workflowUrl":"`+srv.URL+path+`"}`), `"typeVersion":1.3`, `"typeVersion":1.1`, 1)
		res := run(t, wf, nil)
		if res.Status != "success" {
			t.Fatalf("%s: status %s: %+v", path, res.Status, res.Data.ResultData.Error)
		}
		b, _ := data.MarshalValue(enginetest.Output(res, "Call", 0, 0)[0].JSON)
		if string(b) != `{"n":21,"sub":42}` {
			t.Errorf("%s: json = %s", path, b)
		}
	}
	wf := strings.Replace(callerWith(`{"source":"url","workflowUrl":"`+srv.URL+`/missing"}`), `"typeVersion":1.3`, `"typeVersion":1`, 1)
	res := run(t, wf, nil)
	if res.Status != "error" || !strings.Contains(res.Data.ResultData.Error.Message, "404") {
		t.Fatalf("missing workflow: %s %+v", res.Status, res.Data.ResultData.Error)
	}
}
