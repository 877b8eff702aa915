package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/nodes"
)

const readmePath = "../../README.md"

// The README's node table is `n8n-go nodes --markdown`. To refresh it:
// UPDATE_README=1 go test ./cmd/n8n-go -run TestREADMENodeTable
func TestREADMENodeTable(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- nodes:begin -->\n", "<!-- nodes:end -->"
	i, j := bytes.Index(b, []byte(begin)), bytes.Index(b, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README has no %q … %q section", begin, end)
	}
	cat, err := nodes.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	writeNodeTable(&want, cat)
	got := b[i+len(begin) : j]
	if bytes.Equal(got, want.Bytes()) {
		return
	}
	if os.Getenv("UPDATE_README") != "" {
		out := append(append(append([]byte{}, b[:i+len(begin)]...), want.Bytes()...), b[j:]...)
		if err := os.WriteFile(readmePath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("README node table differs from `n8n-go nodes --markdown`; rerun with UPDATE_README=1\nwant:\n%s\ngot:\n%s", want.String(), got)
}

func TestNodesCommand(t *testing.T) {
	code, out, _ := runCLI(t, nil, "nodes")
	if code != 0 || !strings.Contains(out, "n8n-nodes-base.notion") || !strings.Contains(out, "2, 2.1, 2.2") {
		t.Fatalf("nodes: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, "nodes", "--json", "notion", "n8n-nodes-base.set")
	if code != 0 || strings.Count(out, `"type":`) != 2 || !strings.Contains(out, `"versions": [`) {
		t.Fatalf("nodes --json: %d\n%s", code, out)
	}
	code, _, errs := runCLI(t, nil, "nodes", "notoin")
	if code != exitInvalid || !strings.Contains(errs, `(did you mean "notion"?)`) {
		t.Fatalf("unknown type: %d %s", code, errs)
	}
}
