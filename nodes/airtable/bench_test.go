package airtable_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeairtable "github.com/n8n-go/n8n-go/internal/fakes/airtable"
)

// BenchmarkSearch10000 is the hot path: a returnAll search with a formula
// over 10,000 records (100 pages of 100) flattened into items.
func BenchmarkSearch10000(b *testing.B) {
	fake := fakeairtable.New(fakeairtable.Options{Tokens: []string{"patTEST.airtable-token"}})
	seed := []byte(`{"bases":[{"id":"appBench00000001","name":"bench","tables":[{"id":"tblBench00000001","name":"T","fields":[{"id":"f1","name":"Name","type":"singleLineText"},{"id":"f2","name":"N","type":"number"}],"records":[`)
	for i := range 10000 {
		if i > 0 {
			seed = append(seed, ',')
		}
		seed = fmt.Appendf(seed, `{"id":"rec%014d","createdTime":"2026-01-01T00:00:00.000Z","fields":{"Name":"row %d","N":%d}}`, i, i, i)
	}
	seed = append(seed, "]}]}]}"...)
	if err := fake.Seed(seed); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	wf := []byte(`{"id":"bench","name":"bench","nodes":[
 {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"id":"s"},
 {"parameters":{"operation":"search","base":{"__rl":true,"mode":"id","value":"appBench00000001"},"table":{"__rl":true,"mode":"id","value":"tblBench00000001"},"filterByFormula":"N>=0","options":{}},"name":"Search","type":"n8n-nodes-base.airtable","typeVersion":2.1,"position":[200,0],"id":"a","credentials":{"airtableTokenApi":{"id":"airtable-test","name":"Airtable test"}}}
],"connections":{"Start":{"main":[[{"node":"Search","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`)
	w, err := workflow.Parse(wf, "")
	if err != nil {
		b.Fatal(err)
	}
	eng := suite.Engine(b, srv.URL)
	b.ResetTimer()
	for b.Loop() {
		fake.ResetLog()
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Data.ResultData.Error != nil {
			b.Fatal(fmt.Sprint(res.Data.ResultData.Error))
		}
		if n := len(res.Data.ResultData.RunData["Search"][0].Data.Main[0]); n != 10000 {
			b.Fatalf("%d items", n)
		}
	}
}

// BenchmarkAppendV1_1000 is typeVersion 1's append of 1,000 items in bulks
// of 10 (100 requests).
func BenchmarkAppendV1_1000(b *testing.B) {
	fake, srv := suite.Start(b)
	wf := []byte(`{"id":"bench","name":"bench","nodes":[
 {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"id":"s"},
 {"parameters":{"jsCode":"return Array.from({length:1000},(_, i)=>({json:{Name:'row '+i, N:i}}));"},"name":"Items","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"id":"c"},
 {"parameters":{"authentication":"airtableTokenApi","operation":"append","application":"appN8nTestBase01","table":"Events","options":{}},"name":"Append","type":"n8n-nodes-base.airtable","typeVersion":1,"position":[400,0],"id":"a","credentials":{"airtableTokenApi":{"id":"airtable-test","name":"Airtable test"}}}
],"connections":{"Start":{"main":[[{"node":"Items","type":"main","index":0}]]},"Items":{"main":[[{"node":"Append","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`)
	w, err := workflow.Parse(wf, "")
	if err != nil {
		b.Fatal(err)
	}
	eng := suite.Engine(b, srv.URL)
	b.ResetTimer()
	for b.Loop() {
		fake.ResetLog()
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
		if err != nil {
			b.Fatal(err)
		}
		if res.Data.ResultData.Error != nil {
			b.Fatal(fmt.Sprint(res.Data.ResultData.Error))
		}
	}
}
