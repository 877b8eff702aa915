package telegramtrigger_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	faketelegram "github.com/n8n-go/n8n-go/internal/fakes/telegram"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/telegram"
	"github.com/n8n-go/n8n-go/nodes/telegramtrigger"
)

// memStore keeps the executions serve stores.
type memStore struct {
	mu   sync.Mutex
	recs []store.Record
}

func (m *memStore) Begin(_ context.Context, r store.Record) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r.ID = strings.Repeat("1", len(m.recs)+1)
	m.recs = append(m.recs, r)
	return r.ID, nil
}

func (m *memStore) Save(_ context.Context, r store.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.recs {
		if m.recs[i].ID == r.ID {
			m.recs[i] = r
		}
	}
	return nil
}

func (m *memStore) done() []store.Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Record
	for _, r := range m.recs {
		if r.Status != "" && r.Status != "running" {
			out = append(out, r)
		}
	}
	return out
}

const triggerWorkflow = `{"id":"wf-tg","name":"Telegram echo","nodes":[
 {"parameters":{"updates":["message"],"additionalFields":{}},"name":"Telegram Trigger","type":"n8n-nodes-base.telegramTrigger","typeVersion":1.2,"position":[0,0],"id":"trigger-node-id","webhookId":"tg-hook-1","credentials":{"telegramApi":{"id":"telegram-test","name":"Telegram test"}}},
 {"parameters":{"chatId":"={{ $json.message.chat.id }}","text":"=You said: {{ $json.message.text }}","additionalFields":{"appendAttribution":false}},"name":"Reply","type":"n8n-nodes-base.telegram","typeVersion":1.2,"position":[200,0],"id":"reply","credentials":{"telegramApi":{"id":"telegram-test","name":"Telegram test"}}}
],"connections":{"Telegram Trigger":{"main":[[{"node":"Reply","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`

// TestTriggerThroughServe activates the trigger in serve against the fake
// Bot API (setWebhook with the update types and secret token), sends an
// update as Telegram would (and one without the secret), checks the run
// replied through the API, and that stopping deletes the webhook.
func TestTriggerThroughServe(t *testing.T) {
	fake := faketelegram.New(faketelegram.Options{Tokens: []string{"123456789:TEST-telegram-token"}})
	seed := `{"chats":[{"id":1001,"first_name":"Ada","username":"ada_l","type":"private"}],"nextMessageId":10}`
	if err := fake.Seed([]byte(seed)); err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(fake)
	defer api.Close()
	creds, err := credentials.Load(filepath.Join("..", "..", "testdata", "telegram", "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{telegramtrigger.New(), telegram.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: creds,
		Endpoints:   map[string]string{"api.telegram.org": api.URL},
	})
	w, err := workflow.Parse([]byte(triggerWorkflow), "")
	if err != nil {
		t.Fatal(err)
	}
	st := &memStore{}
	srv, err := server.New(server.Options{Engine: eng, Credentials: creds, BaseURL: "https://bot.example.com", Store: st}, []*workflow.Workflow{w})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Routes(); len(got) != 1 || got[0] != "POST /webhook/tg-hook-1/webhook" {
		t.Fatalf("routes = %v", got)
	}
	srv.Start()
	hook := fake.Webhook()
	if hook == nil {
		t.Fatal("serve did not call setWebhook")
	}
	b, _ := data.MarshalValue(hook)
	const wantHook = `{"url":"https://bot.example.com/webhook/tg-hook-1/webhook","allowed_updates":["message"],"secret_token":"wf-tg_trigger-node-id"}`
	if string(b) != wantHook {
		t.Fatalf("webhook registration = %s, want %s", b, wantHook)
	}
	front := httptest.NewServer(srv.Handler())
	defer front.Close()
	u, _ := url.Parse(hook.Value("url").(string))
	update := `{"update_id":900001,"message":{"message_id":7,"from":{"id":1001,"is_bot":false,"first_name":"Ada"},"chat":{"id":1001,"first_name":"Ada","username":"ada_l","type":"private"},"date":1767225700,"text":"ping"}}`
	post := func(secret string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, front.URL+u.Path, strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set(telegramtrigger.SecretHeader, secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := post("wrong"); code != 403 || body != `{"message":"Provided secret is not valid"}` {
		t.Fatalf("wrong secret: %d %s", code, body)
	}
	if code, body := post(hook.Value("secret_token").(string)); code != 200 || body != `{"message":"Workflow was started"}` {
		t.Fatalf("update: %d %s", code, body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(st.done()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	recs := st.done()
	if len(recs) != 1 || recs[0].Status != "success" {
		t.Fatalf("executions = %+v", recs)
	}
	type run struct {
		ResultData struct {
			RunData map[string][]struct {
				Data struct {
					Main [][]struct {
						JSON json.RawMessage `json:"json"`
					} `json:"main"`
				} `json:"data"`
			} `json:"runData"`
		} `json:"resultData"`
	}
	var rec struct {
		Data run `json:"data"`
	}
	if err := json.Unmarshal(recs[0].Data, &rec); err != nil {
		t.Fatalf("record data: %v", err)
	}
	trig := rec.Data.ResultData.RunData["Telegram Trigger"]
	if len(trig) != 1 || string(trig[0].Data.Main[0][0].JSON) != update {
		t.Fatalf("trigger output = %+v\n%s", trig, recs[0].Data[:min(len(recs[0].Data), 600)])
	}
	if !strings.Contains(string(fake.Dump()), `"text": "You said: ping"`) {
		t.Fatalf("the reply was not sent: %s", fake.Dump())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if fake.Webhook() != nil {
		t.Fatal("Shutdown did not delete the webhook")
	}
	var methods []string
	for _, r := range fake.Requests() {
		methods = append(methods, r.APIMethod)
	}
	if got := strings.Join(methods, ","); got != "getWebhookInfo,setWebhook,sendMessage,deleteWebhook" {
		t.Fatalf("API calls = %s", got)
	}
}
