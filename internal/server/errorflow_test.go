package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/errortrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/stopanderror"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// TestErrorWorkflowRuns: a served workflow that fails starts the workflow
// its settings.errorWorkflow names, from its Error Trigger, with n8n's
// error data, stored as an execution of mode "error".
func TestErrorWorkflowRuns(t *testing.T) {
	reg, err := engine.NewRegistry(webhook.New(), noop.New(), stopanderror.New(), errortrigger.New())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), store.Config{URL: filepath.Join(t.TempDir(), "db.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	failing := `{"id":"src1","name":"Failing","settings":{"executionOrder":"v1","errorWorkflow":"err1"},"nodes":[` +
		webhookNode(`{"path":"fail","httpMethod":"POST","options":{}}`) + `,
	 {"name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[200,0],"parameters":{"errorMessage":"boom"}}],
	 "connections":{"T":{"main":[[{"node":"Fail","type":"main","index":0}]]}}}`
	handler := `{"id":"err1","name":"Handler","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Error Trigger","type":"n8n-nodes-base.errorTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
	 "connections":{"Error Trigger":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`
	var wfs []*workflow.Workflow
	for _, j := range []string{failing, handler} {
		w, err := workflow.Parse([]byte(j), "")
		if err != nil {
			t.Fatal(err)
		}
		wfs = append(wfs, w)
	}
	s, err := New(Options{Engine: eng, Store: db, BaseURL: "http://n8n.local:5678/", Random: func(int, int) int { return 0 }}, wfs)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	}()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	resp, err := http.Post(ts.URL+"/webhook/fail", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	recs := waitRecords(t, db, 2)
	var failed, errRun *Record
	for i := range recs {
		switch recs[i].Mode {
		case "error":
			errRun = &recs[i]
		case "webhook":
			failed = &recs[i]
		}
	}
	if failed == nil || errRun == nil {
		t.Fatalf("records %+v", recs)
	}
	if failed.Status != "error" || errRun.Status != "success" || errRun.WorkflowID != "err1" || errRun.Trigger != "Error Trigger" {
		t.Fatalf("failed %+v\nerror run %+v", failed, errRun)
	}
	full, err := db.Get(context.Background(), errRun.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"execution":{"id":"` + failed.ID + `","url":"http://n8n.local:5678/workflow/src1/executions/` + failed.ID + `"`,
		`"lastNodeExecuted":"Fail","mode":"webhook"},"workflow":{"id":"src1","name":"Failing"}`,
		`"message":"boom"`,
	} {
		if !strings.Contains(string(full.Data), want) {
			t.Errorf("error run data lacks %s\n%s", want, full.Data)
		}
	}
}
