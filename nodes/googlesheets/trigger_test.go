package googlesheets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegooglesheets "github.com/n8n-go/n8n-go/internal/fakes/googlesheets"
	"github.com/n8n-go/n8n-go/nodes/googlesheets"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

const contactsID = "1FakeContactsSheet0000000000000000000000001"

// triggerEngine serves the seeded fake pair to an engine with the
// trigger's OAuth2 credential (the golden OAuth2 credential under the
// trigger's type).
func triggerEngine(t testing.TB) (*engine.Engine, string, *fakegooglesheets.Pair) {
	t.Helper()
	fake := fakegooglesheets.NewPair(fakegooglesheets.Options{})
	seed, err := os.ReadFile(filepath.Join(goldenDir, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	var creds []map[string]any
	b, _ := os.ReadFile(filepath.Join(goldenDir, "creds.json"))
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	creds = creds[:1]
	creds[0]["type"] = googlesheets.TriggerOAuth2Type
	b, _ = json.Marshal(creds)
	path := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := credentials.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	endpoints := map[string]string{}
	for _, h := range fakegooglesheets.Hosts {
		endpoints[h] = srv.URL
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{googlesheets.NewTrigger(), noop.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   endpoints,
	})
	return eng, srv.URL, fake
}

func sheetsTriggerWorkflow(params string) *workflow.Workflow {
	w, err := workflow.Parse([]byte(`{"id":"wf-sheets-trigger","name":"Sheets poll","nodes":[
 {"parameters":`+params+`,"name":"Google Sheets Trigger","type":"n8n-nodes-base.googleSheetsTrigger","typeVersion":1,"position":[0,0],"id":"t1","credentials":{"googleSheetsTriggerOAuth2Api":{"id":"gsheets-oauth","name":"Google Sheets test (OAuth2)"}}},
 {"parameters":{},"name":"Next","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"id":"n1"}
],"connections":{"Google Sheets Trigger":{"main":[[{"node":"Next","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`), "")
	if err != nil {
		panic(err)
	}
	return w
}

// The corpus's shape: a document and a sheet picked from the list.
const rowAddedParams = `{"event":"rowAdded","options":{},"pollTimes":{"item":[{"mode":"everyMinute"}]},
 "sheetName":{"__rl":true,"mode":"list","value":"gid=0","cachedResultName":"Contacts"},
 "documentId":{"__rl":true,"mode":"list","value":"` + contactsID + `","cachedResultName":"Contacts book"}}`

func itemsJSON(items []data.Item) string {
	var parts []string
	for _, it := range items {
		b, _ := data.MarshalValue(it.JSON)
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "\n")
}

// TestSheetsTriggerManual: a manual (and CLI) run returns every data row
// under the key row, keyed by the key row's cells, a falsy cell as ”
// (arrayOfArraysToJson); `n8n execute` cannot start at a polling trigger,
// so this follows GoogleSheetsTrigger.node.js, not a recording.
func TestSheetsTriggerManual(t *testing.T) {
	for _, mode := range []string{"manual", "cli"} {
		t.Run(mode, func(t *testing.T) {
			eng, _, fake := triggerEngine(t)
			res, err := eng.Run(context.Background(), sheetsTriggerWorkflow(rowAddedParams), engine.RunOptions{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "success" {
				t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
			}
			got := itemsJSON(res.Data.ResultData.RunData["Next"][0].Data.Main[0])
			want := strings.Join([]string{
				`{"id":1,"name":"Ada Lovelace","email":"ada@example.com","status":"active","score":91.5,"":"","notes":"first"}`,
				`{"id":2,"name":"Alan Turing","email":"alan@example.com","status":"pending","score":78,"":"","notes":""}`,
				`{"id":"","name":"","email":"","status":"","score":"","":"","notes":""}`,
				`{"id":3,"name":"Grace Hopper","email":"grace@example.com","status":"active","score":88,"":"","notes":"has, comma"}`,
				`{"id":4,"name":"Edsger Dijkstra","email":"edsger@example.com","status":"pending","score":"","":true,"notes":""}`,
				`{"id":5,"name":"Barbara Liskov","email":"barbara@example.com","status":"active","score":95,"":"","notes":""}`,
			}, "\n")
			if got != want {
				t.Errorf("items:\n%s\nwant:\n%s", got, want)
			}
			var reqs []string
			for _, r := range fake.Requests().Sheets {
				reqs = append(reqs, r.Method+" "+r.Path+"?"+r.RawQuery)
			}
			wantReqs := []string{
				"GET /v4/spreadsheets/" + contactsID + "?fields=sheets.properties",
				"GET /v4/spreadsheets/" + contactsID + "/values/Contacts!A1:ZZZ1?",
				"GET /v4/spreadsheets/" + contactsID + "/values/Contacts!A1:ZZZ?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING",
			}
			if strings.Join(reqs, "\n") != strings.Join(wantReqs, "\n") {
				t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(reqs, "\n"), strings.Join(wantReqs, "\n"))
			}
		})
	}
}

// appendRow adds a row to the Contacts sheet as another client would.
func appendRow(t testing.TB, apiURL string, row []any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"values": []any{row}})
	req, _ := http.NewRequest(http.MethodPost, apiURL+"/v4/spreadsheets/"+contactsID+"/values/Contacts!A:G:append?valueInputOption=RAW", bytes.NewReader(body))
	req.Host = "sheets.googleapis.com"
	req.Header.Set("Authorization", "Bearer ya29.seeded-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("append: %d", resp.StatusCode)
	}
}

// TestSheetsTriggerPolls: the first scheduled poll counts the rows, a
// poll after two rows were appended emits just those, the next nothing;
// the static data is n8n's (documentId, sheetId, lastIndexChecked).
func TestSheetsTriggerPolls(t *testing.T) {
	eng, apiURL, _ := triggerEngine(t)
	w := sheetsTriggerWorkflow(rowAddedParams)
	static := data.NewObject(0)
	poll := func() []data.Item {
		t.Helper()
		items, err := eng.Poll(context.Background(), w, "Google Sheets Trigger", static)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if items := poll(); items != nil {
		t.Fatalf("first poll emitted %d items", len(items))
	}
	appendRow(t, apiURL, []any{6, "Ken Thompson", "ken@example.com", "active", 0})
	appendRow(t, apiURL, []any{7, "Frances Allen", "fran@example.com"})
	got := itemsJSON(poll())
	want := `{"id":6,"name":"Ken Thompson","email":"ken@example.com","status":"active","score":"","":"","notes":""}` + "\n" +
		`{"id":7,"name":"Frances Allen","email":"fran@example.com","status":"","score":"","":"","notes":""}`
	if got != want {
		t.Errorf("second poll:\n%s\nwant:\n%s", got, want)
	}
	if items := poll(); items != nil {
		t.Fatalf("third poll emitted %d items again", len(items))
	}
	b, _ := data.MarshalValue(static)
	if want := `{"node:Google Sheets Trigger":{"documentId":"` + contactsID + `","sheetId":0,"lastIndexChecked":8}}`; string(b) != want {
		t.Errorf("static data = %s, want %s", b, want)
	}
}

// TestSheetsTriggerUpdatesManual: a manual run of Row Added or Updated
// (no revision remembered) returns the data rows under the key row, each
// keyed by it, after listing the revisions.
func TestSheetsTriggerUpdatesManual(t *testing.T) {
	eng, _, fake := triggerEngine(t)
	w := sheetsTriggerWorkflow(strings.Replace(rowAddedParams, `"rowAdded"`, `"anyUpdate"`, 1))
	if probs := eng.Validate(w); len(probs) != 0 {
		t.Fatalf("problems = %v", probs)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
	items := res.Data.ResultData.RunData["Next"][0].Data.Main[0]
	if len(items) != 6 {
		t.Fatalf("%d items, want 6: %s", len(items), itemsJSON(items))
	}
	if got, want := itemsJSON(items[:1]), `{"id":1,"name":"Ada Lovelace","email":"ada@example.com","status":"active","score":91.5,"":"","notes":"first"}`; got != want {
		t.Errorf("first item %s, want %s", got, want)
	}
	var paths []string
	for _, r := range fake.Requests().Sheets {
		paths = append(paths, r.Method+" "+r.Path)
	}
	if !strings.Contains(strings.Join(paths, ","), "/drive/v3/files/"+contactsID+"/revisions") {
		t.Errorf("revisions not listed: %v", paths)
	}
}

// BenchmarkSheetsTriggerPoll is a scheduled Row Added poll of the seeded
// sheet with nothing new (sheet lookup, key row, data range).
func BenchmarkSheetsTriggerPoll(b *testing.B) {
	eng, _, _ := triggerEngine(b)
	w := sheetsTriggerWorkflow(rowAddedParams)
	static := data.NewObject(0)
	if _, err := eng.Poll(context.Background(), w, "Google Sheets Trigger", static); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if items, err := eng.Poll(context.Background(), w, "Google Sheets Trigger", static); err != nil || items != nil {
			b.Fatalf("%d items, %v", len(items), err)
		}
	}
}
