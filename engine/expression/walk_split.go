package expression

import (
	"strings"

	"github.com/expr-lang/expr/ast"
)

// splitIndex recognises s.split(sep)[k] with a constant index k, a common
// per-item idiom ($json.email.split('@')[1]): the walk then cuts out part
// k alone instead of building the whole array of parts (an array and a
// boxed string per part, all but one thrown away at once). Anything the
// shortcut does not cover exactly — a receiver that is not a string, a
// separator that is not a non-empty string (a RegExp, undefined, a
// number), an index that is not an array index — takes the general
// path, the same helpers in the same order.
func (b *walkBuilder) splitIndex(x *ast.CallNode) (wnode, bool) {
	if len(x.Arguments) != 2 {
		return wnode{}, false
	}
	idx, ok := x.Arguments[1].(*ast.ConstantNode)
	if !ok {
		return wnode{}, false
	}
	k, ok := idx.Value.(float64)
	if !ok {
		return wnode{}, false
	}
	if _, ok := arrayIndex(k); !ok {
		return wnode{}, false
	}
	call, ok := x.Arguments[0].(*ast.CallNode)
	if !ok || len(call.Arguments) != 4 {
		return wnode{}, false
	}
	if id, ok := call.Callee.(*ast.IdentifierNode); !ok || id.Value != "__call" {
		return wnode{}, false
	}
	if name, ok := call.Arguments[2].(*ast.ConstantNode); !ok || name.Value != "split" {
		return wnode{}, false
	}
	w := wnode{kind: wCall, fn: splitAt, args: make([]wnode, 4)}
	for i, a := range []ast.Node{call.Arguments[0], call.Arguments[1], call.Arguments[3]} {
		if w.args[i], ok = b.build(a); !ok {
			return wnode{}, false
		}
	}
	w.args[3] = wnode{kind: wConst, val: k}
	return w, true
}

// splitAt is recv.split(sep)[k] (arguments: state, recv, sep, k).
func splitAt(a ...any) (any, error) {
	st, recv, sep, k := a[0].(*state), a[1], a[2], a[3].(float64)
	s, isStr := recv.(string)
	sp, sepStr := sep.(string)
	if !isStr || !sepStr || sp == "" {
		parts, err := callMethod(st, recv, "split", methodArgs(recv, "split", []any{sep}), false)
		if err != nil {
			return nil, err
		}
		return getComputed(parts, k)
	}
	n, _ := arrayIndex(k)
	for ; n > 0; n-- {
		i := strings.Index(s, sp)
		if i < 0 {
			return undef, nil
		}
		s = s[i+len(sp):]
	}
	if i := strings.Index(s, sp); i >= 0 {
		s = s[:i]
	}
	return s, nil
}
