package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
	"github.com/n8n-go/n8n-go/internal/httpx"
)

// Options configure an Engine. Only Registry is required.
type Options struct {
	Registry *Registry
	// Expressions evaluates `=…` parameter values (expression.New in
	// production). Without one, any expression is an error.
	Expressions Evaluator
	Credentials CredentialStore
	HTTP        *httpx.Client
	Logger      *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Timezone is GENERIC_TIMEZONE: used when the workflow sets none.
	Timezone string
	// Env is what $env sees when AllowEnv is set.
	Env      map[string]string
	AllowEnv bool
	Vars     *data.Object
	// RequestConcurrency bounds how many HTTP requests one node run may have
	// in flight (n8n fires all of a node's item requests at once; default
	// 32). 1 sends them one after another in item order, which makes the
	// order they reach a server deterministic (golden tests).
	RequestConcurrency int
	// Sleep waits between node retries (default: a context-aware sleep);
	// tests replace it to keep retries instant.
	Sleep func(ctx interface{ Done() <-chan struct{} }, d time.Duration) error
	// ExecutionTimeout is the default execution timeout when a workflow
	// sets no settings.executionTimeout (n8n's EXECUTIONS_TIMEOUT; 0: none).
	ExecutionTimeout time.Duration
	// MaxExecutionTimeout caps any execution timeout (n8n's
	// EXECUTIONS_TIMEOUT_MAX; 0: no cap).
	MaxExecutionTimeout time.Duration
	// Workflows finds workflows by id for Execute Workflow calls (n8n's
	// database; --workflows). nil: calls by id fail with a clear error.
	Workflows WorkflowSource
	// WebhookBaseURL is the public base of webhook URLs, ending in "/"
	// (n8n's WEBHOOK_URL; default http://localhost:5678/): $execution.resumeUrl
	// is WebhookBaseURL + "webhook-waiting/" + the execution id.
	WebhookBaseURL string
	// MaxNodeRuns, when > 0, bounds the node runs of one execution: a loop
	// that never ends stops with an error. n8n has no such bound (its
	// execution timeout is what ends a cycle), so the default is none.
	MaxNodeRuns int
	// NewExecutionID names sub-executions (default "sub-1", "sub-2"…).
	NewExecutionID func() string
	// BinaryDir, when set, is where binary data larger than
	// BinaryMemoryLimit is kept (n8n's filesystem mode); the caller owns
	// and removes it. Empty keeps all binary data in memory (n8n's default).
	BinaryDir         string
	BinaryMemoryLimit int64
	// AllowedPaths confines the file nodes to these folders (n8n's
	// N8N_RESTRICT_FILE_ACCESS_TO); empty allows any path.
	AllowedPaths []string
	// InstanceID is n8n's instance id, which nodes put in the attribution
	// links they append to messages (see InstanceIDFromKey).
	InstanceID string
	// HMACSecret signs the resume URLs of "send and wait" operations
	// (n8n's N8N_HMAC_SIGNATURE_SECRET, else HMACSecretFromKey).
	HMACSecret string
}

// Engine runs workflows. It is safe for concurrent use by several runs.
type Engine struct {
	opts Options
	http *httpx.Client
	log  *slog.Logger
	now  func() time.Time
	// subSeq numbers sub-executions when Options.NewExecutionID is nil.
	subSeq atomic.Int64
	// locs caches time zones by name: time.LoadLocation reads and parses
	// a zoneinfo file on every call, once per execution under serve.
	locs sync.Map // string → *time.Location
}

// New returns an Engine.
func New(opts Options) (*Engine, error) {
	if opts.Registry == nil {
		return nil, errors.New("engine: Options.Registry is required")
	}
	e := &Engine{opts: opts, http: opts.HTTP, log: opts.Logger, now: opts.Now}
	if e.opts.Expressions == nil {
		e.opts.Expressions = noExpressions{}
	}
	if e.http == nil {
		h, err := httpx.New(httpx.Options{})
		if err != nil {
			return nil, err
		}
		e.http = h
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if e.opts.WebhookBaseURL == "" {
		e.opts.WebhookBaseURL = "http://localhost:5678/"
	} else if !strings.HasSuffix(e.opts.WebhookBaseURL, "/") {
		e.opts.WebhookBaseURL += "/"
	}
	if e.opts.RequestConcurrency <= 0 {
		e.opts.RequestConcurrency = 32
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.opts.Sleep == nil {
		e.opts.Sleep = func(ctx interface{ Done() <-chan struct{} }, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return errors.New("canceled")
			case <-t.C:
				return nil
			}
		}
	}
	return e, nil
}

// Registry returns the engine's node registry.
func (e *Engine) Registry() *Registry { return e.opts.Registry }

// Expressions returns the engine's expression evaluator.
func (e *Engine) Expressions() Evaluator { return e.opts.Expressions }

// Evaluator evaluates n8n expressions. *expression.Engine implements it.
type Evaluator interface {
	// Evaluate resolves a parameter value that starts with "=".
	Evaluate(ctx context.Context, param string, d scope.Data) (any, error)
	// Check reports a syntax error without evaluating (for validation).
	Check(param string) error
}

type noExpressions struct{}

func (noExpressions) Evaluate(context.Context, string, scope.Data) (any, error) {
	return nil, errors.New("expressions are not available in this build")
}
func (noExpressions) Check(string) error {
	return errors.New("expressions are not available in this build")
}

// isExpression reports whether a parameter value is an n8n expression.
func isExpression(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// location resolves the workflow time zone as n8n does.
func (e *Engine) location(tz string) *time.Location {
	for _, name := range []string{tz, e.opts.Timezone, "America/New_York"} {
		// n8n's settings store "DEFAULT" for "use the instance's zone".
		if name == "" || name == "DEFAULT" {
			continue
		}
		if loc, ok := e.locs.Load(name); ok {
			return loc.(*time.Location)
		}
		if loc, err := time.LoadLocation(name); err == nil {
			e.locs.Store(name, loc)
			return loc
		}
	}
	return time.UTC
}

func describeVersions(vs []float64) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(v)
	}
	return s
}
