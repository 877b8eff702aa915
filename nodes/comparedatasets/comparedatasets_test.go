package comparedatasets

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func items(input int, jsons ...string) []data.Item {
	out := make([]data.Item, len(jsons))
	for i, j := range jsons {
		m, err := data.ParseJSONObject([]byte(j))
		if err != nil {
			panic(err)
		}
		out[i] = data.Item{JSON: m, Paired: data.MakePaired([]data.PairedItem{{Item: i, Input: int32(input)}}, data.PairedObject)}
	}
	return out
}

func render(out [][]data.Item) string {
	b, _ := data.MarshalValue(out)
	return string(b)
}

func TestResolveModes(t *testing.T) {
	a := func() []data.Item {
		return items(0, `{"id":1,"name":"a"}`, `{"id":2,"name":"b","x":1}`, `{"name":"no id"}`, `{"id":9}`)
	}
	b := func() []data.Item {
		return items(1, `{"id":1,"name":"a"}`, `{"id":2,"name":"B","x":1}`, `{"id":3}`)
	}
	base := config{version: 2.3, pairs: []pair{{"id", "id"}}, skipFields: []string{""}, preferWhenMix: "input1"}
	aOnly := `[{"json":{"name":"no id"},"pairedItem":{"item":2}},{"json":{"id":9},"pairedItem":{"item":3}}]`
	same := `[{"json":{"id":1,"name":"a"},"pairedItem":{"item":0}}]`
	bOnly := `[{"json":{"id":3},"pairedItem":{"item":2,"input":1}}]`
	tests := []struct {
		name string
		mod  func(*config)
		diff string
	}{
		{"preferInput1", func(c *config) { c.resolve = "preferInput1" },
			`[{"json":{"id":2,"name":"b","x":1},"pairedItem":{"item":1}}]`},
		{"preferInput2", func(c *config) { c.resolve = "preferInput2" },
			`[{"json":{"id":2,"name":"B","x":1},"pairedItem":{"item":1,"input":1}}]`},
		{"mix prefer A", func(c *config) { c.resolve = "mix" },
			`[{"json":{"id":2,"name":"b","x":1},"pairedItem":{"item":1}}]`},
		{"mix prefer B except name and missing", func(c *config) {
			c.resolve, c.preferWhenMix, c.exceptWhenMix = "mix", "input2", "name, nope"
		}, `[{"json":{"id":2,"name":"b","x":1,"nope":null},"pairedItem":{"item":1,"input":1}}]`},
		{"includeBoth", func(c *config) { c.resolve = "includeBoth" },
			`[{"json":{"keys":{"id":2},"same":{"id":2,"x":1},"different":{"name":{"inputA":"b","inputB":"B"}}},"pairedItem":[{"item":1},{"item":1,"input":1}]}]`},
		{"includeBoth skip name", func(c *config) { c.resolve, c.skipFields = "includeBoth", []string{"name"} },
			`[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.mod(&c)
			out, err := c.findMatches(a(), b())
			if err != nil {
				t.Fatal(err)
			}
			wantSame := same
			if tt.name == "includeBoth skip name" {
				wantSame = `[{"json":{"id":1,"name":"a"},"pairedItem":{"item":0}},{"json":{"id":2,"name":"b","x":1},"pairedItem":{"item":1}}]`
			}
			want := "[" + aOnly + "," + wantSame + "," + tt.diff + "," + bOnly + "]"
			if got := render(out); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestMultipleMatchesAndEmptyInputs(t *testing.T) {
	c := config{version: 2.3, pairs: []pair{{"k", "k"}}, skipFields: []string{""}, resolve: "preferInput2"}
	a := items(0, `{"k":1,"v":0}`, `{}`)
	b := items(1, `{"k":1,"v":1}`, `{"k":1,"v":0}`, `{}`, `{"k":1,"v":2}`)
	out, err := c.findMatches(nonEmpty(a), nonEmpty(b))
	if err != nil {
		t.Fatal(err)
	}
	// first match only: B[0] differs, B[1] and B[3] are neither matched nor B-only? They are B-only.
	want := `[[],[],[{"json":{"k":1,"v":1},"pairedItem":{"item":0,"input":1}}],[{"json":{"k":1,"v":0},"pairedItem":{"item":1,"input":1}},{"json":{"k":1,"v":2},"pairedItem":{"item":3,"input":1}}]]`
	if got := render(out); got != want {
		t.Errorf("first: got %s\nwant %s", got, want)
	}
	c.multipleAll = true
	out, _ = c.findMatches(nonEmpty(a), nonEmpty(b))
	want = `[[],[{"json":{"k":1,"v":0},"pairedItem":{"item":0}}],[{"json":{"k":1,"v":1},"pairedItem":{"item":0,"input":1}},{"json":{"k":1,"v":2},"pairedItem":{"item":3,"input":1}}],[]]`
	if got := render(out); got != want {
		t.Errorf("all: got %s\nwant %s", got, want)
	}
	out, _ = c.findMatches(nonEmpty(a), nonEmpty(nil))
	want = `[[{"json":{"k":1,"v":0},"pairedItem":{"item":0}}],[],[],[]]`
	if got := render(out); got != want {
		t.Errorf("empty B: got %s\nwant %s", got, want)
	}
}

// TestHashJoinEqualsScan checks the indexed join against n8n's linear
// first-match scan on random data with repeated and differently typed keys.
func TestHashJoinEqualsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keyVals := []any{1.0, "1", 2.0, nil, true, []any{1.0}, map[string]any{"a": 1.0}, map[string]any{"a": 1.0, "b": nil}, 0.0}
	mk := func(n, input int) []data.Item {
		out := make([]data.Item, n)
		for i := range out {
			m := data.ObjectOf("v", float64(r.IntN(2)))
			if r.IntN(8) > 0 {
				m.Set("k", data.Normalize(data.CloneJSON(keyVals[r.IntN(len(keyVals))])))
			}
			if r.IntN(2) == 0 {
				m.Set("n", data.ObjectOf("k", data.Normalize(data.CloneJSON(keyVals[r.IntN(len(keyVals))]))))
			}
			out[i] = data.Item{JSON: m, Paired: data.OneInput(i, input)}
		}
		return out
	}
	for round := range 200 {
		a, b := mk(r.IntN(12), 0), mk(r.IntN(12), 1)
		for _, all := range []bool{false, true} {
			c := config{version: 2.3, pairs: []pair{{"k", "k"}, {"n.k", "n.k"}}, skipFields: []string{""}, resolve: "includeBoth", multipleAll: all}
			got, err := c.findMatches(a, b)
			if err != nil {
				t.Fatal(err)
			}
			want := scan(&c, a, b)
			if render(got) != render(want) {
				t.Fatalf("round %d all=%v:\n got  %s\n want %s", round, all, render(got), render(want))
			}
		}
	}
}

// scan is findMatches with n8n's linear search instead of the index.
func scan(c *config, a, b []data.Item) [][]data.Item {
	cc := *c
	cc.scanOnly = true
	out, err := cc.findMatches(a, b)
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return out
}
