package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are served on /metrics in Prometheus format. Names follow n8n's
// N8N_METRICS ones (prefix n8n_) where n8n has one: workflow started,
// success and failed counters, the active workflow count, the queue depth
// of scaling mode; the duration histogram and running gauge are n8n-go's.
// Each Server has its own registry (tests run several servers).
type metrics struct {
	reg      *prometheus.Registry
	started  *prometheus.CounterVec
	success  *prometheus.CounterVec
	failed   *prometheus.CounterVec
	finished *prometheus.CounterVec
	duration *prometheus.HistogramVec
	running  prometheus.Gauge
	httpDur  *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	const ns = "n8n"
	m := &metrics{reg: prometheus.NewRegistry()}
	m.started = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "workflow_started_total",
		Help: "Executions started, by workflow."}, []string{"workflow_id"})
	m.success = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "workflow_success_total",
		Help: "Executions that succeeded, by workflow."}, []string{"workflow_id"})
	m.failed = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "workflow_failed_total",
		Help: "Executions that failed (error, crashed, canceled), by workflow."}, []string{"workflow_id"})
	m.finished = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "executions_total",
		Help: "Executions finished, by status and workflow."}, []string{"status", "workflow_id"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "workflow_execution_duration_seconds",
		Help:    "Execution duration, by status and workflow.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300}}, []string{"status", "workflow_id"})
	m.running = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "executions_running",
		Help: "Executions running in this instance."})
	m.httpDur = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "http_request_duration_seconds",
		Help: "Webhook request duration, by method and status code.", Buckets: prometheus.DefBuckets}, []string{"method", "status_code"})
	active := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "active_workflow_count",
		Help: "Workflows activated by this instance."}, func() float64 { return float64(len(s.actives())) })
	waiting := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "scaling_mode_queue_jobs_waiting",
		Help: "Webhook calls waiting for a free execution slot (--concurrency)."}, func() float64 {
		if s.limit == nil {
			return 0
		}
		return float64(s.limit.waiting.Load())
	})
	unsaved := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "executions_unsaved",
		Help: "Execution records the store refused, kept in memory to retry."}, func() float64 {
		s.unsaved.mu.Lock()
		defer s.unsaved.mu.Unlock()
		return float64(len(s.unsaved.records))
	})
	m.reg.MustRegister(m.started, m.success, m.failed, m.finished, m.duration, m.running, m.httpDur, active, waiting, unsaved,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{Namespace: ns}))
	return m
}

// workflowLabel is the workflow's id, else its name (files without id).
func workflowLabel(a *active) string {
	if a.wf.ID != "" {
		return a.wf.ID
	}
	return a.wf.Name
}

func (m *metrics) begin(a *active) {
	m.started.WithLabelValues(workflowLabel(a)).Inc()
	m.running.Inc()
}

func (m *metrics) end(a *active, status string, took time.Duration) {
	m.running.Dec()
	w := workflowLabel(a)
	switch status {
	case "success":
		m.success.WithLabelValues(w).Inc()
	case "error", "crashed", "canceled":
		m.failed.WithLabelValues(w).Inc()
	}
	m.finished.WithLabelValues(status, w).Inc()
	m.duration.WithLabelValues(status, w).Observe(took.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument times webhook requests.
func (m *metrics) instrument(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		next(sw, r)
		m.httpDur.WithLabelValues(r.Method, strconv.Itoa(sw.code)).Observe(time.Since(start).Seconds())
	}
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (flush,
// deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
