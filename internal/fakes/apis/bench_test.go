package apis_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

// The fakes' hot paths on the template's workspace (testdata/bench/
// template.sh): scale k is 100k clients, 500k projects, 2,000k tasks in
// Notion. Each benchmark reports per operation what one request (or one
// seeded entity) costs at that size, so growth with the size shows
// whether a path is O(result) or scans the whole state.

var scales = []int{1, 5}

func build(b *testing.B, k int, synced bool) *sandbox.Fakes {
	b.Helper()
	f, err := sandbox.Build(&sandbox.Scenario{Generate: &sandbox.Generate{
		Clients: 100 * k, Projects: 500 * k, Tasks: 2000 * k, Synced: synced}})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// serve sends one request straight to a fake's handler.
func serve(b *testing.B, h http.Handler, method, target, body string) []byte {
	b.Helper()
	var rd *strings.Reader
	if body != "" {
		rd = strings.NewReader(body)
	} else {
		rd = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, rd)
	req.Header.Set("Authorization", "Bearer "+sandbox.NotionKey)
	req.Header.Set("Notion-Version", "2022-06-28")
	req.Header.Set("X-Api-Key", sandbox.ClockifyKey)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code >= 300 {
		b.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body.String())
	}
	return w.Body.Bytes()
}

// tasksFilter is the template's "Get active Tasks from Notion" filter.
const tasksFilter = `{"and":[{"property":"Status","status":{"does_not_equal":"Done"}},` +
	`{"property":"Status","status":{"does_not_equal":"Obsolete"}},` +
	`{"property":"Clients","rollup":{"any":{"select":{"is_not_empty":true}}}}]}`

// BenchmarkNotionQueryAllPages reads every page of the tasks database
// through the template's filter, 100 per request (one op = one request).
func BenchmarkNotionQueryAllPages(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, false)
			h := f.Notion
			b.ResetTimer()
			cursor := ""
			for range b.N {
				body := `{"filter":` + tasksFilter + `,"page_size":100`
				if cursor != "" {
					body += `,"start_cursor":"` + cursor + `"`
				}
				raw := serve(b, h, http.MethodPost, "/v1/databases/"+sandbox.TasksDB+"/query", body+"}")
				var page struct {
					Next *string `json:"next_cursor"`
				}
				if err := json.Unmarshal(raw, &page); err != nil {
					b.Fatal(err)
				}
				cursor = ""
				if page.Next != nil {
					cursor = *page.Next
				}
			}
		})
	}
}

// BenchmarkNotionUpdatePage is the template's "Store Clockify ID in
// Notion": a PATCH of one rich_text property on a task page.
func BenchmarkNotionUpdatePage(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, false)
			ids := pageIDs(b, f, sandbox.TasksDB)
			b.ResetTimer()
			for i := range b.N {
				id := ids[i%len(ids)]
				serve(b, f.Notion, http.MethodPatch, "/v1/pages/"+id,
					fmt.Sprintf(`{"properties":{"Clockify Task ID":{"rich_text":[{"text":{"content":"id-%d"}}]}}}`, i))
			}
		})
	}
}

func pageIDs(b *testing.B, f *sandbox.Fakes, db string) []string {
	b.Helper()
	var st struct {
		Pages []struct {
			ID     string `json:"id"`
			Parent struct {
				DB string `json:"database_id"`
			} `json:"parent"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(f.NotionSeed, &st); err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, p := range st.Pages {
		if strings.ReplaceAll(p.Parent.DB, "-", "") == strings.ReplaceAll(db, "-", "") {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		b.Fatal("no pages")
	}
	return ids
}

// BenchmarkSeed builds both fakes of a synced workspace (one op = the
// whole seeding; divide by the entities for a per-entity cost).
func BenchmarkSeed(b *testing.B) {
	sizes := scales
	if k, err := strconv.Atoi(os.Getenv("SEED_SCALE")); err == nil && k > 0 {
		sizes = []int{k} // e.g. SEED_SCALE=50 for the template's largest size
	}
	for _, k := range sizes {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			for range b.N {
				build(b, k, true)
			}
		})
	}
}

// workspaceID is the Clockify workspace of a built sandbox.
func workspaceID(b *testing.B, f *sandbox.Fakes) string {
	b.Helper()
	var st fakeclockify.State
	if err := json.Unmarshal(f.ClockifySeed, &st); err != nil || len(st.Workspaces) == 0 {
		b.Fatal("no workspace", err)
	}
	return st.Workspaces[0].ID
}

// BenchmarkClockifyCreateTask is the template's "Create Task in
// Clockify" in a synced workspace (the project looked up by id, the task
// appended).
func BenchmarkClockifyCreateTask(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, true)
			ws := workspaceID(b, f)
			var st fakeclockify.State
			_ = json.Unmarshal(f.ClockifySeed, &st)
			b.ResetTimer()
			for i := range b.N {
				p := st.Projects[i%len(st.Projects)]
				serve(b, f.Clockify, http.MethodPost, "/api/v1/workspaces/"+ws+"/projects/"+p.ID+"/tasks",
					fmt.Sprintf(`{"name":"New task %d"}`, i))
			}
		})
	}
}

// BenchmarkClockifyCreateProject is "Create Project in Clockify": the
// client looked up, the name checked against the workspace's projects.
func BenchmarkClockifyCreateProject(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, true)
			ws := workspaceID(b, f)
			var st fakeclockify.State
			_ = json.Unmarshal(f.ClockifySeed, &st)
			b.ResetTimer()
			for i := range b.N {
				c := st.Clients[i%len(st.Clients)]
				serve(b, f.Clockify, http.MethodPost, "/api/v1/workspaces/"+ws+"/projects",
					fmt.Sprintf(`{"name":"New project %d","clientId":%q,"archived":false}`, i, c.ID))
			}
		})
	}
}

// BenchmarkClockifyListProjectsAllPages reads every page (page-size 50)
// of the active projects, as getAll with returnAll does (one op = one
// request).
func BenchmarkClockifyListProjectsAllPages(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, true)
			ws := workspaceID(b, f)
			b.ResetTimer()
			page := 1
			for range b.N {
				raw := serve(b, f.Clockify, http.MethodGet,
					fmt.Sprintf("/api/v1/workspaces/%s/projects?archived=false&page=%d&page-size=50", ws, page), "")
				page++
				if bytes.Equal(raw, []byte("[]")) {
					page = 1
				}
			}
		})
	}
}

// BenchmarkClockifyListTasks is "Get active Tasks from Clockify": one
// project's active tasks.
func BenchmarkClockifyListTasks(b *testing.B) {
	for _, k := range scales {
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			f := build(b, k, true)
			ws := workspaceID(b, f)
			var st fakeclockify.State
			_ = json.Unmarshal(f.ClockifySeed, &st)
			b.ResetTimer()
			for i := range b.N {
				p := st.Projects[i%len(st.Projects)]
				serve(b, f.Clockify, http.MethodGet,
					"/api/v1/workspaces/"+ws+"/projects/"+p.ID+"/tasks?is-active=true&page=1&page-size=50", "")
			}
		})
	}
}
