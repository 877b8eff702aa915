package httprequest_test

import (
	"net/http/httptest"
	"strconv"
	"testing"

	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
)

// BenchmarkHTTPRequest1000 runs the template's "Update Project in Clockify"
// shape (PUT with a templated JSON body, clockifyApi credential) over 1,000
// input items against the Clockify fake. One op = one node run of 1,000
// requests.
func BenchmarkHTTPRequest1000(b *testing.B) {
	fake := fakeclockify.New(fakeclockify.Options{})
	ws := fake.AddWorkspace("Main")
	var items []map[string]any
	for i := 0; i < 1000; i++ {
		items = append(items, map[string]any{"id": fake.AddProject(ws, "Project "+strconv.Itoa(i), "", false), "archived": false, "name": "P" + strconv.Itoa(i)})
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	params := map[string]any{
		"url":    "=" + srv.URL + "/api/v1/workspaces/" + ws + "/projects/{{ $json.id }}",
		"method": "PUT", "sendBody": true, "specifyBody": "json", "options": map[string]any{},
		"jsonBody":       "={\n  \"archived\": {{ $json.archived }},\n  \"name\": \"{{ $json.name }}\"\n}",
		"authentication": "predefinedCredentialType", "nodeCredentialType": "clockifyApi",
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, ne, _ := runHTTP(b, params, nil, items)
		if ne != nil || len(out) != 1000 {
			b.Fatalf("error %v, %d items", ne, len(out))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*1000), "µs/item")
}
