package clockify_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	"github.com/n8n-go/n8n-go/nodes/clockify"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

const templatePath = "../../workflows/notion-clockify-sync.json"

// templateNode returns the template's node called name, parameters and
// credentials exactly as in the file.
func templateNode(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Nodes []map[string]any `json:"nodes"`
	}
	if err := json.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	for _, n := range wf.Nodes {
		if n["name"] == name {
			return n
		}
	}
	t.Fatalf("template has no node %q", name)
	return nil
}

// harness builds a workflow Start → pinned NoOps named like the nodes the
// template node's expressions reference → the template node. Each pinned
// stage holds the given items (json only), paired one-to-one with the
// previous stage (or all with item 0 when the previous stage has one item).
type stage struct {
	name  string
	items []map[string]any
}

func harness(t testing.TB, node map[string]any, stages []stage) string {
	t.Helper()
	node = cloneMap(node)
	node["position"] = []any{1000, 0}
	delete(node, "retryOnFail")
	nodes := []any{map[string]any{"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": []any{0, 0}, "parameters": map[string]any{}}}
	conns := map[string]any{}
	pin := map[string]any{}
	// A relay repeating the last stage keeps every referenced node at least
	// two hops away, which also covers the executor gap of requests #1.
	if len(stages) > 0 {
		stages = append(stages, stage{"Relay", stages[len(stages)-1].items})
	}
	prev, prevLen := "Start", 1
	for i, s := range stages {
		nodes = append(nodes, map[string]any{"name": s.name, "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": []any{100 * (i + 1), 0}, "parameters": map[string]any{}})
		conns[prev] = map[string]any{"main": []any{[]any{map[string]any{"node": s.name, "type": "main", "index": 0}}}}
		var items []any
		for j, js := range s.items {
			p := j
			if prevLen == 1 {
				p = 0
			}
			items = append(items, map[string]any{"json": js, "pairedItem": map[string]any{"item": p}})
		}
		pin[s.name] = items
		prev, prevLen = s.name, len(s.items)
	}
	nodes = append(nodes, node)
	conns[prev] = map[string]any{"main": []any{[]any{map[string]any{"node": node["name"], "type": "main", "index": 0}}}}
	wf := map[string]any{"name": "harness", "nodes": nodes, "connections": conns, "pinData": pin, "settings": map[string]any{"executionOrder": "v1"}}
	b, err := json.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func cloneMap(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

type templateEnv struct {
	fake  *fakeclockify.Server
	url   string
	ws    string
	store *credentials.Store
}

func newTemplateEnv(t testing.TB) *templateEnv {
	t.Helper()
	fake := fakeclockify.New(fakeclockify.Options{APIKeys: []string{"k"}})
	ws := fake.AddWorkspace("Main")
	fake.AddWorkspace("Second")
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	// The template's credential reference is the placeholder id
	// "credential-id"; it resolves as the only clockifyApi credential.
	store := credentials.New([]credentials.Credential{{ID: "real", Name: "Clockify", Type: "clockifyApi", Data: map[string]any{"apiKey": "k"}}}, nil)
	return &templateEnv{fake: fake, url: srv.URL, ws: ws, store: store}
}

func (e *templateEnv) run(t testing.TB, wf string) *engine.Result {
	t.Helper()
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), noop.New(), clockify.New(), httprequest.New()},
		Expressions: evaluator(), Credentials: e.store,
		Endpoints: map[string]string{"api.clockify.me": e.url},
	})
	e.fake.ResetLog()
	// manual mode: pinned data is used (n8n's CLI mode ignores it).
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return res
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reqLine is "METHOD path?query body" for a logged request.
func reqLine(r fakeclockify.Request) string {
	s := r.Method + " " + r.Path
	if r.RawQuery != "" {
		s += "?" + r.RawQuery
	}
	if r.RawBody != "" {
		s += " " + r.RawBody
	}
	return s
}

func TestTemplateNodes(t *testing.T) {
	env := newTemplateEnv(t)
	ws := env.ws
	globals := stage{"Globals", []map[string]any{{"workspace_id": ws}}}
	f := env.fake
	// Entities the nodes work on.
	var clientIDs []string
	for _, n := range []string{"Acme", "Beta Corp", "Gamma"} {
		clientIDs = append(clientIDs, f.AddClient(ws, n, false))
	}
	for i := 0; i < 52; i++ {
		f.AddClient(ws, "Bulk "+string(rune('A'+i%26))+string(rune('a'+i/26)), false)
	}
	f.AddClient(ws, "Archived one", true)
	projA := f.AddProject(ws, "Website", clientIDs[0], false)
	projB := f.AddProject(ws, "App", clientIDs[1], false)
	f.AddProject(ws, "Old", "", true)
	task1 := f.AddTask(projA, "Design", "ACTIVE")
	f.AddTask(projA, "Done already", "DONE")
	task3 := f.AddTask(projB, "Ship", "ACTIVE")

	cases := []struct {
		node   string
		stages []stage
		want   []string // request lines, in order
		items  int      // output items of the node (-1: node fails)
		errMsg string
	}{
		{"Get first workspace ID", nil, []string{"GET /api/v1//workspaces"}, 1, ""},
		{"Get active Clients from Clockify", []stage{globals}, []string{
			"GET /api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=1",
			"GET /api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=2",
			"GET /api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=3",
		}, 55, ""},
		{"Create Client in Clockify", []stage{globals, {"Some input", []map[string]any{{"name": "New Client"}}}},
			[]string{"POST /api/v1//workspaces/" + ws + "/clients {\"name\":\"New Client\"}"}, 1, ""},
		{"Update Client in Clockify", []stage{globals, {"Compare Datasets", []map[string]any{{"name": "Acme Ltd", "archived": true, "clockify_client_id": clientIDs[0]}}}},
			[]string{"PUT /api/v1//workspaces/" + ws + "/clients/" + clientIDs[0] + " {\"name\":\"Acme Ltd\",\"archived\":true}"}, 1, ""},
		{"Remove Client from Clockify", []stage{globals, {"Create Client in Clockify", []map[string]any{{"id": clientIDs[0]}}}},
			[]string{"DELETE /api/v1//workspaces/" + ws + "/clients/" + clientIDs[0] + " {}"}, 1, ""},
		{"Get active Projects from Clockify", []stage{globals}, []string{
			"GET /api/v1//workspaces/" + ws + "/projects?archived=false&page-size=50&page=1",
			"GET /api/v1//workspaces/" + ws + "/projects?archived=false&page-size=50&page=2",
		}, 2, ""},
		{"Get active Projects from Clockify1", []stage{globals, {"Other", []map[string]any{{"x": 1}}}}, []string{
			"GET /api/v1//workspaces/" + ws + "/projects?archived=false&page-size=50&page=1",
			"GET /api/v1//workspaces/" + ws + "/projects?archived=false&page-size=50&page=2",
		}, 2, ""},
		{"Get active Tasks from Clockify", []stage{globals, {"Projects", []map[string]any{{"id": projA}, {"id": projB}}}}, []string{
			"GET /api/v1//workspaces/" + ws + "/projects/" + projA + "/tasks?is-active=true&page-size=50&page=1",
			"GET /api/v1//workspaces/" + ws + "/projects/" + projA + "/tasks?is-active=true&page-size=50&page=2",
			"GET /api/v1//workspaces/" + ws + "/projects/" + projB + "/tasks?is-active=true&page-size=50&page=1",
			"GET /api/v1//workspaces/" + ws + "/projects/" + projB + "/tasks?is-active=true&page-size=50&page=2",
		}, 2, ""},
		{"Create Task in Clockify", []stage{globals, {"Tasks in", []map[string]any{{"name": "Write docs", "clockify_project_id": projB}}}},
			[]string{"POST /api/v1//workspaces/" + ws + "/projects/" + projB + "/tasks {\"name\":\"Write docs\"}"}, 1, ""},
		{"Update Task in Clockify", []stage{globals, {"Compare Datasets2", []map[string]any{{"name": "Design v2", "archived": true, "clockify_task_id": task1, "clockify_project_id": projA}}}},
			[]string{"PUT /api/v1//workspaces/" + ws + "/projects/" + projA + "/tasks/" + task1 + " {\"name\":\"Design v2\",\"status\":\"DONE\"}"}, 1, ""},
		{"Remove Task from Clockify", []stage{globals, {"Compare Datasets2", []map[string]any{{"clockify_task_id": task3, "clockify_project_id": projB}}}},
			[]string{"DELETE /api/v1//workspaces/" + ws + "/projects/" + projB + "/tasks/" + task3 + " {}"}, 1, ""},
		// Template bug kept: resource client with a project id, and an empty
		// id for an unmapped project.
		{"Remove Project from Clockify", []stage{globals, {"Compare Datasets1", []map[string]any{{"clockify_project_id": ""}}}},
			[]string{"DELETE /api/v1//workspaces/" + ws + "/clients/ {}"}, -1, "Method not allowed - please check you are using the right HTTP method"},
		{"Create Project in Clockify", []stage{globals, {"Get active Projects from Notion", []map[string]any{{"name": "Mobile"}}}, {"Map", []map[string]any{{"archived": false, "clockify_client_id": clientIDs[2]}}}},
			[]string{"POST /api/v1/workspaces/" + ws + "/projects {\"archived\":false,\"clientId\":\"" + clientIDs[2] + "\",\"name\":\"Mobile\"}"}, 1, ""},
		{"Update Project in Clockify", []stage{globals, {"Compare Datasets1", []map[string]any{{"clockify_project_id": projB, "clockify_client_id": clientIDs[1]}}}, {"Map", []map[string]any{{"archived": true, "name": "App 2"}}}},
			[]string{"PUT /api/v1/workspaces/" + ws + "/projects/" + projB + " {\"archived\":true,\"clientId\":\"" + clientIDs[1] + "\",\"name\":\"App 2\"}"}, 1, ""},
		// A name with a double quote breaks the templated JSON body.
		{"Update Project in Clockify", []stage{globals, {"Compare Datasets1", []map[string]any{{"clockify_project_id": projB, "clockify_client_id": clientIDs[1]}}}, {"Map", []map[string]any{{"archived": false, "name": `Say "hi"`}}}},
			nil, -1, "JSON parameter needs to be valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.node, func(t *testing.T) {
			node := templateNode(t, c.node)
			res := env.run(t, harness(t, node, c.stages))
			var got []string
			for _, r := range env.fake.Requests() {
				got = append(got, reqLine(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("requests:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			for _, r := range env.fake.Requests() {
				if !r.HasAPIKey || r.ContentType != "application/json" {
					t.Errorf("%s: api key %v, content type %q", reqLine(r), r.HasAPIKey, r.ContentType)
				}
			}
			name, _ := node["name"].(string)
			runs := res.Data.ResultData.RunData[name]
			if len(runs) != 1 {
				t.Fatalf("node ran %d times", len(runs))
			}
			if c.items < 0 {
				if runs[0].Error == nil || runs[0].Error.Message != c.errMsg {
					t.Errorf("error %+v, want %q", runs[0].Error, c.errMsg)
				}
				return
			}
			if runs[0].Error != nil {
				t.Fatalf("node failed: %+v", runs[0].Error)
			}
			out := enginetest.Output(res, name, 0, 0)
			if len(out) != c.items {
				t.Errorf("%d output items, want %d", len(out), c.items)
			}
			for i, it := range out {
				if !it.Paired.IsSet() || it.JSON.Value("id") == nil {
					t.Errorf("item %d: %s", i, mustJSON(t, it))
				}
			}
		})
	}
}
