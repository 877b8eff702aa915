package itemlists_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes/itemlists"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
)

// The checks older versions made before Split Out relaxed them, and v1/v2's
// field lists given as {fields: [{fieldName}]}.
func TestLegacyVersions(t *testing.T) {
	tests := []struct {
		name, version, params, wantErr, wantOut string
	}{
		{"v1 missing field", "1", `{"fieldToSplitOut":"nope"}`, "Couldn't find the field 'nope' in the input data", ""},
		{"v2.1 missing field", "2.1", `{"fieldToSplitOut":"nope"}`, "", `[]`},
		{"v2 not an array", "2", `{"fieldToSplitOut":"n"}`, "The provided field 'n' is not an array or object", ""},
		{"v1 object is not an array", "1", `{"fieldToSplitOut":"o"}`, "The provided field 'o' is not an array", ""},
		{"v2.2 scalar", "2.2", `{"fieldToSplitOut":"n"}`, "", `[{"n":1}]`},
		{"v2 selected fields list", "2", `{"fieldToSplitOut":"l","include":"selectedOtherFields","fieldsToInclude":{"fields":[{"fieldName":"n"}]}}`, "", `[{"l":"a","n":1},{"l":"b","n":1}]`},
		{"v3 limit", "3", `{"operation":"limit","maxItems":1}`, "", `[{"n":1,"l":["a","b"],"o":{"k":2}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := `{"nodes":[{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
 {"name":"Data","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"mode":"raw","jsonOutput":"{\"n\":1,\"l\":[\"a\",\"b\"],\"o\":{\"k\":2}}","options":{}}},
 {"name":"N","type":"n8n-nodes-base.itemLists","typeVersion":` + tc.version + `,"position":[400,0],"parameters":` + tc.params + `}],
 "connections":{"Start":{"main":[[{"node":"Data","type":"main","index":0}]]},"Data":{"main":[[{"node":"N","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`
			res := enginetest.Run(t, wf, enginetest.Options{
				Nodes:       []engine.Node{manualtrigger.New(), set.New(), itemlists.New()},
				Expressions: expression.New(expression.Options{}),
			})
			e := res.Data.ResultData.Error
			if tc.wantErr != "" {
				if e == nil || !strings.Contains(e.Message, tc.wantErr) {
					t.Fatalf("error = %+v, want %q", e, tc.wantErr)
				}
				return
			}
			if e != nil {
				t.Fatalf("error %+v", e)
			}
			raw, _ := json.Marshal(res)
			var doc struct {
				Data struct {
					ResultData struct {
						RunData map[string][]struct {
							Data struct {
								Main [][]struct {
									JSON json.RawMessage `json:"json"`
								} `json:"main"`
							} `json:"data"`
						} `json:"runData"`
					} `json:"resultData"`
				} `json:"data"`
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range doc.Data.ResultData.RunData["N"][0].Data.Main[0] {
				got = append(got, string(it.JSON))
			}
			if s := "[" + strings.Join(got, ",") + "]"; s != tc.wantOut {
				t.Fatalf("output %s, want %s", s, tc.wantOut)
			}
		})
	}
}
