package expression

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
)

// A walk is a lowered program run by walking its tree instead of expr's
// VM. It serves programs made only of helper calls, constants and
// variables, which are most per-item expressions ($json.name.toUpperCase(),
// $json.score * 2) and arrow bodies building objects: for these, one VM
// run (its setup and the argument buffer it allocates every time) costs
// more than the program's own work. Everything else (conditionals,
// sequences, lets) runs on the VM. Both evaluate arguments left to right
// and then call the helper, so the results are the same.
type wnode struct {
	kind wkind
	// ownEnv, on a program's root, says it never reads the env as a
	// whole, so at the top level it runs without one (Engine.run).
	ownEnv bool
	val    any                            // wConst
	name   string                         // wVar
	fn     func(args ...any) (any, error) // wCall
	args   []wnode                        // wCall
}

type wkind uint8

const (
	wConst wkind = iota
	wVar
	wState // the evaluation's *state (env[envState]), read from the runner
	wEnv
	wCall
)

// buildWalk converts a checked tree; ok is false when it holds a node the
// walk does not handle.
func (e *Engine) buildWalk(n ast.Node) (w wnode, ok bool) {
	switch x := n.(type) {
	case *ast.ConstantNode:
		return wnode{kind: wConst, val: x.Value}, true
	case *ast.BoolNode:
		return wnode{kind: wConst, val: x.Value}, true
	case *ast.NilNode:
		return wnode{kind: wConst, val: nil}, true
	case *ast.IdentifierNode:
		switch x.Value {
		case "$env":
			return wnode{kind: wEnv}, true
		case envState:
			return wnode{kind: wState}, true
		}
		return wnode{kind: wVar, name: x.Value}, true
	case *ast.CallNode:
		id, isIdent := x.Callee.(*ast.IdentifierNode)
		if !isIdent {
			return wnode{}, false
		}
		fn := e.helpers[id.Value]
		if fn == nil {
			return wnode{}, false
		}
		w := wnode{kind: wCall, fn: fn, args: make([]wnode, len(x.Arguments))}
		for i, a := range x.Arguments {
			if w.args[i], ok = e.buildWalk(a); !ok {
				return wnode{}, false
			}
		}
		return w, true
	}
	return wnode{}, false
}

// walk evaluates n. Helper arguments live on r.stack, each call's above
// its callers' (helpers copy the arguments they keep, as they must for
// expr's buffer too).
func (r *runner) walk(n *wnode, env map[string]any) (any, error) {
	switch n.kind {
	case wConst:
		return n.val, nil
	case wVar:
		return env[n.name], nil
	case wState:
		return r.st, nil
	case wEnv:
		return env, nil
	}
	base := len(r.stack)
	for i := range n.args {
		v, err := r.walk(&n.args[i], env)
		if err != nil {
			r.stack = r.stack[:base]
			return nil, err
		}
		r.stack = append(r.stack, v)
	}
	top := len(r.stack)
	out, err := n.fn(r.stack[base:top:top]...)
	r.stack = r.stack[:base]
	return out, err
}

// runWalk runs a walk as expr's VM runs a program: a panic in a helper
// (a Go runtime error) becomes an error instead of crashing the process.
// The argument stack is cleared once at the end, not after every call,
// so the pooled runner keeps no values alive.
func (r *runner) runWalk(st *state, n *wnode, env map[string]any) (out any, err error) {
	r.st = st
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%v", p)
		}
		clear(r.stack[:cap(r.stack)])
		r.stack = r.stack[:0]
		r.st = nil
	}()
	return r.walk(n, env)
}

// usesEnv reports whether the walk reads the env map as a whole ($env,
// which arrow functions capture).
func (n *wnode) usesEnv() bool {
	if n.kind == wEnv {
		return true
	}
	for i := range n.args {
		if n.args[i].usesEnv() {
			return true
		}
	}
	return false
}
