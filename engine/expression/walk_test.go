package expression

import (
	"context"
	"fmt"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestWalkMatchesVM evaluates every conformance case with walks and with
// every program on expr's VM: values and errors must be the same.
func TestWalkMatchesVM(t *testing.T) {
	suite := loadSuite(t)
	walked := 0
	for fname, s := range suite {
		for i, tc := range s.Cases {
			c := merge(s.Context, tc.Context)
			if tc.JSON != nil {
				c.Items = []data.Item{{JSON: tc.JSON, Paired: data.One(0)}}
			}
			var outs [2]string
			for k, noWalk := range []bool{false, true} {
				e := New(Options{AllowEnv: tc.AllowEnv})
				e.noWalk = noWalk
				if p, err := e.Compile(tc.Expr); err == nil && !noWalk {
					for _, pt := range p.parts {
						if pt.walk != nil {
							walked++
						}
					}
				}
				got, err := e.Evaluate(context.Background(), tc.Expr, newFakeData(t, c))
				outs[k] = describeOutcome(got, err)
			}
			if outs[0] != outs[1] {
				t.Errorf("%s #%d %s:\n walk %s\n VM   %s", fname, i, tc.Expr, outs[0], outs[1])
			}
		}
	}
	if walked < 100 {
		t.Errorf("only %d programs were walks", walked)
	}
}

func describeOutcome(v any, err error) string {
	if err != nil {
		return fmt.Sprintf("error %T %v", err, err)
	}
	if data.IsUndefined(v) {
		return "undefined"
	}
	if f, ok := v.(float64); ok {
		return "number " + numberToString(f)
	}
	enc, ok, rerr := RenderJSON(v)
	return fmt.Sprintf("%T %s %v %v", v, enc, ok, rerr)
}
