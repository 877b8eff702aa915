package notion

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine/data"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

// BenchmarkSimplify simplifies the 250 pages of the seed's "Many"
// database plus its every-type page, as getAll with simple=true does.
func BenchmarkSimplify(b *testing.B) {
	seed, err := os.ReadFile("../../testdata/notion/seed.json")
	if err != nil {
		b.Fatal(err)
	}
	fake := fakenotion.New(fakenotion.Options{})
	if err := fake.Seed(seed); err != nil {
		b.Fatal(err)
	}
	var st fakenotion.State
	if err := json.Unmarshal(fake.Dump(), &st); err != nil {
		b.Fatal(err)
	}
	var pages []gjson.Result
	for _, p := range st.Pages {
		raw, _ := json.Marshal(p)
		pages = append(pages, gjson.ParseBytes(raw))
	}
	b.ResetTimer()
	for range b.N {
		if _, err := simplifyObjects(pages); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimplifyTemplateTasks simplifies the template workspace's
// task pages (testdata/bench/template.sh at scale 1: 2,000 pages with a
// status, a relation and two rollups) as "Get active Tasks from Notion"
// does, and reports what the items keep alive per page (retained-B/page):
// at 50× these items are a large part of the peak heap.
func BenchmarkSimplifyTemplateTasks(b *testing.B) {
	f, err := sandbox.Build(&sandbox.Scenario{Generate: &sandbox.Generate{Clients: 100, Projects: 500, Tasks: 2000}})
	if err != nil {
		b.Fatal(err)
	}
	var pages []gjson.Result
	cursor := ""
	for {
		body := `{"page_size":100`
		if cursor != "" {
			body += `,"start_cursor":"` + cursor + `"`
		}
		req := httptest.NewRequest(http.MethodPost, "/v1/databases/"+sandbox.TasksDB+"/query", strings.NewReader(body+"}"))
		req.Header.Set("Authorization", "Bearer "+sandbox.NotionKey)
		req.Header.Set("Notion-Version", "2022-06-28")
		w := httptest.NewRecorder()
		f.Notion.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("query: %d %s", w.Code, w.Body)
		}
		answer := gjson.ParseBytes(w.Body.Bytes())
		pages = append(pages, answer.Get("results").Array()...)
		if cursor = answer.Get("next_cursor").String(); cursor == "" {
			break
		}
	}
	var keep []*data.Object
	var before, after runtime.MemStats
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i == b.N-1 {
			keep = nil
			runtime.GC()
			runtime.ReadMemStats(&before)
		}
		var s simplifier
		out, err := s.objects(pages)
		if err != nil {
			b.Fatal(err)
		}
		keep = out
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(keep)), "retained-B/page")
	runtime.KeepAlive(keep)
	runtime.KeepAlive(pages)
	runtime.KeepAlive(f)
}
