package code_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes"
)

// TestHTTPGoldens runs the Code workflows that call this.helpers.httpRequest
// against the Clockify fake and compares them with real n8n's runs against
// the same fake (testdata/nodes/code/http/record.sh).
func TestHTTPGoldens(t *testing.T) {
	const dir = "../../testdata/nodes/code/http"
	files, _ := filepath.Glob(filepath.Join(dir, "*.workflow.json"))
	if len(files) == 0 {
		t.Fatal("no workflows")
	}
	seed, err := os.ReadFile("../../testdata/clockify/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, name+".n8n.json"))
			if errors.Is(err, fs.ErrNotExist) {
				t.Skip("no recording yet: run testdata/nodes/code/http/record.sh")
			}
			if err != nil {
				t.Fatal(err)
			}
			fake := fakeclockify.New(fakeclockify.Options{})
			if err := fake.Seed(seed); err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			wfJSON, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse(wfJSON, "")
			if err != nil {
				t.Fatal(err)
			}
			eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{}),
				Endpoints: map[string]string{"api.clockify.me": srv.URL}})
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(res)
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("n8n-go differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}
