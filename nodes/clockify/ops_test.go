package clockify_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
)

// TestEveryOperation runs each resource/operation n8n offers against the
// fake, with literal parameters, and checks the requests and the output.
func TestEveryOperation(t *testing.T) {
	env := newTemplateEnv(t)
	f, ws := env.fake, env.ws
	client := f.AddClient(ws, "Acme", false)
	archivedClient := f.AddClient(ws, "Zeta", true)
	proj := f.AddProject(ws, "Website", client, false)
	archivedProj := f.AddProject(ws, "Old site", "", true)
	task := f.AddTask(proj, "Design", "ACTIVE")
	tag := f.AddTag(ws, "urgent")
	tag2 := f.AddTag(ws, "later")
	f.AddUser(ws, "Ada", "ada@example.com")
	f.AddUser(ws, "Bob", "bob@example.com")
	base := "/api/v1//workspaces/" + ws

	cases := []struct {
		name   string
		params map[string]any
		want   []string
		// check gets the output items' json.
		check func(t *testing.T, out []*data.Object)
	}{
		{"client get", map[string]any{"resource": "client", "operation": "get", "workspaceId": ws, "clientId": client},
			[]string{"GET " + base + "/clients/" + client}, wantField("name", "Acme")},
		{"client getAll limit", map[string]any{"resource": "client", "operation": "getAll", "workspaceId": ws, "limit": 1, "additionalFields": map[string]any{"archived": true}},
			[]string{"GET " + base + "/clients?archived=true&limit=1&page-size=50&page=1"}, wantField("name", "Zeta")},
		{"client delete archived", map[string]any{"resource": "client", "operation": "delete", "workspaceId": ws, "clientId": archivedClient},
			[]string{"DELETE " + base + "/clients/" + archivedClient + " {}"}, wantField("name", "Zeta")},
		{"project create (default resource and operation)", map[string]any{"workspaceId": ws, "name": "Mobile",
			"additionalFields": map[string]any{"clientId": client, "color": "#FF0000", "billable": false, "isPublic": true, "note": "n",
				"estimateUi": map[string]any{"estimateValues": map[string]any{"estimate": "PT10H", "type": "MANUAL"}}}},
			[]string{"POST " + base + `/projects {"name":"Mobile","billable":false,"color":"#FF0000","clientId":"` + client + `","isPublic":true,"note":"n","estimate":{"estimate":"PT10H","type":"MANUAL"}}`},
			wantField("clientName", "Acme")},
		{"project get", map[string]any{"operation": "get", "workspaceId": ws, "projectId": proj},
			[]string{"GET " + base + "/projects/" + proj}, wantField("name", "Website")},
		{"project update", map[string]any{"operation": "update", "workspaceId": ws, "projectId": proj, "updateFields": map[string]any{"name": "Web", "isPublic": false}},
			[]string{"PUT " + base + "/projects/" + proj + ` {"isPublic":false,"name":"Web"}`}, wantField("name", "Web")},
		{"project delete archived", map[string]any{"operation": "delete", "workspaceId": ws, "projectId": archivedProj},
			[]string{"DELETE " + base + "/projects/" + archivedProj + " {}"}, wantField("name", "Old site")},
		{"project getAll filters", map[string]any{"operation": "getAll", "workspaceId": ws, "returnAll": true,
			"additionalFields": map[string]any{"clients": []any{client}, "sort-order": "DESCENDING", "billable": true}},
			[]string{"GET " + base + "/projects?billable=true&clients=" + client + "&sort-order=DESCENDING&page-size=50&page=1",
				"GET " + base + "/projects?billable=true&clients=" + client + "&sort-order=DESCENDING&page-size=50&page=2"},
			wantCount(1)}, // "Mobile" (same client) is not billable
		{"tag create", map[string]any{"resource": "tag", "workspaceId": ws, "name": "blocked"},
			[]string{"POST " + base + `/tags {"name":"blocked"}`}, wantField("name", "blocked")},
		{"tag getAll", map[string]any{"resource": "tag", "operation": "getAll", "workspaceId": ws, "returnAll": true, "additionalFields": map[string]any{"name": "ur"}},
			[]string{"GET " + base + "/tags?name=ur&page-size=50&page=1", "GET " + base + "/tags?name=ur&page-size=50&page=2"}, wantField("id", tag)},
		{"tag update", map[string]any{"resource": "tag", "operation": "update", "workspaceId": ws, "tagId": tag2, "updateFields": map[string]any{"archived": true, "name": "much later"}},
			[]string{"PUT " + base + "/tags/" + tag2 + ` {"archived":true,"name":"much later"}`}, wantField("archived", true)},
		{"tag delete", map[string]any{"resource": "tag", "operation": "delete", "workspaceId": ws, "tagId": tag2},
			[]string{"DELETE " + base + "/tags/" + tag2 + " {}"}, wantExact(`[{"success":true}]`)},
		{"task create with estimate", map[string]any{"resource": "task", "workspaceId": ws, "projectId": proj, "name": "Build",
			"additionalFields": map[string]any{"estimate": "2:30", "assigneeIds": []any{"u1"}}},
			[]string{"POST " + base + "/projects/" + proj + `/tasks {"name":"Build","assigneeIds":["u1"],"estimate":"PT2H30M"}`}, wantField("estimate", "PT2H30M")},
		{"task get", map[string]any{"resource": "task", "operation": "get", "workspaceId": ws, "projectId": proj, "taskId": task},
			[]string{"GET " + base + "/projects/" + proj + "/tasks/" + task}, wantField("name", "Design")},
		{"task getAll limit: one request, page-size = limit", map[string]any{"resource": "task", "operation": "getAll", "workspaceId": ws, "projectId": proj, "limit": 5,
			"filters": map[string]any{"is-active": true, "sort-column": "NAME", "sort-order": "ASCENDING", "name": "e"}},
			[]string{"GET " + base + "/projects/" + proj + "/tasks?is-active=true&name=e&sort-column=NAME&sort-order=ASCENDING&page-size=5"}, wantCount(1)},
		{"task update status only (n8n 1.123 sends no name; Clockify refuses)", map[string]any{"resource": "task", "operation": "update", "workspaceId": ws, "projectId": proj, "taskId": task,
			"updateFields": map[string]any{"status": "DONE"}},
			[]string{"PUT " + base + "/projects/" + proj + "/tasks/" + task + ` {"status":"DONE"}`}, nil},
		{"task delete", map[string]any{"resource": "task", "operation": "delete", "workspaceId": ws, "projectId": proj, "taskId": task},
			[]string{"DELETE " + base + "/projects/" + proj + "/tasks/" + task + " {}"}, wantField("id", task)},
		{"user getAll", map[string]any{"resource": "user", "workspaceId": ws, "limit": 1, "additionalFields": map[string]any{"email": "bob"}},
			[]string{"GET " + base + "/users?email=bob&limit=1&page-size=50&page=1"}, wantField("name", "Bob")},
		{"workspace getAll returnAll", map[string]any{"resource": "workspace", "returnAll": true},
			[]string{"GET /api/v1//workspaces"}, wantCount(2)},
		{"timeEntry create", map[string]any{"resource": "timeEntry", "workspaceId": ws, "start": "2024-03-01T09:00:00",
			"additionalFields": map[string]any{"end": "2024-03-01T10:30:00+01:00", "description": "work", "projectId": proj, "billable": true, "tagIds": []any{tag}}},
			[]string{"POST " + base + `/time-entries {"start":"2024-03-01T09:00:00Z","billable":true,"description":"work","end":"2024-03-01T09:30:00Z","projectId":"` + proj + `","tagIds":["` + tag + `"]}`},
			wantField("description", "work")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			node := map[string]any{"name": "Clockify", "type": "n8n-nodes-base.clockify", "typeVersion": 1, "parameters": c.params,
				"credentials": map[string]any{"clockifyApi": map[string]any{"id": "x", "name": "x"}}}
			res := env.run(t, harness(t, node, nil))
			var got []string
			for _, r := range env.fake.Requests() {
				got = append(got, reqLine(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("requests:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			runs := res.Data.ResultData.RunData["Clockify"]
			if c.check == nil {
				if len(runs) != 1 || runs[0].Error == nil {
					t.Fatalf("expected the node to fail")
				}
				if runs[0].Error.Message != "Bad request - please check your parameters" || runs[0].Error.Description != "Task name is required" {
					t.Errorf("error %+v", runs[0].Error)
				}
				return
			}
			if len(runs) != 1 || runs[0].Error != nil {
				t.Fatalf("node failed: %+v", runs)
			}
			c.check(t, enginetest.JSONs(enginetest.Output(res, "Clockify", 0, 0)))
		})
	}

	t.Run("timeEntry get, update (reads start), delete", func(t *testing.T) {
		st := f.State()
		if len(st.TimeEntries) != 1 {
			t.Fatalf("%d time entries", len(st.TimeEntries))
		}
		te := st.TimeEntries[0].ID
		for _, c := range []struct {
			params map[string]any
			want   []string
			out    string
		}{
			{map[string]any{"resource": "timeEntry", "operation": "get", "workspaceId": ws, "timeEntryId": te},
				[]string{"GET " + base + "/time-entries/" + te}, "work"},
			{map[string]any{"resource": "timeEntry", "operation": "update", "workspaceId": ws, "timeEntryId": te, "updateFields": map[string]any{"description": "more"}},
				[]string{"GET " + base + "/time-entries/" + te, "PUT " + base + "/time-entries/" + te + ` {"description":"more","start":"2024-03-01T09:00:00Z"}`}, "more"},
			{map[string]any{"resource": "timeEntry", "operation": "delete", "workspaceId": ws, "timeEntryId": te},
				[]string{"DELETE " + base + "/time-entries/" + te + " {}"}, ""},
		} {
			node := map[string]any{"name": "Clockify", "type": "n8n-nodes-base.clockify", "typeVersion": 1, "parameters": c.params}
			res := env.run(t, harness(t, node, nil))
			var got []string
			for _, r := range env.fake.Requests() {
				got = append(got, reqLine(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("requests:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			out := enginetest.JSONs(enginetest.Output(res, "Clockify", 0, 0))
			if c.out == "" {
				wantExact(`[{"success":true}]`)(t, out)
			} else {
				wantField("description", c.out)(t, out)
			}
		}
	})
}

func wantField(k string, v any) func(*testing.T, []*data.Object) {
	return func(t *testing.T, out []*data.Object) {
		t.Helper()
		if len(out) == 0 {
			t.Fatalf("no output items")
		}
		if got := out[0].Value(k); got != v {
			t.Errorf("first item %s = %#v, want %#v (item %v)", k, got, v, out[0])
		}
	}
}

func wantCount(n int) func(*testing.T, []*data.Object) {
	return func(t *testing.T, out []*data.Object) {
		t.Helper()
		if len(out) != n {
			t.Errorf("%d items, want %d", len(out), n)
		}
	}
}

func wantExact(doc string) func(*testing.T, []*data.Object) {
	return func(t *testing.T, out []*data.Object) {
		t.Helper()
		b, _ := json.Marshal(out)
		if string(b) != doc {
			t.Errorf("output %s, want %s", b, doc)
		}
	}
}
