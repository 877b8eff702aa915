package clockify_test

import (
	"strconv"
	"testing"

	"github.com/n8n-go/n8n-go/engine/enginetest"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
)

func listNode(ws string) map[string]any {
	return map[string]any{"name": "Clockify", "type": "n8n-nodes-base.clockify", "typeVersion": 1,
		"parameters": map[string]any{"resource": "client", "operation": "getAll", "returnAll": true, "workspaceId": ws}}
}

// TestFaults: a 429 with Retry-After is retried by the shared HTTP layer;
// a 500 and a dropped connection fail the node with n8n's messages.
func TestFaults(t *testing.T) {
	env := newTemplateEnv(t)
	env.fake.AddClient(env.ws, "Acme", false)
	cases := []struct {
		fault fakeclockify.Fault
		items int
		msg   string
	}{
		{fakeclockify.Fault{Path: "/clients", Status: 429, RetryAfter: "0"}, 1, ""},
		{fakeclockify.Fault{Path: "/clients", Status: 500, Times: -1}, 0, "The service was not able to process your request"},
		{fakeclockify.Fault{Path: "/clients", Drop: true, Times: -1}, 0, "EOF"},
	}
	for _, c := range cases {
		env.fake.ClearFaults()
		env.fake.AddFault(c.fault)
		res := env.run(t, harness(t, listNode(env.ws), nil))
		runs := res.Data.ResultData.RunData["Clockify"]
		if c.msg != "" {
			if runs[0].Error == nil || runs[0].Error.Message != c.msg {
				t.Errorf("fault %+v: error %+v, want %q", c.fault, runs[0].Error, c.msg)
			}
			continue
		}
		if runs[0].Error != nil || len(enginetest.Output(res, "Clockify", 0, 0)) != c.items {
			t.Errorf("fault %+v: %+v", c.fault, runs[0].Error)
		}
	}
	env.fake.ClearFaults()
}

// BenchmarkClientsPaging lists 120 clients (3 pages + the empty one).
func BenchmarkClientsPaging(b *testing.B) {
	env := newTemplateEnv(b)
	for i := 0; i < 120; i++ {
		env.fake.AddClient(env.ws, "Client "+strconv.Itoa(i), false)
	}
	wf := harness(b, listNode(env.ws), nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := env.run(b, wf)
		if n := len(enginetest.Output(res, "Clockify", 0, 0)); n != 120 {
			b.Fatalf("%d items", n)
		}
	}
}
