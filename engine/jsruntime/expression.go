package jsruntime

import (
	"context"
	"time"

	"github.com/dop251/goja"
)

// CompileExpression compiles the code of an expression's {{ }} that needs
// full JavaScript (statements, function bodies) the way n8n's template
// engine runs it: as the body of a function that returns the code's
// first statement. A compiled program may be run by any Runtime.
func CompileExpression(code string) (*goja.Program, error) {
	return goja.Compile("expression", "(function() { return "+code+"\n})", false)
}

// Reset prepares a pooled runtime for another evaluation under ctx.
func (r *Runtime) Reset(ctx context.Context) {
	r.ctx = ctx
	r.deadline = time.Time{}
	r.timers = timerQueue{}
}

// RunExpression runs a program from CompileExpression against the bound
// data. isFunction reports a function result (n8n: "this is a function,
// please add ()").
func (r *Runtime) RunExpression(prog *goja.Program) (v any, isFunction bool, err error) {
	r.deadline = time.Now().Add(r.opts.Timeout)
	stop := r.watch(false)
	defer stop()
	fnv, err := r.vm.RunProgram(prog)
	if err != nil {
		return nil, false, r.limitOr(err)
	}
	fn, ok := goja.AssertFunction(fnv)
	if !ok {
		return nil, false, nil
	}
	res, err := fn(goja.Undefined())
	if err != nil {
		return nil, false, r.limitOr(err)
	}
	if o, ok := res.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(o); isFn {
			return nil, true, nil
		}
	}
	out, err := r.FromJS(res)
	return out, false, err
}

// InstallExtensions makes the runtime an expression runtime: $if,
// $ifEmpty, $max, $min, and n8n's expression extension methods (isEmpty,
// toJsonString, …) to the built-in prototypes, implemented by the bridge,
// where the prototype has no method of that name. names maps "String",
// "Array", "Number", "Object", "Boolean" to the extension names.
func (r *Runtime) InstallExtensions(names map[string][]string) {
	r.exprMode = true
	_, _ = r.vm.RunString(exprPrelude)
	if r.bridge == nil {
		return
	}
	vm := r.vm
	for typ, list := range names {
		ctor := vm.Get(typ)
		if ctor == nil {
			continue
		}
		proto, ok := ctor.(*goja.Object).Get("prototype").(*goja.Object)
		if !ok {
			continue
		}
		for _, name := range list {
			if v := proto.Get(name); v != nil && !goja.IsUndefined(v) {
				continue
			}
			name := name
			fn := vm.ToValue(func(c goja.FunctionCall) goja.Value {
				this, err := r.FromJS(c.This)
				if err != nil {
					r.throw(err)
				}
				args := make([]any, len(c.Arguments))
				for i, a := range c.Arguments {
					v, err := r.FromJS(a)
					if err != nil {
						r.throw(err)
					}
					args[i] = v
				}
				var d = r.env
				if d == nil {
					panic(r.newError("Error", "no data bound"))
				}
				res, err := r.bridge.BridgeCall(r.ctx, d.d, this, name, args)
				if err != nil {
					r.throwBridge(err)
				}
				return r.ToJS(res)
			})
			_ = proto.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		}
	}
}
