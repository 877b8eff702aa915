package expression

import (
	"context"
	"strings"
	"testing"
	"time"
)

// fuzzSeeds are expressions for the lexer, parser and evaluator, with the
// issue 21 reproducers this package owns (deep nesting, long chains).
var fuzzSeeds = []string{
	"={{ 1 + 2 }}", "={{ $json.a.b[0] }}", "=a {{ 'x' }} b", "={{ [1,2,3].map(x => x * 2) }}",
	"={{ `a${ `b${1}` }` }}", "={{ {a: 1, ...{b: 2}} }}", "={{ /a+/g.test('aa') }}",
	"={{ (a, {b, c: [d]}) => a }}", "={{ $now.plus(1, 'day').toISO() }}", "={{ x?.y?.[0]?.(1) }}",
	"={{ " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + " }}",
	"={{ 1" + strings.Repeat("+1", 5000) + " }}",
	"={{ " + strings.Repeat("`${", 200) + strings.Repeat("}`", 200) + " }}",
	"={{ " + strings.Repeat("!", 5000) + "1 }}",
	"={{", "={{ }}", "={{ 'unterminated }}", "={{ `${ }}", "={{ a.constructor }}", "={{ 0x }}", "={{ 1e999 }}",
}

// FuzzCompile: the lexer and parser never panic or overflow the stack.
func FuzzCompile(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	e := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		_ = e.Check(src)
	})
}

// FuzzEvaluate: evaluation never panics; a bounded budget keeps each input
// short.
func FuzzEvaluate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	e := New(Options{MaxSteps: 100_000})
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		// The repeat/pad family can ask for gigabytes in one step.
		if strings.Contains(src, "repeat") || strings.Contains(src, "pad") || strings.Contains(src, "Array(") {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, _ = e.Evaluate(ctx, src, nil)
	})
}
