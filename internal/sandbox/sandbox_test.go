package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, method, url, key, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("X-Api-Key", key)
	req.Header.Set("Notion-Version", "2022-06-28")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	_ = json.Unmarshal(b, &v)
	return resp.StatusCode, v
}

func TestDemoQueryUpdateRollupAndReport(t *testing.T) {
	r, err := Start(context.Background(), Demo())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	n := r.Endpoints["api.notion.com"]

	// Active clients: Archive unchecked.
	code, v := post(t, "POST", n+"/v1/databases/"+ClientsDB+"/query", NotionKey,
		`{"filter":{"and":[{"property":"Archive","checkbox":{"equals":false}}]}}`)
	if code != 200 || len(v["results"].([]any)) != 3 {
		t.Fatalf("clients query: %d %v", code, v)
	}
	// Tasks filter of the template (status + rollup any select not empty).
	code, v = post(t, "POST", n+"/v1/databases/"+TasksDB+"/query", NotionKey,
		`{"filter":{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},{"property":"Status","status":{"does_not_equal":"Obsolete"}},{"property":"Clients","rollup":{"any":{"select":{"is_not_empty":true}}}}]}}`)
	if code != 200 || len(v["results"].([]any)) != 3 {
		t.Fatalf("tasks query: %d %v", code, v)
	}
	// Paging: page_size 2 gives a cursor.
	code, v = post(t, "POST", n+"/v1/databases/"+ClientsDB+"/query", NotionKey, `{"page_size":2}`)
	if code != 200 || v["has_more"] != true || v["next_cursor"] == nil {
		t.Fatalf("paging: %d %v", code, v)
	}
	code, v = post(t, "POST", n+"/v1/databases/"+ClientsDB+"/query", NotionKey, `{"page_size":2,"start_cursor":"`+v["next_cursor"].(string)+`"}`)
	if code != 200 || v["has_more"] != false || len(v["results"].([]any)) != 2 {
		t.Fatalf("page 2: %d %v", code, v)
	}
	// Storing a client id shows up in the project's rollup.
	umbrella := pageID('c', 4)
	code, _ = post(t, "PATCH", n+"/v1/pages/"+umbrella, NotionKey, `{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"abc"}}]}}}`)
	if code != 200 {
		t.Fatalf("patch: %d", code)
	}
	code, v = post(t, "GET", n+"/v1/pages/"+pageID('b', 8), NotionKey, ``)
	roll, _ := json.Marshal(v["properties"].(map[string]any)["Clockify Client ID"])
	if code != 200 || !strings.Contains(string(roll), `"plain_text":"abc"`) {
		t.Fatalf("rollup after patch: %d %s", code, roll)
	}
	// Unauthorised.
	if code, _ = post(t, "POST", n+"/v1/databases/"+ClientsDB+"/query", "", `{}`); code != 401 {
		t.Fatalf("no key: %d", code)
	}

	// Clockify: rename and create show in the report.
	c := r.Endpoints["api.clockify.me"]
	ws := r.Clockify.State().Workspaces[0].ID
	cl := r.Clockify.State().Clients[2].ID
	post(t, "PUT", c+"/api/v1/workspaces/"+ws+"/clients/"+cl, ClockifyKey, `{"name":"Initech Ltd","archived":false}`)
	post(t, "POST", c+"/api/v1/workspaces/"+ws+"/clients", ClockifyKey, `{"name":"Umbrella Inc"}`)
	var out bytes.Buffer
	r.Report(&out)
	for _, want := range []string{`renamed     client  "Initech Ltd" (was "Initech")`, `created     client  "Umbrella Inc"`, "notion PATCH ×1", "clockify POST ×1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if got := len(r.Log.Entries()); got != 9 {
		t.Errorf("log has %d entries, want 9", got)
	}
}
