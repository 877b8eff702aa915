package wait_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes"
)

const longWait = `{"id":"long1","name":"long wait","nodes":[
 {"name":"Start","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"s1","parameters":{"httpMethod":"POST","path":"long","options":{}}},
 {"name":"Before","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"n","value":"={{ $json.body.n }}","type":"number"}]},"options":{}}},
 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],"parameters":{"amount":2,"unit":"minutes"}},
 {"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],"parameters":{"assignments":{"assignments":[{"id":"b","name":"m","value":"={{ $('Before').item.json.n + 1 }}","type":"number"}]},"options":{}}}],
 "connections":{"Start":{"main":[[{"node":"Before","type":"main","index":0}]]},"Before":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}`

// serveOn starts serve on the store file with the clock; stop shuts it
// down and closes the store.
func serveOn(t *testing.T, dbPath string, fc clockwork.Clock) (base string, st *store.DB, stop func()) {
	t.Helper()
	return serveWorkflowOn(t, dbPath, fc, longWait)
}

// serveWorkflowOn is serveOn with the workflow wf.
func serveWorkflowOn(t *testing.T, dbPath string, fc clockwork.Clock, wf string) (base string, st *store.DB, stop func()) {
	t.Helper()
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Timezone: "UTC", Now: fc.Now,
		Expressions: expression.New(expression.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(context.Background(), store.Config{URL: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(server.Options{Engine: eng, Store: st, Clock: fc}, []*workflow.Workflow{w})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	hs := httptest.NewServer(s.Handler())
	return hs.URL, st, func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		st.Close()
	}
}

// TestLongWaitSurvivesRestart: a Wait of 2 minutes parks the execution in
// the store (status "waiting", waitTill); serve is stopped and started
// again on the same store, and the execution resumes when the clock (a
// fake one) reaches waitTill, with the run data from before the restart.
func TestLongWaitSurvivesRestart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	fc := clockwork.NewFakeClockAt(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	base, st, stop := serveOn(t, dbPath, fc)
	if a := post(t, base+"/webhook/long", `{"n":41}`); a.Status != 200 {
		stop()
		t.Fatalf("start: %+v", a)
	}
	parked := waitStatus(t, st, "waiting")
	stop()
	if want := fc.Now().Add(2 * time.Minute); parked.WaitTill == nil || !parked.WaitTill.Equal(want) {
		t.Fatalf("waitTill %v, want %v", parked.WaitTill, want)
	}

	fc.Advance(time.Minute) // while serve is down
	_, st, stop = serveOn(t, dbPath, fc)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fc.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Get(ctx, parked.ID); r.Status != "waiting" {
		t.Fatalf("before waitTill: status %s", r.Status)
	}
	fc.Advance(time.Minute)
	rec := waitStatus(t, st, "success", "error")
	if rec.ID != parked.ID || rec.Status != "success" {
		t.Fatalf("execution %s: %s %s", rec.ID, rec.Status, rec.Error)
	}
	doc := string(rec.Data)
	for _, want := range []string{
		`"Before":[{"startTime":`,
		`"Wait":[{"startTime":` + strconv.FormatInt(fc.Now().UnixMilli(), 10) + `,"executionIndex":0,"source":[{"previousNode":"Before"}]`,
		`"json":{"n":41},"pairedItem":{"item":0}}]]}}]`,
		`"After":[{"startTime":`,
		`"json":{"m":42}`,
		`"lastNodeExecuted":"After"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("run data lacks %s:\n%s", want, doc)
		}
	}
	if rec.WaitTill != nil {
		t.Errorf("finished execution keeps waitTill %v", rec.WaitTill)
	}
}

const limitedHookWait = `{"id":"limit1","name":"limited hook wait","nodes":[
 {"name":"Start","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"s2","parameters":{"httpMethod":"POST","path":"limited","options":{}}},
 {"name":"Before","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"n","value":"={{ $json.body.n }}","type":"number"}]},"options":{}}},
 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[400,0],"webhookId":"w2","parameters":{"resume":"webhook","httpMethod":"POST","limitWaitTime":true,"resumeAmount":2,"resumeUnit":"minutes","options":{}}},
 {"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[600,0],"parameters":{"assignments":{"assignments":[{"id":"b","name":"m","value":"={{ $('Before').item.json.n + 1 }}","type":"number"}]},"options":{}}}],
 "connections":{"Start":{"main":[[{"node":"Before","type":"main","index":0}]]},"Before":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}`

// TestLimitedHookWaitSurvivesRestart: a Wait for a webhook call with a
// limit of 2 minutes is parked in the store (waitTill the limit); no call
// comes, serve is restarted, and the execution resumes at the limit,
// passing the Wait's input on as n8n does.
func TestLimitedHookWaitSurvivesRestart(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	fc := clockwork.NewFakeClockAt(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	base, st, stop := serveWorkflowOn(t, dbPath, fc, limitedHookWait)
	if a := post(t, base+"/webhook/limited", `{"n":41}`); a.Status != 200 {
		stop()
		t.Fatalf("start: %+v", a)
	}
	parked := waitStatus(t, st, "waiting")
	stop()
	if want := fc.Now().Add(2 * time.Minute); parked.WaitTill == nil || !parked.WaitTill.Equal(want) {
		t.Fatalf("waitTill %v, want %v", parked.WaitTill, want)
	}
	if !strings.Contains(string(parked.Data), `"nodeExecutionStack":[{"node":{"name":"Wait"}`) {
		t.Fatalf("parked document lacks the Wait on its stack:\n%s", parked.Data)
	}

	fc.Advance(time.Minute) // while serve is down
	_, st, stop = serveWorkflowOn(t, dbPath, fc, limitedHookWait)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fc.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if r, _ := st.Get(ctx, parked.ID); r.Status != "waiting" {
		t.Fatalf("before the limit: status %s", r.Status)
	}
	fc.Advance(time.Minute)
	rec := waitStatus(t, st, "success", "error")
	if rec.ID != parked.ID || rec.Status != "success" {
		t.Fatalf("execution %s: %s %s", rec.ID, rec.Status, rec.Error)
	}
	doc := string(rec.Data)
	for _, want := range []string{
		`"Wait":[{"startTime":` + strconv.FormatInt(fc.Now().UnixMilli(), 10) + `,"executionIndex":0,"source":[{"previousNode":"Before"}]`,
		`"json":{"n":41},"pairedItem":{"item":0}}]]}}]`,
		`"json":{"m":42}`,
		`"lastNodeExecuted":"After"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("run data lacks %s:\n%s", want, doc)
		}
	}
}
