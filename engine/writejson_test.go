package engine_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine/enginetest"
)

// WriteJSON must write exactly what json.Marshal writes, for a run with
// several outputs, an error and a second run.
func TestWriteJSONEqualsMarshal(t *testing.T) {
	wf := `{"name":"t","settings":{"executionOrder":"v1"},"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}},
	 {"name":"Twice","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[400,0],"parameters":{}},
	 {"name":"Fail","type":"n8n-nodes-base.stopAndError","typeVersion":1,"position":[600,0],"parameters":{"errorMessage":"boom"}}],
	 "connections":{"Start":{"main":[[{"node":"A","type":"main","index":0},{"node":"Twice","type":"main","index":0}]]},
	  "A":{"main":[[{"node":"Twice","type":"main","index":0}]]},"Twice":{"main":[[{"node":"Fail","type":"main","index":0}]]}}}`
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: coreNodes(), StartItems: nil})
	want, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(want, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatalf("WriteJSON wrote invalid JSON: %v", err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("WriteJSON differs from json.Marshal:\n%s\n%s", want, buf.Bytes())
	}
}
