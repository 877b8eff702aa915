package workflow

import (
	"os"
	"path/filepath"
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

// Issue 21 item 11: `run /dev/zero` read forever.
func TestLoadFileIsBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := LoadFileMax("/dev/zero", "", 1<<20)
		if err == nil || !strings.Contains(err.Error(), "limit on workflow files of 1048576 bytes") {
			t.Fatalf("/dev/zero: %v", err)
		}
	}
	big := filepath.Join(t.TempDir(), "big.json")
	os.WriteFile(big, []byte(`{"nodes":[],"connections":{},"name":"`+strings.Repeat("x", 2000)+`"}`), 0o644)
	if _, err := LoadFileMax(big, "", 1000); err == nil || !strings.Contains(err.Error(), "limit on workflow files of 1000 bytes") {
		t.Fatalf("big file: %v", err)
	}
	if _, err := LoadFileMax(big, "", 0); err != nil {
		t.Fatalf("default limit: %v", err)
	}
}
