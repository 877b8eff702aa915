package telegram_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// BenchmarkSendMessage1000 is the hot path: 1,000 items each sent as a
// Markdown message with the attribution, against the in-process fake.
func BenchmarkSendMessage1000(b *testing.B) {
	wf := []byte(`{"name":"bench","nodes":[
 {"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"id":"s"},
 {"parameters":{"jsCode":"return Array.from({length:1000},(_, i)=>({json:{i, text:'Order *'+i+'* shipped, see https://example.com/o/'+i}}));"},"name":"Items","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"id":"c"},
 {"parameters":{"chatId":"1001","text":"={{ $json.text }}","additionalFields":{}},"name":"Send","type":"n8n-nodes-base.telegram","typeVersion":1.2,"position":[400,0],"id":"t","credentials":{"telegramApi":{"id":"telegram-test","name":"Telegram test"}}}
],"connections":{"Start":{"main":[[{"node":"Items","type":"main","index":0}]]},"Items":{"main":[[{"node":"Send","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`)
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
