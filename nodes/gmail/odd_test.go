package gmail_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// TestOddParametersDoNotPanic runs parameter shapes n8n's UI never makes
// (wrong types, missing fields, malformed collections): each run ends,
// with or without an error, and never panics (the engine would report
// a panic as "internal error in node").
func TestOddParametersDoNotPanic(t *testing.T) {
	fake := seededFake(t, "none")
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cases := []map[string]any{
		{"sendTo": 42.0, "subject": []any{1.0}, "message": nil, "options": "x"},
		{"sendTo": "a@b.c", "options": map[string]any{"attachmentsUi": map[string]any{"attachmentsBinary": []any{map[string]any{}}}}},
		{"sendTo": "a@b.c", "options": map[string]any{"attachmentsUi": map[string]any{"attachmentsBinary": "data"}, "ccList": 7.0}},
		{"operation": "get", "messageId": map[string]any{"x": 1.0}},
		{"operation": "getAll", "filters": map[string]any{"receivedAfter": "not a date", "labelIds": "INBOX"}},
		{"operation": "getAll", "returnAll": "yes", "limit": "ten", "simple": false, "options": []any{}},
		{"operation": "addLabels", "messageId": "19b0000000000001", "labelIds": nil},
		{"operation": "reply", "messageId": "19b0000000000001", "options": map[string]any{"replyToSenderOnly": true, "replyToRecipientsOnly": true}},
		{"resource": "label", "operation": "create", "name": nil, "options": nil},
		{"resource": "draft", "operation": "create", "options": map[string]any{"threadId": "19b0000000000001", "sendTo": "x"}},
		{"resource": "draft", "operation": "getAll", "limit": -1.0},
		{"resource": "thread", "operation": "get", "threadId": "", "simple": "no"},
		{"resource": "nope"},
		{"operation": "nope"},
	}
	for i, params := range cases {
		doc := map[string]any{
			"nodes": []any{
				map[string]any{"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1.0, "position": []any{0.0, 0.0}, "parameters": map[string]any{}},
				map[string]any{"id": "g", "name": "Gmail", "type": "n8n-nodes-base.gmail", "typeVersion": 2.1, "position": []any{200.0, 0.0}, "parameters": params,
					"credentials": map[string]any{"gmailOAuth2": map[string]any{"id": "gmail-test", "name": "Gmail test"}}},
			},
			"connections": map[string]any{"Start": map[string]any{"main": []any{[]any{map[string]any{"node": "Gmail", "type": "main", "index": 0.0}}}}},
		}
		b, _ := json.Marshal(doc)
		w, err := workflow.Parse(b, "")
		if err != nil {
			t.Fatalf("case %d: parse: %v", i, err)
		}
		store := goldenStore(t)
		eng := enginetest.Engine(t, enginetest.Options{
			Nodes:       []engine.Node{manualtrigger.New(), gmail.New()},
			Expressions: expression.New(expression.Options{}),
			Credentials: store,
			Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
		})
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("case %d (%v): panic %v", i, params, p)
				}
			}()
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				return
			}
			// The engine turns a node panic into "internal error in node".
			if b, _ := json.Marshal(res); strings.Contains(string(b), "internal error in node") {
				t.Errorf("case %d (%v): the node panicked: %s", i, params, b)
			}
		}()
	}
}
