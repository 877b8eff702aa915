package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// /metrics is scraped and parsed as Prometheus text: executions by status
// and workflow, the duration histogram, the active workflow count.
func TestMetricsAreScraped(t *testing.T) {
	okWF := `{"id":"wf-ok","name":"ok","settings":{"executionOrder":"v1"},"nodes":[` + webhookNode(`{"path":"ok","httpMethod":"POST","responseMode":"lastNode"}`) + `],"connections":{}}`
	s, st := newTestServer(t, nil, Options{}, okWF)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	for range 3 {
		if code, _ := post(t, ts.URL+"/webhook/ok"); code != 200 {
			t.Fatal(code)
		}
	}
	waitRecords(t, st, 3)
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	value := func(name string, labels map[string]string) float64 {
		f := fams[name]
		if f == nil {
			t.Fatalf("no metric %s", name)
		}
	next:
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue()
			case m.Gauge != nil:
				return m.Gauge.GetValue()
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount())
			}
		}
		return -1
	}
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"n8n_workflow_started_total", map[string]string{"workflow_id": "wf-ok"}, 3},
		{"n8n_workflow_success_total", map[string]string{"workflow_id": "wf-ok"}, 3},
		{"n8n_executions_total", map[string]string{"workflow_id": "wf-ok", "status": "success"}, 3},
		{"n8n_workflow_execution_duration_seconds", map[string]string{"workflow_id": "wf-ok", "status": "success"}, 3},
		{"n8n_active_workflow_count", nil, 1},
		{"n8n_executions_running", nil, 0},
		{"n8n_http_request_duration_seconds", map[string]string{"method": "POST", "status_code": "200"}, 3},
	} {
		if got := value(c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if fams["n8n_process_resident_memory_bytes"] == nil {
		t.Error("no process metrics")
	}
}

// /healthz/readiness includes the database: 503 once it stops answering.
func TestReadinessIncludesTheDatabase(t *testing.T) {
	s, st := newTestServer(t, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST"}`)))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	get := func() (int, string) {
		resp, err := http.Get(ts.URL + "/healthz/readiness")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("%d %s", code, body)
	}
	st.SQL().Close()
	if code, body := get(); code != 503 || !strings.Contains(body, "unreachable") {
		t.Fatalf("%d %s", code, body)
	}
}

// Structured JSON logs carry the execution id on each execution's lines.
func TestJSONLogsCarryExecutionIDs(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	s, st := newTestServer(t, nil, Options{Logger: log}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	post(t, ts.URL+"/webhook/w")
	recs := waitRecords(t, st, 1)
	found := false
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %s", line)
		}
		if m["msg"] == "execution finished" {
			found = m["executionId"] == recs[0].ID && m["status"] == "success"
		}
	}
	if !found {
		t.Fatalf("no execution finished line with executionId %s:\n%s", recs[0].ID, buf.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
