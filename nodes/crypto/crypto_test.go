package crypto_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/crypto"
)

// Random values cannot be recorded from n8n: their shapes are checked here.
func TestGenerate(t *testing.T) {
	for _, c := range []struct{ params, want string }{
		{`{"action":"generate"}`, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`},
		{`{"action":"generate","encodingType":"hex","stringLength":10}`, `^[0-9a-f]{10}$`},
		{`{"action":"generate","encodingType":"base64","stringLength":40}`, `^[A-Za-z0-9]{1,40}$`},
		{`{"action":"generate","encodingType":"ascii","stringLength":5}`, `^[\x00-\x7f]{5}$`},
	} {
		wf := `{"nodes":[{"name":"C","type":"n8n-nodes-base.crypto","typeVersion":1,"position":[0,0],"parameters":` + c.params + `}],"connections":{}}`
		w, err := workflow.Parse([]byte(wf), "")
		if err != nil {
			t.Fatal(err)
		}
		eng := enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{crypto.New()}})
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "C", StartItems: []data.Item{{JSON: data.NewObject(0)}}})
		if err != nil {
			t.Fatal(err)
		}
		out := res.Data.ResultData.RunData["C"][0].Data.Main[0][0].JSON.Value("data")
		s, _ := out.(string)
		if !regexp.MustCompile(c.want).MatchString(s) {
			t.Errorf("%s: got %q", c.params, out)
		}
	}
}
