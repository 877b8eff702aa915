package googlesheets_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// benchSeed is a spreadsheet whose Contacts sheet has rows data rows.
func benchSeed(b *testing.B, rows int) []byte {
	values := [][]any{{"id", "name", "email", "status", "score"}}
	for i := 0; i < rows; i++ {
		values = append(values, []any{i + 1, fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.com", i), "active", i % 100})
	}
	seed, _ := json.Marshal(map[string]any{"oauth": map[string]any{"accessTokens": []any{map[string]any{"token": "ya29.seeded-token", "scope": "s"}}},
		"sheets": map[string]any{"spreadsheets": []any{map[string]any{"spreadsheetId": "1FakeContactsSheet0000000000000000000000001", "title": "Bench",
			"sheets": []any{map[string]any{"sheetId": 0, "title": "Contacts", "rowCount": rows + 1000, "values": values}}}}}})
	return seed
}

func benchWorkflow(b *testing.B, code, sheetsParams string) *workflow.Workflow {
	return benchWorkflowV(b, "4.7", code, sheetsParams)
}

func benchWorkflowV(b *testing.B, version, code, sheetsParams string) *workflow.Workflow {
	doc := `{"nodes":[
 {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0]},
 {"parameters":{"jsCode":` + jsonString(code) + `},"name":"Items","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0]},
 {"parameters":` + sheetsParams + `,"name":"Sheets","type":"n8n-nodes-base.googleSheets","typeVersion":` + version + `,"position":[400,0],
  "credentials":{"googleSheetsOAuth2Api":{"id":"gsheets-oauth","name":"Google Sheets test (OAuth2)"}}}],
 "connections":{"Start":{"main":[[{"node":"Items","type":"main","index":0}]]},"Items":{"main":[[{"node":"Sheets","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(doc), "")
	if err != nil {
		b.Fatal(err)
	}
	return w
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

const docParams = `"documentId":{"__rl":true,"mode":"id","value":"1FakeContactsSheet0000000000000000000000001"},"sheetName":{"__rl":true,"mode":"name","value":"Contacts"}`

func runBench(b *testing.B, seed []byte, w *workflow.Workflow, wantItems int) {
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		eng, _ := newEngine(b, seed)
		b.StartTimer()
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Data.ResultData.Error != nil {
			b.Fatalf("run failed: %v", res.Data.ResultData.Error)
		}
		if got := len(res.Data.ResultData.RunData["Sheets"][0].Data.Main[0]); got != wantItems {
			b.Fatalf("%d items, want %d", got, wantItems)
		}
	}
}

// BenchmarkRead10000Rows reads a 10,000-row sheet into items.
func BenchmarkRead10000Rows(b *testing.B) {
	runBench(b, benchSeed(b, 10000), benchWorkflow(b, "return [{json:{}}];", `{`+docParams+`,"options":{}}`), 10000)
}

// BenchmarkAppend1000Rows appends 1,000 items mapped column by column.
func BenchmarkAppend1000Rows(b *testing.B) {
	code := "const out=[]; for (let i=0;i<1000;i++) out.push({json:{id:i, name:'N'+i, email:'e'+i+'@x', score:i%7}}); return out;"
	params := `{"operation":"append",` + docParams + `,"columns":{"mappingMode":"defineBelow","value":{"id":"={{ $json.id }}","name":"={{ $json.name }}","email":"={{ $json.email }}","score":"={{ $json.score }}"},"matchingColumns":[],"schema":[]},"options":{}}`
	runBench(b, benchSeed(b, 10), benchWorkflow(b, code, params), 1000)
}

// BenchmarkV1Read10000Rows reads a 10,000-row range with typeVersion 2.
func BenchmarkV1Read10000Rows(b *testing.B) {
	params := `{"sheetId":"1FakeContactsSheet0000000000000000000000001","range":"Contacts!A:E","options":{}}`
	runBench(b, benchSeed(b, 10000), benchWorkflowV(b, "2", "return [{json:{}}];", params), 10000)
}

// BenchmarkV1Lookup100In10000Rows looks 100 values up in 10,000 rows
// (typeVersion 2, one row per lookup).
func BenchmarkV1Lookup100In10000Rows(b *testing.B) {
	code := "const out=[]; for (let i=0;i<100;i++) out.push({json:{v:'Person '+(i*97)}}); return out;"
	params := `{"operation":"lookup","sheetId":"1FakeContactsSheet0000000000000000000000001","range":"Contacts!A:E","lookupColumn":"name","lookupValue":"={{ $json.v }}","options":{}}`
	runBench(b, benchSeed(b, 10000), benchWorkflowV(b, "2", code, params), 100)
}

// BenchmarkV1Update1000Rows updates 1,000 rows by key (typeVersion 2).
func BenchmarkV1Update1000Rows(b *testing.B) {
	code := "const out=[]; for (let i=0;i<1000;i++) out.push({json:{id:i+1, status:'done'}}); return out;"
	params := `{"operation":"update","sheetId":"1FakeContactsSheet0000000000000000000000001","range":"Contacts!A:E","key":"id","options":{}}`
	runBench(b, benchSeed(b, 2000), benchWorkflowV(b, "2", code, params), 1000)
}
