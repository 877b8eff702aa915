package expression

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/dop251/goja"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	exprparser "github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Options configure an Engine.
type Options struct {
	// AllowEnv lets $env read the environment Data provides; n8n blocks it
	// by default ("access to env vars denied").
	AllowEnv bool
	// MaxSteps bounds the callback invocations and loop iterations one
	// evaluation may perform (0 = DefaultMaxSteps).
	MaxSteps int
	// MaxDuration bounds the wall time of one evaluation (0 =
	// DefaultMaxDuration). Exceeding it is an error, never a silent value.
	MaxDuration time.Duration
}

// DefaultMaxDuration is the wall-time budget of one evaluation.
const DefaultMaxDuration = 30 * time.Second

// DefaultMaxSteps is the step budget of one evaluation when Options.MaxSteps is 0.
const DefaultMaxSteps = 10_000_000

// maxCached bounds the number of compiled programs an Engine keeps.
const maxCached = 20000

// Engine compiles and evaluates expressions. It is safe for concurrent use:
// compiled programs are cached per distinct source text and VMs are pooled.
type Engine struct {
	opts    Options
	globals map[string]any
	helpers map[string]func(args ...any) (any, error) // helperTable(), for walks
	noWalk  bool                                      // every program on the VM (tests compare both)

	compileMu sync.Mutex // expr's config caches are not safe for concurrent compiles
	cfg       *conf.Config

	cache  sync.Map // string → *Program
	cached atomic.Int64

	runners sync.Pool // *runner
	jsPool  sync.Pool // *jsruntime.Runtime for code that needs full JavaScript
}

// runner is a VM with its reusable env map, and the argument stack of
// walks (walk.go).
type runner struct {
	vm    vm.VM
	env   map[string]any
	stack []any
	st    *state // the state of the walk running
	vars  []any  // the let slots of the walk running
}

// New returns an Engine.
func New(opts Options) *Engine {
	if opts.MaxSteps <= 0 {
		opts.MaxSteps = DefaultMaxSteps
	}
	if opts.MaxDuration <= 0 {
		opts.MaxDuration = DefaultMaxDuration
	}
	e := &Engine{opts: opts}
	e.globals = newGlobals()
	e.helpers = helperTable()
	cfg := conf.CreateNew()
	opt := []expr.Option{expr.Env(map[string]any{}), expr.AllowUndefinedVariables(), expr.DisableAllBuiltins()}
	for name, fn := range e.helpers {
		opt = append(opt, expr.Function(name, fn))
	}
	for _, o := range opt {
		o(cfg)
	}
	for name := range cfg.Disabled {
		delete(cfg.Builtins, name)
	}
	cfg.Check()
	cfg.MaxNodes = 100000
	e.cfg = cfg
	e.runners.New = func() any { return &runner{env: make(map[string]any, 1)} }
	return e
}

// IsExpression reports whether a parameter value is an expression: a string
// starting with "=".
func IsExpression(v any) bool {
	s, ok := v.(string)
	return ok && strings.HasPrefix(s, "=")
}

// Program is a compiled expression parameter.
type Program struct {
	e     *Engine
	src   string
	whole bool   // "={{ code }}": the code's value is returned as is
	text  string // the result when the template holds no code
	parts []part
}

type part struct {
	text string
	prog *vm.Program   // nil for a text part
	walk *wnode        // prog as a walk when it can be one (walk.go)
	js   *goja.Program // code that needs full JavaScript (see jsfallback.go)
}

func (pt part) isText() bool { return pt.prog == nil && pt.js == nil }

// Compile compiles an expression parameter (including its leading "=").
// Compiled programs are cached per source text.
func (e *Engine) Compile(param string) (*Program, error) {
	if p, ok := e.cache.Load(param); ok {
		return p.(*Program), nil
	}
	p, err := e.compile(param)
	if err != nil {
		return nil, err
	}
	if e.cached.Load() < maxCached {
		if _, loaded := e.cache.LoadOrStore(param, p); !loaded {
			e.cached.Add(1)
		}
	}
	return p, nil
}

func (e *Engine) compile(param string) (*Program, error) {
	if err := checkSize(param); err != nil {
		return nil, err
	}
	tmpl := strings.TrimPrefix(param, "=")
	base := len(param) - len(tmpl)
	p := &Program{e: e, src: param}
	chunks := splitTemplate(tmpl)
	if len(chunks) == 1 {
		p.text = chunks[0].text
		return p, nil
	}
	p.whole = len(chunks) == 2 && chunks[0].text == ""
	for _, c := range chunks {
		if !c.code {
			if c.text != "" {
				p.parts = append(p.parts, part{text: c.text})
			}
			continue
		}
		prog, walk, err := e.compileCode(c.text, base+c.pos)
		if err != nil {
			js, ok := e.compileFallback(c.text, err)
			if !ok {
				return nil, err
			}
			p.parts = append(p.parts, part{js: js})
			continue
		}
		p.parts = append(p.parts, part{prog: prog, walk: walk})
	}
	return p, nil
}

// constructorRe mirrors n8n's textual check for ".constructor".
func hasConstructorAccess(code string) bool {
	for i := 0; i < len(code); i++ {
		if code[i] != '.' {
			continue
		}
		j := i + 1
		for j < len(code) && (code[j] == ' ' || code[j] == '\t' || code[j] == '\n' || code[j] == '\r') {
			j++
		}
		if strings.HasPrefix(code[j:], "constructor") {
			return true
		}
	}
	return false
}

func (e *Engine) compileCode(code string, off int) (prog *vm.Program, walk *wnode, err error) {
	if hasConstructorAccess(code) {
		return nil, nil, &Error{Message: "Expression contains invalid constructor function call", Position: off}
	}
	if strings.TrimSpace(code) == "" {
		return nil, nil, &Error{Message: "invalid syntax", Description: "empty expression", Position: off}
	}
	n, perr := parseCode(code, off)
	if perr != nil {
		var se *syntaxErr
		if errors.As(perr, &se) {
			return nil, nil, &Error{Message: "invalid syntax", Description: se.msg, Position: se.pos}
		}
		return nil, nil, &Error{Message: "invalid syntax", Description: perr.Error(), Position: off}
	}
	defer func() {
		if r := recover(); r != nil {
			le, ok := r.(lowerErr)
			if !ok {
				panic(r)
			}
			prog, walk, err = nil, nil, le.err
		}
	}()
	l := &lowerer{e: e}
	tree := l.lower(n)
	prog, walk, cerr := e.compileTree(tree)
	if cerr != nil {
		return nil, nil, &Error{Message: "invalid syntax", Description: cerr.Error(), Position: off}
	}
	return prog, walk, nil
}

// compileTree type-checks and compiles a lowered tree (no optimizer: every
// operation is a helper call that must run at evaluation time), and makes
// the checked tree a walk when it can be one.
func (e *Engine) compileTree(tree ast.Node) (*vm.Program, *wnode, error) {
	e.compileMu.Lock()
	defer e.compileMu.Unlock()
	t := &exprparser.Tree{Node: tree}
	if _, err := checker.Check(t, e.cfg); err != nil {
		return nil, nil, fmt.Errorf("check: %w", err)
	}
	prog, err := compiler.Compile(t, e.cfg)
	if err != nil {
		return nil, nil, err
	}
	var walk *wnode
	if w, ok := e.buildWalk(t.Node); ok && !e.noWalk {
		walk = &w
		walk.ownEnv = !walk.usesEnv()
	}
	return prog, walk, nil
}

// state is what the runtime helpers know about the evaluation in progress.
type state struct {
	ctx   context.Context
	d     Data
	e     *Engine
	steps int
	// deadline ends the evaluation (Options.MaxDuration); set by the
	// first time check, which comes after the first 1024 steps or the
	// first costly builtin (string methods charge steps, so it lives
	// here rather than in x, which would cost an allocation for them).
	deadline time.Time
	// x holds what few evaluations need, allocated on first use so the
	// common evaluation stays small.
	x *stateExtra
}

// stateExtra is the part of an evaluation's state most never use.
type stateExtra struct {
	// jsonStack holds the objects JSON.stringify is inside, to report cycles.
	jsonStack []*data.Object
	// owned are the objects this evaluation created: only these may be
	// changed in place (Object.assign). Objects are appended as they are
	// made (Array.from over 500,000 elements makes 500,000 of them) and
	// indexed into ownedSet only when a check needs it, which is rare.
	owned    []*data.Object
	ownedSet map[*data.Object]struct{}
	// cat holds the bytes of the last long string + built (see concat).
	cat []byte
	// now is $now and $today's instant: n8n builds them once per data
	// proxy, so `$now.diff($now.minus({hours: 2}))` is exactly 2 hours
	// (new Date() and DateTime.now() still read the clock each call).
	now time.Time
	// matches holds what match arrays carry beside their elements
	// (index, input, groups), keyed by the array's first element: Go
	// arrays are plain []any, and JavaScript drops these properties on
	// every copy (slice, spread, JSON) just as a new slice does here.
	matches map[*any]*matchMeta
	// envs are arrow-function call environments ready for reuse (see
	// closure.call).
	envs []map[string]any
}

// proxyNow is the instant of $now and $today in this evaluation.
func (s *state) proxyNow() time.Time {
	x := s.extra()
	if x.now.IsZero() {
		x.now = s.d.Now()
	}
	return x.now
}

func (s *state) extra() *stateExtra {
	if s.x == nil {
		s.x = &stateExtra{}
	}
	return s.x
}

// newObject makes an object that belongs to this evaluation.
func (s *state) newObject(n int) *data.Object {
	o := data.NewObject(n)
	s.own(o)
	return o
}

func (s *state) own(o *data.Object) {
	x := s.extra()
	x.owned = append(x.owned, o)
}

func (s *state) owns(o *data.Object) bool {
	if s.x == nil {
		return false
	}
	x := s.x
	if len(x.owned) > 0 {
		if x.ownedSet == nil {
			x.ownedSet = make(map[*data.Object]struct{}, len(x.owned))
		}
		for _, p := range x.owned {
			x.ownedSet[p] = struct{}{}
		}
		x.owned = x.owned[:0]
	}
	_, ok := x.ownedSet[o]
	return ok
}

// limitError stops an evaluation that exceeded its budget or was cancelled.
type limitError struct{ err error }

func (l *limitError) Error() string { return l.err.Error() }
func (l *limitError) Unwrap() error { return l.err }

// step counts one unit of work and checks the budget, the wall-time limit
// and the context.
func (s *state) step() error {
	s.steps++
	if s.steps > s.e.opts.MaxSteps {
		return &limitError{&Error{Message: "Expression exceeded the step limit"}}
	}
	if s.steps&1023 == 0 {
		return s.checkTime()
	}
	return nil
}

// stepN counts n units of work at once (builtins charge for the bytes or
// elements they produce) and checks the limits. A charge of nothing (a
// short string or array) reads no clock: per-item expressions call string
// and array methods millions of times, and step() still checks the time
// every 1024 steps.
func (s *state) stepN(n int) error {
	if n == 0 {
		return nil
	}
	s.steps += n
	if s.steps > s.e.opts.MaxSteps {
		return &limitError{&Error{Message: "Expression exceeded the step limit"}}
	}
	return s.checkTime()
}

func (s *state) checkTime() error {
	if s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			return &limitError{fmt.Errorf("expression evaluation stopped: %w", err)}
		}
	}
	now := time.Now()
	if s.deadline.IsZero() {
		s.deadline = now.Add(s.e.opts.MaxDuration)
	}
	if now.After(s.deadline) {
		return &limitError{&Error{Message: fmt.Sprintf("Expression exceeded the time limit (%s)", s.e.opts.MaxDuration)}}
	}
	return nil
}

// remaining is the wall time left to this evaluation.
func (s *state) remaining() time.Duration {
	if s.deadline.IsZero() {
		return s.e.opts.MaxDuration
	}
	return time.Until(s.deadline)
}

// run executes one program with a pooled VM, or as a walk when it is one.
func (e *Engine) run(st *state, prog *vm.Program, walk *wnode, env map[string]any) (any, error) {
	r := e.runners.Get().(*runner)
	if walk != nil && env == nil && walk.ownEnv {
		// A top-level walk that never reads the env as a whole needs no
		// env: its only entry, the state, is read from the runner.
		out, err := r.runWalk(st, walk, nil)
		e.runners.Put(r)
		if err != nil {
			return nil, unwrapRunError(err)
		}
		return out, nil
	}
	own := env == nil
	if own {
		env = r.env
		env[envState] = st
	}
	var out any
	var err error
	if walk != nil {
		out, err = r.runWalk(st, walk, env)
	} else {
		out, err = r.vm.Run(prog, env)
	}
	if own {
		r.env[envState] = nil
	}
	e.runners.Put(r)
	if err != nil {
		return nil, unwrapRunError(err)
	}
	return out, nil
}

// unwrapRunError digs the helper's error out of expr's wrapping.
func unwrapRunError(err error) error {
	var xe *Error
	var le *limitError
	var te *typeError
	switch {
	case errors.As(err, &le):
		return le
	case errors.As(err, &xe):
		return xe
	case errors.As(err, &te):
		return te
	}
	// Anything else is a Go runtime failure inside a helper (a conversion
	// that JavaScript would have reported as a TypeError).
	return &typeError{msg: err.Error()}
}

// Eval evaluates the program for one item. The result is a JSON-like Go
// value, data.Undefined, or a *DateTime / *JSDate (which marshal to ISO
// strings). n8n's own expression errors are returned as *Error; JavaScript
// TypeErrors inside the code are swallowed as n8n does.
func (p *Program) Eval(ctx context.Context, d Data) (any, error) {
	if p.parts == nil {
		return p.text, nil
	}
	// The step counter checks the context every 1024 steps of one
	// evaluation; a node evaluating millions of short expressions would
	// never reach that, so each evaluation checks it once first.
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, &limitError{fmt.Errorf("expression evaluation stopped: %w", err)}
		}
	}
	st := &state{ctx: ctx, d: d, e: p.e}
	if p.whole {
		if js := p.parts[0].js; js != nil {
			return p.e.runFallback(ctx, d, js, true)
		}
		v, err := p.e.run(st, p.parts[0].prog, p.parts[0].walk, nil)
		if err != nil {
			var te *typeError
			if errors.As(err, &te) {
				return undef, nil
			}
			return nil, err
		}
		return exportValue(v)
	}
	var b strings.Builder
	for _, pt := range p.parts {
		if pt.isText() {
			b.WriteString(pt.text)
			continue
		}
		if pt.js != nil {
			v, err := p.e.runFallback(ctx, d, pt.js, false)
			if err != nil {
				return nil, err
			}
			b.WriteString(renderChunk(v))
			continue
		}
		v, err := p.e.run(st, pt.prog, pt.walk, nil)
		if err != nil {
			var te *typeError
			if errors.As(err, &te) {
				continue
			}
			return nil, err
		}
		b.WriteString(renderChunk(v))
	}
	return b.String(), nil
}

// Evaluate compiles (cached) and evaluates param.
func (e *Engine) Evaluate(ctx context.Context, param string, d Data) (any, error) {
	p, err := e.Compile(param)
	if err != nil {
		return nil, err
	}
	return p.Eval(ctx, d)
}

// Source is the expression text the program was compiled from.
func (p *Program) Source() string { return p.src }

// renderChunk converts one {{ }} value for template mode: null, undefined,
// NaN and "" vanish; everything else is String(v).
func renderChunk(v any) string {
	if !truthy(v) {
		switch x := v.(type) {
		case float64:
			if x == 0 {
				return "0"
			}
		case bool:
			return "false"
		}
		return ""
	}
	return toString(v)
}

// RenderJSON renders an evaluation result as JSON the way n8n stores it
// (JSON.stringify, keys sorted); ok is false for undefined, which has no
// JSON form.
func RenderJSON(v any) (out []byte, ok bool, err error) {
	if data.IsUndefined(v) {
		return nil, false, nil
	}
	v, err = exportValue(v)
	if err != nil {
		return nil, false, err
	}
	b, err := data.MarshalValue(v)
	return b, err == nil, err
}

// exportValue turns runtime-only values in a whole-expression result into
// plain values (functions are an error, as in n8n).
func exportValue(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool, float64, string, data.UndefinedType, *DateTime, *jsDate:
		return v, nil
	case *closure, *builtinFn:
		return nil, &Error{Message: "this is a function, please add ()"}
	case *jsGlobal:
		if x.name == "DateTime" {
			return nil, &Error{Message: "this is a DateTime, please access its methods"}
		}
		if typeOf(x) == "object" {
			// Math, JSON and Intl are plain objects whose members are all
			// functions: n8n's result is {}.
			return data.NewObject(0), nil
		}
		return nil, &Error{Message: "this is a function, please add ()"}
	case []any:
		isPlain, cyc := inspect(x, 0, nil)
		if cyc {
			return nil, &Error{Message: "Converting circular structure to JSON"}
		}
		if isPlain {
			return x, nil
		}
		for i, e := range x {
			if !plain(e) {
				out := make([]any, len(x))
				copy(out, x)
				for j := i; j < len(x); j++ {
					out[j] = exportInner(x[j])
				}
				return out, nil
			}
		}
		return x, nil
	case *data.Object:
		isPlain, cyc := inspect(x, 0, nil)
		if cyc {
			return nil, &Error{Message: "Converting circular structure to JSON"}
		}
		if isPlain {
			return x, nil
		}
		return exportInner(x), nil
	}
	return exportInner(v), nil
}

// inspect walks a result once and reports whether it holds only JSON
// values (plain) and whether it contains itself (Object.assign(o, {self:
// o})), which has no JSON form and would make every later walk endless.
// Ancestors are remembered only below depth 32: a cycle repeats forever,
// so it is still found there, and ordinary documents cost no allocation.
func inspect(v any, depth int, path []unsafe.Pointer) (isPlain, cyc bool) {
	var p unsafe.Pointer
	switch x := v.(type) {
	case nil, bool, float64, string, data.UndefinedType, int, int64, *DateTime, *jsDate:
		return true, false
	case *data.Object:
		p = unsafe.Pointer(x)
	case []any:
		if len(x) == 0 {
			return true, false
		}
		p = unsafe.Pointer(&x[0])
	default:
		return false, false
	}
	if depth > data.MaxJSONDepth {
		return false, true
	}
	if depth >= 32 {
		for _, q := range path {
			if q == p {
				return false, true
			}
		}
		path = append(path, p)
	}
	isPlain = true
	check := func(e any) bool {
		pl, c := inspect(e, depth+1, path)
		isPlain = isPlain && pl
		cyc = cyc || c
		return !cyc
	}
	switch x := v.(type) {
	case *data.Object:
		for _, e := range x.All() {
			if !check(e) {
				break
			}
		}
	case []any:
		for _, e := range x {
			if !check(e) {
				break
			}
		}
	}
	return isPlain, cyc
}

func plain(v any) bool {
	switch x := v.(type) {
	case nil, bool, float64, string, data.UndefinedType, int, int64, *DateTime, *jsDate:
		return true
	case []any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
		return true
	case *data.Object:
		for _, e := range x.All() {
			if !plain(e) {
				return false
			}
		}
		return true
	}
	return false
}

// exportInner converts nested runtime values: functions vanish (as
// JSON.stringify drops them), proxies become their plain form.
func exportInner(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = exportInner(e)
		}
		return out
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			out.Set(k, exportInner(e))
		}
		return out
	case *jsGlobal:
		if typeOf(x) == "object" {
			return data.NewObject(0)
		}
		return undef
	case *closure, *builtinFn:
		return undef
	case *regex:
		return data.NewObject(0)
	case *lxDuration:
		return x.toISO()
	case plainer:
		return x.plain()
	}
	return normNum(v)
}

// plainer is implemented by runtime proxies that have a plain-value form.
type plainer interface{ plain() any }
