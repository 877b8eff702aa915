package httprequest_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// Issue 21 item 8: a rate-limited node with Retry On Fail made its tries
// times the HTTP client's 429 retries (3 × 6 requests, each waiting up to
// the Retry-After cap). The client's retries now count against the node's
// tries: maxTries 3 means 3 requests in all.
func TestRateLimitRetriesCountAgainstNodeTries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	wf := `{"nodes":[{"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	 {"name":"Call","type":"n8n-nodes-base.httpRequest","typeVersion":4.2,"position":[200,0],"retryOnFail":true,"maxTries":3,
	  "parameters":{"url":"` + srv.URL + `","options":{}}}],
	 "connections":{"Start":{"main":[[{"node":"Call","type":"main","index":0}]]}},"settings":{"executionOrder":"v1"}}`
	res := enginetest.Run(t, wf, enginetest.Options{Nodes: []engine.Node{manualtrigger.New(), httprequest.New()}})
	if res.Status != "error" {
		t.Fatalf("status %s", res.Status)
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("%d requests, want 3 (the node's tries)", n)
	}
}
