package expression

import (
	"github.com/expr-lang/expr/vm"
	"github.com/n8n-go/n8n-go/engine/data"
)

// funcProto is a compiled arrow function: its body program and the env keys
// its parameters bind to.
type funcProto struct {
	params []string
	rest   string
	prog   *vm.Program
	walk   *wnode // prog as a walk when it can be one (walk.go)
}

// closure is an arrow function value: the proto plus the env it was created
// in (outer parameters, captured lets and the evaluation state).
type closure struct {
	proto *funcProto
	env   map[string]any
}

// newClosure builds a closure from __fn(proto, $env, name1, val1, …).
func newClosure(a []any) *closure {
	proto := a[0].(*funcProto)
	parent, _ := a[1].(map[string]any)
	env := make(map[string]any, len(parent)+len(a)/2+len(proto.params))
	for k, v := range parent {
		env[k] = v
	}
	for i := 2; i+1 < len(a); i += 2 {
		env[a[i].(string)] = a[i+1]
	}
	return &closure{proto: proto, env: env}
}

func (c *closure) call(st *state, args []any) (any, error) {
	if err := st.step(); err != nil {
		return nil, err
	}
	// The call's environment is only read while its body runs: closures
	// made inside copy it (newClosure), so the map goes back to the
	// evaluation for the next call (Array.from and map callbacks run once
	// per element).
	x := st.extra()
	var env map[string]any
	if n := len(x.envs); n > 0 {
		env = x.envs[n-1]
		x.envs = x.envs[:n-1]
	} else {
		env = make(map[string]any, len(c.env)+len(c.proto.params)+1)
	}
	defer func() {
		clear(env)
		x.envs = append(x.envs, env)
	}()
	for k, v := range c.env {
		env[k] = v
	}
	for i, name := range c.proto.params {
		if i < len(args) {
			env[name] = args[i]
		} else {
			env[name] = undef
		}
	}
	if c.proto.rest != "" {
		var rest []any
		if len(args) > len(c.proto.params) {
			rest = append(rest, args[len(c.proto.params):]...)
		}
		if rest == nil {
			rest = []any{}
		}
		env[c.proto.rest] = rest
	}
	env[envState] = st
	return st.e.run(st, c.proto.prog, c.proto.walk, env)
}

// builtinFn is a native function value (parseInt, $ifEmpty, Math.max used
// as a callback, …).
type builtinFn struct {
	name string
	fn   func(st *state, this any, args []any) (any, error)
}

// callFunction calls a function value with JavaScript semantics.
func callFunction(st *state, fn any, this any, args []any) (any, error) {
	switch f := fn.(type) {
	case *closure:
		return f.call(st, args)
	case *builtinFn:
		return f.fn(st, this, args)
	case *jsGlobal:
		return f.callAsFunction(st, args)
	}
	return nil, typeErrorf(describe(fn) + " is not a function")
}

// argsBuf returns a slice of n arguments for one call of fn from a
// callback loop: a closure copies its arguments into its environment
// (closure.call), so one slice serves every call of the loop; builtins may
// keep the slice they are given, so they get a fresh one each time.
func argsBuf(fn any, buf []any, n int) []any {
	if _, ok := fn.(*closure); ok && cap(buf) >= n {
		return buf[:n]
	}
	return make([]any, n)
}

func isCallable(v any) bool {
	switch v.(type) {
	case *closure, *builtinFn, *jsGlobal:
		return true
	}
	return false
}

// describe names a value in TypeError messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return `"` + x + `"`
	case *data.Object:
		return "#<Object>"
	case []any:
		return toString(x)
	}
	return toString(v)
}

// invoke calls a function value: f(args).
func invoke(st *state, fn any, this any, args []any) (any, error) {
	return callFunction(st, fn, this, args)
}

// arg returns args[i] or undefined.
func arg(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return undef
}
