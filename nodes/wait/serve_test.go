package wait_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
)

type creds map[string]map[string]any

func (c creds) Resolve(typ string, _ *workflow.CredentialRef) (map[string]any, error) {
	if m, ok := c[typ]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("no %s credential", typ)
}

// resumeWorkflow is Webhook (onReceived) → Wait (resume webhook, params)
// → after, with settings.
func resumeWorkflow(t testing.TB, waitParams, after string) string {
	t.Helper()
	wf := `{"id":"w1","name":"resume","nodes":[
	 {"name":"Start","type":"n8n-nodes-base.webhook","typeVersion":1,"position":[0,0],"webhookId":"s1","parameters":{"httpMethod":"POST","path":"start","options":{}}},
	 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],"webhookId":"w1","parameters":` + waitParams + `}` + after + `],
	 "connections":{"Start":{"main":[[{"node":"Wait","type":"main","index":0}]]}` +
		map[bool]string{true: `,"Wait":{"main":[[{"node":"After","type":"main","index":0}]]}`}[after != ""] + `}}`
	p := filepath.Join(t.TempDir(), "wf.json")
	if err := os.WriteFile(p, []byte(wf), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func post(t testing.TB, url, body string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return send(t, req)
}

// TestResumeCalls: what a resume URL answers before, during and after the
// wait, authentication, and the response modes of the resume webhook.
func TestResumeCalls(t *testing.T) {
	const respond = `,{"name":"After","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[400,0],"parameters":{"respondWith":"json","responseBody":"={{ JSON.stringify({got: $json.body.v}) }}","options":{"responseCode":201}}}`
	const set = `,{"name":"After","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[400,0],"parameters":{"assignments":{"assignments":[{"id":"a","name":"v","value":"={{ $json.body.v }}","type":"string"}]},"options":{}}}`
	cases := []struct {
		name, params, after string
		header              []string
		wantCode            int
		wantBody            string
	}{
		{name: "onReceived", params: `{"resume":"webhook","httpMethod":"POST","options":{}}`,
			wantCode: 200, wantBody: `{"message":"Workflow was started"}`},
		{name: "lastNode", params: `{"resume":"webhook","httpMethod":"POST","responseMode":"lastNode","options":{}}`, after: set,
			wantCode: 200, wantBody: `{"v":"x"}`},
		{name: "responseNode", params: `{"resume":"webhook","httpMethod":"POST","responseMode":"responseNode","options":{}}`, after: respond,
			wantCode: 201, wantBody: `{"got":"x"}`},
		{name: "basic auth", params: `{"resume":"webhook","httpMethod":"POST","incomingAuthentication":"basicAuth","options":{}}`,
			header: []string{"Authorization", "Basic dTpw"}, wantCode: 200, wantBody: `{"message":"Workflow was started"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cr := creds{"httpBasicAuth": {"user": "u", "password": "p"}}
			base, st := serveFiles(t, server.Options{Credentials: cr}, resumeWorkflow(t, c.params, c.after))
			if a := post(t, base+"/webhook/start", `{}`); a.Status != 200 {
				t.Fatalf("start: %+v", a)
			}
			parked := waitStatus(t, st, "waiting")
			url := base + "/webhook-waiting/" + parked.ID
			if a := post(t, base+"/webhook-waiting/999", `{}`); a.Status != 404 || a.Body != `{"code":404,"message":"The execution \"999\" does not exist."}` {
				t.Errorf("unknown execution: %+v", a)
			}
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if a := send(t, req); a.Status != 404 || !strings.Contains(a.Body, "does not contain a waiting webhook with a matching path/method") {
				t.Errorf("wrong method: %+v", a)
			}
			if a := post(t, url+"/suffix", `{}`); a.Status != 404 {
				t.Errorf("wrong suffix: %+v", a)
			}
			if c.header != nil {
				if a := post(t, url, `{}`, "Authorization", "Basic d3Jvbmc6eA=="); a.Status != 403 {
					t.Errorf("wrong credentials: %+v, want 403", a)
				}
				if a := post(t, url, `{}`); a.Status != 401 {
					t.Errorf("no credentials: %+v, want 401", a)
				}
			}
			a := post(t, url, `{"v":"x"}`, c.header...)
			if a.Status != c.wantCode || a.Body != c.wantBody {
				t.Errorf("resume answered %d %s, want %d %s", a.Status, a.Body, c.wantCode, c.wantBody)
			}
			rec := waitStatus(t, st, "success", "error")
			if rec.Status != "success" {
				t.Fatalf("status %s: %s", rec.Status, rec.Error)
			}
			if a := post(t, url, `{}`); a.Status != 409 || a.Body != `{"code":409,"message":"The execution \"`+parked.ID+` has finished already."}` {
				t.Errorf("finished execution: %+v", a)
			}
		})
	}
}

// TestResumeLimit: a limit time ends the wait without a call (a fake
// clock); the Wait then passes its input on, as n8n's resumed, disabled
// node does.
func TestResumeLimit(t *testing.T) {
	fc := clockwork.NewFakeClock()
	base, st := serveFiles(t, server.Options{Clock: fc},
		resumeWorkflow(t, `{"resume":"webhook","httpMethod":"POST","limitWaitTime":true,"resumeAmount":2,"resumeUnit":"minutes","options":{}}`, ""))
	if a := post(t, base+"/webhook/start", `{"a":1}`); a.Status != 200 {
		t.Fatalf("start: %+v", a)
	}
	parked := waitStatus(t, st, "waiting")
	if parked.WaitTill == nil || parked.WaitTill.Sub(parked.StartedAt) < 119*time.Second {
		t.Errorf("waitTill %v, want 2 minutes after %v", parked.WaitTill, parked.StartedAt)
	}
	// A parked execution does not hold the workflow: another call starts
	// a second one (n8n-go runs one execution of a workflow at a time).
	if a := post(t, base+"/webhook/start", `{"a":2}`); a.Status != 200 {
		t.Fatalf("second start while the first waits: %+v", a)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := fc.BlockUntilContext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	fc.Advance(2 * time.Minute)
	rec := waitStatus(t, st, "success", "error")
	for first := ""; first != "success"; {
		r, err := st.Get(ctx, parked.ID)
		if err != nil || ctx.Err() != nil {
			t.Fatalf("first execution: %v %v, status %s", err, ctx.Err(), r.Status)
		}
		first = r.Status
		time.Sleep(10 * time.Millisecond)
	}
	if rec.Status != "success" || !strings.Contains(string(rec.Data), `"Wait":[{"startTime"`) || !strings.Contains(string(rec.Data), `"body":{"a":2}`) {
		t.Errorf("status %s, data %s", rec.Status, rec.Data)
	}
	if a := post(t, base+"/webhook-waiting/"+parked.ID, `{}`); a.Status != 409 {
		t.Errorf("resumed execution: %+v", a)
	}
}

// TestResumeForm: a Wait on a form shows its page at /form-waiting/<id>
// and outputs the submission (n8n's formWebhook item; a Wait's form puts
// submittedAt in UTC) after answering {"status":200}.
func TestResumeForm(t *testing.T) {
	base, st := serveFiles(t, server.Options{}, resumeWorkflow(t,
		`{"resume":"form","formTitle":"Approve?","formFields":{"values":[{"fieldLabel":"Decision","fieldType":"dropdown","fieldOptions":{"values":[{"option":"yes"},{"option":"no"}]}}]},"options":{}}`, ""))
	if a := post(t, base+"/webhook/start", `{}`); a.Status != 200 {
		t.Fatalf("start: %+v", a)
	}
	parked := waitStatus(t, st, "waiting")
	url := base + "/form-waiting/" + parked.ID
	req, _ := http.NewRequest(http.MethodGet, url+"/n8n-execution-status", nil)
	if a := send(t, req); a.Body != "form-waiting" {
		t.Errorf("status: %+v", a)
	}
	req, _ = http.NewRequest(http.MethodGet, url, nil)
	if a := send(t, req); a.Status != 200 || !strings.Contains(a.Body, "<title>Approve?</title>") {
		t.Errorf("page: %d %.300s", a.Status, a.Body)
	}
	var body strings.Builder
	body.WriteString("--b\r\nContent-Disposition: form-data; name=\"field-0\"\r\n\r\nyes\r\n--b--\r\n")
	req, _ = http.NewRequest(http.MethodPost, url, strings.NewReader(body.String()))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	if a := send(t, req); a.Status != 200 || a.Body != `{"status":200}` {
		t.Errorf("submission answered %+v", a)
	}
	rec := waitStatus(t, st, "success", "error")
	if rec.Status != "success" || !strings.Contains(string(rec.Data), `{"json":{"Decision":"yes","submittedAt":"`) || !strings.Contains(string(rec.Data), `Z","formMode":"production"}`) {
		t.Errorf("status %s, data %s", rec.Status, rec.Data)
	}
	req, _ = http.NewRequest(http.MethodGet, url+"/n8n-execution-status", nil)
	if a := send(t, req); a.Body != "success" {
		t.Errorf("status after: %+v", a)
	}
}
