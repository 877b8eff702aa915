package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/n8n-go/n8n-go/engine"
)

// progress prints one line per node run as it finishes. On a terminal it
// also keeps a status line under them for the node that is running (time
// so far, HTTP requests sent), redrawn in place.
type progress struct {
	w        io.Writer
	width    int
	live     bool // redraw a status line (stderr is a terminal)
	color    bool
	requests *atomic.Int64

	mu      sync.Mutex
	node    string
	run     int
	started time.Time
	sent    int64 // requests when the node started
	drawn   bool
	stop    chan struct{}
	done    chan struct{}
}

func newProgress(w io.Writer, names []string, live, color bool, requests *atomic.Int64) *progress {
	p := &progress{w: w, width: 4, live: live, color: color, requests: requests}
	for _, n := range names {
		p.width = max(p.width, min(len(n), 40))
	}
	return p
}

// hooks are the engine hooks that feed p.
func (p *progress) hooks() *engine.Hooks {
	return &engine.Hooks{NodeStart: p.nodeStart, NodeEnd: p.nodeEnd}
}

func (p *progress) nodeStart(node string, run int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.node, p.run, p.started = node, run, time.Now()
	if p.requests != nil {
		p.sent = p.requests.Load()
	}
}

func (p *progress) nodeEnd(node string, run int, task *engine.TaskData) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.node = ""
	fmt.Fprintln(p.w, p.nodeLine(node, run, task))
}

// nodeLine is the line of one node run, as in the summary.
func (p *progress) nodeLine(node string, run int, task *engine.TaskData) string {
	mark := "ok "
	if task.ExecutionStatus == "error" {
		mark = "ERR"
		if p.color {
			mark = "\x1b[31mERR\x1b[0m"
		}
	}
	var outs []string
	if task.Data != nil {
		for _, o := range task.Data.Main {
			outs = append(outs, fmt.Sprint(len(o)))
		}
	}
	suffix := ""
	if run > 0 {
		suffix = fmt.Sprintf(" (run %d)", run+1)
	}
	line := fmt.Sprintf("  %s %-*s  items out: [%s]  %dms%s", mark, p.width, node, strings.Join(outs, ", "), task.ExecutionTime, suffix)
	if task.Error != nil {
		line += "\n      error: " + task.Error.Message
		if task.Error.Description != "" {
			line += " — " + task.Error.Description
		}
	}
	return line
}

// start begins redrawing the status line (terminal only); finish ends it.
func (p *progress) start() {
	if !p.live {
		return
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
}

func (p *progress) finish() {
	if p == nil || p.stop == nil {
		return
	}
	close(p.stop)
	<-p.done
	p.mu.Lock()
	p.clear()
	p.mu.Unlock()
}

// draw shows the running node once it has run for a moment.
func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.node == "" {
		return
	}
	el := time.Since(p.started)
	if el < 500*time.Millisecond {
		return
	}
	line := fmt.Sprintf("  ... %s running %s", p.node, el.Round(100*time.Millisecond))
	if p.requests != nil {
		line += fmt.Sprintf(", %d requests sent", p.requests.Load()-p.sent)
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	p.drawn = true
}

// clear removes the status line; p.mu is held.
func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// countingTransport counts the requests sent through it and, when log is
// set (--verbose), logs each one: method, host and path only, since a
// query string may carry a key.
type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
	log  *slog.Logger
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	start := time.Now()
	resp, err := c.next.RoundTrip(r)
	if c.log != nil {
		attrs := []any{"method", r.Method, "host", r.URL.Host, "path", r.URL.Path, "ms", time.Since(start).Milliseconds()}
		if err != nil {
			c.log.Info("HTTP request failed", append(attrs, "error", err.Error())...)
		} else {
			c.log.Info("HTTP request", append(attrs, "status", resp.StatusCode)...)
		}
	}
	return resp, err
}

// logHooks adds --verbose logging of node starts and ends to h.
func logHooks(h *engine.Hooks, log *slog.Logger) *engine.Hooks {
	out := &engine.Hooks{}
	out.NodeStart = func(node string, run int) {
		log.Info("node started", "node", node, "run", run)
		if h != nil && h.NodeStart != nil {
			h.NodeStart(node, run)
		}
	}
	out.NodeEnd = func(node string, run int, t *engine.TaskData) {
		items := 0
		if t.Data != nil {
			for _, o := range t.Data.Main {
				items += len(o)
			}
		}
		log.Info("node finished", "node", node, "run", run, "status", t.ExecutionStatus, "items", items, "ms", t.ExecutionTime)
		if h != nil && h.NodeEnd != nil {
			h.NodeEnd(node, run, t)
		}
	}
	return out
}
