package httprequest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/fakes/httpfake"
)

func TestPagination(t *testing.T) {
	fake := httpfake.New(httpfake.Options{})
	if err := fake.Seed([]byte(`{"people":[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5}]}`)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	u := srv.URL + "/people"
	pag := func(p map[string]any) map[string]any {
		return map[string]any{"pagination": map[string]any{"pagination": p}}
	}
	offset := map[string]any{"parameters": []any{map[string]any{"name": "offset", "value": "={{ $pageCount * 2 }}"}}}
	cases := []struct {
		name   string
		params map[string]any
		want   string // the output items' json
		err    string
	}{
		{"offset until an empty page (the defaults)", map[string]any{"url": u + "?limit=2", "options": pag(map[string]any{"parameters": offset})},
			`[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5}]`, ""},
		{"page limit", map[string]any{"url": u + "?limit=2", "options": pag(map[string]any{"parameters": offset, "limitPagesFetched": true, "maxRequests": 2})},
			`[{"id":1},{"id":2},{"id":3},{"id":4}]`, ""},
		{"complete expression over $response", map[string]any{"url": u + "?limit=2", "options": pag(map[string]any{"parameters": offset,
			"paginationCompleteWhen": "other", "completeExpression": "={{ $response.body.length < 2 }}"})},
			`[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5}]`, ""},
		{"next URL until 404", map[string]any{"url": u + "/1", "options": pag(map[string]any{"paginationMode": "responseContainsNextURL",
			"nextURL": "=" + u + "/{{ $pageCount + 1 }}", "paginationCompleteWhen": "receiveSpecificStatusCodes", "statusCodesWhenComplete": "404"})},
			`[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5},{"message":"not found"}]`, ""},
		{"no parameters", map[string]any{"url": u, "options": pag(map[string]any{})}, "",
			"At least one entry with 'Name' and 'Value' filled must be included in 'Parameters' to use 'Update a Parameter in Each Request' mode "},
		{"bad complete expression", map[string]any{"url": u, "options": pag(map[string]any{"parameters": offset, "paginationCompleteWhen": "other", "completeExpression": "x"})}, "",
			"Invalid or empty Complete Expression"},
		{"bad parameter type", map[string]any{"url": u, "options": pag(map[string]any{"parameters": map[string]any{"parameters": []any{map[string]any{"type": "path", "name": "a", "value": "1"}}}})}, "",
			"Parameter type must be one of: body, headers, qs for parameter [1] in pagination settings"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, ne, _ := runHTTP(t, c.params, nil, nil)
			if c.err != "" {
				if ne == nil || ne.Message != c.err {
					t.Fatalf("error %+v, want %q", ne, c.err)
				}
				return
			}
			if ne != nil {
				t.Fatalf("node failed: %+v", ne)
			}
			var out []string
			for _, it := range items {
				b, _ := data.MarshalValue(it.JSON)
				out = append(out, string(b))
			}
			if got := "[" + strings.Join(out, ",") + "]"; got != c.want {
				t.Errorf("got %s\nwant %s", got, c.want)
			}
		})
	}
}

// TestIgnoreSSLIssues: a self-signed server fails the request unless the
// node's allowUnauthorizedCerts option is on.
func TestIgnoreSSLIssues(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(echo))
	defer srv.Close()
	if _, ne, _ := runHTTP(t, map[string]any{"url": srv.URL + "/text"}, nil, nil); ne == nil {
		t.Fatal("a self-signed certificate was accepted")
	}
	items, ne, _ := runHTTP(t, map[string]any{"url": srv.URL + "/text", "options": map[string]any{"allowUnauthorizedCerts": true}}, nil, nil)
	if ne != nil {
		t.Fatalf("node failed: %+v", ne)
	}
	expect(t, one(t, items).Value("data"), "hello")
}

func TestLegacyVersions(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	u := srv.URL
	run := func(version float64, params map[string]any) *data.Object {
		t.Helper()
		items, ne, _ := runHTTPVersion(t, version, params)
		if ne != nil {
			t.Fatalf("node failed: %+v", ne)
		}
		return one(t, items)
	}
	got := run(2, map[string]any{"url": u + "/e?z=0", "requestMethod": "POST", "options": map[string]any{},
		"queryParametersUi":  map[string]any{"parameter": []any{map[string]any{"name": "a", "value": "1"}, map[string]any{"name": "a", "value": "2"}}},
		"headerParametersUi": map[string]any{"parameter": []any{map[string]any{"name": "X-Mixed", "value": "v"}}},
		"bodyParametersUi":   map[string]any{"parameter": []any{map[string]any{"name": "n", "value": "1"}}}})
	expect(t, got.Value("query"), "z=0&a%5B0%5D=1&a%5B1%5D=2")
	expect(t, got.Value("body"), `{"n":"1"}`)
	expect(t, header(got, "x-mixed"), "v")
	got = run(1, map[string]any{"url": u + "/text", "responseFormat": "string", "dataPropertyName": "out", "options": map[string]any{}})
	expect(t, got.Value("out"), "hello")
	got = run(1, map[string]any{"url": u + "/e", "authentication": "headerAuth", "options": map[string]any{}})
	expect(t, header(got, "x-token"), "SECRET-HEADER")
}

func runHTTPVersion(t *testing.T, version float64, params map[string]any) ([]data.Item, *engine.NodeError, *engine.Result) {
	t.Helper()
	return runHTTP(t, params, map[string]any{"typeVersion": version}, nil)
}
