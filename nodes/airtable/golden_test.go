package airtable_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/apitest"
	fakeairtable "github.com/n8n-go/n8n-go/internal/fakes/airtable"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/airtable"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// suite is the Airtable goldens: workflows run by real n8n 1.123.81
// against the fake (testdata/airtable/record.sh).
var suite = apitest.Suite[*fakeairtable.Server, fakeairtable.Request]{
	Dir: "../../testdata/airtable",
	NewFake: func() *fakeairtable.Server {
		return fakeairtable.New(fakeairtable.Options{Tokens: []string{"patTEST.airtable-token"}})
	},
	Nodes: []engine.Node{manualtrigger.New(), code.New(), airtable.New()},
	Hosts: []string{"api.airtable.com"},
	// Method, path, query, content type, authorization, status and the
	// body as sent.
	Key: func(r fakeairtable.Request) string {
		return strings.Join([]string{r.Method, r.Path, r.RawQuery, r.ContentType, r.Auth,
			apitest.Status(r.Status), golden.CanonicalJSON(r.Body)}, " ")
	},
}

func TestGoldensFromN8n(t *testing.T) { suite.Test(t) }
