package notion_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/enginetest"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
)

func rl(value, mode string) map[string]any {
	return map[string]any{"__rl": true, "mode": mode, "value": value}
}

// TestOperations runs every operation against the fake and checks the
// requests n8n's code would send and the items that come out.
func TestOperations(t *testing.T) {
	cases := []struct {
		name     string
		params   map[string]any
		version  float64
		requests []string
		items    []string // JSON of each output item, keys in n8n's order
		count    int      // when items is nil: number of items
	}{
		{
			name:     "databasePage get (workspace page, simplified)",
			params:   map[string]any{"resource": "databasePage", "operation": "get", "pageId": rl("https://www.notion.so/Home-3c000000000040008000000000000001", "url")},
			requests: []string{"GET /v1/pages/3c000000000040008000000000000001"},
			items:    []string{`{"id":"3c000000-0000-4000-8000-000000000001","name":"Home","url":"https://www.notion.so/Home-3c000000000040008000000000000001"}`},
		},
		{
			name:     "databasePage get by p= url",
			params:   map[string]any{"resource": "databasePage", "operation": "get", "simple": false, "pageId": rl("https://www.notion.so/x?v=1&p="+acme+"&pm=s", "url")},
			requests: []string{"GET /v1/pages/" + acme},
			count:    1,
		},
		{
			name: "databasePage getAll limit and sorts",
			params: map[string]any{"resource": "databasePage", "operation": "getAll", "limit": 2, "databaseId": rl(manyDB, "list"),
				"options": map[string]any{"sort": map[string]any{"sortValue": []any{map[string]any{"key": "N|number", "direction": "descending"}, map[string]any{"timestamp": true, "key": "last_edited_time", "direction": "ascending"}}}}},
			requests: []string{"POST /v1/databases/" + manyDB + `/query {"sorts":[{"direction":"descending","property":"N"},{"direction":"ascending","timestamp":"last_edited_time"}],"page_size":2}`},
			count:    2,
		},
		{
			name:     "databasePage getAll by database url",
			params:   map[string]any{"resource": "databasePage", "operation": "getAll", "limit": 1, "databaseId": rl("https://www.notion.so/my-ws/1a878e40f80380e4bc79e24747562817?v=abc", "url")},
			requests: []string{"POST /v1/databases/1a878e40f80380e4bc79e24747562817/query " + `{"sorts":[],"page_size":1}`},
			count:    1,
		},
		{
			name: "databasePage getAll manual with no conditions sends an empty or",
			params: map[string]any{"resource": "databasePage", "operation": "getAll", "limit": 1, "databaseId": rl(clientsDB, "list"),
				"filterType": "manual"},
			requests: []string{"POST /v1/databases/" + clientsDB + `/query {"filter":{"or":[]},"sorts":[],"page_size":1}`},
			count:    1,
		},
		{
			name: "databasePage getAll json filter",
			params: map[string]any{"resource": "databasePage", "operation": "getAll", "returnAll": true, "databaseId": rl(clientsDB, "id"),
				"filterType": "json", "filterJson": `{ "property": "Name", "title": { "starts_with": "G" } }`},
			requests: []string{"POST /v1/databases/" + clientsDB + `/query {"filter":{"property":"Name","title":{"starts_with":"G"}},"sorts":[]}`},
			count:    1,
		},
		{
			name: "databasePage create",
			params: map[string]any{"resource": "databasePage", "databaseId": rl(clientsDB, "list"), "title": "Hooli",
				"propertiesUi": map[string]any{"propertyValues": []any{map[string]any{"key": "Archive|checkbox", "checkboxValue": true}}},
				"options":      map[string]any{"icon": "🎉"}},
			requests: []string{
				"GET /v1/databases/" + clientsDB,
				`POST /v1/pages {"parent":{"database_id":"` + clientsDB + `"},"properties":{"Name":{"title":[{"text":{"content":"Hooli"}}]},"Archive":{"type":"checkbox","checkbox":true}},"children":[],"icon":{"emoji":"🎉"}}`,
			},
			items: []string{`{"id":"5eed0000-0000-4000-8000-000000000001","name":"Hooli","url":"https://www.notion.so/Hooli-5eed0000000040008000000000000001","property_archive":true,"property_clockify_client_id":"","property_name":"Hooli"}`},
		},
		{
			name: "page create under a page",
			params: map[string]any{"resource": "page", "pageId": rl(homePage, "id"), "title": "Sub",
				"blockUi": map[string]any{"blockValues": []any{map[string]any{"type": "image", "url": "https://example.com/a.png"}}}},
			requests: []string{`POST /v1/pages {"parent":{"page_id":"` + homePage + `"},"properties":{"title":[{"text":{"content":"Sub"}}]},"children":[{"object":"block","type":"image","image":{"type":"external","external":{"url":"https://example.com/a.png"}}}]}`},
			items:    []string{`{"id":"5eed0000-0000-4000-8000-000000000001","name":"Sub","url":"https://www.notion.so/Sub-5eed0000000040008000000000000001"}`},
		},
		{
			name:     "page archive",
			params:   map[string]any{"resource": "page", "operation": "archive", "pageId": rl(acme, "id"), "simple": false},
			requests: []string{"PATCH /v1/pages/" + acme + ` {"archived":true}`},
			count:    1,
		},
		{
			name:     "page search with a limit reads every result page",
			params:   map[string]any{"resource": "page", "operation": "search", "text": "item", "limit": 2},
			requests: []string{`POST /v1/search {"query":"item"}`, `POST /v1/search {"query":"item","start_cursor":"1a878e40-f803-81f0-a000-000000000101"}`, `POST /v1/search {"query":"item","start_cursor":"1a878e40-f803-81f0-a000-000000000201"}`},
			count:    2,
		},
		{
			name:     "page search without text sends no body",
			params:   map[string]any{"resource": "page", "operation": "search", "returnAll": true, "options": map[string]any{"filter": map[string]any{"filters": map[string]any{"property": "object", "value": "database"}}}},
			requests: []string{`POST /v1/search {"filter":{"property":"object","value":"database"}}`},
			count:    5,
		},
		{
			name:     "database get",
			params:   map[string]any{"resource": "database", "databaseId": rl(tasksDB, "list")},
			requests: []string{"GET /v1/databases/" + tasksDB},
			items:    []string{`{"id":"` + tasksDB + `","name":"Tasks","url":"https://www.notion.so/1a878e40f80380e68df1cf50776752da"}`},
		},
		{
			name:     "database getAll limit",
			params:   map[string]any{"resource": "database", "operation": "getAll", "limit": 2},
			requests: []string{`POST /v1/search {"filter":{"property":"object","value":"database"},"page_size":2}`},
			count:    2,
		},
		{
			name:     "database search",
			params:   map[string]any{"resource": "database", "operation": "search", "text": "many", "simple": false, "options": map[string]any{"sort": map[string]any{"sortValue": map[string]any{"direction": "descending", "timestamp": "last_edited_time"}}}},
			requests: []string{`POST /v1/search {"filter":{"property":"object","value":"database"},"query":"many","sort":{"direction":"descending","timestamp":"last_edited_time"}}`},
			count:    1,
		},
		{
			name:     "user get",
			params:   map[string]any{"resource": "user", "userId": "9a000000-0000-4000-8000-000000000003"},
			requests: []string{"GET /v1/users/9a000000-0000-4000-8000-000000000003"},
			items:    []string{`{"avatar_url":null,"bot":{},"id":"9a000000-0000-4000-8000-000000000003","name":"n8n-go fake bot","object":"user","type":"bot"}`},
		},
		{
			name:     "user getAll",
			params:   map[string]any{"resource": "user", "operation": "getAll", "returnAll": true},
			requests: []string{"GET /v1/users"},
			count:    3,
		},
		{
			name:     "block getAll nested (v2.2, simplified)",
			params:   map[string]any{"resource": "block", "operation": "getAll", "blockId": rl(homePage, "id"), "returnAll": true, "fetchNestedBlocks": true},
			requests: []string{"GET /v1/blocks/" + homePage + "/children", "GET /v1/blocks/4d000000-0000-4000-8000-000000000002/children"},
			items: []string{
				`{"object":"block","parent_id":"3c000000-0000-4000-8000-000000000001","archived":false,"has_children":false,"id":"4d000000-0000-4000-8000-000000000001","in_trash":false,"last_edited_by":{"id":"9a000000-0000-4000-8000-000000000003","object":"user"},"parent":{"page_id":"3c000000-0000-4000-8000-000000000001","type":"page_id"},"type":"paragraph","root_id":"3c000000-0000-4000-8000-000000000001","content":"Hello from the fake"}`,
				`{"object":"block","parent_id":"3c000000-0000-4000-8000-000000000001","archived":false,"has_children":true,"id":"4d000000-0000-4000-8000-000000000002","in_trash":false,"last_edited_by":{"id":"9a000000-0000-4000-8000-000000000003","object":"user"},"parent":{"page_id":"3c000000-0000-4000-8000-000000000001","type":"page_id"},"type":"to_do","root_id":"3c000000-0000-4000-8000-000000000001","content":"Write tests"}`,
				`{"object":"block","parent_id":"4d000000-0000-4000-8000-000000000002","archived":false,"has_children":false,"id":"4d000000-0000-4000-8000-000000000003","in_trash":false,"last_edited_by":{"id":"9a000000-0000-4000-8000-000000000003","object":"user"},"parent":{"block_id":"4d000000-0000-4000-8000-000000000002","type":"block_id"},"type":"bulleted_list_item","root_id":"3c000000-0000-4000-8000-000000000001","content":"nested"}`,
			},
		},
		{
			name:     "block getAll limit (v2.1: url extraction, no simplify)",
			version:  2.1,
			params:   map[string]any{"resource": "block", "operation": "getAll", "blockId": rl("https://www.notion.so/Home-3c000000000040008000000000000001", "url"), "limit": 1},
			requests: []string{"GET /v1/blocks/3c000000000040008000000000000001/children?page_size=1"},
			count:    1,
		},
		{
			name: "block append",
			params: map[string]any{"resource": "block", "blockId": rl(homePage, "id"), "blockUi": map[string]any{"blockValues": []any{
				map[string]any{"type": "to_do", "textContent": "check", "checked": true},
				map[string]any{"type": "paragraph", "richText": true, "text": map[string]any{"text": []any{map[string]any{"textType": "mention", "mentionType": "user", "user": "9a000000-0000-4000-8000-000000000001"}}}},
			}}},
			requests: []string{`PATCH /v1/blocks/` + homePage + `/children {"children":[{"object":"block","type":"to_do","to_do":{"checked":true,"text":[{"text":{"content":"check"}}]}},{"object":"block","type":"paragraph","paragraph":{"text":[{"type":"mention","mention":{"type":"user","user":{"id":"9a000000-0000-4000-8000-000000000001"}},"annotations":{}}]}}]}`},
			count:    1,
		},
		{
			name:   "page get is not a v2 operation: no items",
			params: map[string]any{"resource": "page", "operation": "get", "pageId": rl(homePage, "id")},
			count:  0,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			v := c.version
			if v == 0 {
				v = 2.2
			}
			out, res := f.oneVersion(t, v, "", c.params)
			if e := runError(res); e != "" {
				t.Fatalf("run failed: %s", e)
			}
			if got := f.bodies(); strings.Join(got, "\n") != strings.Join(c.requests, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.requests, "\n"))
			}
			if c.items != nil {
				var got []string
				for _, o := range out {
					got = append(got, mustJSON(o))
				}
				if strings.Join(got, "\n") != strings.Join(c.items, "\n") {
					t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.items, "\n"))
				}
			} else if len(out) != c.count {
				t.Errorf("%d items, want %d", len(out), c.count)
			}
		})
	}
}

// TestManualFilters checks n8n's mapping of every condition type.
func TestManualFilters(t *testing.T) {
	cases := []struct {
		cond map[string]any
		want string
	}{
		{map[string]any{"key": "Name|title", "condition": "equals", "titleValue": "a"}, `{"property":"Name","title":{"equals":"a"}}`},
		{map[string]any{"key": "Notes|rich_text", "condition": "does_not_contain", "richTextValue": "x"}, `{"property":"Notes","text":{"does_not_contain":"x"}}`},
		{map[string]any{"key": "Notes|rich_text", "condition": "is_empty"}, `{"property":"Notes","text":{"is_empty":true}}`},
		{map[string]any{"key": "Count|number", "condition": "less_than_or_equal_to", "numberValue": 3}, `{"property":"Count","number":{"less_than_or_equal_to":3}}`},
		{map[string]any{"key": "Count|number", "condition": "equals"}, `{"property":"Count","number":{"equals":0}}`},
		{map[string]any{"key": "Done|checkbox", "condition": "does_not_equal"}, `{"property":"Done","checkbox":{"does_not_equal":false}}`},
		{map[string]any{"key": "Kind|select", "condition": "does_not_equal", "selectValue": "Beta"}, `{"property":"Kind","select":{"does_not_equal":"Beta"}}`},
		{map[string]any{"key": "Tags|multi_select", "condition": "contains", "multiSelectValue": "x"}, `{"property":"Tags","multi_select":{"contains":"x"}}`},
		{map[string]any{"key": "Stage|status", "condition": "equals", "statusValue": "Started"}, `{"property":"Stage","status":{"equals":"Started"}}`},
		{map[string]any{"key": "When|date", "condition": "before", "date": "2025-02-04T00:00:00"}, `{"property":"When","date":{"before":"2025-02-04T00:00:00Z"}}`},
		{map[string]any{"key": "When|date", "condition": "after", "date": "2025-02-01T12:00:00+02:00"}, `{"property":"When","date":{"after":"2025-02-01T10:00:00Z"}}`},
		{map[string]any{"key": "When|date", "condition": "past_year"}, `{"property":"When","date":{"past_year":{}}}`},
		{map[string]any{"key": "When|date", "condition": "is_not_empty"}, `{"property":"When","date":{"is_not_empty":true}}`},
		{map[string]any{"key": "Owner|people", "condition": "does_not_contain", "peopleValue": "9a000000-0000-4000-8000-000000000001"}, `{"property":"Owner","people":{"does_not_contain":"9a000000-0000-4000-8000-000000000001"}}`},
		{map[string]any{"key": "Related|relation", "condition": "is_empty"}, `{"property":"Related","relation":{"is_empty":true}}`},
		{map[string]any{"key": "Link|url", "condition": "starts_with", "urlValue": "https"}, `{"property":"Link","url":{"starts_with":"https"}}`},
		{map[string]any{"key": "Mail|email", "condition": "contains", "emailValue": "@"}, `{"property":"Mail","email":{"contains":"@"}}`},
		{map[string]any{"key": "Phone|phone_number", "condition": "equals", "phoneNumberValue": "1"}, `{"property":"Phone","phone":{"equals":"1"}}`},
		{map[string]any{"key": "Attachments|files", "condition": "is_not_empty"}, `{"property":"Attachments","files":{"is_not_empty":true}}`},
		{map[string]any{"key": "Created|created_time", "condition": "on_or_before", "createdTimeValue": "2025-03-01"}, `{"property":"Created","created_time":{"on_or_before":"2025-03-01"}}`},
		{map[string]any{"key": "Label|formula", "condition": "contains", "returnType": "text", "textValue": "sink"}, `{"property":"Label","formula":{"text":{"contains":"sink"}}}`},
		{map[string]any{"key": "Has notes|formula", "condition": "is_empty", "returnType": "checkbox"}, `{"property":"Has notes","checkbox":{"is_empty":true}}`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			params := map[string]any{"resource": "databasePage", "operation": "getAll", "limit": 1, "databaseId": rl(everyDB, "list"),
				"filterType": "manual", "matchType": "allFilters", "filters": map[string]any{"conditions": []any{c.cond}}}
			f.one(t, params)
			want := "POST /v1/databases/" + everyDB + `/query {"filter":{"and":[` + c.want + `]},"sorts":[],"page_size":1}`
			if got := f.bodies(); len(got) != 1 || got[0] != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestUpdateProperties checks n8n's body for every writable property type.
func TestUpdateProperties(t *testing.T) {
	cases := []struct {
		entry map[string]any
		want  string
	}{
		{map[string]any{"key": "Name|title", "title": "T"}, `"Name":{"title":[{"text":{"content":"T"}}]}`},
		{map[string]any{"key": "Notes|rich_text", "textContent": "n"}, `"Notes":{"rich_text":[{"text":{"content":"n"}}]}`},
		{map[string]any{"key": "Count|number", "numberValue": 2.5}, `"Count":{"type":"number","number":2.5}`},
		{map[string]any{"key": "Count|number"}, `"Count":{"type":"number","number":0}`},
		{map[string]any{"key": "Done|checkbox"}, `"Done":{"type":"checkbox","checkbox":false}`},
		{map[string]any{"key": "Kind|select", "selectValue": "Alpha"}, `"Kind":{"type":"select","select":{"name":"Alpha"}}`},
		{map[string]any{"key": "Kind|select"}, `"Kind":{"type":"select","select":null}`},
		{map[string]any{"key": "Tags|multi_select", "multiSelectValue": "x, tz ,y"}, `"Tags":{"type":"multi_select","multi_select":[{"name":"x"},{"name":"tz"},{"name":"y"}]}`},
		{map[string]any{"key": "Stage|status", "statusValue": "Finished"}, `"Stage":{"type":"status","status":{"name":"Finished"}}`},
		{map[string]any{"key": "When|date", "date": "2025-01-02T10:00:00"}, `"When":{"type":"date","date":{"start":"2025-01-02T10:00:00+00:00","end":null}}`},
		{map[string]any{"key": "When|date", "date": "2025-07-02T10:00:00", "timezone": "Europe/Berlin"}, `"When":{"type":"date","date":{"start":"2025-07-02T10:00:00+02:00","end":null}}`},
		{map[string]any{"key": "When|date", "date": "2025-01-02T23:30:00Z", "timezone": "Europe/Berlin", "includeTime": false}, `"When":{"type":"date","date":{"start":"2025-01-03","end":null}}`},
		{map[string]any{"key": "When|date", "range": true, "dateStart": "2025-01-02", "dateEnd": "2025-01-05", "includeTime": false}, `"When":{"type":"date","date":{"start":"2025-01-02","end":"2025-01-05"}}`},
		{map[string]any{"key": "When|date", "date": ""}, `"When":{"type":"date","date":null}`},
		{map[string]any{"key": "Owner|people", "peopleValue": "9a000000-0000-4000-8000-000000000001"}, `"Owner":{"type":"people","people":[{"id":"9a000000-0000-4000-8000-000000000001"}]}`},
		{map[string]any{"key": "Link|url", "urlValue": "https://x"}, `"Link":{"type":"url","url":"https://x"}`},
		{map[string]any{"key": "Link|url", "urlValue": "", "ignoreIfEmpty": true}, ``},
		{map[string]any{"key": "Mail|email", "emailValue": "a@b.c"}, `"Mail":{"type":"email","email":"a@b.c"}`},
		{map[string]any{"key": "Phone|phone_number", "phoneValue": "123"}, `"Phone":{"type":"phone_number","phone_number":"123"}`},
		{map[string]any{"key": "Related|relation", "relationValue": []any{"1a878e40f80381c0a000000000000002,1a878e40-f803-81c0-a000-000000000003", 5.0}}, `"Related":{"type":"relation","relation":[{"id":"1a878e40f80381c0a000000000000002"},{"id":"1a878e40-f803-81c0-a000-000000000003"}]}`},
		{map[string]any{"key": "Attachments|files", "fileUrls": map[string]any{"fileUrl": []any{map[string]any{"name": "a", "url": "https://x/a"}}}}, `"Attachments":{"type":"files","files":[{"name":"a","type":"external","external":{"url":"https://x/a"}}]}`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			params := map[string]any{"resource": "databasePage", "operation": "update", "pageId": rl(kitchen, "id"),
				"propertiesUi": map[string]any{"propertyValues": []any{c.entry}}}
			_, res := f.one(t, params)
			if e := runError(res); e != "" {
				t.Fatalf("run failed: %s", e)
			}
			want := "PATCH /v1/pages/" + kitchen + ` {"properties":{` + c.want + `}}`
			if got := f.bodies(); len(got) != 1 || got[0] != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	missing := "00000000-0000-4000-8000-00000000dead"
	get := map[string]any{"resource": "databasePage", "operation": "get", "pageId": rl(missing, "id")}

	t.Run("not found stops the run", func(t *testing.T) {
		f := newFixture(t, fakenotion.Options{})
		_, res := f.one(t, get)
		want := "NodeApiError: The resource you are requesting could not be found | Could not find page with ID: " + missing + ". Make sure the relevant pages and databases are shared with your integration. | 404"
		if got := runError(res); got != want {
			t.Errorf("error %q\nwant  %q", got, want)
		}
	})
	t.Run("continueOnFail emits error items", func(t *testing.T) {
		f := newFixture(t, fakenotion.Options{})
		n := notionNode("Notion", 2.2, map[string]any{"resource": "databasePage", "operation": "get", "pageId": rl("={{ $json.id }}", "id")})
		n.OnError = "continueRegularOutput"
		res := f.run(t, chain(n), "Notion", map[string]any{"id": missing}, map[string]any{"id": acme})
		items := enginetest.Output(res, "Notion", 0, 0)
		if len(items) != 2 || mustJSON(items[0].JSON) != `{"error":"The resource you are requesting could not be found"}` || mustJSON(items[0].Paired) != `{"item":0}` {
			t.Fatalf("items %s", mustJSON(items))
		}
		if items[1].JSON.Value("name") != "Acme" || mustJSON(items[1].Paired) != `{"item":1}` {
			t.Errorf("item 1 %s", mustJSON(items[1]))
		}
	})
	t.Run("continueErrorOutput routes to the error output", func(t *testing.T) {
		f := newFixture(t, fakenotion.Options{})
		_, res := f.oneVersion(t, 2.2, "continueErrorOutput", get)
		if ok, errs := enginetest.Output(res, "Notion", 0, 0), enginetest.Output(res, "Notion", 0, 1); len(ok) != 0 || len(errs) != 1 {
			t.Errorf("outputs %d / %d", len(ok), len(errs))
		}
	})
	cases := []struct {
		name   string
		params map[string]any
		fault  *fakenotion.Fault
		want   string
	}{
		{"bad page url", map[string]any{"resource": "databasePage", "operation": "get", "pageId": rl("https://example.com/nope", "url")}, nil,
			"NodeOperationError: Could not extract page ID from URL: https://example.com/nope |  | "},
		{"bad database id", map[string]any{"resource": "databasePage", "operation": "getAll", "databaseId": rl("xyz", "id")}, nil,
			"NodeOperationError: ERROR: Database parameter's value is invalid. This is likely because the URL entered is incorrect |  | "},
		{"bad json filter", map[string]any{"resource": "databasePage", "operation": "getAll", "databaseId": rl(clientsDB, "list"), "filterType": "json", "filterJson": "{nope"}, nil,
			"NodeApiError: Filters (JSON) must be a valid json |  | "},
		{"bad relation id", map[string]any{"resource": "databasePage", "operation": "update", "pageId": rl(acme, "id"), "propertiesUi": map[string]any{"propertyValues": []any{map[string]any{"key": "Related|relation", "relationValue": []any{"nope"}}}}}, nil,
			"NodeOperationError: The relation id \"nope\" is not a valid uuid with optional dashes. |  | "},
		{"validation error", map[string]any{"resource": "databasePage", "operation": "update", "pageId": rl(acme, "id"), "propertiesUi": map[string]any{"propertyValues": []any{map[string]any{"key": "Nope|rich_text", "textContent": "x"}}}}, nil,
			"NodeApiError: Bad request - please check your parameters | Nope is not a property that exists. | 400"},
		{"server error", map[string]any{"resource": "user", "operation": "getAll", "returnAll": true}, &fakenotion.Fault{Path: "/v1/users", Status: 500},
			"NodeApiError: The service was not able to process your request | Unexpected error occurred. | 500"},
		{"unauthorized", map[string]any{"resource": "user", "operation": "getAll", "returnAll": true}, &fakenotion.Fault{Path: "/v1/users", Status: 401},
			"NodeApiError: Authorization failed - please check your credentials | API token is invalid. | 401"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, fakenotion.Options{})
			if c.fault != nil {
				f.fake.AddFault(*c.fault)
			}
			_, res := f.one(t, c.params)
			if got := runError(res); got != c.want {
				t.Errorf("error %q\nwant  %q", got, c.want)
			}
		})
	}
}

// TestRateLimited sends 30 queries through n8n-go's limiter (3/s) to a
// fake limited to 3/s that also throws in 429s with Retry-After: every
// page is read exactly once, no item fails, and after each 429 the next
// request is served (the client waited for Retry-After).
func TestRateLimited(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 10 s of rate limiting")
	}
	// Notion allows "some bursts": the fake takes 3/s with a burst of 3.
	f := newFixture(t, fakenotion.Options{RateLimit: 3, RateBurst: 3, RetryAfter: "1"})
	// Two 429s the client cannot avoid, besides those its limiter runs into.
	f.fake.AddFault(fakenotion.Fault{Path: "/query", Skip: 5, Times: 1, Status: 429, RetryAfter: "1"})
	f.fake.AddFault(fakenotion.Fault{Path: "/query", Skip: 10, Times: 1, Status: 429, RetryAfter: "1"})
	o := f.engineOptions(t)
	o.Limits = map[string]float64{"notionApi": 3}
	o.Start = "Notion"
	for i := 1; i <= 30; i++ {
		o.StartItems = append(o.StartItems, dataItem(map[string]any{"n": float64(i)}))
	}
	params := map[string]any{"resource": "databasePage", "operation": "getAll", "returnAll": true, "databaseId": rl(manyDB, "list"),
		"filterType": "manual", "filters": map[string]any{"conditions": []any{map[string]any{"key": "N|number", "condition": "equals", "numberValue": "={{ $json.n }}"}}}}
	res := enginetest.Run(t, chain(notionNode("Notion", 2.2, params)), o)
	if e := runError(res); e != "" {
		t.Fatalf("run failed: %s", e)
	}
	items := enginetest.Output(res, "Notion", 0, 0)
	if len(items) != 30 {
		t.Fatalf("%d items, want 30", len(items))
	}
	for i, it := range items {
		if it.JSON.Value("property_n") != float64(i+1) || it.JSON.Value("error") != nil {
			t.Errorf("item %d = %v", i, it.JSON)
		}
	}
	log := f.fake.Requests()
	ok, limited := 0, 0
	for i, r := range log {
		switch r.Status {
		case 200:
			ok++
		case 429:
			limited++
			if i+1 < len(log) && log[i+1].Status == 429 {
				t.Errorf("request %d after a 429 was also refused: the client did not wait", i+1)
			}
		default:
			t.Errorf("request %d: status %d", i, r.Status)
		}
	}
	if ok != 30 || limited < 2 {
		t.Errorf("%d served, %d rate limited", ok, limited)
	}
}
