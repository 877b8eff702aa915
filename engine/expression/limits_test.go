package expression

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// Issue 21 item 3: these expressions overflowed the stack (a fatal error
// no recover catches). They must fail with a clear error instead.
func TestDeepOrHugeExpressionsFailCleanly(t *testing.T) {
	e := New(Options{})
	tests := []struct{ name, src, want string }{
		{"300k parentheses", "={{ " + strings.Repeat("(", 300_000) + "1" + strings.Repeat(")", 300_000) + " }}", "nested too deeply"},
		{"1M-term chain", "={{ 1" + strings.Repeat("+1", 1_000_000) + " }}", "bytes long"},
		{"long chain under the size limit", "={{ 1" + strings.Repeat("+1", 100_000) + " }}", "nested too deeply"},
		{"unary chain", "={{ " + strings.Repeat("!", 100_000) + "1 }}", "nested too deeply"},
		{"member chain", "={{ $json" + strings.Repeat(".a", 100_000) + " }}", "nested too deeply"},
		{"call chain", "={{ (() => 1)" + strings.Repeat("()", 100_000) + " }}", "nested too deeply"},
		{"arrays", "={{ " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + " }}", "nested too deeply"},
		{"templates", "={{ " + strings.Repeat("`${", 10_000) + "1" + strings.Repeat("}`", 10_000) + " }}", "nested too deeply"},
		{"arrow bodies", "={{ " + strings.Repeat("() => ", 100_000) + "1 }}", "nested too deeply"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Evaluate(context.Background(), tc.src, nil)
			if err == nil {
				t.Fatal("no error")
			}
			var xe *Error
			msg := err.Error()
			if errors.As(err, &xe) {
				msg += " " + xe.Description
			}
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("error = %q, want %q", msg, tc.want)
			}
		})
	}
	// Ordinary nesting still works.
	v, err := e.Evaluate(context.Background(), "={{ "+strings.Repeat("(", 200)+"1"+strings.Repeat(")", 200)+" + `a${`b${1}`}` }}", nil)
	if err != nil || v != "1ab1" {
		t.Fatalf("got %v, %v", v, err)
	}
}

// Issue 21 item 9: cancellation was checked every 1024 steps of one
// evaluation only, so millions of short evaluations never saw it.
func TestShortEvaluationsObserveCancellation(t *testing.T) {
	e := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, src := range []string{"={{ 1 + 1 }}", "=a {{ 2 }} b"} {
		if _, err := e.Evaluate(ctx, src, nil); err == nil || !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: err = %v, want the cancellation", src, err)
		}
	}
	if v, err := e.Evaluate(ctx, "=plain text", nil); err != nil || v != "plain text" {
		t.Fatalf("a constant needs no evaluation: %v %v", v, err)
	}
}
