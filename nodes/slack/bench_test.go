package slack_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// BenchmarkPostMessage1000 is the hot path: 1,000 items each posted with
// the workflow link, against the in-process fake.
func BenchmarkPostMessage1000(b *testing.B) {
	wf := []byte(`{"id":"bench","name":"bench","nodes":[
 {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"id":"s"},
 {"parameters":{"jsCode":"return Array.from({length:1000},(_, i)=>({json:{i, text:'Order '+i+' shipped'}}));"},"name":"Items","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"id":"c"},
 {"parameters":{"select":"channel","channelId":{"__rl":true,"mode":"id","value":"C0000ENG2"},"text":"={{ $json.text }}","otherOptions":{}},"name":"Post","type":"n8n-nodes-base.slack","typeVersion":2.2,"position":[400,0],"id":"p","credentials":{"slackApi":{"id":"slack-test","name":"Slack test"}}}
],"connections":{"Start":{"main":[[{"node":"Items","type":"main","index":0}]]},"Items":{"main":[[{"node":"Post","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`)
	w, err := workflow.Parse(wf, "")
	if err != nil {
		b.Fatal(err)
	}
	fake, srv := suite.Start(b)
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
