// Package renamekeys is n8n's Rename Keys node (1): keys renamed by path,
// and by regular expression at some depth.
package renamekeys

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dlclark/regexp2"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.renameKeys", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"keys": map[string]any{}, "additionalOptions": map[string]any{}}
		},
	}
}

// regexTimeout bounds one match, as n8n's safeRegex does (250 ms).
const regexTimeout = 250 * time.Millisecond

func list(ex *engine.Exec, path string, i int) ([]any, error) {
	v, err := ex.Param(path, i)
	if err != nil {
		return nil, err
	}
	l, _ := v.([]any)
	return l, nil
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	var out []data.Item
	for i, it := range ex.Input(0) {
		res, err := renameItem(ex, i, it)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
			continue
		}
		out = append(out, res)
	}
	return [][]data.Item{out}, nil
}

func renameItem(ex *engine.Exec, i int, it data.Item) (data.Item, error) {
	keys, err := list(ex, "keys.key", i)
	if err != nil {
		return data.Item{}, err
	}
	regs, err := list(ex, "additionalOptions.regexReplacement.replacements", i)
	if err != nil {
		return data.Item{}, err
	}
	js := data.CloneObject(it.JSON)
	if js == nil {
		js = data.NewObject(0)
	}
	for _, k := range keys {
		o, _ := k.(*data.Object)
		cur, nw := jsvalue.ToString(o.Value("currentKey")), jsvalue.ToString(o.Value("newKey"))
		if cur == "" || nw == "" || cur == nw {
			continue
		}
		// The value is read from the input item, as n8n does: an earlier
		// rename in the same list does not feed a later one.
		v, ok := jsvalue.Get(it.JSON, cur)
		if !ok || data.IsUndefined(v) {
			continue
		}
		jsvalue.Set(js, nw, data.CloneJSON(v))
		jsvalue.Unset(js, cur)
	}
	for _, r := range regs {
		o, _ := r.(*data.Object)
		opts, _ := o.Value("options").(*data.Object)
		flags := regexp2.RegexOptions(regexp2.ECMAScript)
		if jsvalue.Truthy(opts.Value("caseInsensitive")) {
			flags |= regexp2.IgnoreCase
		}
		src := jsvalue.ToString(o.Value("searchRegex"))
		re, err := regexp2.Compile(src, flags)
		if err != nil {
			f := ""
			if flags&regexp2.IgnoreCase != 0 {
				f = "i"
			}
			// A SyntaxError: n8n records it without a class name.
			return data.Item{}, &engine.NodeError{ItemIndex: i, Message: fmt.Sprintf("Invalid regular expression: /%s/%s: %s", src, f, v8Message(err))}
		}
		re.MatchTimeout = regexTimeout
		depth := -1
		if d, ok := jsvalue.AsNumber(opts.Value("depth")); ok {
			depth = int(d)
		}
		repl := jsReplacement(jsvalue.ToString(o.Value("replaceRegex")))
		if err := renameDeep(js, depth, re, repl); err != nil {
			return data.Item{}, engine.OperationError(i, "%s", err.Error())
		}
	}
	return data.Item{JSON: js, Binary: it.Binary, Paired: data.One(i)}, nil
}

// renameDeep walks obj's keys as n8n's for…in does, renaming each key the
// expression matches (first match only) and moving it to the end.
func renameDeep(v any, depth int, re *regexp2.Regexp, repl string) error {
	switch x := v.(type) {
	case []any:
		if depth == 0 {
			return nil
		}
		for _, e := range x {
			if err := renameDeep(e, depth-1, re, repl); err != nil {
				return err
			}
		}
	case *data.Object:
		for _, k := range append([]string(nil), x.Keys()...) {
			val, ok := x.Get(k)
			if !ok {
				continue
			}
			switch val.(type) {
			case *data.Object, []any:
				if depth != 0 {
					if err := renameDeep(val, depth-1, re, repl); err != nil {
						return err
					}
				}
			}
			ok, err := re.MatchString(k)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			nk, err := re.Replace(k, repl, -1, 1)
			if err != nil {
				return err
			}
			if nk != k {
				x.Set(nk, val)
				x.Delete(k)
			}
		}
	}
	return nil
}

// jsReplacement turns JavaScript's $<name> into regexp2's ${name}; $1, $&
// and $$ mean the same in both.
func jsReplacement(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '<' {
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				b.WriteString("${" + s[i+2:i+j] + "}")
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// v8Message words a pattern error as V8 does, for the common mistakes.
func v8Message(err error) string {
	m := err.Error()
	switch {
	case strings.Contains(m, "unterminated [] set"):
		return "Unterminated character class"
	case strings.Contains(m, "not enough )"):
		return "Unterminated group"
	case strings.Contains(m, "too many )"), strings.Contains(m, "unexpected )"):
		return "Unmatched ')'"
	case strings.Contains(m, "following nothing"):
		return "Nothing to repeat"
	case strings.Contains(m, "illegal \\ at end of pattern"):
		return "\\ at end of pattern"
	}
	return m
}
