package golden

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
		opts      Options
		diffs     []string
	}{
		{name: "key order checked", want: `{"a":1,"b":[1,2]}`, got: `{"b":[1,2],"a":1}`, diffs: []string{"$: key order: want a,b, got b,a"}},
		{name: "key order ignored on request", opts: Options{IgnoreKeyOrder: true}, want: `{"a":1,"b":{"c":1,"d":2}}`, got: `{"b":{"d":2,"c":1},"a":1}`},
		{name: "integer keys first", want: `{"2":1,"a":1}`, got: `{"a":1,"2":1}`},
		{name: "nested order", want: `{"x":{"p":1,"q":2}}`, got: `{"x":{"q":2,"p":1}}`, diffs: []string{"$.x: key order: want p,q, got q,p"}},
		{name: "order of shared keys only", want: `{"a":1,"b":2,"c":3}`, got: `{"a":1,"c":3}`, diffs: []string{"$.b: missing, want 2"}},
		{name: "numbers by value", want: `{"a":1}`, got: `{"a":1.0}`},
		{name: "array order kept", want: `[1,2]`, got: `[2,1]`,
			diffs: []string{"$[0]: want 1, got 2", "$[1]: want 2, got 1"}},
		{name: "missing and unexpected keys", want: `{"a":1,"b":2}`, got: `{"a":1,"c":3}`,
			diffs: []string{"$.b: missing, want 2", "$.c: unexpected 3"}},
		{name: "array lengths", want: `{"x":[1]}`, got: `{"x":[1,{"k":"v"}]}`,
			diffs: []string{"$.x: want 1 elements, got 2", `$.x[1]: unexpected {"k":"v"}`}},
		{name: "type change", want: `{"a":"1"}`, got: `{"a":1}`, diffs: []string{`$.a: want "1", got 1`}},
		{name: "null vs missing differ", want: `{"a":null}`, got: `{}`, diffs: []string{"$.a: missing, want null"}},
		{name: "odd keys quoted", want: `{"a b":{"1x":true}}`, got: `{"a b":{"1x":false}}`,
			diffs: []string{`$["a b"]["1x"]: want true, got false`}},
		{name: "timings dropped by default",
			want: `{"startedAt":"x","r":[{"startTime":1,"executionTime":2,"executionIndex":0,"hints":[1]}]}`,
			got:  `{"startedAt":"y","r":[{"startTime":9,"executionTime":8,"executionIndex":0,"hints":[]}]}`},
		{name: "executionIndex kept", want: `{"executionIndex":0}`, got: `{"executionIndex":1}`,
			diffs: []string{"$.executionIndex: want 0, got 1"}},
		{name: "error.stack dropped, other stacks kept",
			want: `{"error":{"stack":"a","message":"m"},"stack":1}`, got: `{"error":{"stack":"b","message":"m"},"stack":2}`,
			diffs: []string{"$.stack: want 1, got 2"}},
		{name: "item json compared in full",
			want: `{"data":[{"json":{"startTime":1}}]}`, got: `{"data":[{"json":{"startTime":2}}]}`,
			diffs: []string{"$.data[0].json.startTime: want 1, got 2"}},
		{name: "extra drop rule through arrays", opts: Options{Drop: []string{"runData.id"}},
			want: `{"runData":[{"id":1,"v":1}]}`, got: `{"runData":[{"id":2,"v":1}]}`},
		{name: "no default drop", opts: Options{NoDefaultDrop: true},
			want: `{"startTime":1}`, got: `{"startTime":2}`, diffs: []string{"$.startTime: want 1, got 2"}},
		{name: "invalid got", want: `{}`, got: `{`, diffs: []string{"got is not valid JSON: invalid JSON at offset 1: expected a string key"}},
		{name: "cap", opts: Options{MaxDiffs: 1}, want: `[1,2,3]`, got: `[4,5,6]`,
			diffs: []string{"$[0]: want 1, got 4", "… and 2 more differences"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare([]byte(tt.want), []byte(tt.got), tt.opts)
			if !reflect.DeepEqual(got, tt.diffs) {
				t.Errorf("Compare diffs:\n got  %q\n want %q", got, tt.diffs)
			}
		})
	}
}

// n8nDoc is a trimmed `n8n execute --rawOutput` document.
const n8nDoc = `{
  "data": {"version": 1, "startData": {}, "resultData": {
    "runData": {
      "Start": [{"startTime": 5, "executionIndex": 0, "source": [], "hints": [], "executionTime": 1,
        "executionStatus": "success", "data": {"main": [[{"json": {}, "pairedItem": {"item": 0}}]]}}],
      "Stop": [{"startTime": 6, "executionIndex": 1, "source": [{"previousNode": "Start"}], "hints": [],
        "executionTime": 2, "executionStatus": "error",
        "error": {"message": "boom", "name": "NodeOperationError", "description": null, "stack": "at x",
          "timestamp": 7, "node": {"id": "abc", "name": "Stop", "parameters": {}}, "context": {}}}]
    },
    "lastNodeExecuted": "Stop",
    "error": {"message": "boom", "name": "NodeOperationError", "stack": "s", "node": {"id": "abc"}}},
    "executionData": {"runtimeData": {"establishedAt": 1}}},
  "mode": "cli", "startedAt": "a", "stoppedAt": "b", "status": "error"
}`

// goDoc is the same run as n8n-go writes it: other timings, no ids, explicit
// zero source fields, an empty description.
const goDoc = `{
  "data": {"version": 1, "startData": {}, "resultData": {
    "runData": {
      "Stop": [{"startTime": 60, "executionIndex": 1, "source": [{"previousNode": "Start", "previousNodeOutput": 0, "previousNodeRun": 0}],
        "hints": [], "executionTime": 0, "executionStatus": "error",
        "error": {"message": "boom", "name": "NodeOperationError", "description": ""}}],
      "Start": [{"startTime": 50, "executionIndex": 0, "source": [], "hints": [], "executionTime": 0,
        "executionStatus": "success", "data": {"main": [[{"pairedItem": {"item": 0}, "json": {}}]]}}]
    },
    "lastNodeExecuted": "Stop",
    "error": {"message": "boom", "name": "NodeOperationError"}}},
  "mode": "cli", "status": "error"
}`

func TestCompareRunsEquivalentDocuments(t *testing.T) {
	if diffs := CompareRuns([]byte(n8nDoc), []byte(goDoc), Options{}); len(diffs) > 0 {
		t.Fatalf("unexpected differences:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestCompareRunsReportsEngineDifferences(t *testing.T) {
	got := strings.Replace(goDoc, `"executionIndex": 1`, `"executionIndex": 2`, 1)
	got = strings.Replace(got, `{"pairedItem": {"item": 0}, "json": {}}`, `{"json": {"x": 1}}`, 1)
	got = strings.Replace(got, `"lastNodeExecuted": "Stop"`, `"lastNodeExecuted": "Start"`, 1)
	diffs := CompareRuns([]byte(n8nDoc), []byte(got), Options{})
	want := []string{
		`$.lastNodeExecuted: want "Stop", got "Start"`,
		`$.runData.Start[0].data.main[0][0].json.x: unexpected 1`,
		`$.runData.Start[0].data.main[0][0].pairedItem: missing, want {"item":0}`,
		`$.runData.Stop[0].executionIndex: want 1, got 2`,
	}
	if !reflect.DeepEqual(diffs, want) {
		t.Errorf("diffs:\n got  %q\n want %q", diffs, want)
	}
}

func TestNormalizeRunRejectsOtherDocuments(t *testing.T) {
	for _, doc := range []string{`[]`, `{"data":{}}`, `nope`} {
		if _, err := NormalizeRun([]byte(doc)); err == nil {
			t.Errorf("NormalizeRun(%s): no error", doc)
		}
	}
}

func TestNodeOrder(t *testing.T) {
	order, err := NodeOrder([]byte(n8nDoc))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Start#0", "Stop#0"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	norm, err := NormalizeRun([]byte(goDoc))
	if err != nil {
		t.Fatal(err)
	}
	if order, _ := NodeOrder(norm); !reflect.DeepEqual(order, []string{"Start#0", "Stop#0"}) {
		t.Errorf("order of normalised doc %v", order)
	}
}

func TestCheckAndUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden.json")
	Check(t, path, []byte(`{"b":1,"a":[1]}`), true, Options{})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "\n") || !strings.Contains(string(b), "\n  \"b\": 1") {
		t.Errorf("written golden not indented: %q", b)
	}
	Check(t, path, []byte(`{"b":1.0,"a":[1]}`), false, Options{})
}
