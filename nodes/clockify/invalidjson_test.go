package clockify_test

import (
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	"github.com/n8n-go/n8n-go/nodes/clockify"
)

// Issue 21 item 16: an HTML or invalid-JSON answer with status 200 was a
// success with no items; n8n fails the node.
func TestInvalidJSONAnswerFailsTheNode(t *testing.T) {
	env := newTemplateEnv(t)
	env.fake.AddClient(env.ws, "Acme", false)
	for _, body := range []string{"<html><body>Bad gateway</body></html>", `[{"id":"x"`} {
		env.fake.ClearFaults()
		env.fake.AddFault(fakeclockify.Fault{Path: "/clients", Status: 200, Body: body, Times: -1})
		res := env.run(t, harness(t, listNode(env.ws), nil))
		runs := res.Data.ResultData.RunData["Clockify"]
		if len(runs) == 0 || runs[0].Error == nil || runs[0].Error.Message != "Invalid JSON in response body" {
			t.Fatalf("body %q: runs %+v", body, runs)
		}
	}
	env.fake.ClearFaults()
}

// Issue 21 item 16: a lost answer to a create plus Retry On Fail re-sends
// the create; validate says so.
func TestNotesNameNonIdempotentRetries(t *testing.T) {
	w, err := workflow.Parse([]byte(`{"nodes":[
	 {"name":"Create","type":"n8n-nodes-base.clockify","typeVersion":1,"position":[0,0],"retryOnFail":true,
	  "parameters":{"resource":"timeEntry","workspaceId":"w","start":"2024-01-01T00:00:00Z"}},
	 {"name":"List","type":"n8n-nodes-base.clockify","typeVersion":1,"position":[0,0],"retryOnFail":true,
	  "parameters":{"resource":"client","operation":"getAll","workspaceId":"w"}}],"connections":{}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := engine.NewRegistry(clockify.New())
	e, _ := engine.New(engine.Options{Registry: reg})
	notes := e.Notes(w)
	if len(notes) != 1 || !strings.Contains(notes[0], `node "Create"`) || !strings.Contains(notes[0], "creates a timeEntry") {
		t.Fatalf("notes %q", notes)
	}
}
