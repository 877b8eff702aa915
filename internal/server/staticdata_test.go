package server

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// counter counts its runs in the workflow's global static data, as a Code
// node with $getWorkflowStaticData('global') does.
type counter struct{}

func (counter) Describe() engine.Description {
	return engine.Description{Type: "test.counter", Versions: []float64{1}}
}

func (counter) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	g, err := ex.WorkflowStaticData("global")
	if err != nil {
		return nil, err
	}
	n, _ := g.Value("count").(float64)
	g.Set("count", n+1)
	return [][]data.Item{{{JSON: data.ObjectOf("count", n+1)}}}, nil
}

// TestStaticDataKeptBetweenExecutions: what an execution writes into the
// static data is there for the next one and after a restart on the same
// database, as n8n saves it after every production execution.
func TestStaticDataKeptBetweenExecutions(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		const src = `{"id":"wf-static","name":"static","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"5d0e","parameters":{"path":"count","httpMethod":"POST","responseMode":"lastNode"}},
 {"name":"Count","type":"test.counter","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"T":{"main":[[{"node":"Count","type":"main","index":0}]]}}}`
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		start := func() (*Server, *store.DB) {
			reg, err := engine.NewRegistry(counter{}, webhook.New(), noop.New())
			if err != nil {
				t.Fatal(err)
			}
			eng, err := engine.New(engine.Options{Registry: reg})
			if err != nil {
				t.Fatal(err)
			}
			st, err := store.Open(ctx, store.Config{URL: url})
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse([]byte(src), "")
			if err != nil {
				t.Fatal(err)
			}
			s, err := New(Options{Engine: eng, Store: st, Random: func(int, int) int { return 0 }}, []*workflow.Workflow{w})
			if err != nil {
				t.Fatal(err)
			}
			s.Start()
			return s, st
		}
		call := func(s *Server, want string) {
			t.Helper()
			ts := httptest.NewServer(s.Handler())
			defer ts.Close()
			if code, body := post(t, ts.URL+"/webhook/count"); code != 200 || body != want {
				t.Fatalf("got %d %s, want %s", code, body, want)
			}
		}
		s, st := start()
		call(s, `{"count":1}`)
		call(s, `{"count":2}`)
		if err := s.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
		st.Close()
		s, st = start()
		defer st.Close()
		defer s.Shutdown(ctx)
		call(s, `{"count":3}`)
	})
}
