package readwritefile_test

import (
	"os"
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestLegacyGoldens compares Read Binary File, Write Binary File and HTML
// Extract with real n8n 1.123.81 (testdata/nodes/legacyfiles; regenerate
// with gen.py there and record.sh). The workflows write and read under
// one folder, empty when they were recorded.
func TestLegacyGoldens(t *testing.T) {
	const dir = "/tmp/n8n-go-golden-legacy"
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	// read-binary-files-errors reads a file n8n blocks (inside .git), as
	// the folder held when it was recorded.
	if err := os.MkdirAll(dir+"/.git", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/.git/HEAD", []byte("ref: refs/heads/main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	settest.RunGoldens(t, "../../testdata/nodes/legacyfiles", nodes.All(), expression.New(expression.Options{}))
}
