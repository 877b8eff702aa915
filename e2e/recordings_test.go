package e2e

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recording is a scenario's n8n golden files, parsed.
type recording struct {
	status, lastNode, errMsg string
	runs                     map[string]int // node → number of runs
	requests                 []struct {
		API, Method, Path string
		Query             map[string][]string
		Body              map[string]any
		Status            int
	}
}

func loadRecording(t *testing.T, name string) *recording {
	t.Helper()
	dir := filepath.Join(scenarioDir, name)
	raw, err := os.ReadFile(filepath.Join(dir, "n8n.json"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no recording yet: run testdata/scenarios/record.sh %s", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Status string `json:"status"`
		Data   struct {
			ResultData struct {
				LastNodeExecuted string                       `json:"lastNodeExecuted"`
				Error            *struct{ Message string }    `json:"error"`
				RunData          map[string][]json.RawMessage `json:"runData"`
			} `json:"resultData"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	r := &recording{status: doc.Status, lastNode: doc.Data.ResultData.LastNodeExecuted, runs: map[string]int{}}
	if e := doc.Data.ResultData.Error; e != nil {
		r.errMsg = e.Message
	}
	for n, runs := range doc.Data.ResultData.RunData {
		r.runs[n] = len(runs)
	}
	reqs, err := os.ReadFile(filepath.Join(dir, "requests.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(reqs, &r.requests); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *recording) writes() []string {
	var out []string
	for _, q := range r.requests {
		if q.Method != "GET" && !strings.HasSuffix(q.Path, "/query") {
			out = append(out, q.API+" "+q.Method+" "+q.Path)
		}
	}
	return out
}

func (r *recording) has(method, pathPart string, status int) bool {
	for _, q := range r.requests {
		if q.Method == method && strings.Contains(q.Path, pathPart) && (status == 0 || q.Status == status) {
			return true
		}
	}
	return false
}

// TestRecordingsShowScenario checks that each recording really exercises
// what its scenario is for (so a re-recording cannot silently lose it).
// These are facts about n8n, independent of n8n-go.
func TestRecordingsShowScenario(t *testing.T) {
	checks := map[string]func(t *testing.T, r *recording){
		"steady-state": func(t *testing.T, r *recording) {
			if w := r.writes(); r.status != "success" || len(w) > 0 {
				t.Errorf("status %s, writes %v; want success and none", r.status, w)
			}
		},
		"first-sync": func(t *testing.T, r *recording) {
			if len(r.writes()) != 18 || r.status != "success" {
				t.Errorf("status %s, %d writes; want 9 creates + 9 Notion updates", r.status, len(r.writes()))
			}
		},
		"empty": func(t *testing.T, r *recording) {
			for _, n := range []string{"Compare Datasets", "Merge", "Get active Projects from Notion", "Get active Tasks from Notion"} {
				if r.runs[n] != 0 {
					t.Errorf("%s ran %d times; want the later blocks skipped", n, r.runs[n])
				}
			}
		},
		"update-client-thrice": func(t *testing.T, r *recording) {
			if r.runs["Update Client in Clockify"] != 3 || r.runs["Merge"] < 2 || r.runs["Limit"] < 2 || r.runs["Merge1"] < 2 {
				t.Errorf("runs: Update Client %d, Merge %d, Limit %d, Merge1 %d; want 3 and repeated later blocks",
					r.runs["Update Client in Clockify"], r.runs["Merge"], r.runs["Limit"], r.runs["Merge1"])
			}
		},
		"quote-name": func(t *testing.T, r *recording) {
			if r.status != "error" || !strings.Contains(r.errMsg, "JSON parameter needs to be valid JSON") {
				t.Errorf("status %s, error %q", r.status, r.errMsg)
			}
		},
		"notion-write-fails-client": func(t *testing.T, r *recording) {
			// The rollback DELETE of the still active client is refused
			// ("Cannot delete an active client"), so Remove Client fails.
			if r.status != "error" || r.lastNode != "Remove Client from Clockify" || !r.has("DELETE", "/clients/64", 400) {
				t.Errorf("status %s, last %s, error %q; want the rollback refused", r.status, r.lastNode, r.errMsg)
			}
		},
		"notion-write-fails-client-rollback": func(t *testing.T, r *recording) {
			if r.status != "error" || r.lastNode != "Stop and Error" || !r.has("DELETE", "/clients/64", 0) {
				t.Errorf("status %s, last %s, error %q; want the client deleted again and Stop and Error", r.status, r.lastNode, r.errMsg)
			}
		},
		"notion-write-fails-project": func(t *testing.T, r *recording) {
			if r.status != "error" || r.lastNode != "Remove Project from Clockify" {
				t.Errorf("status %s, last %s, error %q; want Remove Project (template bug) to fail", r.status, r.lastNode, r.errMsg)
			}
		},
		"client-deleted-in-clockify": func(t *testing.T, r *recording) {
			if r.status != "error" || r.lastNode != "Update Client in Clockify" {
				t.Errorf("status %s, last %s", r.status, r.lastNode)
			}
		},
		"paging": func(t *testing.T, r *recording) {
			cursor, page3 := false, false
			for _, q := range r.requests {
				if _, ok := q.Body["start_cursor"]; ok {
					cursor = true
				}
				if len(q.Query["page"]) > 0 && q.Query["page"][0] == "3" {
					page3 = true
				}
			}
			if !cursor || !page3 {
				t.Errorf("Notion start_cursor used: %v, Clockify page 3 read: %v", cursor, page3)
			}
		},
		"archive": func(t *testing.T, r *recording) {
			// 3 archiving updates, plus (template behaviour) a PUT on the
			// task of the archived project: its project is no longer
			// listed by Clockify, so the task is A-only with an id.
			if r.status != "success" || len(r.writes()) != 4 {
				t.Errorf("status %s, writes %v; want 3 archiving updates + 1 task update", r.status, r.writes())
			}
		},
		"rename": func(t *testing.T, r *recording) {
			if r.status != "success" || len(r.writes()) != 3 {
				t.Errorf("status %s, writes %v; want 3 updates", r.status, r.writes())
			}
		},
		"archived-in-clockify": func(t *testing.T, r *recording) {
			if r.status != "success" || len(r.writes()) < 3 {
				t.Errorf("status %s, writes %v; want the 3 entities reactivated", r.status, r.writes())
			}
		},
	}
	for _, name := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			check, ok := checks[name]
			if !ok {
				t.Skip("no check for this scenario")
			}
			check(t, loadRecording(t, name))
		})
	}
}
