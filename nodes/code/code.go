// Package code is n8n's Code node (typeVersions 1 and 2) in JavaScript:
// runOnceForAllItems and runOnceForEachItem on the shared goja runtime.
// Python is refused by validation.
package code

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
	"github.com/n8n-go/n8n-go/nodes/internal/jscode"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

const (
	modeAll  = "runOnceForAllItems"
	modeEach = "runOnceForEachItem"
)

func (node) Describe() engine.Description {
	return engine.Description{
		ReadsRunData: true,
		Type:         "n8n-nodes-base.code", Versions: []float64{1, 2},
		Defaults: func(float64) map[string]any {
			return map[string]any{"mode": modeAll, "language": "javaScript", "jsCode": ""}
		},
		Check: func(p engine.Params, version float64) []string {
			var probs []string
			if version >= 2 {
				if l, _ := p.Value("language").(string); l != "" && l != "javaScript" {
					probs = append(probs, `parameter language: "`+l+`" Code nodes are not supported by n8n-go (only JavaScript)`)
				}
			}
			if m, ok := p.Value("mode").(string); ok && m != modeAll && m != modeEach {
				probs = append(probs, `parameter mode: expected "runOnceForAllItems" or "runOnceForEachItem", got "`+m+`"`)
			}
			return probs
		},
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	code, err := ex.ParamString("jsCode", 0)
	if err != nil {
		return nil, err
	}
	rt := jscode.NewRuntime(ctx, ex)
	rt.Start()
	defer rt.Stop()
	if mode == modeEach {
		return each(ex, rt, code)
	}
	rt.Global("items", rt.InputItems())
	v, err := rt.RunBody("Code", code)
	var out []data.Item
	if err == nil {
		out, err = jscode.AllItems(rt, v)
	} else {
		err = jscode.ExecutionError(err, -1)
	}
	if err != nil {
		if !ex.ContinueOnFail() || jscode.IsLimit(err) {
			return nil, err
		}
		out = []data.Item{jscode.ErrorItem(err, data.Paired{})}
	}
	return [][]data.Item{out}, rt.SaveStatic()
}

// disallowedRe is n8n's check for $input methods that only make sense
// once for all items.
var disallowedRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$input\.(first|last|all|itemMatching)`)
})

func disallowed(code string) (method string, line int) {
	m := disallowedRe().FindStringSubmatch(code)
	if m == nil {
		return "", 0
	}
	for i, l := range strings.Split(code, "\n") {
		l = strings.TrimLeft(l, " \t\r\n\v\f")
		if strings.Contains(l, m[1]) && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, "/*") && !strings.HasPrefix(l, "*") {
			return m[1], i + 1
		}
	}
	return "", 0
}

func each(ex *engine.Exec, rt *jsruntime.Runtime, code string) ([][]data.Item, error) {
	n := rt.InputCount()
	out := make([]data.Item, 0, n)
	method, line := disallowed(code)
	for i := range n {
		var (
			it  data.Item
			ok  bool
			err error
		)
		if method != "" {
			err = jscode.ValidationError("Can't use ."+method+"() here", "This is only available in 'Run Once for All Items' mode", i, line)
		} else {
			rt.SetItem(i)
			rt.Global("item", rt.InputItemValue(i))
			v, rerr := rt.RunBody("Code", code)
			if rerr != nil {
				err = jscode.ExecutionError(rerr, i)
			} else {
				it, ok, err = jscode.EachItem(rt, v, i)
			}
		}
		if err != nil {
			if !ex.ContinueOnFail() || jscode.IsLimit(err) {
				return nil, err
			}
			out = append(out, jscode.ErrorItem(err, data.One(i)))
			continue
		}
		if ok {
			out = append(out, it)
		}
	}
	return [][]data.Item{out}, rt.SaveStatic()
}
