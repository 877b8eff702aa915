package code_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

// TestEnvDifference names a difference from n8n 1.123.81: n8n lets Code
// read $env by default (N8N_BLOCK_ENV_ACCESS_IN_NODE defaults to false;
// the recording shows $env.HOME), n8n-go denies it unless the engine is
// started with AllowEnv, with n8n's "access to env vars denied".
func TestEnvDifference(t *testing.T) {
	const dir = "../../testdata/nodes/code/differences/"
	rec, err := os.ReadFile(dir + "env-access.n8n.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec), `"home": "/root"`) {
		t.Fatalf("the n8n recording no longer shows $env access")
	}
	wfJSON, err := os.ReadFile(dir + "env-access.workflow.json")
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res)
	if !strings.Contains(string(got), "access to env vars denied [line 1]") {
		t.Errorf("n8n-go should deny $env by default, got %s", got)
	}
}

// TestFunctionItemArrayDifference names a difference: n8n's Function Item
// stores a returned array as the item's json (recorded), which no later
// node can read as an object; n8n-go stops the node with an error.
func TestFunctionItemArrayDifference(t *testing.T) {
	const dir = "../../testdata/nodes/code/differences/"
	rec, err := os.ReadFile(dir + "function-item-array.n8n.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec), `"json": [`) {
		t.Fatalf("the n8n recording no longer shows an array as json")
	}
	wfJSON, err := os.ReadFile(dir + "function-item-array.workflow.json")
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{})})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res)
	if !strings.Contains(string(got), "The returned value is not an object [item 0]") {
		t.Errorf("n8n-go should refuse the array, got %s", got)
	}
}
