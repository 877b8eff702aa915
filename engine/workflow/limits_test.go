package workflow

import (
	"strings"
	"testing"
)

// Issue 21 items 1 and 10: an index of -1 panicked in the model, 1e8
// allocated gigabytes.
func TestParseRejectsConnectionIndexOutOfRange(t *testing.T) {
	for _, idx := range []string{"-1", "100000000", "1000"} {
		t.Run(idx, func(t *testing.T) {
			in := `{"nodes":[{"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}},` +
				`{"name":"B","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}}],` +
				`"connections":{"A":{"main":[[{"node":"B","type":"main","index":` + idx + `}]]}}}`
			_, err := Parse([]byte(in), "")
			if err == nil || !strings.Contains(err.Error(), "input indexes are 0 to 999") {
				t.Fatalf("err = %v, want the index range error", err)
			}
		})
	}
}
