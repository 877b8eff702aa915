package jsruntime

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Options configure a Runtime.
type Options struct {
	// Timeout bounds one node run (0: DefaultTimeout). n8n's task runner
	// stops a task after N8N_RUNNERS_TASK_TIMEOUT (300 s).
	Timeout time.Duration
	// MaxHeapGrowth ends the script when the Go heap grew by more than
	// this many bytes since the run started (0: DefaultMaxHeapGrowth).
	MaxHeapGrowth uint64
	// AllowBuiltin and AllowExternal are NODE_FUNCTION_ALLOW_BUILTIN and
	// NODE_FUNCTION_ALLOW_EXTERNAL split on commas ("*" allows all).
	AllowBuiltin  []string
	AllowExternal []string
	// Console receives console.log/info/warn/error/debug lines.
	Console func(level, line string)
	// Bridge gives access to the expression evaluator's Luxon and
	// extension implementation (nil: DateTime, $now… are unavailable).
	Bridge Bridge
	// HTTP performs this.helpers.httpRequest(WithAuthentication) (nil: the
	// helpers throw).
	HTTP HTTPHelper
	// StaticData backs $getWorkflowStaticData (nil: an object that lives
	// as long as the node run).
	StaticData StaticData
}

// StaticData is the workflow's static data as scripts change it: a script
// gets a copy of kind's object, given back with Set by SaveStatic.
type StaticData interface {
	WorkflowStaticData(kind string) (*data.Object, error)
	SetWorkflowStaticData(kind string, o *data.Object) error
}

// DefaultTimeout is the time limit of one node run when Options.Timeout is 0.
const DefaultTimeout = 300 * time.Second

// DefaultMaxHeapGrowth is the allocation budget when Options.MaxHeapGrowth is 0.
const DefaultMaxHeapGrowth = 1 << 30

// Runtime is one goja interpreter set up with n8n's environment. It is not
// safe for concurrent use.
type Runtime struct {
	vm     *goja.Runtime
	opts   Options
	ctx    context.Context
	bridge Bridge

	deadline time.Time
	heapBase uint64

	progs     map[progKey]compiled
	timers    timerQueue
	stopWatch func()
	// lastSource is the wrapped source of the script running, for error
	// texts that quote it.
	lastSource string
	// exprMode: the runtime evaluates expressions (InstallExtensions).
	exprMode bool

	// statics are the static data objects scripts asked for (SaveStatic).
	statics []staticBinding

	mu      sync.Mutex
	stopErr error // why the watchdog interrupted the script

	foreignProto *goja.Object
	env          *env
}

type progKey struct{ name, code string }

type compiled struct {
	fn  goja.Callable
	src string // the wrapped source, for error texts that quote it
}

// Limit errors. The node reports them as the node's error.
var (
	ErrMemory = errors.New("the script used too much memory and was stopped")
)

// TimeoutError is n8n's task timeout.
type TimeoutError struct{ Timeout time.Duration }

func (e *TimeoutError) Error() string {
	s := int(e.Timeout / time.Second)
	unit := "seconds"
	if s == 1 {
		unit = "second"
	}
	if e.Timeout < time.Second {
		return fmt.Sprintf("Task execution timed out after %v", e.Timeout)
	}
	return fmt.Sprintf("Task execution timed out after %d %s", s, unit)
}

// New returns a Runtime; ctx cancellation interrupts running scripts.
func New(ctx context.Context, opts Options) *Runtime {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxHeapGrowth == 0 {
		opts.MaxHeapGrowth = DefaultMaxHeapGrowth
	}
	vm := goja.New()
	vm.SetMaxCallStackSize(10000)
	r := &Runtime{vm: vm, opts: opts, ctx: ctx, bridge: opts.Bridge, progs: map[progKey]compiled{}}
	r.installBase()
	return r
}

// VM is the underlying interpreter.
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// heapBytes is the live heap as the runtime last measured it (cheap).
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// checkLimits is called from Go code that loops (conversions) so that long
// conversions honour the limits too.
func (r *Runtime) checkLimits() error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if !r.deadline.IsZero() && time.Now().After(r.deadline) {
		return &TimeoutError{Timeout: r.opts.Timeout}
	}
	if heapBytes() > r.heapBase+r.opts.MaxHeapGrowth {
		return ErrMemory
	}
	return nil
}

// interrupt stops the running script with err (first reason wins).
func (r *Runtime) interrupt(err error) {
	r.mu.Lock()
	if r.stopErr == nil {
		r.stopErr = err
	}
	r.mu.Unlock()
	r.vm.Interrupt(err)
}

// watch interrupts the VM on cancellation, at the deadline and, when heap
// is set, on heap growth, until the returned stop function is called.
// Cancellation and the deadline cost no goroutine; the heap watch polls.
func (r *Runtime) watch(heap bool) (stop func()) {
	r.mu.Lock()
	r.stopErr = nil
	r.mu.Unlock()
	r.vm.ClearInterrupt()
	ctx := r.ctx
	stopCtx := context.AfterFunc(ctx, func() { r.interrupt(ctx.Err()) })
	var deadline *time.Timer
	if !r.deadline.IsZero() {
		deadline = time.AfterFunc(time.Until(r.deadline), func() { r.interrupt(&TimeoutError{Timeout: r.opts.Timeout}) })
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	if heap {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					return
				case <-tick.C:
					if heapBytes() > r.heapBase+r.opts.MaxHeapGrowth {
						r.interrupt(ErrMemory)
						return
					}
				}
			}
		}()
	}
	return func() {
		stopCtx()
		if deadline != nil {
			deadline.Stop()
		}
		close(done)
		wg.Wait()
	}
}

// Start begins a node run: the time limit and heap budget count from
// here, and the watchdog runs until Stop.
func (r *Runtime) Start() {
	r.Stop()
	r.deadline = time.Now().Add(r.opts.Timeout)
	r.heapBase = heapBytes()
	r.stopWatch = r.watch(true)
}

// Stop ends the watchdog started by Start.
func (r *Runtime) Stop() {
	if r.stopWatch != nil {
		r.stopWatch()
		r.stopWatch = nil
	}
}

// compileBody compiles code as the body of an async function (as n8n's
// generateScript does) once per source text and returns the function.
func (r *Runtime) compileBody(name, code string) (goja.Callable, error) {
	key := progKey{name, code}
	if p, ok := r.progs[key]; ok {
		r.lastSource = p.src
		return p.fn, nil
	}
	src := "(async function() {" + code + "\n})"
	r.lastSource = src
	prog, err := goja.Compile(name, src, false)
	if err != nil {
		return nil, syntaxError(err)
	}
	v, err := r.vm.RunProgram(prog)
	if err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return nil, errors.New("jsruntime: compiled body is not a function")
	}
	r.progs[key] = compiled{fn: fn, src: src}
	return fn, nil
}

// RunBody runs code as the body of an async function (top-level await and
// return allowed), waits for its promise, and returns the settled value.
// A script error is a *ScriptError; a limit is the limit's error.
func (r *Runtime) RunBody(name, code string) (goja.Value, error) {
	if r.stopWatch == nil {
		r.Start()
		defer r.Stop()
	}
	if err := r.stopped(); err != nil {
		return nil, err
	}
	fn, err := r.compileBody(name, code)
	if err != nil {
		return nil, r.limitOr(err)
	}
	res, err := fn(r.vm.GlobalObject())
	if err != nil {
		return nil, r.limitOr(err)
	}
	return r.await(res)
}

// await settles a promise, running timers while it is pending.
func (r *Runtime) await(v goja.Value) (goja.Value, error) {
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return v, nil
	}
	for p.State() == goja.PromiseStatePending {
		if !r.timers.runNext(r) {
			break
		}
		if err := r.stopped(); err != nil {
			return nil, err
		}
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return p.Result(), nil
	case goja.PromiseStateRejected:
		if err := r.stopped(); err != nil {
			return nil, err
		}
		return nil, r.scriptError(p.Result())
	}
	if err := r.stopped(); err != nil {
		return nil, err
	}
	// Nothing left that could settle the promise: n8n would wait until
	// its task timeout.
	return nil, &TimeoutError{Timeout: r.opts.Timeout}
}

func (r *Runtime) stopped() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stopErr
}

// limitOr turns an interrupt into the limit's error and a thrown value
// into a *ScriptError.
func (r *Runtime) limitOr(err error) error {
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		if e, ok := ie.Value().(error); ok {
			return e
		}
		return err
	}
	if err := r.stopped(); err != nil {
		return err
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return r.scriptError(ex.Value())
	}
	var se *ScriptError
	if errors.As(err, &se) {
		return se
	}
	var sx *goja.StackOverflowError
	if errors.As(err, &sx) {
		return &ScriptError{Name: "RangeError", Message: "Maximum call stack size exceeded", HasStack: true}
	}
	return err
}
