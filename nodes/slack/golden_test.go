package slack_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/apitest"
	fakeslack "github.com/n8n-go/n8n-go/internal/fakes/slack"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/slack"
)

// suite is the Slack goldens: workflows run by real n8n 1.123.81 against
// the fake (testdata/slack/record.sh).
var suite = apitest.Suite[*fakeslack.Server, fakeslack.Request]{
	Dir: "../../testdata/slack",
	NewFake: func() *fakeslack.Server {
		return fakeslack.New(fakeslack.Options{Tokens: []string{"xoxb-test-slack-token"}})
	},
	Nodes: []engine.Node{manualtrigger.New(), code.New(), slack.New()},
	Hosts: []string{"slack.com", "files.slack.com"},
	Key:   requestKey,
}

func TestGoldensFromN8n(t *testing.T) { suite.Test(t) }

// requestKey is what must match, in order: method, path, query, content
// type, authorization, status and the body as sent.
func requestKey(r fakeslack.Request) string {
	return strings.Join([]string{r.Method, r.Path, r.RawQuery, r.ContentType, r.Auth,
		apitest.Status(r.Status), golden.CanonicalJSON(r.Body)}, " ")
}
