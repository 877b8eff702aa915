// Package jscode is what the Code, Function and Function Item nodes share:
// setting up the JavaScript runtime for a node run, turning script
// results into items the way n8n validates and normalizes them, and
// n8n's error texts for scripts.
package jscode

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// NewRuntime returns a runtime for one run of ex's node, bound to its
// input items, with the evaluator's DateTime bridged in.
func NewRuntime(ctx context.Context, ex *engine.Exec) *jsruntime.Runtime {
	opts := jsruntime.Options{
		AllowBuiltin:  splitList(os.Getenv("NODE_FUNCTION_ALLOW_BUILTIN")),
		AllowExternal: splitList(os.Getenv("NODE_FUNCTION_ALLOW_EXTERNAL")),
		Console: func(level, line string) {
			ex.Logger().Info("console."+level, "line", line)
		},
		HTTP:       httpHelper(ex),
		StaticData: ex,
	}
	// n8n's task timeout setting, in seconds.
	if s, err := strconv.Atoi(os.Getenv("N8N_RUNNERS_TASK_TIMEOUT")); err == nil && s > 0 {
		opts.Timeout = time.Duration(s) * time.Second
	}
	if b, ok := ex.Expressions().(jsruntime.Bridge); ok {
		opts.Bridge = b
	}
	rt := jsruntime.New(ctx, opts)
	d := ex.ExpressionData(0)
	rt.Bind(d, d.InputItems())
	return rt
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
