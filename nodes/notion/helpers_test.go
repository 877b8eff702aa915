package notion_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/notion"
)

const testdata = "../../testdata/notion"

// Ids of the seed (testdata/notion/seed.json).
const (
	clientsDB = "1a878e40-f803-80e4-bc79-e24747562817"
	bucketsDB = "1a878e40-f803-80bf-a72a-d7373be374b2"
	tasksDB   = "1a878e40-f803-80e6-8df1-cf50776752da"
	everyDB   = "2b000000-0000-4000-8000-000000000001"
	manyDB    = "2b000000-0000-4000-8000-000000000002"
	homePage  = "3c000000-0000-4000-8000-000000000001"
	acme      = "1a878e40-f803-81c0-a000-000000000001"
	kitchen   = "1a878e40-f803-81e0-a000-000000000001"
)

func evaluator() engine.Evaluator {
	var ev any = expression.New(expression.Options{})
	if e, ok := ev.(engine.Evaluator); ok {
		return e
	}
	return noCheck{expression.New(expression.Options{})}
}

type noCheck struct{ *expression.Engine }

func (noCheck) Check(string) error { return nil }

// fixture is a seeded fake and its server.
type fixture struct {
	fake *fakenotion.Server
	srv  *httptest.Server
}

func newFixture(t testing.TB, opts fakenotion.Options) *fixture {
	t.Helper()
	seed, err := os.ReadFile(filepath.Join(testdata, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if opts.Tokens == nil {
		opts.Tokens = []string{"secret_notion_test"}
	}
	fake := fakenotion.New(opts)
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := fakenotion.Start(fake)
	t.Cleanup(srv.Close)
	return &fixture{fake: fake, srv: srv}
}

func (f *fixture) engineOptions(t testing.TB) enginetest.Options {
	store, err := credentials.Load(filepath.Join(testdata, "creds.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), noop.New(), notion.New()},
		Expressions: evaluator(),
		Credentials: store,
		Endpoints:   map[string]string{"api.notion.com": f.srv.URL},
		Mode:        "cli",
	}
}

// nodeJSON is one workflow node.
type nodeJSON struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	TypeVersion float64           `json:"typeVersion"`
	Parameters  map[string]any    `json:"parameters"`
	Credentials map[string]any    `json:"credentials,omitempty"`
	OnError     string            `json:"onError,omitempty"`
	Position    []float64         `json:"position"`
	ID          string            `json:"id"`
	Extra       map[string]string `json:"-"`
}

func notionNode(name string, version float64, params map[string]any) nodeJSON {
	return nodeJSON{Name: name, Type: "n8n-nodes-base.notion", TypeVersion: version, Parameters: params,
		Credentials: map[string]any{"notionApi": map[string]any{"id": "notion-test", "name": "Notion test"}},
		Position:    []float64{200, 0}, ID: strings.ReplaceAll(strings.ToLower(name), " ", "-")}
}

// chain builds a workflow Trigger → nodes[0] → nodes[1] → ….
func chain(nodes ...nodeJSON) string {
	all := append([]nodeJSON{{Name: "Trigger", Type: "n8n-nodes-base.manualTrigger", TypeVersion: 1,
		Parameters: map[string]any{}, Position: []float64{0, 0}, ID: "trigger"}}, nodes...)
	conns := map[string]any{}
	for i := 0; i+1 < len(all); i++ {
		conns[all[i].Name] = map[string]any{"main": []any{[]any{map[string]any{"node": all[i+1].Name, "type": "main", "index": 0}}}}
	}
	b, _ := json.Marshal(map[string]any{"name": "notion test", "nodes": all, "connections": conns,
		"settings": map[string]any{"executionOrder": "v1"}})
	return string(b)
}

// run runs a workflow; with items, it starts at start with them.
func (f *fixture) run(t testing.TB, wf, start string, items ...map[string]any) *engine.Result {
	t.Helper()
	o := f.engineOptions(t)
	if start != "" {
		o.Start = start
		for _, it := range items {
			o.StartItems = append(o.StartItems, data.Item{JSON: data.FromMap(it)})
		}
	}
	return enginetest.Run(t, wf, o)
}

// one runs a single Notion node (v2.2) on the given input items (one
// empty item when none).
func (f *fixture) one(t testing.TB, params map[string]any, items ...map[string]any) ([]*data.Object, *engine.Result) {
	t.Helper()
	return f.oneVersion(t, 2.2, "", params, items...)
}

func (f *fixture) oneVersion(t testing.TB, version float64, onError string, params map[string]any, items ...map[string]any) ([]*data.Object, *engine.Result) {
	t.Helper()
	n := notionNode("Notion", version, params)
	n.OnError = onError
	if len(items) == 0 {
		items = []map[string]any{{}}
	}
	res := f.run(t, chain(n), "Notion", items...)
	return enginetest.JSONs(enginetest.Output(res, "Notion", 0, 0)), res
}

// bodies returns the raw request bodies the fake received (method path body).
func (f *fixture) bodies() []string {
	var out []string
	for _, r := range f.fake.Requests() {
		line := r.Method + " " + r.Path
		if r.RawQuery != "" {
			line += "?" + r.RawQuery
		}
		if len(r.Raw) > 0 {
			line += " " + string(r.Raw)
		}
		out = append(out, line)
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func runError(res *engine.Result) string {
	if res.Data.ResultData.Error == nil {
		return ""
	}
	e := res.Data.ResultData.Error
	return fmt.Sprintf("%s: %s | %s | %s", e.Name, e.Message, e.Description, e.HTTPCode)
}

func decodeMap(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}
	return m
}

func dataItem(m map[string]any) data.Item { return data.Item{JSON: data.FromMap(m)} }
