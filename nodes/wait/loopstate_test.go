package wait_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes"
)

// loopWait waits 2 minutes in each batch of a Loop Over Items (the loop's
// context holds the items still to come and those that came back), while
// a Merge waits for its second input (n8n's waitingExecution), which
// arrives only when the loop is done.
const loopWait = `{"id":"loopwait1","name":"loop wait","nodes":[
 {"name":"Start","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"lw1","parameters":{"httpMethod":"POST","path":"loopwait","options":{}}},
 {"name":"Side","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,-200],"parameters":{"assignments":{"assignments":[{"id":"s","name":"side","value":"={{ $json.body.tag }}","type":"string"}]},"options":{}}},
 {"name":"Items","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],"parameters":{"jsCode":"return [1, 2, 3].map(n => ({json: {n}}));"}},
 {"name":"Loop","type":"n8n-nodes-base.splitInBatches","typeVersion":3,"position":[400,0],"parameters":{"options":{}}},
 {"name":"Wait","type":"n8n-nodes-base.wait","typeVersion":1.1,"position":[600,0],"webhookId":"lw2","parameters":{"amount":2,"unit":"minutes"}},
 {"name":"Step","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[800,0],"parameters":{"assignments":{"assignments":[
   {"id":"a","name":"v","value":"={{ $json.n * 10 }}","type":"number"},
   {"id":"b","name":"run","value":"={{ $runIndex }}","type":"number"},
   {"id":"c","name":"batch","value":"={{ $node[\"Loop\"].context[\"currentRunIndex\"] }}","type":"number"},
   {"id":"d","name":"from","value":"={{ $('Items').item.json.n }}","type":"number"},
   {"id":"e","name":"tag","value":"={{ $('Start').item.json.body.tag }}","type":"string"}]},"options":{}}},
 {"name":"Merge","type":"n8n-nodes-base.merge","typeVersion":3,"position":[1000,0],"parameters":{}},
 {"name":"Sum","type":"n8n-nodes-base.code","typeVersion":2,"position":[1200,0],"parameters":{"jsCode":"return [{json: {count: $input.all().length, v: $input.all().map(i => i.json.v ?? i.json.side)}}];"}}],
 "connections":{
  "Start":{"main":[[{"node":"Items","type":"main","index":0},{"node":"Side","type":"main","index":0}]]},
  "Side":{"main":[[{"node":"Merge","type":"main","index":1}]]},
  "Items":{"main":[[{"node":"Loop","type":"main","index":0}]]},
  "Loop":{"main":[[{"node":"Merge","type":"main","index":0}],[{"node":"Wait","type":"main","index":0}]]},
  "Wait":{"main":[[{"node":"Step","type":"main","index":0}]]},
  "Step":{"main":[[{"node":"Loop","type":"main","index":0}]]},
  "Merge":{"main":[[{"node":"Sum","type":"main","index":0}]]}},
 "settings":{"executionOrder":"v1"}}`

// outputs are a run document's node outputs (json and pairedItem of
// every run), for comparing two runs of one workflow apart from times.
func outputs(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var d struct {
		Data struct {
			ResultData struct {
				RunData map[string][]struct {
					Source []json.RawMessage `json:"source"`
					Data   struct {
						Main [][]data.Item `json:"main"`
					} `json:"data"`
				} `json:"runData"`
			} `json:"resultData"`
		} `json:"data"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, runs := range d.Data.ResultData.RunData {
		if name == "Start" {
			continue // the webhook's request differs (headers, host)
		}
		var b strings.Builder
		for _, r := range runs {
			for _, s := range r.Source {
				b.Write(s)
			}
			for _, o := range r.Data.Main {
				for _, it := range o {
					it.Binary = nil
					j, _ := json.Marshal(it)
					b.Write(j)
				}
				b.WriteString("|")
			}
			b.WriteString("\n")
		}
		out[name] = b.String()
	}
	return out
}

// TestLoopWaitSurvivesRestart: each batch of a loop waits 2 minutes, so
// the execution is parked in the store three times with the loop's
// context and a Merge waiting for its other input; serve is stopped and
// started again during the first wait. The finished execution's node
// outputs (items, pairedItem, sources, $runIndex, the loop's context seen
// by expressions) are those of the same workflow run without parking.
func TestLoopWaitSurvivesRestart(t *testing.T) {
	t.Run("v1", func(t *testing.T) { testLoopWaitRestart(t, loopWait) })
	// n8n's v0 order: the Merge is reached differently (its parents are
	// forced), and waits for its other input all the same.
	t.Run("v0", func(t *testing.T) {
		testLoopWaitRestart(t, strings.Replace(loopWait, `"executionOrder":"v1"`, `"executionOrder":"v0"`, 1))
	})
}

func testLoopWaitRestart(t *testing.T, loopWait string) {
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	fc := clockwork.NewFakeClockAt(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	base, st, stop := serveWorkflowOn(t, dbPath, fc, loopWait)
	if a := post(t, base+"/webhook/loopwait", `{"tag":"t1"}`); a.Status != 200 {
		stop()
		t.Fatalf("start: %+v", a)
	}
	parked := waitStatus(t, st, "waiting")
	stop()
	doc := string(parked.Data)
	wants := []string{
		`"contextData":{"node:Loop":{"currentRunIndex":0,"maxRunIndex":3,"sourceData":{"previousNode":"Items"},"items":[{"json":{"n":2},"pairedItem":{"item":1}},{"json":{"n":3},"pairedItem":{"item":2}}],"processedItems":[],"noItemsLeft":false,"done":false}}`,
		`"waitingExecution":{"Merge":{"0":{"main":[null,[{"json":{"side":"t1"},"pairedItem":{"item":0}}]]}}}`,
		`"waitingExecutionSource":{"Merge":{"0":{"main":[null,{"previousNode":"Side"}]}}}`,
		`"nodeExecutionStack":[{"node":{"name":"Wait"}`,
	}
	for _, want := range wants {
		if !strings.Contains(doc, want) {
			t.Errorf("parked document lacks %s:\n%s", want, doc)
		}
	}

	_, st, stop = serveWorkflowOn(t, dbPath, fc, loopWait)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var rec = parked
	for i := 0; i < 3; i++ {
		if err := fc.BlockUntilContext(ctx, 1); err != nil {
			t.Fatalf("wait %d: %v", i+1, err)
		}
		fc.Advance(2 * time.Minute)
		if i < 2 {
			// The next batch parks again.
			deadline := time.Now().Add(10 * time.Second)
			for {
				r, err := st.Get(ctx, parked.ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status == "waiting" && r.WaitTill != nil && r.WaitTill.After(fc.Now()) {
					break
				}
				if r.Status == "success" || r.Status == "error" || time.Now().After(deadline) {
					t.Fatalf("after wait %d: status %s %s", i+1, r.Status, r.Error)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
	rec = waitStatus(t, st, "success", "error")
	if rec.ID != parked.ID || rec.Status != "success" {
		t.Fatalf("execution %s: %s %s\n%s", rec.ID, rec.Status, rec.Error, rec.Data)
	}

	// The same workflow run in one go (the wait is skipped).
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Timezone: "UTC", Now: fc.Now,
		Sleep:       func(interface{ Done() <-chan struct{} }, time.Duration) error { return nil },
		Expressions: expression.New(expression.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse([]byte(loopWait), "")
	if err != nil {
		t.Fatal(err)
	}
	start := data.Item{JSON: data.ObjectOf("headers", data.NewObject(0), "params", data.NewObject(0), "query", data.NewObject(0),
		"body", data.ObjectOf("tag", "t1"))}
	ref, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "webhook", StartItems: []data.Item{start}})
	if err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	if err := ref.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	want, got := outputs(t, []byte(buf.String())), outputs(t, rec.Data)
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s:\n got %s\nwant %s", name, got[name], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("nodes run: got %d, want %d", len(got), len(want))
	}
	if !strings.Contains(got["Sum"], `"count":4,"v":[10,20,30,"t1"]`) {
		t.Errorf("Sum: %s", got["Sum"])
	}
}

// TestLoopHookWaitSurvivesRestart: a Wait for a webhook call inside a loop
// is stored with the loop's context; after a restart each call revives
// the execution from the store and the loop goes on with the next item.
func TestLoopHookWaitSurvivesRestart(t *testing.T) {
	wf := strings.NewReplacer(
		`"parameters":{"amount":2,"unit":"minutes"}`, `"parameters":{"resume":"webhook","httpMethod":"POST","options":{}}`,
		`{"id":"a","name":"v","value":"={{ $json.n * 10 }}","type":"number"}`, `{"id":"a","name":"v","value":"={{ $('Loop').item.json.n * 10 + $json.body.k }}","type":"number"}`,
	).Replace(loopWait)
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	fc := clockwork.NewFakeClockAt(time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC))
	base, st, stop := serveWorkflowOn(t, dbPath, fc, wf)
	if a := post(t, base+"/webhook/loopwait", `{"tag":"t2"}`); a.Status != 200 {
		stop()
		t.Fatalf("start: %+v", a)
	}
	id := ""
	for k := 1; k <= 3; k++ {
		// Parked at the Wait of batch k, with the loop's context stored.
		deadline := time.Now().Add(10 * time.Second)
		for {
			list, err := st.List(context.Background(), store.ListOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) > 0 {
				r, err := st.Get(context.Background(), list[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				if r.Status == "waiting" && strings.Contains(string(r.Data), `"currentRunIndex":`+strconv.Itoa(k-1)+`,`) {
					id = r.ID
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("batch %d: not parked", k)
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		base, st, stop = serveWorkflowOn(t, dbPath, fc, wf)
		if a := post(t, base+"/webhook-waiting/"+id, `{"k":`+strconv.Itoa(k)+`}`); a.Status != 200 {
			stop()
			t.Fatalf("resume %d: %+v", k, a)
		}
	}
	defer stop()
	rec := waitStatus(t, st, "success", "error")
	if rec.ID != id || rec.Status != "success" {
		t.Fatalf("execution %s: %s %s", rec.ID, rec.Status, rec.Error)
	}
	if got := outputs(t, rec.Data)["Sum"]; !strings.Contains(got, `"count":4,"v":[11,22,33,"t2"]`) {
		t.Errorf("Sum: %s", got)
	}
}
