package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
				for b.Loop() {
					call(b)
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(8)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						call(b)
					}
				})
			})
		})
	}
}
