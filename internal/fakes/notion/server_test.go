package notion

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

const (
	clientsDB = "1a878e40-f803-80e4-bc79-e24747562817"
	bucketsDB = "1a878e40-f803-80bf-a72a-d7373be374b2"
	tasksDB   = "1a878e40-f803-80e6-8df1-cf50776752da"
	everyDB   = "2b000000-0000-4000-8000-000000000001"
	manyDB    = "2b000000-0000-4000-8000-000000000002"
	homePage  = "3c000000-0000-4000-8000-000000000001"
)

// seededServer is a fake holding testdata/notion/seed.json, not serving.
func seededServer(t testing.TB, opts Options) *Server {
	t.Helper()
	seed, err := os.ReadFile("../../../testdata/notion/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	s := New(opts)
	if err := s.Seed(seed); err != nil {
		t.Fatal(err)
	}
	return s
}

func seeded(t testing.TB, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s := seededServer(t, opts)
	srv := Start(s)
	t.Cleanup(srv.Close)
	return s, srv
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
}

func call(t testing.TB, srv *httptest.Server, method, path string, body any, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer secret_test ")
	req.Header.Set("Notion-Version", "2021-08-16")
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s %s: body is not JSON: %s", method, path, raw)
	}
	return reply{resp.StatusCode, resp.Header, m}
}

func names(t testing.TB, r reply) []string {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %v", r.status, r.body)
	}
	var out []string
	for _, p := range r.body["results"].([]any) {
		props := p.(map[string]any)["properties"].(map[string]any)
		for _, v := range props {
			vm := v.(map[string]any)
			if vm["type"] == "title" {
				out = append(out, plainText(vm["title"]))
			}
		}
	}
	return out
}

func decode(s string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		panic(err)
	}
	return m
}

func TestQueryFilters(t *testing.T) {
	_, srv := seeded(t, Options{})
	cases := []struct {
		name, db, body string
		want           []string
	}{
		{"no filter", clientsDB, `{}`, []string{"Acme", "Globex", "Initech"}},
		{"empty or matches all", clientsDB, `{"filter":{"or":[]},"sorts":[]}`, []string{"Acme", "Globex", "Initech"}},
		{"checkbox equals false", clientsDB, `{"filter":{"and":[{"property":"Archive","checkbox":{"equals":false}}]},"sorts":[]}`, []string{"Acme", "Globex"}},
		{"legacy text equals", clientsDB, `{"filter":{"or":[{"property":"Clockify Client ID","text":{"equals":"cl-initech"}}]},"sorts":[],"page_size":1}`, []string{"Initech"}},
		{"rich_text is_empty", clientsDB, `{"filter":{"property":"Clockify Client ID","rich_text":{"is_empty":true}}}`, []string{"Globex"}},
		{"title contains case-insensitive", clientsDB, `{"filter":{"property":"Name","title":{"contains":"ACM"}}}`, []string{"Acme"}},
		{"status and relation", bucketsDB, `{"filter":{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},{"property":"Status","status":{"does_not_equal":"Obsolete"}},{"property":"Clients","relation":{"is_not_empty":true}}]},"sorts":[]}`, []string{"Website", "Support"}},
		{"relation contains (no dashes)", bucketsDB, `{"filter":{"property":"Clients","relation":{"contains":"1a878e40f80381c0a000000000000002"}}}`, []string{"Audit", "Support"}},
		{"rollup any select is_not_empty (template)", tasksDB, `{"filter":{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},{"property":"Status","status":{"does_not_equal":"Obsolete"}},{"property":"Clients","rollup":{"any":{"select":{"is_not_empty":true}}}}]},"sorts":[]}`, []string{"Design", "Triage"}},
		{"rollup any rich_text equals", tasksDB, `{"filter":{"property":"Clockify Project ID","rollup":{"any":{"rich_text":{"equals":"pr-web"}}}}}`, []string{"Design", "Deploy"}},
		{"rollup every rich_text is_empty", tasksDB, `{"filter":{"property":"Clockify Project ID","rollup":{"every":{"rich_text":{"is_empty":true}}}}}`, []string{"Lonely", "Triage"}},
		{"rollup none", tasksDB, `{"filter":{"property":"Clockify Project ID","rollup":{"none":{"rich_text":{"equals":"pr-web"}}}}}`, []string{"Lonely", "Triage"}},
		{"number greater_than", manyDB, `{"filter":{"property":"N","number":{"greater_than":248}}}`, []string{"Item 249", "Item 250"}},
		{"select equals", everyDB, `{"filter":{"property":"Kind","select":{"equals":"Beta"}}}`, []string{"Kitchen sink"}},
		{"select is_empty", everyDB, `{"filter":{"property":"Kind","select":{"is_empty":true}}}`, []string{"Empty one"}},
		{"multi_select contains", everyDB, `{"filter":{"property":"Tags","multi_select":{"contains":"z"}}}`, []string{"Kitchen sink"}},
		{"date on_or_after (UTC day)", everyDB, `{"filter":{"property":"When","date":{"on_or_after":"2025-02-03"}}}`, []string{"Kitchen sink"}},
		{"date before instant", everyDB, `{"filter":{"property":"When","date":{"before":"2025-02-03T08:00:00Z"}}}`, nil},
		{"date past_month", everyDB, `{"filter":{"property":"When","date":{"past_month":{}}}}`, []string{"Kitchen sink"}},
		{"people contains", everyDB, `{"filter":{"property":"Owner","people":{"contains":"9a000000-0000-4000-8000-000000000002"}}}`, []string{"Kitchen sink"}},
		{"phone legacy key", everyDB, `{"filter":{"property":"Phone","phone":{"starts_with":"+1"}}}`, []string{"Kitchen sink"}},
		{"url is_not_empty", everyDB, `{"filter":{"property":"Link","url":{"is_not_empty":true}}}`, []string{"Kitchen sink"}},
		{"formula string", everyDB, `{"filter":{"property":"Label","formula":{"string":{"equals":"Empty one!"}}}}`, []string{"Empty one"}},
		{"formula checkbox", everyDB, `{"filter":{"property":"Has notes","formula":{"checkbox":{"equals":true}}}}`, []string{"Kitchen sink"}},
		{"rollup number", everyDB, `{"filter":{"property":"Related count","rollup":{"number":{"equals":3}}}}`, []string{"Kitchen sink"}},
		{"files is_empty", everyDB, `{"filter":{"property":"Attachments","files":{"is_empty":true}}}`, []string{"Empty one"}},
		{"timestamp", everyDB, `{"filter":{"timestamp":"created_time","created_time":{"on_or_before":"2025-03-01"}}}`, []string{"Kitchen sink", "Empty one"}},
		{"nested or in and", bucketsDB, `{"filter":{"and":[{"or":[{"property":"Status","status":{"equals":"Done"}},{"property":"Status","status":{"equals":"Backlog"}}]},{"property":"Name","title":{"ends_with":"n"}}]}}`, []string{"Migration", "Orphan"}},
		{"sort by name descending", clientsDB, `{"sorts":[{"property":"Name","direction":"descending"}]}`, []string{"Initech", "Globex", "Acme"}},
		{"sort by status option order", bucketsDB, `{"sorts":[{"property":"Status","direction":"ascending"}]}`, []string{"Orphan", "Website", "Support", "Migration", "Audit"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := names(t, call(t, srv, "POST", "/v1/databases/"+c.db+"/query", decode(c.body)))
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	_, srv := seeded(t, Options{})
	cases := []struct {
		name, db, body string
		status         int
		code, msg      string
	}{
		{"unknown property", clientsDB, `{"filter":{"property":"Nope","checkbox":{"equals":true}}}`, 400, "validation_error", "Could not find property with name or id: Nope"},
		{"type mismatch", clientsDB, `{"filter":{"property":"Archive","select":{"equals":"x"}}}`, 400, "validation_error", "database property checkbox does not match filter select"},
		{"unknown database", "00000000-0000-4000-8000-000000000000", `{}`, 404, "object_not_found", "Could not find database with ID: 00000000-0000-4000-8000-000000000000. Make sure the relevant pages and databases are shared with your integration."},
		{"page_size too big", clientsDB, `{"page_size":101}`, 400, "validation_error", "body failed validation: body.page_size should be ≤ `100`, instead was `101`."},
		{"is_empty false", clientsDB, `{"filter":{"property":"Name","title":{"is_empty":false}}}`, 400, "validation_error", "body failed validation: body.filter.title.is_empty should be `true`, instead was `false`."},
		{"bad cursor", clientsDB, `{"start_cursor":"zzz"}`, 400, "validation_error", "The start_cursor provided is invalid: zzz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, "POST", "/v1/databases/"+c.db+"/query", decode(c.body))
			if r.status != c.status || r.body["code"] != c.code || r.body["message"] != c.msg || r.body["object"] != "error" || r.body["status"] != float64(c.status) {
				t.Errorf("got %d %v", r.status, r.body)
			}
		})
	}
}

func TestPaginationVisitsEveryPageOnce(t *testing.T) {
	_, srv := seeded(t, Options{})
	body := map[string]any{"page_size": 100.0}
	seen := map[string]bool{}
	requests := 0
	for {
		r := call(t, srv, "POST", "/v1/databases/"+manyDB+"/query", body)
		requests++
		for _, n := range names(t, r) {
			if seen[n] {
				t.Fatalf("%s seen twice", n)
			}
			seen[n] = true
		}
		if r.body["has_more"] != true {
			if r.body["next_cursor"] != nil {
				t.Errorf("next_cursor %v with has_more false", r.body["next_cursor"])
			}
			break
		}
		body["start_cursor"] = r.body["next_cursor"]
	}
	if len(seen) != 250 || requests != 3 {
		t.Errorf("saw %d pages in %d requests", len(seen), requests)
	}
}

func prop(page map[string]any, name string) map[string]any {
	return page["properties"].(map[string]any)[name].(map[string]any)
}

func TestUpdateRecomputesRollups(t *testing.T) {
	s, srv := seeded(t, Options{Now: func() time.Time { return time.Date(2025, 4, 5, 6, 7, 8, 0, time.UTC) }})
	acme := "1a878e40-f803-81c0-a000-000000000001"
	r := call(t, srv, "PATCH", "/v1/pages/"+strings.ReplaceAll(acme, "-", ""), decode(`{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"cl-new"}}]}}}`))
	if r.status != 200 {
		t.Fatalf("%d %v", r.status, r.body)
	}
	if got := plainText(prop(r.body, "Clockify Client ID")["rich_text"]); got != "cl-new" {
		t.Errorf("rich_text = %q", got)
	}
	if r.body["last_edited_time"] != "2025-04-05T06:07:00.000Z" || r.body["id"] != acme {
		t.Errorf("last_edited_time %v id %v", r.body["last_edited_time"], r.body["id"])
	}
	website := s.Page("1a878e40-f803-81b0-a000-000000000001")
	arr := prop(website, "Clockify Client ID")["rollup"].(map[string]any)["array"].([]any)
	if len(arr) != 1 || plainText(arr[0].(map[string]any)["rich_text"]) != "cl-new" {
		t.Errorf("rollup after update = %v", arr)
	}
	// The Tasks' Clients rollup is a rollup of a relation.
	design := s.Page("1a878e40-f803-81d0-a000-000000000001")
	clients := prop(design, "Clients")["rollup"].(map[string]any)
	if clients["type"] != "array" || len(clients["array"].([]any)) != 1 {
		t.Errorf("Clients rollup = %v", clients)
	}
}

func TestUpdateErrors(t *testing.T) {
	_, srv := seeded(t, Options{})
	acme := "1a878e40-f803-81c0-a000-000000000001"
	cases := []struct{ name, id, body, msg string }{
		{"unknown property", acme, `{"properties":{"Nope":{"rich_text":[]}}}`, "Nope is not a property that exists."},
		{"wrong shape", acme, `{"properties":{"Archive":{"checkbox":"yes"}}}`, "body failed validation: body.properties.Archive.checkbox should be a boolean, instead was `\"yes\"`."},
		{"too long", acme, `{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"` + strings.Repeat("a", 2001) + `"}}]}}}`, "body failed validation: body.properties.Clockify Client ID.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`."},
		{"missing page", "00000000-0000-4000-8000-000000000009", `{"properties":{}}`, "Could not find page with ID: 00000000-0000-4000-8000-000000000009. Make sure the relevant pages and databases are shared with your integration."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, srv, "PATCH", "/v1/pages/"+c.id, decode(c.body))
			if r.body["message"] != c.msg {
				t.Errorf("got %d %v", r.status, r.body["message"])
			}
		})
	}
}

func TestAuthAndVersion(t *testing.T) {
	_, srv := seeded(t, Options{Tokens: []string{"secret_test"}})
	r := call(t, srv, "GET", "/v1/users", nil, "Authorization", "Bearer wrong")
	if r.status != 401 || r.body["code"] != "unauthorized" || r.body["message"] != "API token is invalid." {
		t.Errorf("bad token: %d %v", r.status, r.body)
	}
	r = call(t, srv, "GET", "/v1/users", nil, "Authorization", "")
	if r.status != 401 {
		t.Errorf("no token: %d", r.status)
	}
	r = call(t, srv, "GET", "/v1/users", nil, "Notion-Version", "")
	if r.status != 400 || r.body["code"] != "missing_version" {
		t.Errorf("no version: %d %v", r.status, r.body)
	}
	if r := call(t, srv, "GET", "/v1/users", nil); r.status != 200 || len(r.body["results"].([]any)) != 3 {
		t.Errorf("users: %d %v", r.status, r.body)
	}
}

func TestFaultsAndRateLimit(t *testing.T) {
	s, srv := seeded(t, Options{})
	s.FailNext(2, "POST", "/query", 429, "0")
	for i := range 2 {
		r := call(t, srv, "POST", "/v1/databases/"+clientsDB+"/query", map[string]any{})
		if r.status != 429 || r.body["code"] != "rate_limited" || r.header.Get("Retry-After") != "0" {
			t.Errorf("request %d: %d %v", i, r.status, r.body)
		}
	}
	if r := call(t, srv, "POST", "/v1/databases/"+clientsDB+"/query", map[string]any{}); r.status != 200 {
		t.Errorf("third request %d", r.status)
	}
	s.AddFault(Fault{Path: "/v1/pages/", Status: 500})
	if r := call(t, srv, "GET", "/v1/pages/"+homePage, nil); r.status != 500 || r.body["code"] != "internal_server_error" {
		t.Errorf("500 fault: %d %v", r.status, r.body)
	}
	s.AddFault(Fault{Path: "/v1/users", Drop: true})
	req, _ := http.NewRequest("POST", srv.URL+"/v1/users", strings.NewReader("{}"))
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped connection answered %d", resp.StatusCode)
	}
	log := s.Requests()
	if last := log[len(log)-1]; last.Status != 0 || last.Path != "/v1/users" {
		t.Errorf("last log entry %+v", last)
	}
	if log[0].Body == nil || log[0].NotionVersion != "2021-08-16" || !log[0].HasAuth {
		t.Errorf("first log entry %+v", log[0])
	}

	limited, lsrv := seeded(t, Options{RateLimit: 0.001, RateBurst: 2, RetryAfter: "7"})
	_ = limited
	for i, want := range []int{200, 200, 429} {
		r := call(t, lsrv, "GET", "/v1/users", nil)
		if r.status != want {
			t.Errorf("request %d: %d", i, r.status)
		}
		if want == 429 && r.header.Get("Retry-After") != "7" {
			t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
		}
	}
}

func TestCreateSearchUsersBlocks(t *testing.T) {
	s, srv := seeded(t, Options{})
	r := call(t, srv, "POST", "/v1/pages", decode(`{"parent":{"database_id":"`+everyDB+`"},"properties":{"Name":{"title":[{"text":{"content":"New one"}}]},"Kind":{"type":"select","select":{"name":"Gamma"}},"Tags":{"type":"multi_select","multi_select":[{"name":"y"}]},"When":{"type":"date","date":{"start":"2025-01-02","end":null}},"Owner":{"type":"people","people":[{"id":"9a000000-0000-4000-8000-000000000001"}]}},"children":[{"object":"block","type":"paragraph","paragraph":{"text":[{"text":{"content":"body"}}]}}],"icon":{"emoji":"🎉"}}`))
	if r.status != 200 {
		t.Fatalf("create: %d %v", r.status, r.body)
	}
	id := r.body["id"].(string)
	if id != "5eed0000-0000-4000-8000-000000000001" || r.body["url"] != "https://www.notion.so/New-one-5eed0000000040008000000000000001" {
		t.Errorf("id %s url %v", id, r.body["url"])
	}
	if prop(r.body, "Kind")["select"].(map[string]any)["name"] != "Gamma" {
		t.Errorf("new select option not created: %v", prop(r.body, "Kind"))
	}
	if prop(r.body, "Owner")["people"].([]any)[0].(map[string]any)["name"] != "Ada Lovelace" {
		t.Errorf("people not expanded: %v", prop(r.body, "Owner"))
	}
	kids := call(t, srv, "GET", "/v1/blocks/"+id+"/children", nil)
	res := kids.body["results"].([]any)
	if len(res) != 1 || res[0].(map[string]any)["paragraph"].(map[string]any)["text"] == nil {
		t.Errorf("children (legacy text key): %v", kids.body)
	}
	kids = call(t, srv, "GET", "/v1/blocks/"+id+"/children", nil, "Notion-Version", "2022-06-28")
	if kids.body["results"].([]any)[0].(map[string]any)["paragraph"].(map[string]any)["rich_text"] == nil {
		t.Errorf("children (rich_text key): %v", kids.body)
	}
	home := call(t, srv, "GET", "/v1/blocks/"+homePage+"/children?page_size=1", nil)
	if len(home.body["results"].([]any)) != 1 || home.body["has_more"] != true {
		t.Errorf("home children page 1: %v", home.body)
	}
	home = call(t, srv, "GET", "/v1/blocks/"+homePage+"/children?page_size=1&start_cursor="+home.body["next_cursor"].(string), nil)
	todo := home.body["results"].([]any)[0].(map[string]any)
	if todo["type"] != "to_do" || todo["has_children"] != true || home.body["has_more"] != false {
		t.Errorf("home children page 2: %v", home.body)
	}
	app := call(t, srv, "PATCH", "/v1/blocks/"+homePage+"/children", decode(`{"children":[{"object":"block","type":"heading_1","heading_1":{"text":[{"text":{"content":"Title"}}]}}]}`))
	if app.status != 200 || len(app.body["results"].([]any)) != 1 {
		t.Errorf("append: %d %v", app.status, app.body)
	}
	found := call(t, srv, "POST", "/v1/search", decode(`{"query":"new","filter":{"property":"object","value":"page"}}`))
	if got := names(t, found); len(got) != 1 || got[0] != "New one" {
		t.Errorf("search pages: %v", got)
	}
	dbs := call(t, srv, "POST", "/v1/search", decode(`{"filter":{"property":"object","value":"database"},"page_size":2}`))
	if len(dbs.body["results"].([]any)) != 2 || dbs.body["has_more"] != true {
		t.Errorf("search databases: %v", dbs.body)
	}
	if u := call(t, srv, "GET", "/v1/users/9a000000000040008000000000000001", nil); u.body["name"] != "Ada Lovelace" {
		t.Errorf("user: %v", u.body)
	}
	if u := call(t, srv, "GET", "/v1/users/9a000000-0000-4000-8000-00000000000f", nil); u.status != 404 || u.body["message"] != "Could not find user with ID: 9a000000-0000-4000-8000-00000000000f." {
		t.Errorf("missing user: %v", u.body)
	}
	// Archive, then the page is out of queries and cannot be edited.
	if r := call(t, srv, "PATCH", "/v1/pages/"+id, decode(`{"archived":true}`)); r.body["archived"] != true {
		t.Errorf("archive: %v", r.body)
	}
	if r := call(t, srv, "PATCH", "/v1/pages/"+id, decode(`{"properties":{}}`)); r.status != 400 {
		t.Errorf("edit archived: %d", r.status)
	}
	if got := names(t, call(t, srv, "POST", "/v1/databases/"+everyDB+"/query", map[string]any{})); len(got) != 2 {
		t.Errorf("archived page still queried: %v", got)
	}
	// Dump and Seed round-trip.
	dump := s.Dump()
	s2 := New(Options{})
	if err := s2.Seed(dump); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(dump, s2.Dump()) {
		t.Errorf("Seed(Dump()) changed the state")
	}
}

func TestComputedProperties(t *testing.T) {
	s, _ := seeded(t, Options{})
	p := s.Page("1a878e40-f803-81e0-a000-000000000001")
	checks := map[string]string{
		"Client IDs":     `{"array":[{"rich_text":[{"annotations":{"bold":false,"code":false,"color":"default","italic":false,"strikethrough":false,"underline":false},"href":null,"plain_text":"cl-acme","text":{"content":"cl-acme","link":null},"type":"text"}],"type":"rich_text"},{"rich_text":[{"annotations":{"bold":false,"code":false,"color":"default","italic":false,"strikethrough":false,"underline":false},"href":null,"plain_text":"cl-initech","text":{"content":"cl-initech","link":null},"type":"text"}],"type":"rich_text"}],"function":"show_unique","type":"array"}`,
		"Related count":  `{"function":"count","number":3,"type":"number"}`,
		"Archived share": `{"function":"percent_checked","number":0.3333333333333333,"type":"number"}`,
		"Label":          `{"string":"Kitchen sink!","type":"string"}`,
		"Has notes":      `{"boolean":true,"type":"boolean"}`,
	}
	for name, want := range checks {
		v := prop(p, name)
		got, _ := json.Marshal(v[v["type"].(string)])
		if string(got) != want {
			t.Errorf("%s = %s\nwant %s", name, got, want)
		}
	}
	if notes := plainText(prop(p, "Notes")["rich_text"]); notes != "see @Ada Lovelacee=mc^2" {
		t.Errorf("Notes plain text %q", notes)
	}
}

// BenchmarkQuery250 pages through the 250-page database with a filter.
func BenchmarkQuery250(b *testing.B) {
	_, srv := seeded(b, Options{})
	for range b.N {
		body := map[string]any{"filter": decode(`{"property":"N","number":{"greater_than":0}}`)}
		for {
			r := call(b, srv, "POST", "/v1/databases/"+manyDB+"/query", body)
			if r.body["has_more"] != true {
				break
			}
			body["start_cursor"] = r.body["next_cursor"]
		}
	}
}

// TestQueryCacheSeesWrites: a query's results are cached between writes;
// a page changed between two identical queries shows in the second.
func TestQueryCacheSeesWrites(t *testing.T) {
	_, srv := seeded(t, Options{})
	body := `{"filter":{"property":"Clockify Client ID","rich_text":{"equals":"cl-new"}}}`
	if r := call(t, srv, "POST", "/v1/databases/"+clientsDB+"/query", decode(body)); len(names(t, r)) != 0 {
		t.Fatalf("before the write: %v", names(t, r))
	}
	acme := "1a878e40-f803-81c0-a000-000000000001"
	if r := call(t, srv, "PATCH", "/v1/pages/"+acme, decode(`{"properties":{"Clockify Client ID":{"rich_text":[{"text":{"content":"cl-new"}}]}}}`)); r.status != 200 {
		t.Fatalf("%d %v", r.status, r.body)
	}
	if r := call(t, srv, "POST", "/v1/databases/"+clientsDB+"/query", decode(body)); len(names(t, r)) != 1 {
		t.Fatalf("after the write: %v", names(t, r))
	}
}
