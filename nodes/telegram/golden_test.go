package telegram_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/apitest"
	faketelegram "github.com/n8n-go/n8n-go/internal/fakes/telegram"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/telegram"
)

// suite is the Telegram goldens: workflows run by real n8n 1.123.81
// against the fake (testdata/telegram/record.sh).
var suite = apitest.Suite[*faketelegram.Server, faketelegram.Request]{
	Dir: "../../testdata/telegram",
	NewFake: func() *faketelegram.Server {
		return faketelegram.New(faketelegram.Options{Tokens: []string{"123456789:TEST-telegram-token"}})
	},
	Nodes: []engine.Node{manualtrigger.New(), code.New(), telegram.New()},
	Hosts: []string{"api.telegram.org"},
	// Method, path, query, content type, token presence, status and the
	// body as sent.
	Key: func(r faketelegram.Request) string {
		return strings.Join([]string{r.Method, r.Path, r.RawQuery, r.ContentType,
			map[bool]string{true: "token", false: "notoken"}[r.HasToken], apitest.Status(r.Status), golden.CanonicalJSON(r.Body)}, " ")
	},
}

func TestGoldensFromN8n(t *testing.T) { suite.Test(t) }
