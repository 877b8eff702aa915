package golden

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// RegisterUpdateFlag defines the -update flag on the test binary's command
// line and returns it. Call it once, from a package-level var in a _test.go
// file, so the flag belongs to that test binary:
//
//	var update = golden.RegisterUpdateFlag()
//
// Golden files are rewritten only when the test runs with -update.
func RegisterUpdateFlag() *bool {
	return flag.Bool("update", false, "rewrite golden files with the current output")
}

// Check compares got with the golden file at path semantically. With update
// set it writes got (indented) to path instead and passes. A missing golden
// file fails the test with a hint to run with -update.
func Check(t testing.TB, path string, got []byte, update bool, opts Options) {
	t.Helper()
	if update {
		if err := Write(path, got); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden file %s does not exist; run the test with -update to create it", path)
	}
	if err != nil {
		t.Fatalf("golden: %v", err)
	}
	if diffs := Compare(want, got, opts); len(diffs) > 0 {
		t.Errorf("%s: output differs from the golden file (want = golden):\n  %s", path, joinLines(diffs))
	}
}

// Write stores doc at path as indented JSON with a final newline, creating
// the directory if needed. A document that is not JSON is an error.
func Write(path string, doc []byte) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, doc, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func joinLines(lines []string) string {
	var b bytes.Buffer
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(l)
	}
	return b.String()
}
