package wait_test

import (
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/server"
)

// BenchmarkWebhookResume: one execution started by a webhook, parked at a
// Wait on a webhook call and resumed by a call to its resume URL, per op.
func BenchmarkWebhookResume(b *testing.B) {
	base, st := serveFiles(b, server.Options{}, resumeWorkflow(b, `{"resume":"webhook","httpMethod":"POST","options":{}}`, ""))
	b.ReportAllocs()
	for b.Loop() {
		a := post(b, base+"/webhook/start", `{}`)
		for a.Status == 429 {
			// The previous execution's record is written just before it
			// gives the workflow's run lock back.
			time.Sleep(time.Millisecond)
			a = post(b, base+"/webhook/start", `{}`)
		}
		if a.Status != 200 {
			b.Fatalf("start: %+v", a)
		}
		parked := waitStatus(b, st, "waiting")
		if a := post(b, base+"/webhook-waiting/"+parked.ID, `{"v":1}`); a.Status != 200 {
			b.Fatalf("resume: %+v", a)
		}
		waitStatus(b, st, "success", "error")
	}
}
