package gmail_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	"github.com/n8n-go/n8n-go/internal/httpx"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes"
)

const approvalBase = "http://localhost:5678/"

// approvalWorkflow is Webhook → Gmail "Send and Wait" (approval) → After.
func approvalWorkflow(t *testing.T, sendParams string) *workflow.Workflow {
	t.Helper()
	w, err := workflow.Parse([]byte(`{"id":"wsaw","name":"approve","nodes":[
 {"name":"Start","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"s1","parameters":{"httpMethod":"POST","path":"approve","options":{}}},
 {"name":"Ask","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[200,0],"id":"5b1c9d2e-aaaa-4bbb-8ccc-000000000001","webhookId":"a1","parameters":`+sendParams+`,"credentials":{"gmailOAuth2":{"id":"gmail-test","name":"Gmail test"}}},
 {"name":"After","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}}],
 "connections":{"Start":{"main":[[{"node":"Ask","type":"main","index":0}]]},"Ask":{"main":[[{"node":"After","type":"main","index":0}]]}},
 "settings":{"executionOrder":"v1"}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func serveApproval(t *testing.T, w *workflow.Workflow) (string, *store.DB, *fakegmail.Server) {
	return serveApprovalKey(t, w, filepath.Join(goldenDir, "seed.json"), "k")
}

// serveApprovalKey serves w with the Gmail fake seeded from seedPath, the
// instance id and resume URL secret derived from the encryption key.
func serveApprovalKey(t *testing.T, w *workflow.Workflow, seedPath, key string) (string, *store.DB, *fakegmail.Server) {
	t.Helper()
	fake := fakegmail.New(fakegmail.Options{Tokens: []string{"test-gmail-token"}})
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(fake)
	t.Cleanup(api.Close)
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpx.New(httpx.Options{Endpoints: map[string]string{"www.googleapis.com": api.URL}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	creds := goldenStore(t)
	eng, err := engine.New(engine.Options{Registry: reg, Credentials: creds, HTTP: h, Timezone: "UTC",
		Expressions: expression.New(expression.Options{}), WebhookBaseURL: approvalBase,
		InstanceID: engine.InstanceIDFromKey(key), HMACSecret: engine.HMACSecretFromKey(key)})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{URL: filepath.Join(t.TempDir(), "db.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.New(server.Options{Engine: eng, Store: st, BaseURL: approvalBase, Credentials: creds}, []*workflow.Workflow{w})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		st.Close()
	})
	return hs.URL, st, fake
}

func newestStatus(t *testing.T, st *store.DB, want string) store.Record {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		list, err := st.List(context.Background(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) > 0 && list[0].Status == want {
			rec, err := st.Get(context.Background(), list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return rec
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no execution became %q", want)
	return store.Record{}
}

// sentHTML is the HTML part of the one message the fake was asked to send.
func sentHTML(t *testing.T, fake *fakegmail.Server) (string, *mail.Message) {
	t.Helper()
	for _, r := range fake.Requests() {
		if r.Path != "/gmail/v1/users/me/messages/send" {
			continue
		}
		m, err := mail.ReadMessage(strings.NewReader(r.MIME))
		if err != nil {
			t.Fatal(err)
		}
		ct, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
		var html []byte
		if strings.HasPrefix(ct, "multipart/") {
			mr := multipart.NewReader(m.Body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					break
				}
				if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
					html, _ = io.ReadAll(p)
				}
			}
		} else if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			html, _ = io.ReadAll(quotedprintable.NewReader(m.Body))
		} else {
			html, _ = io.ReadAll(m.Body)
		}
		return string(html), m
	}
	t.Fatal("no message was sent")
	return "", nil
}

var hrefRe = regexp.MustCompile(`href="([^"]+)"`)

// click follows a link of the message: the request goes to the test
// server, with the link's host (the signature covers it).
func click(t *testing.T, base, link, ua string) (int, string) {
	t.Helper()
	u, err := url.Parse(strings.ReplaceAll(link, "&amp;", "&"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, base+u.RequestURI(), nil)
	req.Host = u.Host
	req.Header.Set("User-Agent", ua)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"

// TestSendAndWaitApproval: the message carries signed Decline and Approve
// links to /webhook-waiting/<id>/<nodeId>; a tampered link is refused
// (401), a link preview (a bot) answers nothing and leaves the execution
// waiting, the Decline click resumes it with {"data":{"approved":false}}.
func TestSendAndWaitApproval(t *testing.T) {
	w := approvalWorkflow(t, `{"operation":"sendAndWait","sendTo":" boss@example.com ","subject":"Ship &amp; tell?","message":"Release 1.2\\nready","approvalOptions":{"values":{"approvalType":"double","disapproveLabel":"No"}},"options":{}}`)
	base, st, fake := serveApproval(t, w)
	resp, err := http.Post(base+"/webhook/approve", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rec := newestStatus(t, st, "waiting")
	html, m := sentHTML(t, fake)
	if got := m.Header.Get("To"); got != "boss@example.com" {
		t.Errorf("To = %q", got)
	}
	if got := m.Header.Get("Subject"); got != "Ship & tell?" {
		t.Errorf("Subject = %q", got)
	}
	if !strings.Contains(html, "Release 1.2\nready") || !strings.Contains(html, ">No</a>") || !strings.Contains(html, ">Approve</a>") {
		t.Errorf("message HTML lacks the text or the buttons:\n%s", html)
	}
	if !strings.Contains(html, "utm_campaign="+engine.InstanceIDFromKey("k")) {
		t.Errorf("no attribution with the instance id")
	}
	links := hrefRe.FindAllStringSubmatch(html, -1)
	var decline, approve string
	for _, l := range links {
		switch {
		case strings.Contains(l[1], "approved=false"):
			decline = l[1]
		case strings.Contains(l[1], "approved=true"):
			approve = l[1]
		}
	}
	prefix := approvalBase + "webhook-waiting/" + rec.ID + "/5b1c9d2e-aaaa-4bbb-8ccc-000000000001?approved="
	if !strings.HasPrefix(decline, prefix) || !strings.HasPrefix(approve, prefix) || strings.Index(html, decline) > strings.Index(html, approve) {
		t.Fatalf("links %q, %q; want them under %s, Decline first", decline, approve, prefix)
	}
	if code, _ := click(t, base, strings.Replace(approve, "approved=true", "approved=false", 1), browser); code != 401 {
		t.Errorf("tampered link answered %d, want 401", code)
	}
	if code, body := click(t, base, approve, "Slackbot-LinkExpanding 1.0"); code != 200 || body != "" {
		t.Errorf("bot answered %d %q, want 200 and nothing", code, body)
	}
	newestStatus(t, st, "waiting")
	code, body := click(t, base, decline, browser)
	if code != 200 || !strings.Contains(body, "<h1>Got it, thanks</h1>") {
		t.Fatalf("click answered %d %q", code, body)
	}
	done := newestStatus(t, st, "success")
	if !strings.Contains(string(done.Data), `"approved":false`) {
		t.Errorf("run data lacks the answer: %s", done.Data)
	}
}

// TestSendAndWaitInvalidAddress: n8n's error for a To with no or several
// addresses, before anything is sent.
func TestSendAndWaitInvalidAddress(t *testing.T) {
	w := approvalWorkflow(t, `{"operation":"sendAndWait","sendTo":"a@example.com, b@example.com","subject":"s","message":"m","options":{}}`)
	base, st, fake := serveApproval(t, w)
	resp, err := http.Post(base+"/webhook/approve", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rec := newestStatus(t, st, "error")
	if !strings.Contains(string(rec.Data), "Invalid email address") {
		t.Errorf("error: %s", rec.Data)
	}
	for _, r := range fake.Requests() {
		if strings.HasSuffix(r.Path, "/send") {
			t.Error("a message was sent")
		}
	}
}
