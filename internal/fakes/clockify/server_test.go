package clockify

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

type call struct {
	method, path, body string
	key                string
}

func do(t *testing.T, base string, c call) (int, string, http.Header) {
	t.Helper()
	var rd io.Reader
	if c.body != "" {
		rd = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, base+c.path, rd)
	if err != nil {
		t.Fatal(err)
	}
	key := c.key
	if key == "" {
		key = "k1"
	}
	if key != "-" {
		req.Header.Set("X-Api-Key", key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func newFake(t *testing.T, opts Options) (*Server, string, string) {
	t.Helper()
	if opts.APIKeys == nil {
		opts.APIKeys = []string{"k1"}
	}
	f := New(opts)
	ws := f.AddWorkspace("Main")
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL, ws
}

func names(t *testing.T, body string) []string {
	t.Helper()
	var list []map[string]any
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("not an array: %s", body)
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i], _ = e["name"].(string)
	}
	return out
}

func TestPagingAndFilters(t *testing.T) {
	f, base, ws := newFake(t, Options{})
	for i := 0; i < 120; i++ {
		f.AddClient(ws, fmt.Sprintf("Client %03d", i), i%10 == 0)
	}
	cases := []struct {
		path string
		want int
		last string
	}{
		{"/api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=1", 50, "Client 055"},
		{"/api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=3", 8, "Client 119"},
		{"/api/v1//workspaces/" + ws + "/clients?archived=false&page-size=50&page=4", 0, ""},
		{"/api/v1/workspaces/" + ws + "/clients?archived=true", 12, "Client 110"},
		{"/api/v1/workspaces/" + ws + "/clients", 50, "Client 049"},
		{"/api/v1/workspaces/" + ws + "/clients?name=client%2011&page-size=100", 10, "Client 119"},
		{"/api/v1/workspaces/" + ws + "/clients?sort-order=DESCENDING&page-size=1", 1, "Client 119"},
	}
	for _, c := range cases {
		st, body, _ := do(t, base, call{method: "GET", path: c.path})
		if st != 200 {
			t.Fatalf("%s: status %d %s", c.path, st, body)
		}
		got := names(t, body)
		if len(got) != c.want || (c.want > 0 && got[len(got)-1] != c.last) {
			t.Errorf("%s: got %d items ending %v, want %d ending %q", c.path, len(got), got[max(0, len(got)-1):], c.want, c.last)
		}
		if c.want == 0 && body != "[]" {
			t.Errorf("past the end: body %s, want []", body)
		}
	}
	st, body, _ := do(t, base, call{method: "GET", path: "/api/v1/workspaces/" + ws + "/clients?page-size=5001"})
	if st != 400 || !strings.Contains(body, "5,000") {
		t.Errorf("page-size 5001: %d %s", st, body)
	}
}

func TestAuth(t *testing.T) {
	_, base, _ := newFake(t, Options{})
	for _, c := range []struct {
		key  string
		code int
		body string
	}{
		{"-", 401, `"code":1000`},
		{"wrong", 401, `"code":4003`},
		{"k1", 200, `"name":"Main"`},
	} {
		st, body, _ := do(t, base, call{method: "GET", path: "/api/v1/workspaces", key: c.key})
		if st != c.code || !strings.Contains(body, c.body) {
			t.Errorf("key %q: %d %s", c.key, st, body)
		}
	}
}

func TestLifecycleAndErrors(t *testing.T) {
	f, base, ws := newFake(t, Options{})
	wsp := "/api/v1//workspaces/" + ws
	st, body, _ := do(t, base, call{method: "POST", path: wsp + "/clients", body: `{"name":"Acme"}`})
	if st != 201 {
		t.Fatalf("create client: %d %s", st, body)
	}
	var c Client
	json.Unmarshal([]byte(body), &c)
	if len(c.ID) != 24 {
		t.Errorf("id %q is not 24 hex digits", c.ID)
	}
	st, body, _ = do(t, base, call{method: "POST", path: wsp + "/projects", body: `{"name":"Web","clientId":"` + c.ID + `","archived":true}`})
	if st != 201 || !strings.Contains(body, `"clientName":"Acme"`) || !strings.Contains(body, `"archived":false`) {
		t.Fatalf("create project: %d %s", st, body)
	}
	var p Project
	json.Unmarshal([]byte(body), &p)
	steps := []struct {
		c    call
		code int
		want string
	}{
		{call{method: "DELETE", path: wsp + "/projects/" + p.ID}, 400, `{"message":"Cannot delete an active project","code":501}`},
		{call{method: "POST", path: wsp + "/projects/" + p.ID + "/tasks", body: `{"name":"T1"}`}, 201, `"status":"ACTIVE"`},
		{call{method: "PUT", path: wsp + "/projects/" + p.ID, body: `{"archived":true,"name":"Web"}`}, 200, `"archived":true`},
		{call{method: "DELETE", path: wsp + "/projects/" + p.ID}, 200, `"name":"Web"`},
		{call{method: "GET", path: wsp + "/projects/" + p.ID}, 400, `doesn't belong to Workspace","code":501}`},
		{call{method: "DELETE", path: wsp + "/clients/" + c.ID}, 400, `Cannot delete an active client`},
		{call{method: "PUT", path: wsp + "/clients/" + c.ID, body: `{"name":"Acme","archived":true}`}, 200, `"archived":true`},
		{call{method: "DELETE", path: wsp + "/clients/" + c.ID}, 200, `"name":"Acme"`},
		{call{method: "DELETE", path: wsp + "/clients/"}, 405, `"code":3000`},
		{call{method: "GET", path: "/api/v1/workspaces/000000000000000000000000/clients"}, 403, `Access Denied`},
		{call{method: "GET", path: "/api/v1/nothing"}, 404, `No static resource`},
	}
	for i, s := range steps {
		st, body, _ := do(t, base, s.c)
		if st != s.code || !strings.Contains(body, s.want) {
			t.Errorf("step %d %s %s: %d %s; want %d containing %s", i, s.c.method, s.c.path, st, body, s.code, s.want)
		}
	}
	if got := len(f.State().Tasks); got != 0 {
		t.Errorf("deleting a project left %d tasks", got)
	}
}

func TestTasks(t *testing.T) {
	f, base, ws := newFake(t, Options{})
	p := f.AddProject(ws, "Proj", "", false)
	a := f.AddTask(p, "A", "ACTIVE")
	f.AddTask(p, "B", "DONE")
	tp := "/api/v1//workspaces/" + ws + "/projects/" + p + "/tasks"
	_, body, _ := do(t, base, call{method: "GET", path: tp + "?is-active=true&page-size=50&page=1"})
	if got := names(t, body); len(got) != 1 || got[0] != "A" {
		t.Errorf("is-active=true: %v", got)
	}
	_, body, _ = do(t, base, call{method: "GET", path: tp + "?is-active=false"})
	if got := names(t, body); len(got) != 1 || got[0] != "B" {
		t.Errorf("is-active=false: %v", got)
	}
	st, body, _ := do(t, base, call{method: "PUT", path: tp + "/" + a, body: `{"status":"DONE"}`})
	if st != 400 {
		t.Errorf("update without name: %d %s", st, body)
	}
	st, body, _ = do(t, base, call{method: "PUT", path: tp + "/" + a, body: `{"name":"A2","status":"DONE"}`})
	if st != 200 || !strings.Contains(body, `"status":"DONE"`) {
		t.Errorf("update: %d %s", st, body)
	}
	st, body, _ = do(t, base, call{method: "PUT", path: tp + "/" + a, body: `{"name":"A2","status":"NOPE"}`})
	if st != 400 {
		t.Errorf("bad status: %d %s", st, body)
	}
}

func TestFaultsAndLog(t *testing.T) {
	f, base, _ := newFake(t, Options{})
	f.AddFault(Fault{Method: "GET", Path: "/workspaces", Status: 429, RetryAfter: "2"})
	f.AddFault(Fault{Path: "/workspaces", Skip: 1, Status: 500})
	st, _, h := do(t, base, call{method: "GET", path: "/api/v1/workspaces"})
	if st != 429 || h.Get("Retry-After") != "2" {
		t.Errorf("429 fault: %d %q", st, h.Get("Retry-After"))
	}
	if st, _, _ := do(t, base, call{method: "GET", path: "/api/v1/workspaces"}); st != 200 {
		t.Errorf("skipped request: %d", st)
	}
	if st, _, _ := do(t, base, call{method: "GET", path: "/api/v1/workspaces"}); st != 500 {
		t.Errorf("500 fault: %d", st)
	}
	f.AddFault(Fault{Drop: true})
	req, _ := http.NewRequest("GET", base+"/api/v1/workspaces", nil)
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped connection answered %d", resp.StatusCode)
	}
	f.AddFault(Fault{Delay: time.Millisecond})
	if st, _, _ := do(t, base, call{method: "POST", path: "/api/v1//workspaces", body: `{"a":1}`}); st != 405 {
		t.Errorf("after delay: %d", st)
	}
	log := f.Requests()
	if len(log) != 5 {
		t.Fatalf("log has %d entries, want 5", len(log))
	}
	last := log[4]
	if last.Path != "/api/v1//workspaces" || last.Method != "POST" || !last.HasAPIKey || last.Status != 405 {
		t.Errorf("last log entry %+v", last)
	}
	if m, _ := last.Body.(map[string]any); m["a"] != 1.0 {
		t.Errorf("logged body %#v", last.Body)
	}
}

func TestRateLimit(t *testing.T) {
	_, base, _ := newFake(t, Options{RateLimit: 0.001, RateBurst: 2, RetryAfter: "1"})
	var codes []int
	for i := 0; i < 3; i++ {
		st, _, _ := do(t, base, call{method: "GET", path: "/api/v1/workspaces"})
		codes = append(codes, st)
	}
	if fmt.Sprint(codes) != "[200 200 429]" {
		t.Errorf("codes %v", codes)
	}
}

func TestSeedDumpDeterministic(t *testing.T) {
	mk := func() []byte {
		f := New(Options{})
		err := f.Seed([]byte(`{"workspaces":[{"name":"W"}],"clients":[{"name":"C"}],"projects":[{"name":"P"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(f)
		defer srv.Close()
		st, body, _ := do(t, srv.URL, call{method: "GET", path: "/api/v1/workspaces"})
		if st != 200 {
			t.Fatalf("%d %s", st, body)
		}
		return f.Dump()
	}
	a, b := mk(), mk()
	if string(a) != string(b) {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
	var st State
	json.Unmarshal(a, &st)
	if st.Clients[0].WorkspaceID != st.Workspaces[0].ID || st.Workspaces[0].ID != "640000000000000000000001" {
		t.Errorf("seeded ids: %s", a)
	}
}

// TestDecodeBodyIsUnmarshal: a body is taken or refused as json.Unmarshal
// into the handler's map takes or refuses it.
func TestDecodeBodyIsUnmarshal(t *testing.T) {
	for _, raw := range []string{`{"name":"x","archived":false}`, `null`, `[]`, `"x"`, `1`, `{"a":"\u00e9"}`, `{`, `{"a":1}x`, ` {} `} {
		var want map[string]any
		werr := json.Unmarshal([]byte(raw), &want)
		got, ok := decodeBody([]byte(raw))
		if ok != (werr == nil) || (ok && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s: got %v %v, want %v %v", raw, got, ok, want, werr)
		}
	}
}
