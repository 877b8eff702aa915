package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/internal/sandbox"
	"github.com/n8n-go/n8n-go/nodes"
)

// TestSandboxDemo runs the template on the demo workspace of
// `n8n-go run --sandbox` and checks the Clockify report: the new client,
// project and task are created, the renamed client renamed, and the
// archived client, done project and obsolete task archived.
func TestSandboxDemo(t *testing.T) {
	w := loadTemplate(t)
	if miss := missingNodes(w); len(miss) > 0 {
		t.Skipf("node types not registered in nodes.All() yet: %s", strings.Join(miss, ", "))
	}
	ev, why := evaluator()
	if why != "" {
		t.Skip(why)
	}
	r, err := sandbox.Start(context.Background(), sandbox.Demo())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes: nodes.All(), Expressions: ev, Credentials: sandbox.Credentials{}, Endpoints: r.Endpoints,
		RequestConcurrency: 1,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: startNode})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" {
		t.Errorf("status %s: %+v", res.Status, res.Data.ResultData.Error)
	}
	var out bytes.Buffer
	r.Report(&out)
	for _, want := range []string{
		`created     client  "Umbrella Inc"`,
		`created     project "Brand Refresh"`,
		`created     task    "Copywriting"`,
		`renamed     client  "Initech Ltd" (was "Initech")`,
		`archived    client  "Globex"`,
		`archived    project "Mobile App"`,
		`marked done task    "Launch checklist"`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestSandboxDemoIsAScenario keeps testdata/scenarios/sandbox-demo (which is
// recorded from n8n like every scenario) equal to sandbox.Demo().
func TestSandboxDemoIsAScenario(t *testing.T) {
	sc, err := sandbox.LoadScenario(scenarioDir + "/sandbox-demo/scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(sandbox.Demo())
	got, _ := json.Marshal(sc)
	if string(want) != string(got) {
		t.Errorf("sandbox-demo/scenario.json differs from sandbox.Demo():\n file: %s\n Demo: %s", got, want)
	}
}
