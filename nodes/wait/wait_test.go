package wait_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes"
)

func waitWorkflow(params, settings string) string {
	return `{"name":"w","settings":` + settings + `,"nodes":[
	 {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[200,0],"parameters":` + params + `}],
	 "connections":{"Start":{"main":[[{"node":"Wait","type":"main","index":0}]]}}}`
}

// TestWaitDurations checks how long the node asks to wait, with a fixed
// clock: units, v1's defaults, and a specific time read in the workflow's
// time zone.
func TestWaitDurations(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name, params, settings string
		want                   time.Duration
	}{
		{"seconds", `{"amount":2}`, `{}`, 2 * time.Second},
		{"minutes", `{"amount":1.5,"unit":"minutes"}`, `{}`, 90 * time.Second},
		{"days", `{"amount":1,"unit":"days"}`, `{}`, 24 * time.Hour},
		{"string amount", `{"amount":"3"}`, `{}`, 3 * time.Second},
		{"specific time in zone", `{"resume":"specificTime","dateTime":"2026-03-01T14:00:00"}`, `{"timezone":"Europe/Berlin"}`, time.Hour},
		{"specific time with offset", `{"resume":"specificTime","dateTime":"2026-03-01T12:30:00Z"}`, `{"timezone":"Europe/Berlin"}`, 30 * time.Minute},
		{"past time", `{"resume":"specificTime","dateTime":"2020-01-01T00:00:00"}`, `{}`, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg, err := nodes.Registry()
			if err != nil {
				t.Fatal(err)
			}
			var slept []time.Duration
			eng, err := engine.New(engine.Options{Registry: reg, Expressions: expression.New(expression.Options{}),
				Now: func() time.Time { return now }, Timezone: "UTC",
				Sleep: func(_ interface{ Done() <-chan struct{} }, d time.Duration) error {
					slept = append(slept, d)
					return nil
				}})
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse([]byte(waitWorkflow(c.params, c.settings)), "")
			if err != nil {
				t.Fatal(err)
			}
			res, err := eng.Run(context.Background(), w, engine.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "success" {
				t.Fatalf("status %s: %+v", res.Status, res.Data.ResultData.Error)
			}
			var got time.Duration
			if len(slept) > 0 {
				got = slept[0]
			}
			if got != c.want {
				t.Errorf("waited %v, want %v", got, c.want)
			}
			if out := enginetest.Output(res, "Wait", 0, 0); len(out) != 1 {
				t.Errorf("Wait passed on %d items, want 1", len(out))
			}
		})
	}
}

// TestWaitCancel: cancelling the run ends a long wait at once.
func TestWaitCancel(t *testing.T) {
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All(), Expressions: expression.New(expression.Options{}), KeepRetryWaits: true})
	w, err := workflow.Parse([]byte(waitWorkflow(`{"amount":1,"unit":"hours"}`, `{}`)), "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	done := make(chan *engine.Result, 1)
	go func() {
		res, err := eng.Run(ctx, w, engine.RunOptions{})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil || res.Status != "canceled" {
			t.Fatalf("status = %v, want canceled", res)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the wait did not end when the run was cancelled")
	}
}

// TestWaitCallOutsideServe: `run` has no server to receive a resume call:
// a webhook wait without a limit and a form wait fail clearly.
func TestWaitCallOutsideServe(t *testing.T) {
	eng := enginetest.Engine(t, enginetest.Options{Nodes: nodes.All()})
	w, err := workflow.Parse([]byte(waitWorkflow(`{"resume":"webhook"}`, `{}`)), "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Data.ResultData.Error; res.Status != "error" || e == nil || !strings.Contains(e.Message, "n8n-go serve") {
		t.Errorf("status %s, error %+v: want an error naming serve", res.Status, e)
	}
	w, err = workflow.Parse([]byte(waitWorkflow(`{"resume":"form"}`, `{}`)), "")
	if err != nil {
		t.Fatal(err)
	}
	res, err = eng.Run(context.Background(), w, engine.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e := res.Data.ResultData.Error; res.Status != "error" || e == nil || !strings.Contains(e.Message, "n8n-go serve") {
		t.Errorf("form wait: status %s, error %+v: want an error naming serve", res.Status, e)
	}
}
