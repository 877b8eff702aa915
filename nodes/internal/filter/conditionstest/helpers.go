// Package conditionstest holds test-only stand-ins used by the conditions
// nodes' tests while the real Set, Split Out and expression evaluator are
// being written: a raw-JSON Set, a Split Out, and an evaluator for the few
// expression shapes the golden workflows use.
package conditionstest

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// RawSet is n8n-nodes-base.set 3.4 in raw mode with a literal jsonOutput.
type RawSet struct{}

func (RawSet) Describe() engine.Description {
	return engine.Description{Type: "n8n-nodes-base.set", Versions: []float64{3.4}}
}

func (RawSet) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	var out []data.Item
	for i := range ex.Input(0) {
		m, err := data.ParseJSONObject([]byte(ex.Params().String("jsonOutput")))
		if err != nil {
			return nil, err
		}
		out = append(out, data.Item{JSON: m, Paired: data.One(i)})
	}
	return [][]data.Item{out}, nil
}

// SplitOut is n8n-nodes-base.splitOut 1 for a field holding objects.
type SplitOut struct{}

func (SplitOut) Describe() engine.Description {
	return engine.Description{Type: "n8n-nodes-base.splitOut", Versions: []float64{1}}
}

func (SplitOut) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	field := ex.Params().String("fieldToSplitOut")
	out := []data.Item{}
	for i, it := range ex.Input(0) {
		list, _ := it.JSON.Value(field).([]any)
		for _, e := range list {
			m, _ := data.CloneJSON(e).(*data.Object) // Split Out copies
			out = append(out, data.Item{JSON: m, Paired: data.One(i)})
		}
	}
	return [][]data.Item{out}, nil
}

// Evaluator understands "={{ $json.a.b }}", "={{ <json literal> }}" and
// "={{ $json.x > N ? A : B }}", which is all the conditions tests use.
type Evaluator struct{}

var (
	jsonPath = regexp.MustCompile(`^\$json((?:\.[A-Za-z_$][A-Za-z0-9_$]*)+)$`)
	ternary  = regexp.MustCompile(`^\$json\.([A-Za-z_]+) > (-?[0-9.]+) \? (-?[0-9]+) : (-?[0-9]+)$`)
)

func (Evaluator) Check(string) error { return nil }

func (Evaluator) Evaluate(_ context.Context, param string, d scope.Data) (any, error) {
	s := strings.TrimPrefix(param, "=")
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return s, nil
	}
	expr := strings.TrimSpace(s[2 : len(s)-2])
	var cur any = data.NewObject(0)
	if items := d.InputItems(); d.ItemIndex() < len(items) {
		cur = items[d.ItemIndex()].JSON
	}
	if m := jsonPath.FindStringSubmatch(expr); m != nil {
		for _, k := range strings.Split(m[1][1:], ".") {
			obj, ok := cur.(*data.Object)
			if !ok {
				return data.Undefined, nil
			}
			if cur, ok = obj.Get(k); !ok {
				return data.Undefined, nil
			}
		}
		return cur, nil
	}
	if m := ternary.FindStringSubmatch(expr); m != nil {
		obj, _ := cur.(*data.Object)
		n, _ := obj.Value(m[1]).(float64)
		lim, _ := strconv.ParseFloat(m[2], 64)
		a, _ := strconv.ParseFloat(m[3], 64)
		b, _ := strconv.ParseFloat(m[4], 64)
		if n > lim {
			return a, nil
		}
		return b, nil
	}
	v, err := data.ParseJSONString(expr)
	if err != nil {
		return nil, fmt.Errorf("conditionstest: unsupported expression %q", expr)
	}
	return v, nil
}
