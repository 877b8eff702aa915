package set_test

import (
	"encoding/json"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

// setRun is the outcome of one run of the node "Set".
type setRun struct {
	out    [][]data.Item
	errMsg string
	errDsc string
}

// runSet feeds items (via a raw Set + Split Out) into a node "Set" with the
// given version and parameters; extra is appended to the node object
// (e.g. `,"onError":"continueRegularOutput"`).
func runSet(t *testing.T, items []map[string]any, version float64, params map[string]any, extra string) setRun {
	t.Helper()
	res := runSetWorkflow(t, items, version, params, extra)
	runs := res.Data.ResultData.RunData["Set"]
	if len(runs) != 1 {
		t.Fatalf("Set ran %d times", len(runs))
	}
	var r setRun
	if runs[0].Data != nil {
		r.out = runs[0].Data.Main
	}
	if runs[0].Error != nil {
		r.errMsg, r.errDsc = runs[0].Error.Message, runs[0].Error.Description
	}
	return r
}

// runSetWorkflow runs the workflow of runSet and returns its whole result.
func runSetWorkflow(t *testing.T, items []map[string]any, version float64, params map[string]any, extra string) *engine.Result {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"items": items})
	p, _ := json.Marshal(params)
	rawParams, _ := json.Marshal(map[string]any{"mode": "raw", "jsonOutput": string(raw), "options": map[string]any{}})
	v, _ := json.Marshal(version)
	wf := `{"nodes":[
 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Make","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":` + string(rawParams) + `},
 {"name":"Split","type":"n8n-nodes-base.splitOut","typeVersion":1,"position":[400,0],"parameters":{"fieldToSplitOut":"items"}},
 {"name":"Set","type":"n8n-nodes-base.set","typeVersion":` + string(v) + `,"position":[600,0],"parameters":` + string(p) + extra + `}],
 "connections":{"Start":{"main":[[{"node":"Make","type":"main","index":0}]]},
   "Make":{"main":[[{"node":"Split","type":"main","index":0}]]},
   "Split":{"main":[[{"node":"Set","type":"main","index":0}]]}},
 "settings":{"executionOrder":"v1"}}`
	return enginetest.Run(t, wf, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), set.New(), splitout.New()},
		Expressions: settest.Stub{},
	})
}

// TestSetLeavesItsInputAlone: Set copies its input's top level and shares
// the nested values, so every write into a nested path must copy what it
// goes through; the input item (Split's run data) stays as it was.
func TestSetLeavesItsInputAlone(t *testing.T) {
	// (The input is written from Go maps: its keys are sorted.)
	in := []map[string]any{{"name": "Alpha", "nested": map[string]any{"inner": "i1", "deep": map[string]any{"k": 1}}, "list": []any{1, map[string]any{"x": 2}}}}
	const input = `[{"json":{"list":[1,{"x":2}],"name":"Alpha","nested":{"deep":{"k":1},"inner":"i1"}},"pairedItem":{"item":0}}]`
	tests := []struct {
		name   string
		params map[string]any
		want   string
	}{
		{"include all, nested writes", map[string]any{"includeOtherFields": true, "assignments": assignments(
			[3]any{"nested.deep.k", "number", "9"}, [3]any{"list[1].x", "number", "3"}, [3]any{"list[2]", "string", "z"})},
			`[{"json":{"list":[1,{"x":3},"z"],"name":"Alpha","nested":{"deep":{"k":9},"inner":"i1"}},"pairedItem":{"item":0}}]`},
		{"include except, nested deletes", map[string]any{"includeOtherFields": true, "include": "except",
			"excludeFields": "nested.deep.k,list[1].x", "assignments": assignments([3]any{"added", "number", "1"})},
			`[{"json":{"list":[1,{}],"name":"Alpha","nested":{"deep":{},"inner":"i1"},"added":1},"pairedItem":{"item":0}}]`},
		{"include selected, then a write into it", map[string]any{"includeOtherFields": true, "include": "selected",
			"includeFields": "nested", "assignments": assignments([3]any{"nested.inner", "string", "changed"})},
			`[{"json":{"nested":{"deep":{"k":1},"inner":"changed"}},"pairedItem":{"item":0}}]`},
		{"an input object set as a field, then written into", map[string]any{"assignments": assignments(
			[3]any{"copy", "object", "={{ $json.nested }}"}, [3]any{"copy.deep.k", "number", "5"})},
			`[{"json":{"copy":{"deep":{"k":5},"inner":"i1"}},"pairedItem":{"item":0}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runSetWorkflow(t, in, 3.4, tc.params, "")
			out := res.Data.ResultData.RunData["Set"][0]
			if out.Error != nil {
				t.Fatalf("error: %s", out.Error.Message)
			}
			if got := marshal(t, out.Data.Main[0]); got != tc.want {
				t.Errorf("output\n got %s\nwant %s", got, tc.want)
			}
			if got := marshal(t, res.Data.ResultData.RunData["Split"][0].Data.Main[0]); got != input {
				t.Errorf("Set changed its input:\n got %s\nwant %s", got, input)
			}
		})
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func assignments(list ...[3]any) map[string]any {
	var a []any
	for i, x := range list {
		a = append(a, map[string]any{"id": i, "name": x[0], "type": x[1], "value": x[2]})
	}
	return map[string]any{"assignments": a}
}

func TestSetAssignments(t *testing.T) {
	in := []map[string]any{{"name": "Alpha", "n": 1, "nested": map[string]any{"inner": "i1", "keep": true}, "list": []any{1, nil}}}
	tests := []struct {
		name    string
		version float64
		params  map[string]any
		want    string // JSON of output 0, keys in n8n's order
	}{
		{"conversions", 3.4, map[string]any{"assignments": assignments(
			[3]any{"n1", "number", "42"}, [3]any{"n2", "number", " 5 "}, [3]any{"n3", "number", ""},
			[3]any{"n4", "number", "0x1f"}, [3]any{"n5", "number", "={{ true }}"}, [3]any{"n6", "number", "={{ [7] }}"},
			[3]any{"b1", "boolean", "TRUE"}, [3]any{"b2", "boolean", "0"}, [3]any{"b3", "boolean", "={{ 1 }}"},
			[3]any{"a1", "array", "[1,2]"}, [3]any{"a2", "array", "['a','b']"},
			[3]any{"o1", "object", "{a:1, 'b': 'x', c: y}"}, [3]any{"o2", "object", "null"},
			[3]any{"s1", "string", "={{ 5 }}"}, [3]any{"s2", "string", `={{ {"a":1} }}`}, [3]any{"s3", "string", "={{ [1,2] }}"},
			[3]any{"s4", "string", "={{ null }}"}, [3]any{"s5", "string", "={{ $json.missing }}"}, [3]any{"s6", "string", 0.1},
		)},
			`[{"json":{"n1":42,"n2":5,"n3":0,"n4":31,"n5":1,"n6":7,"b1":true,"b2":false,"b3":true,"a1":[1,2],"a2":["a","b"],"o1":{"a":1,"b":"x","c":"y"},"o2":null,"s1":"5","s2":"{\"a\":1}","s3":"[1,2]","s4":null,"s5":null,"s6":"0.1"},"pairedItem":{"item":0}}]`},
		{"dot notation", 3.4, map[string]any{"assignments": assignments(
			[3]any{"deep.a.b", "string", "x"}, [3]any{"arr[1].x", "number", "3"}, [3]any{`q["k.l"]`, "string", "y"})},
			`[{"json":{"deep":{"a":{"b":"x"}},"arr":[null,{"x":3}],"q":{"k.l":"y"}},"pairedItem":{"item":0}}]`},
		{"no dot notation", 3.4, map[string]any{"options": map[string]any{"dotNotation": false}, "assignments": assignments(
			[3]any{"deep.a", "string", "x"}, [3]any{`["b.c"]`, "string", "y"})},
			`[{"json":{"deep.a":"x","b.c":"y"},"pairedItem":{"item":0}}]`},
		{"include all", 3.4, map[string]any{"includeOtherFields": true, "assignments": assignments(
			[3]any{"nested.extra", "boolean", "true"}, [3]any{"n", "string", "={{ $json.n }}"})},
			`[{"json":{"list":[1,null],"n":"1","name":"Alpha","nested":{"inner":"i1","keep":true,"extra":true}},"pairedItem":{"item":0}}]`},
		{"include selected", 3.4, map[string]any{"includeOtherFields": true, "include": "selected",
			"includeFields": "name, nested.inner, nope", "assignments": assignments([3]any{"added", "string", "yes"})},
			`[{"json":{"name":"Alpha","inner":"i1","added":"yes"},"pairedItem":{"item":0}}]`},
		{"include except", 3.4, map[string]any{"includeOtherFields": true, "include": "except",
			"excludeFields": "name,nested.inner", "assignments": assignments([3]any{"added", "number", "1"})},
			`[{"json":{"list":[1,null],"n":1,"nested":{"keep":true},"added":1},"pairedItem":{"item":0}}]`},
		{"include ignored when includeOtherFields is off (3.3+)", 3.3, map[string]any{"include": "all",
			"assignments": assignments([3]any{"only", "string", "v"})},
			`[{"json":{"only":"v"},"pairedItem":{"item":0}}]`},
		{"3.2 include all by default", 3.2, map[string]any{"fields": map[string]any{"values": []any{
			map[string]any{"name": "s", "stringValue": "x"},
			map[string]any{"name": "b", "type": "booleanValue"},
			map[string]any{"name": "o", "type": "objectValue", "objectValue": `={ "v": {{ $json.n }}, "l": {{ $json.list }} }`},
		}}, "include": "none"},
			`[{"json":{"s":"x","b":true,"o":{"v":1,"l":[1,null]}},"pairedItem":{"item":0}}]`},
		{"3.0 null and undefined strings", 3, map[string]any{"fields": map[string]any{"values": []any{
			map[string]any{"name": "nul", "stringValue": "={{ null }}"},
			map[string]any{"name": "und", "stringValue": "={{ $json.nope }}"},
		}}, "include": "none"},
			`[{"json":{"nul":"null","und":"undefined"},"pairedItem":{"item":0}}]`},
		{"ignore conversion errors", 3.4, map[string]any{"options": map[string]any{"ignoreConversionErrors": true}, "assignments": assignments(
			[3]any{"n", "number", "abc"}, [3]any{"b", "boolean", "yes"}, [3]any{"a", "array", "x"}, [3]any{"o", "object", "[1]"})},
			`[{"json":{"n":"abc","b":"yes","a":"x","o":"[1]"},"pairedItem":{"item":0}}]`},
		{"raw mode with expressions", 3.4, map[string]any{"mode": "raw",
			"jsonOutput": `={ "n": {{ $json.n }}, "obj": {{ $json.nested }}, "s": "{{ $json.name }}" }`},
			`[{"json":{"n":1,"obj":{"inner":"i1","keep":true},"s":"Alpha"},"pairedItem":{"item":0}}]`},
		{"raw mode loose JSON", 3.4, map[string]any{"mode": "raw", "jsonOutput": `{a: 1, 'b': 'two', "c.d": [1,2,],}`},
			`[{"json":{"a":1,"b":"two","c":{"d":[1,2]}},"pairedItem":{"item":0}}]`},
		{"legacy v1 keepOnlySet", 1, map[string]any{"keepOnlySet": true, "values": map[string]any{
			"string":  []any{map[string]any{"name": "s", "value": "={{ $json.name }}"}, map[string]any{"value": "d"}},
			"number":  []any{map[string]any{"name": "deep.n", "value": 7}},
			"boolean": []any{map[string]any{"name": "b", "value": "={{ $json.name }}"}, map[string]any{"name": "b0"}}}},
			`[{"json":{"b":true,"b0":false,"deep":{"n":7},"s":"Alpha","propertyName":"d"},"pairedItem":{"item":0}}]`},
		{"legacy v2 number strings", 2, map[string]any{"keepOnlySet": true, "options": map[string]any{"dotNotation": false}, "values": map[string]any{
			"number": []any{map[string]any{"name": "a.b", "value": "={{ '12' }}"}, map[string]any{"name": "bad", "value": "x1"}}}},
			`[{"json":{"a.b":12,"bad":"x1"},"pairedItem":{"item":0}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runSet(t, in, tc.version, tc.params, "")
			if r.errMsg != "" {
				t.Fatalf("error: %s", r.errMsg)
			}
			if got := marshal(t, r.out[0]); got != tc.want {
				t.Errorf("output\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSetConversionErrors(t *testing.T) {
	tests := []struct {
		typ     string
		ok, bad any
		want    string
	}{
		{"number", "12", "abc", `'x' expects a number but we got 'abc' [item 1]`},
		{"number", 1, map[string]any{"a": 1}, `'x' expects a number but we got object [item 1]`},
		{"boolean", "true", "", `'x' expects a boolean but we got '' [item 1]`},
		{"boolean", 0, 2, `'x' expects a boolean but we got '2' [item 1]`},
		{"array", "[]", 5, `'x' expects a array but we got '5' [item 1]`},
		{"object", "{}", []any{1}, `'x' expects a object but we got array [item 1]`},
	}
	for _, tc := range tests {
		t.Run(tc.typ+" "+tc.want, func(t *testing.T) {
			in := []map[string]any{{"v": tc.ok}, {"v": tc.bad}}
			params := map[string]any{"assignments": assignments([3]any{"x", tc.typ, "={{ $json.v }}"})}
			r := runSet(t, in, 3.4, params, "")
			if r.errMsg != tc.want {
				t.Errorf("error %q, want %q", r.errMsg, tc.want)
			}
			hint := `To fix the error try to change the type for the field "x" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation`
			if r.errDsc != hint {
				t.Errorf("description %q", r.errDsc)
			}
			r = runSet(t, in, 3.4, params, `,"onError":"continueRegularOutput"`)
			if r.errMsg != "" || len(r.out) != 1 || len(r.out[0]) != 2 {
				t.Fatalf("continueOnFail: %+v", r)
			}
			// n8n 1.123 writes pairedItem inside json here; the engine then
			// pairs the item by position.
			want := `{"json":{"error":"` + tc.want + `","pairedItem":{"item":1}},"pairedItem":{"item":1}}`
			if got := marshal(t, r.out[0][1]); got != want {
				t.Errorf("error item %s, want %s", got, want)
			}
		})
	}
}

func TestSetRawModeErrors(t *testing.T) {
	in := []map[string]any{{"v": "x"}}
	for _, tc := range []struct{ json, want string }{
		{"{nope", "The 'JSON Output' in item 0 contains invalid JSON"},
		{"[1,2]", "The 'JSON Output' in item 0 does not contain a valid JSON object"},
	} {
		r := runSet(t, in, 3.4, map[string]any{"mode": "raw", "jsonOutput": tc.json}, "")
		if r.errMsg != tc.want {
			t.Errorf("%s: error %q, want %q", tc.json, r.errMsg, tc.want)
		}
	}
}

func TestSetV31NullString(t *testing.T) {
	r := runSet(t, []map[string]any{{"v": nil}}, 3.1, map[string]any{"include": "none",
		"fields": map[string]any{"values": []any{map[string]any{"name": "s", "stringValue": "={{ $json.v }}"}}}}, "")
	if want := `'s' expects a string but we got 'null' [item 0]`; r.errMsg != want {
		t.Errorf("error %q, want %q", r.errMsg, want)
	}
}

// TestSetSharesNestedValues: with the other fields included, the output
// shares the input's nested values instead of copying them (the writes
// that go into them copy, TestSetLeavesItsInputAlone).
func TestSetSharesNestedValues(t *testing.T) {
	in := []map[string]any{{"name": "Alpha", "nested": map[string]any{"inner": "i1"}}}
	res := runSetWorkflow(t, in, 3.4, map[string]any{"includeOtherFields": true,
		"assignments": assignments([3]any{"added", "string", "x"})}, "")
	src := res.Data.ResultData.RunData["Split"][0].Data.Main[0][0].JSON.Value("nested")
	got := res.Data.ResultData.RunData["Set"][0].Data.Main[0][0].JSON.Value("nested")
	if s, _ := src.(*data.Object); s == nil || got != any(s) {
		t.Fatalf("nested value %v is a copy of the input's %v", got, src)
	}
}
