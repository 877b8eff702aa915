package gmail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
	"github.com/n8n-go/n8n-go/nodes/gmail"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// TestServiceAccount: with authentication serviceAccount the node signs an
// assertion with the googleApi key, exchanges it at Google's token URL
// (the token endpoint fake checks the signature) and reuses the token for
// the next node's requests.
func TestServiceAccount(t *testing.T) {
	var seed struct {
		OAuth json.RawMessage `json:"oauth"`
	}
	raw, err := os.ReadFile("../../testdata/googlesheets/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &seed); err != nil {
		t.Fatal(err)
	}
	oauth := fakegoogleoauth.New(fakegoogleoauth.Options{})
	if err := oauth.Seed(seed.OAuth); err != nil {
		t.Fatal(err)
	}
	tokenSrv := httptest.NewServer(oauth)
	defer tokenSrv.Close()
	// Gmail accepts only the first token the token endpoint grants (the
	// seed's next token number), so a request not signed with it fails.
	api := httptest.NewServer(fakegmail.New(fakegmail.Options{Tokens: []string{fmt.Sprintf("ya29.fake-%04d", nextToken(t, seed.OAuth))}}))
	defer api.Close()

	var creds []credentials.Credential
	raw, err = os.ReadFile("../../testdata/googlesheets/creds.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &creds); err != nil {
		t.Fatal(err)
	}
	var sa credentials.Credential
	for _, c := range creds {
		if c.Type == "googleApi" {
			sa = c
		}
	}
	store := credentials.New([]credentials.Credential{sa}, nil)
	ref := `{"googleApi":{"id":"` + sa.ID + `","name":"` + sa.Name + `"}}`
	wf := `{"nodes":[{"id":"t","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	{"id":"g","name":"Gmail","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[200,0],
	 "parameters":{"authentication":"serviceAccount","resource":"label","returnAll":true},"credentials":` + ref + `},
	{"id":"h","name":"Gmail2","type":"n8n-nodes-base.gmail","typeVersion":2.1,"position":[400,0],
	 "parameters":{"authentication":"serviceAccount","resource":"label","operation":"get","labelId":"INBOX"},"credentials":` + ref + `,"executeOnce":true}],
	"connections":{"Start":{"main":[[{"node":"Gmail","type":"main","index":0}]]},"Gmail":{"main":[[{"node":"Gmail2","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), gmail.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   map[string]string{"www.googleapis.com": api.URL, "oauth2.googleapis.com": tokenSrv.URL},
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Data.ResultData.Error != nil {
		t.Fatalf("run failed: %v", res.Data.ResultData.Error)
	}
	if g := oauth.Grants(); g != 1 {
		t.Fatalf("token grants = %d, want 1 (one assertion, the token reused by both nodes)", g)
	}
}

// nextToken is the number the token endpoint fake gives its next token.
func nextToken(t *testing.T, seed json.RawMessage) int {
	var st struct {
		NextToken int `json:"nextToken"`
	}
	if err := json.Unmarshal(seed, &st); err != nil {
		t.Fatal(err)
	}
	return max(st.NextToken, 1)
}
