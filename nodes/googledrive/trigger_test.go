package googledrive_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

const reportsFolder = "1FolderReports000000000000000000001"

// driveTriggerSetup serves the golden seed with its files created on
// 2025-12-01 and the fake's clock at 2026-01-01T02:00:00Z (files added in
// the test are created after it).
func driveTriggerSetup(t *testing.T, now *time.Time) (*engine.Engine, *fakegoogledrive.Server, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := data.ParseJSON(raw)
	seed.(*data.Object).Set("clock", float64(time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC).Unix()))
	files, _ := seed.(*data.Object).Value("files").([]any)
	for _, f := range files {
		f.(*data.Object).Set("createdTime", "2025-12-01T00:00:00.000Z")
		f.(*data.Object).Set("modifiedTime", "2025-12-01T00:00:00.000Z")
	}
	b, _ := data.MarshalValue(seed)
	fake := fakegoogledrive.New(fakegoogledrive.Options{Tokens: []string{"test-drive-token"}})
	if err := fake.Seed(b); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{googledrive.NewTrigger(), noop.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: goldenStore(t),
		Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
		MaxRetries:  -1,
		Now:         func() time.Time { return *now },
	})
	return eng, fake, srv.URL
}

func driveTriggerWorkflow(params string) *workflow.Workflow {
	w, err := workflow.Parse([]byte(`{"id":"wf-drive-trigger","name":"Drive poll","nodes":[
 {"parameters":`+params+`,"name":"Google Drive Trigger","type":"n8n-nodes-base.googleDriveTrigger","typeVersion":1,"position":[0,0],"id":"t1","credentials":{"googleDriveOAuth2Api":{"id":"drive-test","name":"Drive test"}}},
 {"parameters":{},"name":"Next","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"id":"n1"}
],"connections":{"Google Drive Trigger":{"main":[[{"node":"Next","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`), "")
	if err != nil {
		panic(err)
	}
	return w
}

// The corpus's shape: new files in a folder picked from the list.
const folderCreatedParams = `{"event":"fileCreated","options":{},"pollTimes":{"item":[{"mode":"everyMinute"}]},"triggerOn":"specificFolder",
 "folderToWatch":{"__rl":true,"mode":"list","value":"` + reportsFolder + `","cachedResultName":"Reports"}}`

const listPrefix = "GET /drive/v3/files?includeItemsFromAllDrives=true&supportsAllDrives=true&spaces=appDataFolder%2C%20drive&corpora=allDrives&q=trashed%20%3D%20false%20AND%20%271FolderReports000000000000000000001%27%20in%20parents%20AND%20mimeType%20%21%3D%20%27application%2Fvnd.google-apps.folder%27"

// TestDriveTriggerManual: a manual run lists one file of the folder
// without a time condition (GoogleDriveTrigger.node.js; `n8n execute`
// cannot start at a polling trigger, so no recording).
func TestDriveTriggerManual(t *testing.T) {
	now := time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
	eng, fake, _ := driveTriggerSetup(t, &now)
	res, err := eng.Run(context.Background(), driveTriggerWorkflow(folderCreatedParams), engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
	out := res.Data.ResultData.RunData["Next"][0].Data.Main[0]
	if len(out) != 1 || out[0].JSON.Value("parents") == nil {
		t.Fatalf("items: %d", len(out))
	}
	if p, _ := out[0].JSON.Value("parents").([]any); len(p) != 1 || p[0] != reportsFolder {
		t.Errorf("parents = %v", p)
	}
	var got []string
	for _, r := range fake.Requests() {
		got = append(got, r.Method+" "+r.Path+"?"+r.RawQuery)
	}
	want := listPrefix + "&fields=nextPageToken%2C%20files%28%2A%29&pageSize=1"
	if len(got) != 1 || got[0] != want {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestDriveTriggerManualNothing: a manual run that finds nothing fails as
// n8n's does.
func TestDriveTriggerManualNothing(t *testing.T) {
	now := time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
	eng, _, _ := driveTriggerSetup(t, &now)
	params := strings.Replace(folderCreatedParams, reportsFolder, "1FolderArchive000000000000000000002", 1)
	res, err := eng.Run(context.Background(), driveTriggerWorkflow(params), engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "error" || res.Data.ResultData.Error.Message != "No data with the current filter could be found" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
}

// TestDriveTriggerPolls: the first poll notes the time, a file created in
// the folder afterwards is emitted once, lastTimeChecked moves on.
func TestDriveTriggerPolls(t *testing.T) {
	now := time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
	eng, fake, apiURL := driveTriggerSetup(t, &now)
	w := driveTriggerWorkflow(folderCreatedParams)
	static := data.NewObject(0)
	poll := func() []data.Item {
		t.Helper()
		items, err := eng.Poll(context.Background(), w, "Google Drive Trigger", static)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if items := poll(); items != nil {
		t.Fatalf("first poll emitted %d items", len(items))
	}
	req, _ := http.NewRequest(http.MethodPost, apiURL+"/drive/v3/files",
		strings.NewReader(`{"name":"q1.csv","mimeType":"text/csv","parents":["`+reportsFolder+`"]}`))
	req.Header.Set("Authorization", "Bearer test-drive-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("create: %v %v", err, resp)
	}
	resp.Body.Close()
	now = now.Add(90 * time.Minute)
	items := poll()
	if len(items) != 1 || items[0].JSON.Value("name") != "q1.csv" {
		t.Fatalf("second poll: %d items", len(items))
	}
	now = now.Add(time.Minute)
	if items := poll(); items != nil {
		t.Fatalf("third poll emitted %d items again", len(items))
	}
	b, _ := data.MarshalValue(static)
	if want := `{"node:Google Drive Trigger":{"lastTimeChecked":"2026-01-01T02:31:00Z"}}`; string(b) != want {
		t.Errorf("static data = %s, want %s", b, want)
	}
	reqs := fake.Requests()
	if last := reqs[len(reqs)-1]; !strings.Contains(last.RawQuery, "createdTime%20%3E%20%272026-01-01T02%3A30%3A00Z%27&fields=nextPageToken%2C%20files%28%2A%29&maxResults=100&pageSize=100") {
		t.Errorf("last list query = %s", last.RawQuery)
	}
}
