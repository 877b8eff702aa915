package gmail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// fakeClockMS is the Gmail fake's clock for messages added during the
// trigger tests: 2026-02-01T00:00:00Z, after every seeded message.
const fakeClockMS = 1769904000000

// triggerFake is the golden seed with the clock moved past its messages.
func triggerFake(t testing.TB) *fakegmail.Server {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed, err := data.ParseJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	seed.(*data.Object).Set("clock", float64(fakeClockMS))
	b, _ := data.MarshalValue(seed)
	fake := fakegmail.New(fakegmail.Options{Tokens: []string{"test-gmail-token"}})
	if err := fake.Seed(b); err != nil {
		t.Fatal(err)
	}
	return fake
}

func triggerWorkflow(version float64, params string) string {
	return `{"id":"wf-gmail-trigger","name":"Gmail poll","nodes":[
 {"parameters":` + params + `,"name":"Gmail Trigger","type":"n8n-nodes-base.gmailTrigger","typeVersion":` + jsNum(version) + `,"position":[0,0],"id":"t1","credentials":{"gmailOAuth2":{"id":"gmail-test","name":"Gmail test"}}},
 {"parameters":{},"name":"Next","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"id":"n1"}
],"connections":{"Gmail Trigger":{"main":[[{"node":"Next","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`
}

func jsNum(f float64) string { b, _ := json.Marshal(f); return string(b) }

func triggerEngine(t testing.TB, apiURL string, now func() time.Time) *engine.Engine {
	return enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{gmail.NewTrigger(), noop.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: goldenStore(t),
		Endpoints:   map[string]string{"www.googleapis.com": apiURL},
		Now:         now,
		MaxRetries:  -1,
	})
}

func requestLines(reqs []fakegmail.Request) []string {
	var out []string
	for _, r := range reqs {
		line := r.Method + " " + r.Path
		if r.RawQuery != "" {
			line += "?" + r.RawQuery
		}
		out = append(out, line)
	}
	return out
}

// addMessage delivers a message to the fake's inbox as Gmail would.
func addMessage(t testing.TB, apiURL, subject string) string {
	t.Helper()
	mime := "From: Zoe <zoe@example.com>\r\nTo: me@example.com\r\nSubject: " + subject + "\r\n\r\nHello\r\n"
	body, _ := json.Marshal(map[string]any{"raw": base64.URLEncoding.EncodeToString([]byte(mime)), "labelIds": []string{"INBOX", "UNREAD"}})
	req, _ := http.NewRequest(http.MethodPost, apiURL+"/gmail/v1/users/me/messages", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer test-gmail-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("insert: %d %v", resp.StatusCode, err)
	}
	return m.ID
}

// TestTriggerManual checks a run started from the trigger (manual and CLI
// mode) against n8n's poll in manual mode (GmailTrigger.node.js; `n8n
// execute` cannot start at a polling trigger, so there is no recording):
// maxResults=1 and no after:, the list query repeated on the message
// call with format, the labels call of simplifyOutput, one item.
func TestTriggerManual(t *testing.T) {
	cases := []struct {
		name, params string
		version      float64
		wantReqs     []string
		wantKeys     string
	}{
		{"simple", `{"filters":{"q":"subject:invoice","sender":"alice@example.com"},"pollTimes":{"item":[{"mode":"everyMinute"}]}}`, 1.2,
			[]string{
				"GET /gmail/v1/users/me/messages?maxResults=1&q=subject%3Ainvoice%20from%3Aalice%40example.com",
				"GET /gmail/v1/users/me/messages/{id}?maxResults=1&q=subject%3Ainvoice%20from%3Aalice%40example.com&format=metadata&metadataHeaders=From&metadataHeaders=To&metadataHeaders=Cc&metadataHeaders=Bcc&metadataHeaders=Subject",
				"GET /gmail/v1/users/me/labels",
			}, "id,threadId,snippet,payload,sizeEstimate,historyId,internalDate,labels,From,To,Subject"},
		{"raw", `{"simple":false,"filters":{"labelIds":["INBOX"]},"options":{"downloadAttachments":true},"pollTimes":{"item":[{"mode":"everyMinute"}]}}`, 1.3,
			[]string{
				"GET /gmail/v1/users/me/messages?maxResults=1&labelIds=INBOX&downloadAttachments=true",
				"GET /gmail/v1/users/me/messages/{id}?maxResults=1&labelIds=INBOX&downloadAttachments=true&format=raw",
			}, "id,threadId,labelIds,sizeEstimate,headers,text,textAsHtml,subject"},
	}
	for _, c := range cases {
		for _, mode := range []string{"manual", "cli"} {
			t.Run(c.name+"/"+mode, func(t *testing.T) {
				fake := triggerFake(t)
				api := httptest.NewServer(fake)
				defer api.Close()
				w, err := workflow.Parse([]byte(triggerWorkflow(c.version, c.params)), "")
				if err != nil {
					t.Fatal(err)
				}
				res, err := triggerEngine(t, api.URL, nil).Run(context.Background(), w, engine.RunOptions{Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != "success" {
					t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
				}
				out := res.Data.ResultData.RunData["Next"][0].Data.Main[0]
				if len(out) != 1 {
					t.Fatalf("items = %d, want 1", len(out))
				}
				id, _ := out[0].JSON.Value("id").(string)
				var keys []string
				for k := range out[0].JSON.All() {
					if out[0].JSON.Value(k) != data.Undefined {
						keys = append(keys, k)
					}
				}
				if got := strings.Join(keys, ","); !strings.HasPrefix(got, c.wantKeys) {
					t.Errorf("keys = %s, want prefix %s", got, c.wantKeys)
				}
				var want []string
				for _, r := range c.wantReqs {
					want = append(want, strings.ReplaceAll(r, "{id}", id))
				}
				if got := requestLines(fake.Requests()); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			})
		}
	}
}

// TestTriggerPolls drives scheduled polls with the workflow's static data:
// the first poll only notes the time, a new message is emitted once, and
// the next poll (whose after: covers the same second) skips it through
// possibleDuplicates. Version 1 keeps the data in the node's object,
// later versions under the node's name.
func TestTriggerPolls(t *testing.T) {
	for _, v := range []float64{1, 1.1, 1.2, 1.3} {
		t.Run(jsNum(v), func(t *testing.T) {
			fake := triggerFake(t)
			api := httptest.NewServer(fake)
			defer api.Close()
			now := time.UnixMilli(fakeClockMS).Add(-time.Hour)
			eng := triggerEngine(t, api.URL, func() time.Time { return now })
			w, err := workflow.Parse([]byte(triggerWorkflow(v, `{"filters":{}}`)), "")
			if err != nil {
				t.Fatal(err)
			}
			static := data.NewObject(0)
			poll := func() []data.Item {
				t.Helper()
				items, err := eng.Poll(context.Background(), w, "Gmail Trigger", static)
				if err != nil {
					t.Fatal(err)
				}
				return items
			}
			if items := poll(); items != nil {
				t.Fatalf("first poll emitted %d items", len(items))
			}
			id := addMessage(t, api.URL, "New order")
			items := poll()
			if len(items) != 1 || items[0].JSON.Value("id") != id || items[0].JSON.Value("Subject") != "New order" {
				b, _ := data.MarshalValue(items)
				t.Fatalf("second poll: %s", b)
			}
			if items := poll(); items != nil {
				t.Fatalf("third poll emitted %d items again", len(items))
			}
			b, _ := data.MarshalValue(static)
			want := `{"node:Gmail Trigger":{"lastTimeChecked":1769904000,"possibleDuplicates":["` + id + `"]}}`
			if v > 1 {
				want = `{"node:Gmail Trigger":{"Gmail Trigger":{"lastTimeChecked":1769904000,"possibleDuplicates":["` + id + `"]}}}`
			}
			if string(b) != want {
				t.Errorf("static data = %s, want %s", b, want)
			}
		})
	}
}

// TestTriggerServe activates the trigger in serve with a SQLite store:
// the activation poll emits nothing, a message added to the fake starts
// exactly one execution at the next poll, and after a restart of the
// server (same database) no poll runs it again.
func TestTriggerServe(t *testing.T) {
	fake := triggerFake(t)
	api := httptest.NewServer(fake)
	defer api.Close()
	dbPath := filepath.Join(t.TempDir(), "n8n.sqlite")
	clock := clockwork.NewFakeClockAt(time.UnixMilli(fakeClockMS).Add(-time.Hour))
	w, err := workflow.Parse([]byte(triggerWorkflow(1.2, `{"filters":{},"pollTimes":{"item":[{"mode":"everyMinute"}]}}`)), "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := func() (*server.Server, *store.DB) {
		st, err := store.Open(ctx, store.Config{URL: dbPath})
		if err != nil {
			t.Fatal(err)
		}
		eng := triggerEngine(t, api.URL, clock.Now)
		srv, err := server.New(server.Options{Engine: eng, Credentials: goldenStore(t), Store: st, Clock: clock,
			Random: func(int, int) int { return 0 }}, []*workflow.Workflow{w})
		if err != nil {
			t.Fatal(err)
		}
		srv.Start()
		return srv, st
	}
	stop := func(srv *server.Server, st *store.DB) {
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	tick := func() {
		t.Helper()
		if err := clock.BlockUntilContext(ctx, 1); err != nil {
			t.Fatal(err)
		}
		n := len(fake.Requests())
		clock.Advance(time.Minute)
		// The poll lists messages first; wait for it to finish.
		for deadline := time.Now().Add(10 * time.Second); len(fake.Requests()) == n; {
			if time.Now().After(deadline) {
				t.Fatal("no poll after a minute")
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
	}
	executions := func(st *store.DB) []store.Record {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; {
			list, err := st.List(ctx, store.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			running := false
			for _, r := range list {
				running = running || r.Status == "running"
			}
			if !running || time.Now().After(deadline) {
				return list
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	srv, st := start()
	if n := len(fake.Requests()); n != 1 {
		t.Fatalf("activation sent %d requests, want the one list call", n)
	}
	tick()
	if got := executions(st); len(got) != 0 {
		t.Fatalf("executions before a new message: %d", len(got))
	}
	id := addMessage(t, api.URL, "Ping")
	tick()
	got := executions(st)
	if len(got) != 1 || got[0].Status != "success" || got[0].Mode != "trigger" {
		t.Fatalf("executions after a new message: %+v", got)
	}
	full, err := st.Get(ctx, got[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(full.Data), id) || !strings.Contains(string(full.Data), `"Subject":"Ping"`) {
		t.Errorf("execution data lacks the message: %.400s", full.Data)
	}
	tick()
	if got := executions(st); len(got) != 1 {
		t.Fatalf("executions after a poll with nothing new: %d", len(got))
	}
	stop(srv, st)

	srv, st = start()
	tick()
	if got := executions(st); len(got) != 1 {
		t.Fatalf("executions after a restart: %d (the message was emitted again)", len(got))
	}
	stop(srv, st)
}

// BenchmarkTriggerPoll is a scheduled poll that finds 20 new messages
// (list, 20 metadata GETs, labels, simplify, duplicate bookkeeping):
// what serve does every minute per Gmail Trigger.
func BenchmarkTriggerPoll(b *testing.B) {
	fake := triggerFake(b)
	api := httptest.NewServer(fake)
	defer api.Close()
	for i := range 20 {
		addMessage(b, api.URL, "Order "+jsNum(float64(i)))
	}
	now := time.UnixMilli(fakeClockMS).Add(-time.Hour)
	eng := triggerEngine(b, api.URL, func() time.Time { return now })
	w, err := workflow.Parse([]byte(triggerWorkflow(1.2, `{"filters":{}}`)), "")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		static := data.NewObject(0)
		static.Set("node:Gmail Trigger", data.ObjectOf("Gmail Trigger", data.ObjectOf("lastTimeChecked", float64(now.Unix()))))
		items, err := eng.Poll(context.Background(), w, "Gmail Trigger", static)
		if err != nil || len(items) != 20 {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}
