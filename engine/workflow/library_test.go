package workflow

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadLibrary(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", `{"id":"a","name":"A","nodes":[],"connections":{}}`)
	write("export.json", `[{"id":"b","name":"B","nodes":[],"connections":{}},{"id":7,"name":"Old","nodes":[],"connections":{}}]`)
	write("creds.json", `[{"id":"c1","type":"notionApi","data":{}}]`)
	write("noid.json", `{"name":"no id","nodes":[],"connections":{}}`)
	lib, err := LoadLibrary(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lib.IDs(), ","); got != "7,a,b" {
		t.Fatalf("ids %s", got)
	}
	w, err := lib.Workflow(context.Background(), "b")
	if err != nil || w.Name != "B" {
		t.Fatalf("b: %v %v", w, err)
	}
	if _, err := lib.Workflow(context.Background(), "zz"); err == nil || !strings.Contains(err.Error(), "Workflow does not exist") {
		t.Fatalf("unknown id: %v", err)
	}
	write("dup.json", `{"id":"a","name":"A again","nodes":[],"connections":{}}`)
	if _, err := LoadLibrary(dir); err == nil || !strings.Contains(err.Error(), `id "a" is used by`) {
		t.Fatalf("duplicate id: %v", err)
	}
	if _, err := LoadLibrary(filepath.Join(dir, "creds.json")); err == nil {
		t.Fatal("a credentials file loaded as workflows")
	}
}
