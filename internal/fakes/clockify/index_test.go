package clockify

import (
	"slices"
	"strings"
	"testing"
)

// TestIndexFollowsWrites checks that lookups and name checks, which use
// the index, see every kind of write: renames free the old name and take
// the new one, deletes free ids and names, a project's client change
// moves it, and a seeded duplicate id is still found after the first
// one is deleted.
func TestIndexFollowsWrites(t *testing.T) {
	f, base, ws := newFake(t, Options{AllowActiveClientDelete: true})
	wsp := "/api/v1/workspaces/" + ws
	acme := f.AddClient(ws, "Acme", false)
	beta := f.AddClient(ws, "Beta", false)
	p := f.AddProject(ws, "Web", acme, false)
	steps := []struct {
		c    call
		code int
		want string
	}{
		{call{method: "POST", path: wsp + "/clients", body: `{"name":"Acme"}`}, 400, `Client with name 'Acme' already exists`},
		{call{method: "PUT", path: wsp + "/clients/" + acme, body: `{"name":"Acme 2"}`}, 200, `"name":"Acme 2"`},
		{call{method: "GET", path: wsp + "/projects/" + p}, 200, `"clientName":"Acme 2"`},
		{call{method: "POST", path: wsp + "/clients", body: `{"name":"Acme 2"}`}, 400, `already exists`},
		{call{method: "POST", path: wsp + "/clients", body: `{"name":"Acme"}`}, 201, `"name":"Acme"`},
		// Same project name: taken under the same client, free under another.
		{call{method: "POST", path: wsp + "/projects", body: `{"name":"Web","clientId":"` + acme + `"}`}, 400, `Project with name 'Web' already exists`},
		{call{method: "POST", path: wsp + "/projects", body: `{"name":"Web","clientId":"` + beta + `"}`}, 201, `"clientName":"Beta"`},
		// Moving the first Web to Beta clashes; renaming it first does not.
		{call{method: "PUT", path: wsp + "/projects/" + p, body: `{"clientId":"` + beta + `"}`}, 400, `already exists`},
		{call{method: "PUT", path: wsp + "/projects/" + p, body: `{"name":"Web"}`}, 200, `"name":"Web"`},
		{call{method: "PUT", path: wsp + "/projects/" + p, body: `{"name":"Web 1","clientId":"` + beta + `"}`}, 200, `"clientName":"Beta"`},
		{call{method: "POST", path: wsp + "/projects", body: `{"name":"Web","clientId":"` + acme + `"}`}, 201, `"name":"Web"`},
		// A client rename now reaches the moved project.
		{call{method: "PUT", path: wsp + "/clients/" + beta, body: `{"name":"Beta 2","archived":true}`}, 200, `"archived":true`},
		{call{method: "GET", path: wsp + "/projects/" + p}, 200, `"clientName":"Beta 2"`},
		{call{method: "DELETE", path: wsp + "/clients/" + beta}, 200, `"name":"Beta 2"`},
		{call{method: "GET", path: wsp + "/clients/" + beta}, 400, `doesn't belong to Workspace`},
		{call{method: "POST", path: wsp + "/clients", body: `{"name":"Beta 2"}`}, 201, `"name":"Beta 2"`},
		{call{method: "POST", path: wsp + "/tags", body: `{"name":"x"}`}, 201, `"name":"x"`},
		{call{method: "POST", path: wsp + "/tags", body: `{"name":"x"}`}, 400, `already exists`},
	}
	for i, s := range steps {
		st, body, _ := do(t, base, s.c)
		if st != s.code || !strings.Contains(body, s.want) {
			t.Errorf("step %d %s %s %s: %d %s; want %d containing %s", i, s.c.method, s.c.path, s.c.body, st, body, s.code, s.want)
		}
	}

	// Tasks: listed per project in creation order, gone with their project.
	a := f.AddTask(p, "A", "ACTIVE")
	f.AddTask(p, "B", "ACTIVE")
	tp := wsp + "/projects/" + p + "/tasks"
	if _, body, _ := do(t, base, call{method: "GET", path: tp}); strings.Join(names(t, body), ",") != "A,B" {
		t.Errorf("tasks: %s", body)
	}
	if st, body, _ := do(t, base, call{method: "DELETE", path: tp + "/" + a}); st != 200 {
		t.Errorf("delete task: %d %s", st, body)
	}
	if _, body, _ := do(t, base, call{method: "GET", path: tp}); strings.Join(names(t, body), ",") != "B" {
		t.Errorf("tasks after delete: %s", body)
	}
	do(t, base, call{method: "PUT", path: wsp + "/projects/" + p, body: `{"archived":true}`})
	if st, body, _ := do(t, base, call{method: "DELETE", path: wsp + "/projects/" + p}); st != 200 {
		t.Errorf("delete project: %d %s", st, body)
	}
	for _, task := range f.State().Tasks {
		if task.ProjectID == p {
			t.Errorf("task %s of the deleted project is left", task.Name)
		}
	}

	// A seeded duplicate id: the first is found, then the second.
	if err := f.Seed([]byte(`{"workspaces":[{"id":"` + ws + `","name":"Main"}],"clients":[
		{"id":"c1","name":"One","workspaceId":"` + ws + `"},{"id":"c1","name":"Two","workspaceId":"` + ws + `"}]}`)); err != nil {
		t.Fatal(err)
	}
	if _, body, _ := do(t, base, call{method: "GET", path: wsp + "/clients/c1"}); !strings.Contains(body, `"name":"One"`) {
		t.Errorf("duplicate id: %s", body)
	}
	do(t, base, call{method: "DELETE", path: wsp + "/clients/c1"})
	if _, body, _ := do(t, base, call{method: "GET", path: wsp + "/clients/c1"}); !strings.Contains(body, `"name":"Two"`) {
		t.Errorf("duplicate id after delete: %s", body)
	}
}

// TestSegments: a path's segments after the base path, unescaped when it
// has escapes and returned as they are otherwise.
func TestSegments(t *testing.T) {
	for _, tt := range []struct {
		path string
		want []string
		ok   bool
	}{
		{"/other", nil, false},
		{BasePath + "/", nil, true},
		{BasePath + "/workspaces/w1/projects/", []string{"workspaces", "w1", "projects"}, true},
		{BasePath + "//workspaces/w1", []string{"workspaces", "w1"}, true},
		{BasePath + "/workspaces/a%20b/x%2Fy/bad%zz", []string{"workspaces", "a b", "x/y", "bad%zz"}, true},
	} {
		got, ok := segments(tt.path)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("segments(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}
