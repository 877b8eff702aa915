package form

import (
	"slices"
	"testing"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// TestParentNodes: n8n's getParentNodes order, which decides the node a
// "Return Binary File" ending takes its file from (the list reversed).
func TestParentNodes(t *testing.T) {
	w, err := workflow.Parse([]byte(`{"nodes":[
	 {"name":"A","type":"x","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"B","type":"x","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"C","type":"x","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"D","type":"x","typeVersion":1,"position":[0,0],"parameters":{}}],
	 "connections":{"A":{"main":[[{"node":"B","type":"main","index":0},{"node":"C","type":"main","index":0}]]},
	  "B":{"main":[[{"node":"D","type":"main","index":0}]]},"C":{"main":[[{"node":"D","type":"main","index":0}]]}}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := parentNodes(w, "D"), []string{"A", "C", "B"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := parentNodes(w, "A"); len(got) != 0 {
		t.Errorf("A: %v", got)
	}
}

// TestReplaceFirst: String.prototype.replace with a string pattern.
func TestReplaceFirst(t *testing.T) {
	for _, c := range []struct{ s, pat, repl, want string }{
		{"a {{x}} b {{x}}", "{{x}}", "1", "a 1 b {{x}}"},
		{"a {{x}} b", "{{x}}", "$$ $& $` $' $1", "a $ {{x}} a   b $1 b"},
		{"none", "{{x}}", "1", "none"},
	} {
		if got := replaceFirst(c.s, c.pat, c.repl); got != c.want {
			t.Errorf("replaceFirst(%q, %q, %q) = %q, want %q", c.s, c.pat, c.repl, got, c.want)
		}
	}
}
