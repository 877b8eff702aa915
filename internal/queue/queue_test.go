package queue

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/internal/store/pgtest"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
	"github.com/n8n-go/n8n-go/nodes/scheduletrigger"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

var pg pgtest.Cluster

var testLog = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// probe is a test node that counts how many runs of its workflow overlap,
// across every worker of the test process.
type probe struct {
	running, most atomic.Int32
	runs          atomic.Int32
	hold          time.Duration
}

func (p *probe) Describe() engine.Description {
	return engine.Description{Type: "test.probe", Versions: []float64{1}}
}

func (p *probe) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	n := p.running.Add(1)
	for {
		m := p.most.Load()
		if n <= m || p.most.CompareAndSwap(m, n) {
			break
		}
	}
	p.runs.Add(1)
	select {
	case <-time.After(p.hold):
	case <-ctx.Done():
	}
	p.running.Add(-1)
	return [][]data.Item{ex.Input(0)}, nil
}

const hookWF = `{"id":"wf-q","name":"queued","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"1","parameters":{"path":"q","httpMethod":"POST","responseMode":"lastNode","options":{}}},
 {"name":"P","type":"test.probe","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"T":{"main":[[{"node":"P","type":"main","index":0}]]}}}`

const respondWF = `{"id":"wf-r","name":"responds","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"2","parameters":{"path":"r","httpMethod":"POST","responseMode":"responseNode","options":{}}},
 {"name":"R","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[200,0],"parameters":{"respondWith":"json","responseBody":"={{ JSON.stringify({got: $json.body.n}) }}","options":{"responseCode":201}}}],
 "connections":{"T":{"main":[[{"node":"R","type":"main","index":0}]]}}}`

const scheduleWF = `{"id":"wf-s","name":"ticks","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"S","type":"n8n-nodes-base.scheduleTrigger","typeVersion":1.2,"position":[0,0],"parameters":{"rule":{"interval":[{"field":"hours"}]}}},
 {"name":"P","type":"test.probe","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"S":{"main":[[{"node":"P","type":"main","index":0}]]}}}`

type instance struct {
	st  *store.DB
	srv *server.Server
}

func newInstance(t *testing.T, url string, p *probe, q server.Queue, st *store.DB) *instance {
	t.Helper()
	reg, err := engine.NewRegistry(webhook.New(), respondtowebhook.New(), noop.New(), scheduletrigger.New(), p)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Expressions: expression.New(expression.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		st = openStore(t, url)
	}
	var wfs []*workflow.Workflow
	for _, j := range []string{hookWF, respondWF, scheduleWF} {
		w, err := workflow.Parse([]byte(j), "")
		if err != nil {
			t.Fatal(err)
		}
		wfs = append(wfs, w)
	}
	srv, err := server.New(server.Options{Engine: eng, Store: st, Queue: q, Logger: testLog, Random: func(int, int) int { return 0 }}, wfs)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &instance{st: st, srv: srv}
}

func openStore(t *testing.T, url string) *store.DB {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{URL: url, StaleAfter: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	st.Maintain(time.Minute)
	t.Cleanup(func() { st.Close() })
	return st
}

func startWorker(t *testing.T, url string, p *probe, concurrency int) *Worker {
	t.Helper()
	in := newInstance(t, url, p, nil, nil)
	in.srv.StartWorker()
	w, err := OpenWorker(context.Background(), url, in.st.Instance(), in.srv, concurrency, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		w.Stop(ctx)
	})
	return w
}

func startMain(t *testing.T, url string, p *probe) (*instance, *httptest.Server) {
	t.Helper()
	st := openStore(t, url)
	m, err := OpenMain(context.Background(), url, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	in := newInstance(t, url, p, m, st)
	in.srv.Start()
	ts := httptest.NewServer(in.srv.Handler())
	t.Cleanup(ts.Close)
	return in, ts
}

func post(t *testing.T, url, body string) (int, string) {
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Two workers share the work of one main; every call gets the answer of
// whichever worker ran it; runs of one workflow overlap (as in n8n's
// queue mode, webhook executions are not serialised); nothing is lost or
// run twice.
func TestQueueModeAcrossWorkers(t *testing.T) {
	url := pg.URL(t)
	p := &probe{hold: 5 * time.Millisecond}
	main, ts := startMain(t, url, p)
	startWorker(t, url, p, 4)
	startWorker(t, url, p, 4)
	const calls = 24
	var wg sync.WaitGroup
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, body := post(t, ts.URL+"/webhook/q", fmt.Sprintf(`{"n":%d}`, i)); code != 200 || !strings.Contains(body, fmt.Sprintf(`"n":%d`, i)) {
				t.Errorf("call %d: %d %s", i, code, body)
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, body := post(t, ts.URL+"/webhook/r", fmt.Sprintf(`{"n":%d}`, i)); code != 201 || body != fmt.Sprintf(`{"got":%d}`, i) {
				t.Errorf("respond call %d: %d %s", i, code, body)
			}
		}()
	}
	wg.Wait()
	if got := p.runs.Load(); got != calls {
		t.Errorf("probe ran %d times for %d calls", got, calls)
	}
	if most := p.most.Load(); most > 8 {
		t.Errorf("%d runs at once, more than the workers' 2 × 4 slots", most)
	}
	// Respond to Webhook answers before its execution ends.
	var recs []store.Record
	for deadline := time.Now().Add(10 * time.Second); ; {
		running, err := main.st.List(context.Background(), store.ListOptions{Status: "running"})
		if err != nil {
			t.Fatal(err)
		}
		if len(running) == 0 || time.Now().After(deadline) {
			recs, _ = main.st.List(context.Background(), store.ListOptions{})
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	status := map[string]int{}
	for _, r := range recs {
		status[r.Status]++
	}
	if len(recs) != 2*calls || status["success"] != 2*calls {
		t.Fatalf("%d records, statuses %v; want %d successes", len(recs), status, 2*calls)
	}
}

// A tick enqueued by two instances runs once.
func TestScheduleTickRunsOnceAcrossInstances(t *testing.T) {
	url := pg.URL(t)
	p := &probe{}
	st1, st2 := openStore(t, url), openStore(t, url)
	m1, err := OpenMain(context.Background(), url, st1, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m1.Close()
	m2, err := OpenMain(context.Background(), url, st2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	tick := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, m := range []*Main{m1, m2, m1} {
		// Instances see the same tick a few milliseconds apart.
		if err := m.EnqueueSchedule(context.Background(), "wf-s", "S", tick.Add(3*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	startWorker(t, url, p, 2)
	deadline := time.Now().Add(10 * time.Second)
	for p.runs.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if got := p.runs.Load(); got != 1 {
		t.Fatalf("tick ran %d times, want 1", got)
	}
}

// A worker that dies mid-run (its heartbeat stops) has its execution
// marked crashed by another instance; the waiting call gets n8n's error
// answer; the job is not run again.
func TestDeadWorkerExecutionIsCrashedNotRerun(t *testing.T) {
	url := pg.URL(t)
	p := &probe{hold: time.Hour}
	_, ts := startMain(t, url, p)
	// A worker that will "die": its store's heartbeat stops when its
	// connection pool is closed under it.
	in := newInstance(t, url, p, nil, nil)
	in.srv.StartWorker()
	w, err := OpenWorker(context.Background(), url, in.st.Instance(), in.srv, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Start(context.Background())
	done := make(chan [2]any, 1)
	go func() {
		code, body := post(t, ts.URL+"/webhook/q", `{"n":1}`)
		done <- [2]any{code, body}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for p.runs.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	in.st.SQL().Close() // the worker's heartbeat stops
	select {
	case got := <-done:
		if got[0] != 500 || !strings.Contains(got[1].(string), "Error in workflow") {
			t.Fatalf("answer %v", got)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the call was never answered")
	}
	st := openStore(t, url)
	r, err := st.Get(context.Background(), "1")
	if err != nil || r.Status != "crashed" {
		t.Fatalf("record %+v %v", r, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	w.client.StopAndCancel(ctx)
	if p.runs.Load() != 1 {
		t.Fatalf("ran %d times", p.runs.Load())
	}
}
