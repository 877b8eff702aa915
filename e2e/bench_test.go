package e2e

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/internal/sandbox"
	"github.com/n8n-go/n8n-go/nodes"
)

// BenchmarkTemplateSynced runs the unchanged template on the "synced" bench
// scenario (100 clients, 500 projects, 2,000 tasks, all already in
// Clockify: 1,052 API reads) against in-process fakes. The fakes' own
// time is included; see testdata/scenarios/BENCH.md for whole-process
// figures next to n8n's.
func BenchmarkTemplateSynced(b *testing.B) {
	sc, err := sandbox.LoadScenario("../testdata/scenarios/bench-synced.scenario.json")
	if err != nil {
		b.Fatal(err)
	}
	w := loadTemplate(b)
	ev, _ := evaluator()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		f, err := sandbox.Build(sc)
		if err != nil {
			b.Fatal(err)
		}
		endpoints := map[string]string{}
		var srvs []*httptest.Server
		for host, h := range f.Handlers {
			srv := httptest.NewServer(h)
			srvs = append(srvs, srv)
			endpoints[host] = srv.URL
		}
		eng := enginetest.Engine(b, enginetest.Options{Nodes: nodes.All(), Expressions: ev, Credentials: sandbox.Credentials{}, Endpoints: endpoints})
		b.StartTimer()
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: startNode})
		if err != nil || res.Status != "success" {
			b.Fatalf("run: %v %v", err, res.Data.ResultData.Error)
		}
		b.StopTimer()
		for _, s := range srvs {
			s.Close()
		}
		b.StartTimer()
	}
}
