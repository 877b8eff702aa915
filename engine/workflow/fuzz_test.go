package workflow

import (
	"strings"
	"testing"
)

// FuzzParse: no input makes the loader panic or allocate without bound.
// The seeds hold the issue 21 reproducers (index -1, index 1e8).
func FuzzParse(f *testing.F) {
	conn := func(idx string) string {
		return `{"nodes":[{"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}},` +
			`{"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}}],` +
			`"connections":{"A":{"main":[[{"node":"B","type":"main","index":` + idx + `}]]}}}`
	}
	for _, s := range []string{
		one, "[" + one + "]", `{"id":3177,"workflow":{"id":3177,"workflow":` + one + `}}`,
		conn("-1"), conn("100000000"), conn("0"), conn("1.5"),
		`{"nodes":[null]}`, `{"nodes":{"a":1}}`, `[]`, `42`, "", "\x00",
		`{"nodes":[],"connections":{"A":{"main":[null,[null]]}}}`,
		`{"nodes":[],"settings":{"executionTimeout":"x"},"pinData":{"A":[1]}}`,
		strings.Repeat("[", 20000),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := Parse(b, "")
		if err != nil {
			return
		}
		for _, n := range w.Nodes {
			w.Parents(n.Name)
			w.IsAncestor(n.Name, n.Name)
		}
	})
}
