package server

import (
	"context"
	"github.com/n8n-go/n8n-go/internal/store"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func gateWorkflow(name, params string) string {
	return `{"name":"` + name + `","settings":{"executionOrder":"v1"},"nodes":[` + webhookNode(params) + `,{"name":"Gate","type":"test.gate","typeVersion":1,"position":[100,0],"parameters":{}}],
	"connections":{"T":{"main":[[{"node":"Gate","type":"main","index":0}]]}}}`
}

func post(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Issue 21 item 13: a webhook call queued behind a running execution when
// SIGTERM arrives was told "Workflow was started" and then stored as
// canceled. It is now refused with 503 and leaves no record. (Calls queue
// only behind a concurrency limit.)
func TestShutdownRefusesQueuedWebhookCalls(t *testing.T) {
	g := &gate{entered: make(chan string, 2), release: make(chan struct{})}
	s, st := newTestServer(t, g, Options{Concurrency: 1, QueueSize: 4}, gateWorkflow("q", `{"path":"q","httpMethod":"POST"}`))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	if code, body := post(t, ts.URL+"/webhook/q"); code != 200 {
		t.Fatalf("first call: %d %s", code, body)
	}
	<-g.entered
	queued := make(chan [2]any, 1)
	go func() {
		code, body := post(t, ts.URL+"/webhook/q")
		queued <- [2]any{code, body}
	}()
	for s.limit.waiting.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(context.Background()) }()
	got := <-queued
	if got[0] != http.StatusServiceUnavailable || strings.Contains(got[1].(string), "Workflow was started") {
		t.Fatalf("queued call: %v %v, want 503", got[0], got[1])
	}
	close(g.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	recs, err := st.List(context.Background(), store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Status != "success" {
		t.Fatalf("records %+v, want the one execution that ran", recs)
	}
}

// Issue 21 item 4: SIGTERM under load panicked with "sync: WaitGroup is
// reused before previous Wait has returned" (3 of 45 trials).
func TestShutdownUnderLoadDoesNotPanic(t *testing.T) {
	for trial := range 30 {
		s, _ := newTestServer(t, nil, Options{QueueSize: 64}, wf("load", webhookNode(`{"path":"l","httpMethod":"POST","responseMode":"lastNode"}`)))
		ts := httptest.NewServer(s.Handler())
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 4 {
					code, body := post(t, ts.URL+"/webhook/l")
					if code != 200 && code != 503 {
						t.Errorf("trial %d: %d %s", trial, code, body)
					}
				}
			}()
		}
		time.Sleep(time.Duration(trial%5) * time.Millisecond)
		if err := s.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		ts.Close()
	}
}

// Issue 21 item 9: an execution that does not observe cancellation held
// the process past --shutdown-timeout. Shutdown now returns once the
// timeout and the cancel grace have passed.
func TestShutdownTimeoutHoldsForAStuckExecution(t *testing.T) {
	g := &gate{entered: make(chan string, 1), release: make(chan struct{})}
	defer close(g.release)
	s, _ := newTestServer(t, g, Options{CancelGrace: 50 * time.Millisecond}, gateWorkflow("stuck", `{"path":"s","httpMethod":"POST"}`))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	post(t, ts.URL+"/webhook/s")
	<-g.entered
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(ctx) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "abandoned") {
			t.Fatalf("Shutdown = %v, want the abandoned executions named", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Shutdown did not return after its timeout")
	}
}
