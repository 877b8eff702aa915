// Package settest helps the Set, Merge, Split Out and Aggregate tests: a
// tiny stand-in expression evaluator and the golden-file runner that
// compares n8n-go with recordings of real n8n.
package settest

import (
	"context"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// Stub understands only "={{ $json.path }}" and "={{ <JSON literal> }}",
// enough to test the nodes before the real expression evaluator is wired.
type Stub struct{}

// Check accepts everything.
func (Stub) Check(string) error { return nil }

// Evaluate resolves the few forms Stub knows; others fail with an error
// whose text contains "stub evaluator".
func (Stub) Evaluate(_ context.Context, p string, d scope.Data) (any, error) {
	body := strings.TrimPrefix(p, "=")
	if !strings.HasPrefix(body, "{{") || !strings.HasSuffix(body, "}}") || strings.Count(body, "{{") > 1 {
		// A template: render each {{ }} with String().
		var b strings.Builder
		for {
			i := strings.Index(body, "{{")
			if i < 0 {
				b.WriteString(body)
				return b.String(), nil
			}
			j := strings.Index(body[i:], "}}")
			if j < 0 {
				return nil, fmt.Errorf("stub evaluator: unterminated %q", p)
			}
			b.WriteString(body[:i])
			v, err := Stub{}.Evaluate(context.Background(), "="+body[i:i+j+2], d)
			if err != nil {
				return nil, err
			}
			if v != nil && !data.IsUndefined(v) {
				b.WriteString(jsvalue.ToString(v))
			}
			body = body[i+j+2:]
		}
	}
	e := strings.TrimSpace(body[2 : len(body)-2])
	if rest, ok := strings.CutPrefix(e, "$json."); ok {
		v, ok := jsvalue.Get(d.InputItems()[d.ItemIndex()].JSON, rest)
		if !ok {
			return data.Undefined, nil
		}
		return v, nil
	}
	v, err := jsvalue.ParseLoose(e)
	if err != nil {
		return nil, fmt.Errorf("stub evaluator: unsupported expression %q", p)
	}
	return v, nil
}
