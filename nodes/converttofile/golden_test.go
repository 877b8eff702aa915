package converttofile_test

import (
	"os"
	"testing"

	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/nodes"
	"github.com/n8n-go/n8n-go/nodes/set/settest"
)

// TestGoldens compares Convert to File and Extract from File with real n8n
// 1.123.81 (testdata/nodes/files; regenerate with gen.py there and
// record.sh). Files are compared byte for byte through their base64 data.
func TestGoldens(t *testing.T) {
	// read-write-files writes and reads under this folder, as it did when
	// recorded: start from an empty one.
	const rwf = "/tmp/n8n-go-golden-rwf"
	if err := os.RemoveAll(rwf); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(rwf, 0o755); err != nil {
		t.Fatal(err)
	}
	xlsx, err := os.ReadFile("../../testdata/nodes/files/fixtures/people.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	// The xlsx workflow reads its fixture from a folder of its own, replaced
	// atomically so that a recording running meanwhile never sees it
	// missing or half written.
	const xdir = "/tmp/n8n-go-golden-xlsx"
	if err := os.MkdirAll(xdir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.CreateTemp(xdir, ".people-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tmp.Write(xlsx); err != nil {
		t.Fatal(err)
	}
	tmp.Close()
	if err := os.Rename(tmp.Name(), xdir+"/people.xlsx"); err != nil {
		t.Fatal(err)
	}
	settest.RunGoldens(t, "../../testdata/nodes/files", nodes.All(), expression.New(expression.Options{}))
}
