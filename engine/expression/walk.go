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
// more than the program's own work. Conditionals (&&, ||, ??, ?:),
// sequences and lets are walked as the VM's jumps and variable slots run
// them; any other node keeps the program on the VM. Both evaluate
// arguments left to right and then call the helper, so the results are
// the same.
type wnode struct {
	kind wkind
	// ownEnv, on a program's root, says it never reads the env as a
	// whole, so at the top level it runs without one (Engine.run).
	ownEnv bool
	// nvars, on a program's root, is the number of let slots it uses.
	nvars int
	val   any                            // wConst
	name  string                         // wVar
	slot  int                            // wLocal, wLet
	fn    func(args ...any) (any, error) // wCall
	args  []wnode                        // wCall's arguments; wCond's test, then, else; wSeq's list; wLet's value, body
}

type wkind uint8

const (
	wConst wkind = iota
	wVar
	wState // the evaluation's *state (env[envState]), read from the runner
	wEnv
	wCall
	wLocal // a let variable: r.vars[slot]
	wLet   // r.vars[slot] = args[0], then args[1]
	wCond  // args[0] ? args[1] : args[2]
	wSeq   // each of args, the last one's value
)

// buildWalk converts a checked tree; ok is false when it holds a node the
// walk does not handle.
func (e *Engine) buildWalk(n ast.Node) (w wnode, ok bool) {
	b := walkBuilder{e: e}
	w, ok = b.build(n)
	w.nvars = b.nvars
	return w, ok
}

// walkBuilder resolves let names to slots as expr's compiler does: a name
// is the innermost enclosing let of that name, else an env entry; each
// let has a slot of its own, and its value is built outside its scope.
type walkBuilder struct {
	e      *Engine
	scopes []walkScope
	nvars  int
}

type walkScope struct {
	name string
	slot int
}

func (b *walkBuilder) build(n ast.Node) (w wnode, ok bool) {
	e := b.e
	switch x := n.(type) {
	case *ast.ConstantNode:
		return wnode{kind: wConst, val: x.Value}, true
	case *ast.BoolNode:
		return wnode{kind: wConst, val: x.Value}, true
	case *ast.NilNode:
		return wnode{kind: wConst, val: nil}, true
	case *ast.IdentifierNode:
		for i := len(b.scopes) - 1; i >= 0; i-- {
			if b.scopes[i].name == x.Value {
				return wnode{kind: wLocal, slot: b.scopes[i].slot}, true
			}
		}
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
		if id.Value == "__getc" {
			if w, ok := b.splitIndex(x); ok {
				return w, true
			}
		}
		fn := e.helpers[id.Value]
		if fn == nil {
			return wnode{}, false
		}
		w := wnode{kind: wCall, fn: fn, args: make([]wnode, len(x.Arguments))}
		for i, a := range x.Arguments {
			if w.args[i], ok = b.build(a); !ok {
				return wnode{}, false
			}
		}
		return w, true
	case *ast.ConditionalNode:
		return b.list(wCond, x.Cond, x.Exp1, x.Exp2)
	case *ast.SequenceNode:
		return b.list(wSeq, x.Nodes...)
	case *ast.VariableDeclaratorNode:
		val, ok := b.build(x.Value)
		if !ok {
			return wnode{}, false
		}
		slot := b.nvars
		b.nvars++
		b.scopes = append(b.scopes, walkScope{x.Name, slot})
		body, ok := b.build(x.Expr)
		b.scopes = b.scopes[:len(b.scopes)-1]
		if !ok {
			return wnode{}, false
		}
		return wnode{kind: wLet, slot: slot, args: []wnode{val, body}}, true
	}
	return wnode{}, false
}

func (b *walkBuilder) list(kind wkind, nodes ...ast.Node) (wnode, bool) {
	w := wnode{kind: kind, args: make([]wnode, len(nodes))}
	for i, n := range nodes {
		var ok bool
		if w.args[i], ok = b.build(n); !ok {
			return wnode{}, false
		}
	}
	return w, true
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
	case wLocal:
		return r.vars[n.slot], nil
	case wLet:
		v, err := r.walk(&n.args[0], env)
		if err != nil {
			return nil, err
		}
		r.vars[n.slot] = v
		return r.walk(&n.args[1], env)
	case wCond:
		c, err := r.walk(&n.args[0], env)
		if err != nil {
			return nil, err
		}
		if c.(bool) { // always a bool: the lowering tests with __truthy and the like
			return r.walk(&n.args[1], env)
		}
		return r.walk(&n.args[2], env)
	case wSeq:
		var v any
		for i := range n.args {
			var err error
			if v, err = r.walk(&n.args[i], env); err != nil {
				return nil, err
			}
		}
		return v, nil
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
	if len(r.vars) < n.nvars {
		r.vars = make([]any, n.nvars)
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("%v", p)
		}
		clear(r.stack[:cap(r.stack)])
		r.stack = r.stack[:0]
		clear(r.vars)
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
