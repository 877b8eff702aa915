package jsruntime

import (
	"context"
	"errors"
	"reflect"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/scope"
)

// Bridge is the expression evaluator's implementation of Luxon
// (DateTime, Duration, Interval, $now, $today), used by scripts too so
// that n8n-go has one. *expression.Engine implements it.
type Bridge interface {
	BridgeGlobal(ctx context.Context, d scope.Data, name string) (v any, ok bool, err error)
	BridgeOwns(v any) bool
	BridgeGet(ctx context.Context, d scope.Data, v any, key string) (res any, isMethod bool, err error)
	BridgeCall(ctx context.Context, d scope.Data, v any, name string, args []any) (any, error)
	BridgeString(v any) string
	BridgeClass(v any) string
}

// foreignObj is a bridged value seen from JavaScript.
type foreignObj struct {
	r *Runtime
	v any
}

func (f *foreignObj) data() scope.Data {
	if f.r.env == nil {
		return nil
	}
	return f.r.env.d
}

func (f *foreignObj) Get(key string) goja.Value {
	r := f.r
	switch key {
	case "toJSON", "toString", "valueOf":
	case "constructor":
		c := r.vm.NewObject()
		// In the Code node, n8n's values come through vm2's proxies,
		// whose constructor is Object (recorded); expressions see the class.
		name := "Object"
		if r.exprMode {
			name = r.bridge.BridgeClass(f.v)
		}
		_ = c.Set("name", name)
		return c
	default:
		res, isMethod, err := r.bridge.BridgeGet(r.ctx, f.data(), f.v, key)
		if err != nil {
			r.throwBridge(err)
		}
		if !isMethod {
			return r.ToJS(res)
		}
	}
	return r.vm.ToValue(func(c goja.FunctionCall) goja.Value {
		args := make([]any, len(c.Arguments))
		for i, a := range c.Arguments {
			v, err := r.FromJS(a)
			if err != nil {
				r.throw(err)
			}
			args[i] = v
		}
		if key == "toString" || key == "toJSON" && len(args) == 0 {
			if key == "toJSON" {
				res, err := r.bridge.BridgeCall(r.ctx, f.data(), f.v, "toISO", nil)
				if err == nil {
					return r.ToJS(res)
				}
			}
			return r.vm.ToValue(r.bridge.BridgeString(f.v))
		}
		res, err := r.bridge.BridgeCall(r.ctx, f.data(), f.v, key, args)
		if err != nil {
			r.throwBridge(err)
		}
		return r.ToJS(res)
	})
}
func (f *foreignObj) Set(string, goja.Value) bool { return false }
func (f *foreignObj) Has(key string) bool {
	v := f.Get(key)
	return v != nil && !goja.IsUndefined(v)
}
func (f *foreignObj) Delete(string) bool { return false }
func (f *foreignObj) Keys() []string     { return nil }

// jsNamedError is an error that knows its JavaScript class (the
// evaluator's TypeErrors).
type jsNamedError interface {
	error
	JSErrorName() string
}

func (r *Runtime) throwBridge(err error) {
	var ne jsNamedError
	if errors.As(err, &ne) {
		panic(r.newError(ne.JSErrorName(), ne.Error()))
	}
	r.throw(err)
}

func (r *Runtime) bridgeValue(v any) (goja.Value, bool) {
	if !r.bridge.BridgeOwns(v) {
		return nil, false
	}
	return r.vm.NewDynamicObject(&foreignObj{r: r, v: v}), true
}

// foreign returns the Go value behind a bridged object (nil otherwise).
func (r *Runtime) foreign(o *goja.Object) any {
	// ExportType is cheap; Export would copy an ordinary object.
	if o.ExportType() != foreignType {
		return nil
	}
	if f, ok := o.Export().(*foreignObj); ok {
		return f.v
	}
	return nil
}

var foreignType = reflect.TypeOf(&foreignObj{})

// defineBridged defines global name as a lazily bridged value.
func (r *Runtime) defineBridged(g *goja.Object, name string) {
	r.getter(g, name, func() goja.Value {
		var d scope.Data
		if r.env != nil {
			d = r.env.d
		}
		if d == nil && (name == "$now" || name == "$today") {
			return goja.Undefined()
		}
		v, ok, err := r.bridge.BridgeGlobal(r.ctx, d, name)
		if err != nil {
			r.throw(err)
		}
		if !ok {
			return goja.Undefined()
		}
		return r.ToJS(v)
	})
}
