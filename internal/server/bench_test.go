package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The serve hot path: a webhook call → an execution → its record in the
// store (SQLite), as testdata/load/bench.sh drives it over HTTP, without
// the network. Serial is one caller; Parallel is many callers on one
// workflow (webhook executions of a workflow run concurrently, as in n8n).
func BenchmarkWebhookToStore(b *testing.B) {
	for _, mode := range []string{"lastNode", "responseNode"} {
		b.Run(mode, func(b *testing.B) {
			nodes := []string{webhookNode(`{"path":"b","httpMethod":"POST","responseMode":"` + mode + `"}`)}
			if mode == "responseNode" {
				nodes = append(nodes, `{"name":"R","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[400,0],"parameters":{"respondWith":"firstIncomingItem","options":{}}}`)
			}
			w := wf("bench", nodes[0], nodes[1:]...)
			if mode == "responseNode" {
				w = strings.Replace(w, `"connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}`,
					`"connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]},"NoOp":{"main":[[{"node":"R","type":"main","index":0}]]}}`, 1)
			}
			s, _ := newTestServer(b, nil, Options{}, w)
			h := s.Handler()
			call := func(b *testing.B) {
				req := httptest.NewRequest(http.MethodPost, "/webhook/b", strings.NewReader(`{"n":1}`))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
			b.Run("serial", func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					call(b)
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				b.SetParallelism(25) // 50 callers on 2 cores, as bench.sh
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						call(b)
					}
				})
			})
		})
	}
}

// reportCPU reports the process's CPU time (user + system) per operation:
// on a shared machine it says more than the wall time per operation.
func reportCPU(b *testing.B) func() {
	before := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-before).Microseconds())/float64(b.N), "cpu-µs/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
