package main

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
)

func TestProgressStatusLine(t *testing.T) {
	var buf bytes.Buffer
	var reqs atomic.Int64
	p := newProgress(&buf, []string{"Fetch"}, true, false, &reqs)
	p.nodeStart("Fetch", 0)
	reqs.Add(42)
	p.draw() // too early: nothing
	if buf.Len() != 0 {
		t.Fatalf("drawn before half a second: %q", buf.String())
	}
	p.started = time.Now().Add(-2 * time.Second)
	p.draw()
	if got := buf.String(); !strings.HasPrefix(got, "\r\x1b[K  ... Fetch running 2s, 42 requests sent") {
		t.Fatalf("status line: %q", got)
	}
	buf.Reset()
	p.nodeEnd("Fetch", 0, &engine.TaskData{ExecutionStatus: "error", ExecutionTime: 2000, Error: &engine.ErrorData{Message: "boom"}})
	if got := buf.String(); got != "\r\x1b[K  ERR Fetch  items out: []  2000ms\n      error: boom\n" {
		t.Fatalf("end line: %q", got)
	}
	// Colour only when asked (a terminal without NO_COLOR).
	c := newProgress(&buf, nil, true, true, nil)
	if line := c.nodeLine("X", 1, &engine.TaskData{ExecutionStatus: "error"}); !strings.Contains(line, "\x1b[31mERR") || !strings.HasSuffix(line, "(run 2)") {
		t.Fatalf("coloured line: %q", line)
	}
}

// Off a terminal (and in every test run) no control sequence is written.
func TestRunPlainLinesOffTerminal(t *testing.T) {
	_, _, errs := runCLI(t, nil, "run", writeWF(t, "=x"))
	if strings.Contains(errs, "\x1b") || strings.Contains(errs, "\r") {
		t.Fatalf("control sequences off a terminal: %q", errs)
	}
}
