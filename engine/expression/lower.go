package expression

import (
	"fmt"
	"math"
	"strconv"

	"github.com/expr-lang/expr/ast"
)

// Lowering turns the JavaScript syntax tree into an expr syntax tree in which
// every JavaScript-sensitive operation is a call to one of our runtime
// helpers (see helpers.go). expr contributes the bytecode compiler, the VM,
// short-circuit jumps and let bindings.

// envState is the env key holding the per-evaluation *state.
const envState = "__s"

// unsafeProps are property names n8n refuses for security reasons.
var unsafeProps = map[string]bool{
	"__proto__": true, "prototype": true, "constructor": true, "getPrototypeOf": true,
	"setPrototypeOf": true, "getOwnPropertyDescriptor": true, "getOwnPropertyDescriptors": true,
	"defineProperty": true, "defineProperties": true, "mainModule": true, "binding": true,
	"_linkedBinding": true, "_load": true, "prepareStackTrace": true, "__lookupGetter__": true,
	"__lookupSetter__": true, "__defineGetter__": true, "__defineSetter__": true, "caller": true,
	"callee": true, "arguments": true, "getBuiltinModule": true, "dlopen": true, "execve": true,
	"loadEnvFile": true,
}

// deniedGlobals evaluate to an empty object in n8n.
var deniedGlobals = map[string]bool{
	"document": true, "global": true, "Window": true, "globalThis": true, "self": true,
	"alert": true, "prompt": true, "confirm": true, "eval": true, "uneval": true, "setTimeout": true,
	"setInterval": true, "setImmediate": true, "clearImmediate": true, "queueMicrotask": true,
	"Function": true, "require": true, "module": true, "Buffer": true, "__dirname": true, "__filename": true,
	"fetch": true, "XMLHttpRequest": true, "Promise": true, "Generator": true, "GeneratorFunction": true,
	"AsyncFunction": true, "AsyncGenerator": true, "AsyncGeneratorFunction": true, "WebAssembly": true,
	"Reflect": true, "Proxy": true, "escape": true, "unescape": true, "process": true,
}

type lowerer struct {
	e      *Engine
	tmp    int
	locals []map[string]bool // names bound in enclosing functions
	lets   []string          // let-bound names visible here (passed to closures)
	guards *[]guard
}

type guard struct {
	name  string
	value ast.Node
}

// lowerErr is a compile-time expression error raised while lowering.
type lowerErr struct{ err *Error }

func (l *lowerer) fail(pos int, msg string) {
	panic(lowerErr{&Error{Message: msg, Position: pos}})
}

func call(name string, args ...ast.Node) ast.Node {
	return &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args}
}

func constant(v any) ast.Node { return &ast.ConstantNode{Value: v} }

func stateNode() ast.Node { return &ast.IdentifierNode{Value: envState} }

func (l *lowerer) newTemp() string {
	l.tmp++
	return "_t" + strconv.Itoa(l.tmp)
}

func (l *lowerer) isLocal(name string) bool {
	for i := len(l.locals) - 1; i >= 0; i-- {
		if l.locals[i][name] {
			return true
		}
	}
	return false
}

func localName(name string) string { return "L_" + name }

func (l *lowerer) lower(n jsNode) ast.Node {
	switch x := n.(type) {
	case *numLit:
		return constant(x.v)
	case *strLit:
		return constant(x.v)
	case *boolLit:
		return &ast.BoolNode{Value: x.v}
	case *nullLit:
		return &ast.NilNode{}
	case *thisExpr:
		return call("__this")
	case *ident:
		return l.identifier(x)
	case *tmplLit:
		args := make([]ast.Node, 0, len(x.quasi)+len(x.exprs))
		for i, q := range x.quasi {
			args = append(args, constant(q))
			if i < len(x.exprs) {
				args = append(args, l.lower(x.exprs[i]))
			}
		}
		return call("__tpl", args...)
	case *regexLit:
		re, err := newRegex(x.pattern, x.flags)
		if err != nil {
			l.fail(x.pos, err.Error())
		}
		return constant(re)
	case *arrayLit:
		args := make([]ast.Node, 0, len(x.elems))
		for _, el := range x.elems {
			if el == nil {
				args = append(args, constant(undef))
				continue
			}
			args = append(args, l.lower(el))
		}
		return call("__arr", args...)
	case *spreadEl:
		return call("__spread", l.lower(x.x))
	case *objectLit:
		args := make([]ast.Node, 0, 2*len(x.props))
		for _, p := range x.props {
			switch {
			case p.spread:
				args = append(args, constant(spreadKey{}), l.lower(p.value))
			case p.computed != nil:
				args = append(args, call("__key", l.lower(p.computed)), l.lower(p.value))
			default:
				args = append(args, constant(p.key), l.lower(p.value))
			}
		}
		return call("__obj", append([]ast.Node{stateNode()}, args...)...)
	case *memberExpr:
		obj := l.chainObject(x.obj, x.optional)
		if x.computed != nil {
			if s, ok := x.computed.(*strLit); ok {
				l.checkProp(x.pos, s.v)
				if matchProps[s.v] {
					return call("__getm", stateNode(), obj, constant(s.v))
				}
				return call("__get", obj, constant(s.v))
			}
			return call("__getc", obj, l.lower(x.computed))
		}
		l.checkProp(x.pos, x.prop)
		if matchProps[x.prop] {
			return call("__getm", stateNode(), obj, constant(x.prop))
		}
		return call("__get", obj, constant(x.prop))
	case *callExpr:
		return l.callExpr(x)
	case *chainExpr:
		saved := l.guards
		var gs []guard
		l.guards = &gs
		body := l.lower(x.x)
		l.guards = saved
		for i := len(gs) - 1; i >= 0; i-- {
			g := gs[i]
			body = &ast.VariableDeclaratorNode{Name: g.name, Value: g.value, Expr: &ast.ConditionalNode{
				Cond: call("__nullish", &ast.IdentifierNode{Value: g.name}),
				Exp1: constant(undef),
				Exp2: body,
			}}
		}
		return body
	case *newExpr:
		args := []ast.Node{stateNode(), l.lower(x.callee)}
		args = append(args, l.args(x.args)...)
		return call("__new", args...)
	case *unaryExpr:
		v := l.lower(x.x)
		switch x.op {
		case "!":
			return call("__not", v)
		case "-":
			if c, ok := v.(*ast.ConstantNode); ok {
				if f, ok := c.Value.(float64); ok {
					return constant(-f)
				}
			}
			return call("__neg", v)
		case "+":
			return call("__pos", v)
		case "~":
			return call("__bnot", v)
		case "typeof":
			return call("__typeof", v)
		case "void":
			return call("__void", v)
		case "delete":
			l.fail(x.pos, "delete is not supported in expressions")
		}
	case *binaryExpr:
		a, b := l.lower(x.l), l.lower(x.r)
		name, ok := binaryHelpers[x.op]
		if !ok {
			l.fail(x.pos, "unsupported operator "+x.op)
		}
		if x.op == "+" {
			// + gets the evaluation state: repeated appends to one string
			// reuse its buffer (see state.concat).
			return call(name, stateNode(), a, b)
		}
		return call(name, a, b)
	case *logicalExpr:
		left := l.lower(x.l)
		right := l.lower(x.r)
		t := l.newTemp()
		ref := &ast.IdentifierNode{Value: t}
		var cond ast.Node
		switch x.op {
		case "&&":
			cond = &ast.ConditionalNode{Cond: call("__truthy", ref), Exp1: right, Exp2: &ast.IdentifierNode{Value: t}}
		case "||":
			cond = &ast.ConditionalNode{Cond: call("__truthy", ref), Exp1: &ast.IdentifierNode{Value: t}, Exp2: right}
		default:
			cond = &ast.ConditionalNode{Cond: call("__nullish", ref), Exp1: right, Exp2: &ast.IdentifierNode{Value: t}}
		}
		return &ast.VariableDeclaratorNode{Name: t, Value: left, Expr: cond}
	case *condExpr:
		return &ast.ConditionalNode{Cond: call("__truthy", l.lower(x.test)), Exp1: l.lower(x.cons), Exp2: l.lower(x.alt)}
	case *seqExpr:
		nodes := make([]ast.Node, len(x.list))
		for i, e := range x.list {
			nodes[i] = l.lower(e)
		}
		return &ast.SequenceNode{Nodes: nodes}
	case *arrowFn:
		return l.arrow(x)
	}
	l.fail(n.at(), fmt.Sprintf("unsupported syntax %T", n))
	return nil
}

var binaryHelpers = map[string]string{
	"+": "__add", "-": "__sub", "*": "__mul", "/": "__div", "%": "__mod", "**": "__pow",
	"==": "__eq", "!=": "__ne", "===": "__seq", "!==": "__sne",
	"<": "__lt", ">": "__gt", "<=": "__le", ">=": "__ge",
	"in": "__in", "instanceof": "__instanceof",
	"&": "__band", "|": "__bor", "^": "__bxor", "<<": "__shl", ">>": "__shr", ">>>": "__ushr",
}

func (l *lowerer) checkProp(pos int, name string) {
	if unsafeProps[name] {
		l.fail(pos, fmt.Sprintf("Cannot access %q due to security concerns", name))
	}
}

// chainObject lowers the object of a member access or call; for an optional
// link it binds the object to a temporary guarded by the enclosing chain.
func (l *lowerer) chainObject(obj jsNode, optional bool) ast.Node {
	v := l.lower(obj)
	if !optional || l.guards == nil {
		return v
	}
	t := l.newTemp()
	*l.guards = append(*l.guards, guard{name: t, value: v})
	return &ast.IdentifierNode{Value: t}
}

func (l *lowerer) args(list []jsNode) []ast.Node {
	out := make([]ast.Node, len(list))
	for i, a := range list {
		out[i] = l.lower(a)
	}
	return out
}

func hasSpread(list []jsNode) bool {
	for _, a := range list {
		if _, ok := a.(*spreadEl); ok {
			return true
		}
	}
	return false
}

func (l *lowerer) callExpr(x *callExpr) ast.Node {
	switch c := x.callee.(type) {
	case *memberExpr:
		recv := l.chainObject(c.obj, c.optional)
		var name ast.Node
		if c.computed != nil {
			if s, ok := c.computed.(*strLit); ok {
				l.checkProp(c.pos, s.v)
				name = constant(s.v)
			} else {
				name = call("__key", l.lower(c.computed))
			}
		} else {
			l.checkProp(c.pos, c.prop)
			name = constant(c.prop)
		}
		helper := "__call"
		if x.optional {
			helper = "__callopt"
		}
		if hasSpread(x.args) {
			return call(helper+"a", stateNode(), recv, name, call("__arr", l.args(x.args)...))
		}
		return call(helper, append([]ast.Node{stateNode(), recv, name}, l.args(x.args)...)...)
	case *ident:
		if !l.isLocal(c.name) {
			switch c.name {
			case "$":
				if len(x.args) == 0 {
					return call("__nodeerr")
				}
				return call("__node", stateNode(), l.lower(x.args[0]))
			case "$if":
				if len(x.args) < 2 {
					panic(lowerErr{&Error{Message: "invalid syntax", Description: "$if requires at least 2 parameters: test, value_if_true[, and value_if_false]", Position: x.pos}})
				}
				var alt ast.Node = &ast.BoolNode{Value: false}
				if len(x.args) > 2 {
					alt = l.lower(x.args[2])
				}
				return &ast.ConditionalNode{Cond: call("__truthy", l.lower(x.args[0])), Exp1: l.lower(x.args[1]), Exp2: alt}
			}
		}
	}
	fn := l.chainObject(x.callee, x.optional)
	if hasSpread(x.args) {
		return call("__invokea", stateNode(), fn, call("__arr", l.args(x.args)...))
	}
	return call("__invoke", append([]ast.Node{stateNode(), fn}, l.args(x.args)...)...)
}

func (l *lowerer) identifier(x *ident) ast.Node {
	if l.isLocal(x.name) {
		return &ast.IdentifierNode{Value: localName(x.name)}
	}
	switch x.name {
	case "undefined":
		return constant(undef)
	case "NaN":
		return constant(math.NaN())
	case "Infinity":
		return constant(math.Inf(1))
	case "$json", "$data":
		return call("__json", stateNode())
	case "$":
		l.fail(x.pos, `Cannot access "$" without calling it as a function`)
	}
	if g, ok := l.e.globals[x.name]; ok {
		return constant(g)
	}
	if deniedGlobals[x.name] {
		return call("__obj", stateNode())
	}
	// n8n reads a free name as a property of its sandbox object, so the
	// prototype sanitizer sees a bare `constructor` as well.
	l.checkProp(x.pos, x.name)
	if len(x.name) > 1 && x.name[0] == '$' {
		return call("__var", stateNode(), constant(x.name))
	}
	// n8n's data proxy answers every other name with undefined.
	return constant(undef)
}

// arrow compiles an arrow function's body as its own program; the closure
// value captures the environment it was created in.
func (l *lowerer) arrow(x *arrowFn) ast.Node {
	proto := &funcProto{}
	inner := &lowerer{e: l.e, locals: append(append([]map[string]bool(nil), l.locals...), map[string]bool{})}
	scope := inner.locals[len(inner.locals)-1]
	// Lets of the enclosing function are captured by value into the env.
	captured := []ast.Node{constant(proto), &ast.IdentifierNode{Value: "$env"}}
	for _, name := range l.lets {
		captured = append(captured, constant(name), &ast.IdentifierNode{Value: name})
	}
	type binding struct {
		pat *pattern
		arg string
	}
	var complex []binding
	for i, p := range x.params {
		switch {
		case p.name == "\x00rest":
			if p.rest.name == "" {
				l.fail(x.pos, "unsupported rest parameter")
			}
			proto.rest = localName(p.rest.name)
			scope[p.rest.name] = true
		case p.name != "" && p.def == nil:
			proto.params = append(proto.params, localName(p.name))
			scope[p.name] = true
		default:
			arg := "A_" + strconv.Itoa(i)
			proto.params = append(proto.params, arg)
			complex = append(complex, binding{p, arg})
			declare(scope, p)
		}
	}
	var body func() ast.Node
	if x.body != nil {
		body = func() ast.Node { return inner.lower(x.body) }
	} else {
		body = func() ast.Node { return inner.stmts(x.block) }
	}
	// Bind destructured parameters, innermost last.
	var build func(i int) ast.Node
	build = func(i int) ast.Node {
		if i == len(complex) {
			return body()
		}
		b := complex[i]
		return inner.bindPattern(b.pat, &ast.IdentifierNode{Value: b.arg}, func() ast.Node { return build(i + 1) })
	}
	tree := build(0)
	prog, walk, err := l.e.compileTree(tree)
	if err != nil {
		l.fail(x.pos, err.Error())
	}
	proto.prog, proto.walk = prog, walk
	return call("__fn", captured...)
}

func declare(scope map[string]bool, p *pattern) {
	if p == nil {
		return
	}
	if p.name != "" && p.name != "\x00rest" {
		scope[p.name] = true
	}
	for _, e := range p.arr {
		declare(scope, e)
	}
	declare(scope, p.rest)
	for _, o := range p.obj {
		declare(scope, o.pat)
	}
}

// bindPattern binds the names of p to parts of value with let bindings
// around the node built by rest.
func (l *lowerer) bindPattern(p *pattern, value ast.Node, rest func() ast.Node) ast.Node {
	if p.def != nil {
		t := l.newTemp()
		def := l.lower(p.def)
		inner := *p
		inner.def = nil
		return &ast.VariableDeclaratorNode{Name: t, Value: value, Expr: l.bindPattern(&inner, &ast.ConditionalNode{
			Cond: call("__isundef", &ast.IdentifierNode{Value: t}),
			Exp1: def,
			Exp2: &ast.IdentifierNode{Value: t},
		}, rest)}
	}
	if p.name != "" {
		name := localName(p.name)
		l.lets = append(l.lets, name)
		return &ast.VariableDeclaratorNode{Name: name, Value: value, Expr: rest()}
	}
	t := l.newTemp()
	ref := func() ast.Node { return &ast.IdentifierNode{Value: t} }
	var parts []func(next func() ast.Node) ast.Node
	if p.isArr {
		for i, e := range p.arr {
			if e == nil {
				continue
			}
			i, e := i, e
			parts = append(parts, func(next func() ast.Node) ast.Node {
				return l.bindPattern(e, call("__getc", ref(), constant(float64(i))), next)
			})
		}
		if p.rest != nil {
			n := len(p.arr)
			parts = append(parts, func(next func() ast.Node) ast.Node {
				return l.bindPattern(p.rest, call("__restarr", ref(), constant(float64(n))), next)
			})
		}
	} else {
		for _, o := range p.obj {
			o := o
			parts = append(parts, func(next func() ast.Node) ast.Node {
				return l.bindPattern(o.pat, call("__get", ref(), constant(o.key)), next)
			})
		}
	}
	var chain func(i int) ast.Node
	chain = func(i int) ast.Node {
		if i == len(parts) {
			return rest()
		}
		return parts[i](func() ast.Node { return chain(i + 1) })
	}
	return &ast.VariableDeclaratorNode{Name: t, Value: call("__destructurable", value), Expr: chain(0)}
}

// stmts lowers an arrow function's block body into nested lets and
// conditionals: the value is that of the first return reached.
func (l *lowerer) stmts(list []jsStmt) ast.Node {
	if len(list) == 0 {
		return constant(undef)
	}
	switch s := list[0].(type) {
	case returnStmt:
		return l.lower(s.x)
	case declStmt:
		l.locals = append(l.locals, map[string]bool{})
		declare(l.locals[len(l.locals)-1], s.pat)
		saved := len(l.lets)
		init := l.lower(s.init)
		n := l.bindPattern(s.pat, init, func() ast.Node { return l.stmts(list[1:]) })
		l.lets = l.lets[:saved]
		l.locals = l.locals[:len(l.locals)-1]
		return n
	case ifStmt:
		test := call("__truthy", l.lower(s.test))
		cons := l.stmts(append(append([]jsStmt(nil), s.cons...), list[1:]...))
		alt := l.stmts(append(append([]jsStmt(nil), s.alt...), list[1:]...))
		return &ast.ConditionalNode{Cond: test, Exp1: cons, Exp2: alt}
	case exprStmt:
		return &ast.SequenceNode{Nodes: []ast.Node{l.lower(s.x), l.stmts(list[1:])}}
	}
	return constant(undef)
}
