package code_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

func loopWorkflow(t *testing.T, mode string) *workflow.Workflow {
	t.Helper()
	params, _ := json.Marshal(map[string]any{"mode": mode, "jsCode": "while (true) {}"})
	w, err := workflow.Parse([]byte(`{"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Code","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"parameters":`+string(params)+`}],
	 "connections":{"Start":{"main":[[{"node":"Code","type":"main","index":0}]]}}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestInfiniteLoop: a script that never ends is stopped by cancellation
// (Ctrl-C) and by the task timeout (N8N_RUNNERS_TASK_TIMEOUT).
func TestInfiniteLoop(t *testing.T) {
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		res, err := eng.Run(ctx, loopWorkflow(t, "runOnceForAllItems"), engine.RunOptions{Mode: "cli"})
		if err == nil && res.Status != "canceled" && res.Status != "error" {
			t.Fatalf("status %q, want the run stopped", res.Status)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		t.Setenv("N8N_RUNNERS_TASK_TIMEOUT", "1")
		res, err := eng.Run(context.Background(), loopWorkflow(t, "runOnceForEachItem"), engine.RunOptions{Mode: "cli"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		if !strings.Contains(string(b), "Task execution timed out after 1 second") {
			t.Fatalf("got %s", b)
		}
	})
}

// TestHTTPRequestWithAuthentication: the helper applies the credential
// type's authentication (shared with the HTTP Request node) and goes
// through the engine's host mapping.
func TestHTTPRequestWithAuthentication(t *testing.T) {
	var gotKey string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotKey = r.Header.Get("X-Api-Key")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"id":"w1","name":"Main"}]`))
	}))
	defer srv.Close()
	store, err := credentials.Load("../../testdata/clockify/creds.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	params, _ := json.Marshal(map[string]any{"jsCode": "const ws = await this.helpers.httpRequestWithAuthentication('clockifyApi', {url: 'https://api.clockify.me/api/v1/workspaces'});\nreturn ws;"})
	w, err := workflow.Parse([]byte(`{"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Code","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"parameters":`+string(params)+`}],
	 "connections":{"Start":{"main":[[{"node":"Code","type":"main","index":0}]]}}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{}),
		Credentials: store, Endpoints: map[string]string{"api.clockify.me": srv.URL}})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	items := enginetest.Output(res, "Code", 0, 0)
	if len(items) != 1 || items[0].JSON.Value("name") != "Main" {
		b, _ := json.Marshal(res)
		t.Fatalf("items %v; run %s", items, b)
	}
	if gotKey != "test-clockify-key" {
		t.Errorf("X-Api-Key = %q", gotKey)
	}
}
