package engine_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/scope"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// httpNode calls its "url" parameter; it stands for any API node.
type httpNode struct{}

func (httpNode) Describe() engine.Description {
	return engine.Description{Type: "test.http", Versions: []float64{1},
		Credentials: func(engine.Params, float64) []string { return []string{"testApi"} }}
}

func (httpNode) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	u, err := ex.ParamString("url", 0)
	if err != nil {
		return nil, err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := ex.HTTP("testApi").Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return [][]data.Item{ex.Input(0)}, nil
}

// strictEval rejects any expression containing "((" as a syntax error.
type strictEval struct{}

func (strictEval) Evaluate(context.Context, string, scope.Data) (any, error) { return "x", nil }
func (strictEval) Check(p string) error {
	if strings.Contains(p, "((") {
		return errors.New("unexpected token at 5")
	}
	return nil
}

type noCreds struct{}

func (noCreds) Resolve(typ string, _ *workflow.CredentialRef) (map[string]any, error) {
	return nil, errors.New("no credential of type " + typ + " was given")
}

func TestValidateListsEveryProblemAndCallsNoAPI(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	wf := `{"name":"bad","nodes":[
	  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	  {"name":"Call","type":"test.http","typeVersion":1,"position":[200,0],"parameters":{"url":"` + srv.URL + `"}},
	  {"name":"Odd","type":"n8n-nodes-base.unknownThing","typeVersion":1,"position":[0,0],"parameters":{}},
	  {"name":"Old","type":"n8n-nodes-base.noOp","typeVersion":7,"position":[0,0],"parameters":{}},
	  {"name":"Dup","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{"v":"={{ ((1 }}"}},
	  {"name":"Dup","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}}],
	 "connections":{"Start":{"main":[[{"node":"Call","type":"main","index":0},{"node":"Ghost","type":"main","index":0}]]},
	                "Nowhere":{"main":[[{"node":"Call","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatal(err)
	}
	e := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), noop.New(), httpNode{}},
		Expressions: strictEval{}, Credentials: noCreds{},
	})
	_, err = e.Run(context.Background(), w, engine.RunOptions{})
	var ve *engine.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a ValidationError", err)
	}
	want := []string{
		`node "Call": credential testApi: no credential of type testApi was given`,
		`node type n8n-nodes-base.unknownThing (typeVersion 1) is not implemented by n8n-go (used by "Odd")`,
		`node "Old": n8n-nodes-base.noOp typeVersion 7 is not supported (supported: 1)`,
		`node "Dup": parameter v: expression does not parse: unexpected token at 5`,
		`node "Dup": the name is used by more than one node`,
		`connections: a connection starts at node "Nowhere", which does not exist`,
		`connections: "Start" output 0 (main) goes to node "Ghost", which does not exist`,
	}
	if len(ve.Problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(ve.Problems), len(want), strings.Join(ve.Problems, "\n"))
	}
	for _, w := range want {
		found := false
		for _, p := range ve.Problems {
			if strings.Contains(p, w) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem %q in:\n%s", w, strings.Join(ve.Problems, "\n"))
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("validation failure still made %d HTTP requests", hits.Load())
	}
}
