package errorflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/errorflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes"
)

const oracleDir = "../../testdata/oracle"

func parse(t *testing.T, lib *workflow.Library, name string) *workflow.Workflow {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(oracleDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := lib.Add(name, b); err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(b, "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func dig(v any, path ...string) any {
	for _, k := range path {
		o, _ := v.(*data.Object)
		v = o.Value(k)
	}
	return v
}

// TestErrorWorkflowGolden: a webhook run fails in real n8n 1.123.81
// (`n8n start`, recorded by record-serve.sh) and n8n starts its
// settings.errorWorkflow. n8n-go's error run is compared with n8n's: the
// Read Payload node's output in full, and the Error Trigger's payload on
// the fields n8n-go sets. Named differences: n8n's error object also holds
// the failing node's full definition, level, tags, timestamp and a
// JavaScript stack, and the payload an executionContext (n8n's runtime
// data); n8n-go writes neither.
func TestErrorWorkflowGolden(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(oracleDir, "err-webhook.error-run.n8n.json"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no recording yet: run testdata/oracle/record-serve.sh (see the test)")
	}
	if err != nil {
		t.Fatal(err)
	}
	wantDoc, err := data.ParseJSON(want)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := dig(wantDoc, "data", "resultData", "runData", "Error Trigger").([]any)
	if len(runs) != 1 {
		t.Fatalf("the recording has %d Error Trigger runs", len(runs))
	}
	main, _ := dig(runs[0], "data").(*data.Object).Value("main").([]any)
	wantPayload := dig(main[0].([]any)[0], "json")
	execID, _ := dig(wantPayload, "execution", "id").(string)

	lib := &workflow.Library{}
	src := parse(t, lib, "err-webhook.workflow.json")
	parse(t, lib, "err-target.subworkflow.json")
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{}), Workflows: lib})
	ctx := context.Background()
	res, err := eng.Run(ctx, src, engine.RunOptions{Mode: "webhook", ExecutionID: execID})
	if err != nil {
		t.Fatal(err)
	}
	if !errorflow.Failed(res, "webhook") {
		t.Fatalf("the source run did not fail: %s", res.Status)
	}
	ew, err := errorflow.Pick(ctx, src, "webhook", lib)
	if err != nil || ew == nil {
		t.Fatalf("Pick = %v, %v", ew, err)
	}
	// record-serve.sh's n8n listens on port 5699: its webhook base URL.
	payload, err := errorflow.Payload(src, res, "webhook", execID, "http://localhost:5699/")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range [][]string{
		{"execution", "id"}, {"execution", "url"}, {"execution", "lastNodeExecuted"}, {"execution", "mode"},
		{"execution", "error", "message"}, {"execution", "error", "name"}, {"workflow", "id"}, {"workflow", "name"},
	} {
		w, g := dig(wantPayload, path...), dig(payload, path...)
		if w != g {
			t.Errorf("payload %s: n8n %v, n8n-go %v", strings.Join(path, "."), w, g)
		}
	}
	if dig(payload, "execution").(*data.Object).Has("retryOf") {
		t.Error("payload has retryOf; n8n leaves it undefined for a first try")
	}
	eres, err := errorflow.Run(ctx, eng, ew, payload, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(eres)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.CompareRuns(withoutTriggerData(t, want), withoutTriggerData(t, got), golden.Options{}); len(diffs) > 0 {
		t.Errorf("the error run differs from n8n's (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
	}
}

// withoutTriggerData drops the Error Trigger's output (the payload, checked
// field by field above) from an execution document.
func withoutTriggerData(t *testing.T, doc []byte) []byte {
	t.Helper()
	v, err := data.ParseJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := dig(v, "data", "resultData", "runData", "Error Trigger").([]any)
	for _, r := range runs {
		r.(*data.Object).Delete("data")
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
