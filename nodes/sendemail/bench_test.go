package sendemail_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/sendemail"
)

const sendWorkflow = `{"name":"b","nodes":[{"parameters":{"fromEmail":"sender@example.com","toEmail":"={{ $json.to }}","subject":"=Hello {{ $json.n }}","emailFormat":"both","text":"Plain body","html":"<p>HTML body é</p>","options":{}},"name":"Mail","type":"n8n-nodes-base.emailSend","typeVersion":2.1,"position":[0,0],"credentials":{"smtp":{"id":"smtp-test","name":"SMTP test"}}}],"connections":{}}`

func mailEngine(t testing.TB, port string) (*engine.Engine, *workflow.Workflow) {
	p := filepath.Join(t.TempDir(), "creds.json")
	creds := `[{"id":"smtp-test","name":"SMTP test","type":"smtp","data":{"user":"mailer","password":"secret","host":"127.0.0.1","port":` + port + `,"secure":false}}]`
	if err := os.WriteFile(p, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := credentials.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse([]byte(sendWorkflow), "")
	if err != nil {
		t.Fatal(err)
	}
	return enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{sendemail.New()},
		Expressions: expression.New(expression.Options{}), Credentials: store}), w
}

func mailItems(n int) []data.Item {
	items := make([]data.Item, n)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("to", "a@example.com", "n", float64(i))}
	}
	return items
}

// TestSendOverStartTLS sends two messages through STARTTLS with AUTH and
// checks what the server stored.
func TestSendOverStartTLS(t *testing.T) {
	srv, port, _ := fake(t)
	eng, w := mailEngine(t, port)
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "Mail", StartItems: mailItems(2)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Fatalf("status %s", res.Status)
	}
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("got %d messages", len(msgs))
	}
	m := msgs[1]
	if !m.TLS || m.User != "mailer" || m.From != "sender@example.com" || strings.Join(m.To, ",") != "a@example.com" {
		t.Errorf("envelope/session = %+v", m)
	}
	for _, want := range []string{"Subject: Hello 1\r\n", "Content-Type: multipart/alternative;", "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable", "HTML body =C3=A9"} {
		if !strings.Contains(m.Data, want) {
			t.Errorf("message lacks %q:\n%s", want, m.Data)
		}
	}
}

// BenchmarkSend100 sends 100 messages (text + HTML, STARTTLS, AUTH) in
// one run of the node.
func BenchmarkSend100(b *testing.B) {
	_, port, _ := fake(b)
	eng, w := mailEngine(b, port)
	items := mailItems(100)
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "Mail", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != "success" {
			b.Fatalf("status %s", res.Status)
		}
	}
}
