package queue

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/form"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/wait"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// waitWF waits 2 minutes (parked in the database by the worker, resumed
// by the main instance's wait tracker); hookWaitWF waits for a call to its
// resume URL, which reaches the main instance.
const waitWF = `{"id":"wf-w","name":"waits","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"w1","parameters":{"path":"w","httpMethod":"POST","options":{}}},
 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],"webhookId":"w2","parameters":{"amount":2,"unit":"minutes"}},
 {"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[400,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"m","value":"={{ $('T').item.json.body.n + 1 }}","type":"number"}]},"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}`

const hookWaitWF = `{"id":"wf-h","name":"hook waits","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"h1","parameters":{"path":"h","httpMethod":"POST","options":{}}},
 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],"webhookId":"h2","parameters":{"resume":"webhook","httpMethod":"POST","options":{}}},
 {"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[400,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"m","value":"={{ $('T').item.json.body.n + $json.body.k }}","type":"number"}]},"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Wait","type":"main","index":0}]]},"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}}}`

// formWF is a form of two pages: in queue mode its executions run on the
// main instance, which serves the pages.
const formWF = `{"id":"wf-f","name":"form","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"F","type":"n8n-nodes-base.formTrigger","typeVersion":2.2,"position":[0,0],"webhookId":"f1","parameters":{"formTitle":"One","formFields":{"values":[{"fieldLabel":"Name"}]},"options":{"path":"qform"}}},
 {"name":"Page","type":"n8n-nodes-base.form","typeVersion":1,"position":[200,0],"webhookId":"f2","parameters":{"defineForm":"json","jsonOutput":"[{\"fieldLabel\":\"Age\",\"fieldType\":\"number\"}]","options":{}}}],
 "connections":{"F":{"main":[[{"node":"Page","type":"main","index":0}]]}}}`

func postForm(t *testing.T, url string, fields ...string) (int, string) {
	t.Helper()
	var b strings.Builder
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = mw.WriteField(fields[i], fields[i+1])
	}
	_ = mw.Close()
	resp, err := http.Post(url, mw.FormDataContentType(), strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func newWaitInstance(t *testing.T, url string, fc clockwork.Clock, q server.Queue, st *store.DB) *instance {
	t.Helper()
	reg, err := engine.NewRegistry(webhook.New(), wait.New(), set.New(), formtrigger.New(), form.New())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Now: fc.Now, Expressions: expression.New(expression.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		st = openStore(t, url)
	}
	var wfs []*workflow.Workflow
	for _, j := range []string{waitWF, hookWaitWF, formWF} {
		w, err := workflow.Parse([]byte(j), "")
		if err != nil {
			t.Fatal(err)
		}
		wfs = append(wfs, w)
	}
	srv, err := server.New(server.Options{Engine: eng, Store: st, Queue: q, Clock: fc, Logger: testLog}, wfs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &instance{st: st, srv: srv}
}

// awaitRecord polls the store until execution id (the newest when "")
// has one of the statuses.
func awaitRecord(t *testing.T, st *store.DB, id string, statuses ...string) store.Record {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); ; {
		list, err := st.List(context.Background(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if id != "" && r.ID != id || id == "" && r.ID != list[0].ID {
				continue
			}
			for _, s := range statuses {
				if r.Status == s {
					rec, err := st.Get(context.Background(), r.ID)
					if err != nil {
						t.Fatal(err)
					}
					return rec
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("execution %q never reached %v", id, statuses)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestQueueModeWaits: in queue mode a worker runs the execution up to its
// Wait and parks it in the database (status "waiting" with its document);
// the main instance resumes it: a timed wait when its wait tracker finds
// it due, a wait for a call when the call reaches it at
// /webhook-waiting/<id>. The run goes on with the data from before.
func TestQueueModeWaits(t *testing.T) {
	url := pg.URL(t)
	fc := clockwork.NewFakeClockAt(time.Now().UTC().Truncate(time.Second))
	st := openStore(t, url)
	m, err := OpenMain(context.Background(), url, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	main := newWaitInstance(t, url, fc, m, st)
	main.srv.Start()
	ts := httptest.NewServer(main.srv.Handler())
	t.Cleanup(ts.Close)
	wk := newWaitInstance(t, url, fc, nil, nil)
	wk.srv.StartWorker()
	w, err := OpenWorker(context.Background(), url, wk.st.Instance(), wk.srv, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		w.Stop(ctx)
	})

	t.Run("timed", func(t *testing.T) {
		if code, body := post(t, ts.URL+"/webhook/w", `{"n":41}`); code != 200 {
			t.Fatalf("start: %d %s", code, body)
		}
		parked := awaitRecord(t, st, "", "waiting")
		if want := fc.Now().Add(2 * time.Minute); parked.WaitTill == nil || !parked.WaitTill.Equal(want) {
			t.Fatalf("waitTill %v, want %v", parked.WaitTill, want)
		}
		// The tracker polls each minute: the first poll schedules the
		// resume, which fires at waitTill.
		fc.Advance(time.Minute)
		time.Sleep(200 * time.Millisecond)
		fc.Advance(time.Minute)
		rec := awaitRecord(t, st, parked.ID, "success", "error")
		if rec.Status != "success" || !strings.Contains(string(rec.Data), `"json":{"m":42}`) {
			t.Fatalf("%s %s\n%s", rec.Status, rec.Error, rec.Data)
		}
	})
	t.Run("webhook", func(t *testing.T) {
		if code, body := post(t, ts.URL+"/webhook/h", `{"n":40}`); code != 200 {
			t.Fatalf("start: %d %s", code, body)
		}
		parked := awaitRecord(t, st, "", "waiting")
		if !strings.Contains(string(parked.Data), `"nodeExecutionStack":[{"node":{"name":"Wait"}`) {
			t.Fatalf("parked without its document: %s", parked.Data)
		}
		if code, body := post(t, ts.URL+"/webhook-waiting/"+parked.ID, `{"k":2}`); code != 200 {
			t.Fatalf("resume: %d %s", code, body)
		}
		rec := awaitRecord(t, st, parked.ID, "success", "error")
		if rec.Status != "success" || !strings.Contains(string(rec.Data), `"json":{"m":42}`) {
			t.Fatalf("%s %s\n%s", rec.Status, rec.Error, rec.Data)
		}
	})
	t.Run("form", func(t *testing.T) {
		code, body := postForm(t, ts.URL+"/form/qform", "field-0", "Ann")
		if code != 200 || !strings.Contains(body, "formWaitingUrl") {
			t.Fatalf("trigger page: %d %s", code, body)
		}
		parked := awaitRecord(t, st, "", "waiting")
		if code, body := postForm(t, ts.URL+"/form-waiting/"+parked.ID, "field-0", "7"); code != 200 {
			t.Fatalf("second page: %d %s", code, body)
		}
		rec := awaitRecord(t, st, parked.ID, "success", "error")
		if rec.Status != "success" || !strings.Contains(string(rec.Data), `"json":{"Age":7,`) {
			t.Fatalf("%s %s\n%s", rec.Status, rec.Error, rec.Data)
		}
	})
}
