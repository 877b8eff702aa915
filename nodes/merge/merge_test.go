package merge_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/merge"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// runMerge feeds each list of items into one input of a Merge node.
func runMerge(t *testing.T, version float64, params map[string]any, inputs ...[]map[string]any) (out [][]data.Item, errMsg string) {
	t.Helper()
	var nodes, conns []string
	nodes = append(nodes, `{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}}`)
	startConns := []string{}
	for i, in := range inputs {
		raw, _ := json.Marshal(map[string]any{"items": in})
		rp, _ := json.Marshal(map[string]any{"mode": "raw", "jsonOutput": string(raw)})
		y, _ := json.Marshal(i * 200)
		nodes = append(nodes,
			`{"name":"Make`+string(y)+`","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,`+string(y)+`],"parameters":`+string(rp)+`}`,
			`{"name":"In`+string(y)+`","type":"n8n-nodes-base.splitOut","typeVersion":1,"position":[400,`+string(y)+`],"parameters":{"fieldToSplitOut":"items"}}`)
		startConns = append(startConns, `{"node":"Make`+string(y)+`","type":"main","index":0}`)
		conns = append(conns, `"Make`+string(y)+`":{"main":[[{"node":"In`+string(y)+`","type":"main","index":0}]]}`,
			`"In`+string(y)+`":{"main":[[{"node":"Merge","type":"main","index":`+string(mustJSON(i))+`}]]}`)
	}
	p, _ := json.Marshal(params)
	nodes = append(nodes, `{"name":"Merge","type":"n8n-nodes-base.merge","typeVersion":`+string(mustJSON(version))+`,"position":[600,0],"parameters":`+string(p)+`}`)
	conns = append(conns, `"Start":{"main":[[`+strings.Join(startConns, ",")+`]]}`)
	wf := `{"nodes":[` + strings.Join(nodes, ",") + `],"connections":{` + strings.Join(conns, ",") + `},"settings":{"executionOrder":"v1"}}`
	res := enginetest.Run(t, wf, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), set.New(), splitout.New(), merge.New()},
		Expressions: settest.Stub{},
	})
	runs := res.Data.ResultData.RunData["Merge"]
	if len(runs) == 0 {
		return nil, "<merge did not run>"
	}
	if runs[0].Error != nil {
		return nil, runs[0].Error.Message
	}
	return runs[0].Data.Main, ""
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func TestMergeModes(t *testing.T) {
	a := []map[string]any{{"id": 1, "a": "x", "o": map[string]any{"p": 1}}, {"id": 2, "a": "y"}, {"a": "no id"}}
	b := []map[string]any{{"id": 1, "b": "u", "o": map[string]any{"q": 2}}, {"id": "2", "b": "v"}, {"id": 1, "b": "w"}}
	tests := []struct {
		name    string
		params  map[string]any
		inputs  [][]map[string]any
		want    string
		wantErr string
	}{
		{"append 3 inputs", map[string]any{"numberInputs": 3}, [][]map[string]any{{{"k": 1}}, {{"k": 2}}, {{"k": 3}, {"k": 4}}},
			`[{"json":{"k":1},"pairedItem":{"item":0}},{"json":{"k":2},"pairedItem":{"item":0,"input":1}},{"json":{"k":3},"pairedItem":{"item":0,"input":2}},{"json":{"k":4},"pairedItem":{"item":1,"input":2}}]`, ""},
		{"keep matches (all matches, preferLast, deep merge)", map[string]any{"mode": "combine", "fieldsToMatchString": "id"}, [][]map[string]any{a, b},
			`[{"json":{"a":"x","id":1,"o":{"p":1,"q":2},"b":"u"},"binary":{},"pairedItem":[{"item":0},{"item":0,"input":1}]},{"json":{"a":"x","id":1,"o":{"p":1},"b":"w"},"binary":{},"pairedItem":[{"item":0},{"item":2,"input":1}]}]`, ""},
		{"keep matches fuzzy", map[string]any{"mode": "combine", "fieldsToMatchString": "id", "options": map[string]any{"fuzzyCompare": true, "multipleMatches": "first"}},
			[][]map[string]any{a[1:2], b[1:2]},
			`[{"json":{"a":"y","id":"2","b":"v"},"binary":{},"pairedItem":[{"item":0},{"item":0,"input":1}]}]`, ""},
		{"keep non-matches both", map[string]any{"mode": "combine", "fieldsToMatchString": "id", "joinMode": "keepNonMatches"}, [][]map[string]any{a, b},
			`[{"json":{"a":"y","id":2,"_source":"input1"},"pairedItem":{"item":1}},{"json":{"a":"no id","_source":"input1"},"pairedItem":{"item":2}},{"json":{"b":"v","id":"2","_source":"input2"},"pairedItem":{"item":1,"input":1}}]`, ""},
		{"enrich input 2, prefer input 1", map[string]any{"mode": "combine", "fieldsToMatchString": "id", "joinMode": "enrichInput2"}, [][]map[string]any{a[:1], b},
			`[{"json":{"b":"u","id":1,"o":{"q":2,"p":1},"a":"x"},"binary":{},"pairedItem":[{"item":0,"input":1},{"item":0}]},{"json":{"b":"w","id":1,"a":"x","o":{"p":1}},"binary":{},"pairedItem":[{"item":2,"input":1},{"item":0}]},{"json":{"b":"v","id":"2"},"pairedItem":{"item":1,"input":1}}]`, ""},
		{"keep everything with suffix", map[string]any{"mode": "combine", "fieldsToMatchString": "id", "joinMode": "keepEverything",
			"options": map[string]any{"clashHandling": map[string]any{"values": map[string]any{"resolveClash": "addSuffix"}}}}, [][]map[string]any{a[:2], b[1:]},
			`[{"json":{"a_1":"x","id_1":1,"o_1":{"p":1},"b_2":"w","id_2":1},"binary":{},"pairedItem":[{"item":0},{"item":1,"input":1}]},{"json":{"a_1":"y","id_1":2},"pairedItem":{"item":1}},{"json":{"b_2":"v","id_2":"2"},"pairedItem":{"item":0,"input":1}}]`, ""},
		{"missing match fields", map[string]any{"mode": "combine"}, [][]map[string]any{a, b}, "",
			`You need to define at least one pair of fields in "Fields to Match" to match on`},
		{"by position, unpaired", map[string]any{"mode": "combine", "combineBy": "combineByPosition", "options": map[string]any{"includeUnpaired": true}},
			[][]map[string]any{{{"x": 1}}, {{"y": 1}, {"y": 2}}},
			`[{"json":{"x":1,"y":1},"binary":{},"pairedItem":[{"item":0},{"item":0,"input":1},{"item":0,"input":1}]},{"json":{"y":2},"binary":{},"pairedItem":[{"item":1,"input":1},{"item":1,"input":1}]}]`, ""},
		{"all combinations", map[string]any{"mode": "combine", "combineBy": "combineAll"}, [][]map[string]any{{{"x": 1}, {"x": 2}}, {{"y": 1}}},
			`[{"json":{"x":1,"y":1},"binary":{},"pairedItem":[{"item":0},{"item":0,"input":1}]},{"json":{"x":2,"y":1},"binary":{},"pairedItem":[{"item":1},{"item":0,"input":1}]}]`, ""},
		{"choose branch 2", map[string]any{"mode": "chooseBranch", "useDataOfInput": 2}, [][]map[string]any{{{"x": 1}}, {{"y": 1}}},
			`[{"json":{"y":1},"pairedItem":{"item":0,"input":1}}]`, ""},
		{"choose branch 3 of 2", map[string]any{"mode": "chooseBranch", "useDataOfInput": 3}, [][]map[string]any{{{"x": 1}}, {{"y": 1}}}, "",
			"Input 3 doesn't exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errMsg := runMerge(t, 3.2, tc.params, tc.inputs...)
			if errMsg != tc.wantErr {
				t.Fatalf("error %q, want %q", errMsg, tc.wantErr)
			}
			if tc.wantErr != "" {
				return
			}
			b, err := data.MarshalValue(out[0])
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("output\n got %s\nwant %s", b, tc.want)
			}
		})
	}
}

func TestMergeDescribe(t *testing.T) {
	d := merge.New().Describe()
	if n := d.Inputs(engine.Params{Object: data.ObjectOf("numberInputs", 4.0)}, 3); n != 4 {
		t.Errorf("inputs = %d", n)
	}
	if n := d.Inputs(engine.Params{}, 3); n != 2 {
		t.Errorf("default inputs = %d", n)
	}
	if c, l := d.RequiredInputs(engine.Params{Object: data.ObjectOf("mode", "chooseBranch")}, 3); c != 0 || len(l) != 2 {
		t.Errorf("chooseBranch required = %d %v", c, l)
	}
	if c, l := d.RequiredInputs(engine.Params{Object: data.ObjectOf("mode", "append")}, 3); c != 1 || l != nil {
		t.Errorf("append required = %d %v", c, l)
	}
	if p := d.Check(engine.Params{Object: data.ObjectOf("mode", "combineBySql")}, 3); len(p) != 1 {
		t.Errorf("check sql = %v", p)
	}
}
