package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/cron"
	"github.com/n8n-go/n8n-go/nodes/noop"
)

// poller is a test polling trigger over a growing list of rows: like the
// Sheets Trigger, the first scheduled poll counts them, later polls emit
// the rows beyond the count kept in the static data.
type poller struct {
	mu    sync.Mutex
	rows  int
	polls int
}

func (p *poller) add(n int) { p.mu.Lock(); p.rows += n; p.mu.Unlock() }

func (p *poller) count() int { p.mu.Lock(); defer p.mu.Unlock(); return p.polls }

func (p *poller) Describe() engine.Description {
	return engine.Description{Type: "test.poller", Versions: []float64{1}, Kind: engine.KindTrigger,
		Inputs:   func(engine.Params, float64) int { return 0 },
		Defaults: func(float64) map[string]any { return map[string]any{"pollTimes": cron.PollTimesDefault()} }}
}

func (p *poller) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

func (p *poller) Poll(_ context.Context, ex *engine.Exec) ([]data.Item, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.polls++
	st := ex.StaticData()
	seen, ok := st.Value("seen").(float64)
	if !ok && !ex.PollManual() {
		st.Set("seen", float64(p.rows))
		return nil, nil
	}
	var out []data.Item
	for i := int(seen); i < p.rows; i++ {
		out = append(out, data.Item{JSON: data.ObjectOf("row", float64(i+1))})
	}
	if !ex.PollManual() {
		st.Set("seen", float64(p.rows))
	}
	return out, nil
}

func pollWorkflow(y int) string {
	return `{"id":"wf-poll","name":"poll","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"test.poller","typeVersion":1,"position":[0,` + string(rune('0'+y)) + `],"parameters":{}},
 {"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`
}

// TestPollingAcrossRestartAndReload: the activation poll stores the
// starting point, new rows start one execution, a restart on the same
// database and a reload to a new version emit nothing old (SQLite and
// PostgreSQL keep the static data).
func TestPollingAcrossRestartAndReload(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		src := &poller{rows: 3}
		clock := clockwork.NewFakeClockAt(time.Date(2026, 5, 4, 9, 30, 30, 0, time.UTC))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		start := func() (*Server, *store.DB) {
			reg, err := engine.NewRegistry(src, noop.New())
			if err != nil {
				t.Fatal(err)
			}
			eng, err := engine.New(engine.Options{Registry: reg, Now: clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(ctx, store.Config{URL: url})
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse([]byte(pollWorkflow(0)), "")
			if err != nil {
				t.Fatal(err)
			}
			s, err := New(Options{Engine: eng, Store: st, Clock: clock, Random: func(int, int) int { return 0 }}, []*workflow.Workflow{w})
			if err != nil {
				t.Fatal(err)
			}
			s.Start()
			return s, st
		}
		stop := func(s *Server, st *store.DB) {
			if err := s.Shutdown(ctx); err != nil {
				t.Fatal(err)
			}
			st.Close()
		}
		tick := func() {
			t.Helper()
			if err := clock.BlockUntilContext(ctx, 1); err != nil {
				t.Fatal(err)
			}
			n := src.count()
			clock.Advance(time.Minute)
			for deadline := time.Now().Add(10 * time.Second); src.count() == n; time.Sleep(2 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("no poll after a minute")
				}
			}
		}
		// runs lists the stored executions as "mode status rows" (each
		// row appears in the trigger's and the NoOp's output).
		runs := func(st *store.DB, n int) string {
			t.Helper()
			var out []string
			recs := waitRecords(t, st, n)
			for i := len(recs) - 1; i >= 0; i-- {
				full, err := st.Get(ctx, recs[i].ID)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s %s %d", recs[i].Mode, recs[i].Status, strings.Count(string(full.Data), `"row":`)/2))
			}
			return strings.Join(out, ", ")
		}

		s, st := start()
		if got := runs(st, 0); got != "" {
			t.Fatalf("activation ran %s", got)
		}
		src.add(2)
		tick()
		if got := runs(st, 1); got != "trigger success 2" {
			t.Fatalf("after two new rows: %s", got)
		}
		tick()
		if got := runs(st, 1); got != "trigger success 2" {
			t.Fatalf("after a poll with nothing new: %s", got)
		}
		stop(s, st)

		s, st = start()
		tick()
		if got := runs(st, 1); got != "trigger success 2" {
			t.Fatalf("after a restart: %s (old rows emitted again)", got)
		}
		src.add(1)
		tick()
		if got := runs(st, 2); got != "trigger success 2, trigger success 1" {
			t.Fatalf("after one more row: %s", got)
		}
		w, err := workflow.Parse([]byte(pollWorkflow(1)), "")
		if err != nil {
			t.Fatal(err)
		}
		if changes, errs := s.Reload([]*workflow.Workflow{w}); len(errs) > 0 || len(changes) != 1 || changes[0].Action != "updated" {
			t.Fatalf("reload: %v %v", changes, errs)
		}
		tick()
		if got := runs(st, 2); got != "trigger success 2, trigger success 1" {
			t.Fatalf("after a reload: %s", got)
		}
		stop(s, st)
	})
}
