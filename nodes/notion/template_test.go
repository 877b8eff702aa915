package notion_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
)

// templateNode returns one Notion node of the template, with its exact
// parameters.
func templateNode(t *testing.T, name string) nodeJSON {
	t.Helper()
	b, err := os.ReadFile("../../workflows/notion-clockify-sync.json")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Nodes []struct {
			Name        string         `json:"name"`
			Type        string         `json:"type"`
			TypeVersion float64        `json:"typeVersion"`
			Parameters  map[string]any `json:"parameters"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	for _, n := range wf.Nodes {
		if n.Name == name {
			if n.Type != "n8n-nodes-base.notion" {
				t.Fatalf("%s is a %s", name, n.Type)
			}
			return notionNode(name, n.TypeVersion, n.Parameters)
		}
	}
	t.Fatalf("template has no node %q", name)
	return nodeJSON{}
}

// TestTemplateGetAll runs the template's six getAll nodes with their exact
// parameters and checks the request bodies against what n8n sends
// (template-analysis §5.2, n8n's mapFilters) and the simplified output.
func TestTemplateGetAll(t *testing.T) {
	query := func(db string) string { return "POST /v1/databases/" + db + "/query " }
	cases := []struct {
		node  string
		input map[string]any
		want  []string
		names []string
		check func(t *testing.T, out []*data.Object)
	}{
		{
			node:  "Get active Clients from Notion",
			want:  []string{query(clientsDB) + `{"filter":{"and":[{"property":"Archive","checkbox":{"equals":false}}]},"sorts":[]}`},
			names: []string{"Acme", "Globex"},
			check: func(t *testing.T, out []*data.Object) {
				// n8n's order: id, name, url, then the properties in the
				// answer's order (the fake lists them sorted).
				want := data.ObjectOf("id", acme, "name", "Acme", "url", "https://www.notion.so/Acme-1a878e40f80381c0a000000000000001",
					"property_archive", false, "property_clockify_client_id", "cl-acme", "property_name", "Acme")
				if mustJSON(out[0]) != mustJSON(want) {
					t.Errorf("item 0 = %s\nwant %s", mustJSON(out[0]), mustJSON(want))
				}
			},
		},
		{
			node:  "Get archived Client from Notion",
			input: map[string]any{"clockify_client_id": "cl-initech"},
			want:  []string{query(clientsDB) + `{"filter":{"or":[{"property":"Clockify Client ID","text":{"equals":"cl-initech"}}]},"sorts":[],"page_size":1}`},
			names: []string{"Initech"},
		},
		{
			node:  "Get active Projects from Notion",
			want:  []string{query(bucketsDB) + `{"filter":{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},{"property":"Status","status":{"does_not_equal":"Obsolete"}},{"property":"Clients","relation":{"is_not_empty":true}}]},"sorts":[]}`},
			names: []string{"Website", "Support"},
			check: func(t *testing.T, out []*data.Object) {
				if got := mustJSON(out[1].Value("property_clockify_client_id")); got != `["",""]` && got != `["","cl-acme"]` {
					t.Errorf("Support's rollup = %s", got)
				}
				if got := mustJSON(out[0].Value("property_clockify_client_id")); got != `["cl-acme"]` {
					t.Errorf("Website's rollup of text = %s", got)
				}
				if out[0].Value("property_status") != "In progress" || mustJSON(out[0].Value("property_clients")) != `["`+acme+`"]` {
					t.Errorf("Website = %s", mustJSON(out[0]))
				}
			},
		},
		{
			node:  "Get completed Project from Notion",
			input: map[string]any{"clockify_project_id": "pr-mig"},
			want:  []string{query(bucketsDB) + `{"filter":{"and":[{"property":"Clockify Project ID","text":{"equals":"pr-mig"}}]},"sorts":[]}`},
			names: []string{"Migration"},
		},
		{
			node:  "Get active Tasks from Notion",
			want:  []string{query(tasksDB) + `{"filter":{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},{"property":"Status","status":{"does_not_equal":"Obsolete"}},{"property":"Clients","rollup":{"any":{"select":{"is_not_empty":true}}}}]},"sorts":[]}`},
			names: []string{"Design", "Triage"},
			check: func(t *testing.T, out []*data.Object) {
				if got := mustJSON(out[0].Value("property_clockify_project_id")); got != `["pr-web"]` {
					t.Errorf("Design's project id rollup = %s", got)
				}
				if got := mustJSON(out[0].Value("property_clients")); got != `["`+acme+`"]` {
					t.Errorf("Design's clients rollup of a relation = %s", got)
				}
			},
		},
		{
			node:  "Get completed Task from Notion",
			input: map[string]any{"clockify_task_id": "tk-1"},
			want:  []string{query(tasksDB) + `{"filter":{"and":[{"property":"Clockify Task ID","text":{"equals":"tk-1"}}]},"sorts":[]}`},
			names: []string{"Design"},
		},
	}
	for _, c := range cases {
		t.Run(c.node, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			n := templateNode(t, c.node)
			input := c.input
			if input == nil {
				input = map[string]any{}
			}
			res := f.run(t, chain(n), c.node, input)
			if e := runError(res); e != "" {
				t.Fatalf("run failed: %s", e)
			}
			if got := f.bodies(); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for _, r := range f.fake.Requests() {
				if r.NotionVersion != "2021-08-16" || !r.HasAuth || r.ContentType != "application/json" {
					t.Errorf("headers: version %q auth %v content-type %q", r.NotionVersion, r.HasAuth, r.ContentType)
				}
			}
			items := enginetest.Output(res, c.node, 0, 0)
			out := enginetest.JSONs(items)
			var names []string
			for i, it := range items {
				names = append(names, it.JSON.Value("name").(string))
				if mustJSON(it.Paired) != `{"item":0}` {
					t.Errorf("item %d pairedItem %s", i, mustJSON(it.Paired))
				}
			}
			if strings.Join(names, "|") != strings.Join(c.names, "|") {
				t.Errorf("names %q, want %q", names, c.names)
			}
			if c.check != nil && len(out) == len(c.names) {
				c.check(t, out)
			}
		})
	}
}

// TestTemplateUpdate runs the template's three update nodes behind the
// getAll node their pageId expression names, with their exact parameters.
func TestTemplateUpdate(t *testing.T) {
	cases := []struct{ source, update, property string }{
		{"Get active Clients from Notion", "Store Clockify ID in Notion", "Clockify Client ID"},
		{"Get active Projects from Notion", "Store Clockify ID in Notion1", "Clockify Project ID"},
		{"Get active Tasks from Notion", "Store Clockify ID in Notion2", "Clockify Task ID"},
	}
	for _, c := range cases {
		t.Run(c.update, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			src := templateNode(t, c.source)
			upd := templateNode(t, c.update)
			pass := nodeJSON{Name: "Pass", Type: "n8n-nodes-base.noOp", TypeVersion: 1, Parameters: map[string]any{}, Position: []float64{300, 0}, ID: "pass"}
			res := f.run(t, chain(src, pass, upd), "")
			if e := runError(res); e != "" {
				t.Fatalf("run failed: %s", e)
			}
			found := enginetest.JSONs(enginetest.Output(res, c.source, 0, 0))
			updated := enginetest.Output(res, c.update, 0, 0)
			if len(found) == 0 || len(updated) != len(found) {
				t.Fatalf("%d pages found, %d updated", len(found), len(updated))
			}
			reqs := f.bodies()[1:]
			for i, p := range found {
				id := p.Value("id").(string)
				want := `PATCH /v1/pages/` + id + ` {"properties":{"` + c.property + `":{"rich_text":[{"text":{"content":"` + id + `"}}]}}}`
				if reqs[i] != want {
					t.Errorf("request %d:\n%s\nwant\n%s", i, reqs[i], want)
				}
				out := updated[i].JSON
				key := "property_" + strings.ReplaceAll(strings.ToLower(c.property), " ", "_")
				if out.Value(key) != id || out.Value("id") != id || mustJSON(updated[i].Paired) != `{"item":`+itoa(i)+`}` {
					t.Errorf("update output %d: %s paired %s", i, mustJSON(out), mustJSON(updated[i].Paired))
				}
				if got := f.fake.Page(id); got["last_edited_time"] != "2025-03-02T10:00:00.000Z" {
					t.Errorf("page %s not edited: %v", id, got["last_edited_time"])
				}
			}
		})
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
