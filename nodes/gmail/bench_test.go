package gmail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// BenchmarkGetAllSimplified is the most used read: Get Many with Return
// All and Simplify over 1,000 messages (10 list pages, 1,000 metadata
// GETs, one labels call, simplifying 1,000 items).
func BenchmarkGetAllSimplified(b *testing.B) {
	benchGetAll(b, true)
}

// BenchmarkGetAllRaw is Get Many with Simplify off: 1,000 raw messages
// parsed as mailparser does.
func BenchmarkGetAllRaw(b *testing.B) {
	benchGetAll(b, false)
}

func benchGetAll(b *testing.B, simple bool) {
	const n = 1000
	type msg struct {
		LabelIDs []string `json:"labelIds"`
		MIME     string   `json:"mime"`
	}
	seed := struct {
		Messages []msg `json:"messages"`
	}{}
	for i := range n {
		seed.Messages = append(seed.Messages, msg{[]string{"INBOX", "UNREAD"}, fmt.Sprintf(
			"From: Sender %d <s%d@example.com>\nTo: me@example.com\nSubject: Message %d\nDate: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <m%d@example.com>\nContent-Type: text/plain; charset=utf-8\n\nBody of message %d with a link https://example.com/%d.\n", i, i, i, i, i, i)})
	}
	doc, _ := json.Marshal(seed)
	fake := fakegmail.New(fakegmail.Options{})
	if err := fake.Seed(doc); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	store, err := credentials.Load("../../testdata/gmail/creds.json", nil)
	if err != nil {
		b.Fatal(err)
	}
	wf := fmt.Sprintf(`{"nodes":[{"id":"t","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	{"id":"g","name":"Gmail","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[200,0],
	 "parameters":{"operation":"getAll","returnAll":true,"simple":%v,"filters":{},"options":{}},"credentials":{"gmailOAuth2":{"id":"gmail-test","name":"Gmail test"}}}],
	"connections":{"Start":{"main":[[{"node":"Gmail","type":"main","index":0}]]}}}`, simple)
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	eng := enginetest.Engine(b, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), gmail.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
		Now:         func() time.Time { return time.Unix(1767225600, 0) },
	})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
		if err != nil {
			b.Fatal(err)
		}
		if res == nil {
			b.Fatal("no result")
		}
		fake.ResetLog()
	}
}
