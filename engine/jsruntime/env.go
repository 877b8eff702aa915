package jsruntime

import (
	"github.com/dop251/goja"
	"github.com/jmespath/go-jmespath"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/scope"
)

// env is the workflow data a run's scripts see, bound by Bind.
type env struct {
	d     scope.Data
	items []data.Item
	js    []*goja.Object // converted input items, by index (nil until used)
	index int
	input *goja.Object
}

// throw raises err inside the script: n8n's own errors as an Error named
// ExpressionError (what n8n's proxy throws), others as Error.
func (r *Runtime) throw(err error) {
	if se, ok := err.(*scope.Error); ok {
		panic(r.newError("ExpressionError", se.Message))
	}
	panic(r.newError("Error", err.Error()))
}

func (r *Runtime) newError(name, msg string) *goja.Object {
	ctor := r.vm.Get("Error")
	if name == "TypeError" {
		ctor = r.vm.Get("TypeError")
	}
	o, err := r.vm.New(ctor, r.vm.ToValue(msg))
	if err != nil {
		return r.vm.NewGoError(err)
	}
	if name != "Error" && name != "TypeError" {
		_ = o.Set("name", name)
	}
	return o
}

func (r *Runtime) log(level, line string) {
	if r.opts.Console != nil {
		r.opts.Console(level, line)
	}
}

// installBase sets what does not depend on workflow data.
func (r *Runtime) installBase() {
	vm := r.vm
	console := vm.NewObject()
	for _, lv := range []string{"log", "info", "warn", "error", "debug", "trace"} {
		lv := lv
		_ = console.Set(lv, func(c goja.FunctionCall) goja.Value {
			s := ""
			for i, a := range c.Arguments {
				if i > 0 {
					s += " "
				}
				s += r.inspect(a)
			}
			r.log(lv, s)
			return goja.Undefined()
		})
	}
	_ = vm.Set("console", console)
	r.installTimers()
	r.installRequire()
	r.installHelpers()
	r.installIntl()
	_ = vm.Set("$jmespath", func(c goja.FunctionCall) goja.Value {
		obj, err := r.FromJS(c.Argument(0))
		if err != nil {
			r.throw(err)
		}
		res, err := jmespath.Search(c.Argument(1).String(), data.ToPlain(obj))
		if err != nil {
			r.throw(err)
		}
		return r.ToJS(res)
	})
	_, _ = vm.RunString(prelude)
	if r.bridge != nil {
		for _, n := range []string{"DateTime", "Duration", "Interval"} {
			r.defineBridged(vm.GlobalObject(), n)
		}
	}
}

// prelude defines n8n's small helper functions in JavaScript itself.
const prelude = `(function(g){
var def = function(n, v){ Object.defineProperty(g, n, {value: v, writable: true, configurable: true, enumerable: false}); };
var rep = String.prototype.repeat;
def.call(null, '__n8nRepeat', rep);
Object.defineProperty(String.prototype, 'repeat', {value: function(n){
  if (this.length * n > 536870888) throw new RangeError('Invalid string length');
  return rep.call(this, n); }, writable: true, configurable: true, enumerable: false});
})(this);`

// exprPrelude defines the functions n8n offers in expressions only (the
// Code node does not have them).
const exprPrelude = `(function(g){
var def = function(n, v){ Object.defineProperty(g, n, {value: v, writable: true, configurable: true, enumerable: false}); };
def('$if', function(c, a, b){ return c ? a : b; });
def('$ifEmpty', function(v, d){
  if (v === undefined || v === null || v === '') return d;
  if (Array.isArray(v) && v.length === 0) return d;
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 && !(v instanceof Date)) return d;
  return v; });
def('$max', function(){ return Math.max.apply(null, arguments); });
def('$min', function(){ return Math.min.apply(null, arguments); });
})(this);`

// Bind sets the workflow data of a node run: d serves every item (the
// item index is given explicitly where it matters) and items are the
// node's input items.
func (r *Runtime) Bind(d scope.Data, items []data.Item) {
	vm := r.vm
	e := &env{d: d, items: items, js: make([]*goja.Object, len(items))}
	r.env = e
	g := vm.GlobalObject()

	input := vm.NewObject()
	_ = input.Set("all", func(goja.FunctionCall) goja.Value { return r.inputArray() })
	_ = input.Set("first", func(goja.FunctionCall) goja.Value {
		if len(e.items) == 0 {
			return goja.Undefined()
		}
		return r.inputItem(0)
	})
	_ = input.Set("last", func(goja.FunctionCall) goja.Value {
		if len(e.items) == 0 {
			return goja.Undefined()
		}
		return r.inputItem(len(e.items) - 1)
	})
	r.getter(input, "item", func() goja.Value {
		if e.index < 0 || e.index >= len(e.items) {
			return goja.Undefined()
		}
		return r.inputItem(e.index)
	})
	// $input.params are the parameters of the node feeding this one.
	var inParams *data.Object
	if prev, _, _, ok := d.PrevNode(); ok {
		inParams, _ = d.NodeParameters(prev)
	}
	if inParams == nil {
		inParams = data.NewObject(0)
	}
	_ = input.Set("params", r.ToJS(inParams))
	_ = input.Set("context", vm.NewObject())
	e.input = input
	_ = g.Set("$input", input)

	_ = g.Set("$", func(c goja.FunctionCall) goja.Value {
		name := c.Argument(0)
		if goja.IsUndefined(name) || name.String() == "" {
			panic(r.newError("ExpressionError", "When calling $(), please specify a node"))
		}
		return r.nodeAccessor(name.String())
	})
	_ = g.Set("$items", func(c goja.FunctionCall) goja.Value {
		if goja.IsUndefined(c.Argument(0)) || goja.IsNull(c.Argument(0)) {
			return r.inputArray()
		}
		out, run := -1, -1
		if a := c.Argument(1); !goja.IsUndefined(a) {
			out = int(a.ToInteger())
		}
		if a := c.Argument(2); !goja.IsUndefined(a) {
			run = int(a.ToInteger())
		}
		items, err := d.NodeOutput(c.Argument(0).String(), out, run)
		if err != nil {
			r.throw(err)
		}
		return r.itemsJS(items)
	})
	_ = g.Set("$node", vm.NewDynamicObject(&nodesObject{r: r}))
	if name, out, run, ok := d.PrevNode(); ok {
		_ = g.Set("$prevNode", r.ToJS(data.ObjectOf("name", name, "outputIndex", float64(out), "runIndex", float64(run))))
	} else {
		_ = g.Set("$prevNode", vm.NewObject())
	}
	w := d.Workflow()
	wf := data.ObjectOf("id", w.ID, "name", w.Name, "active", w.Active)
	if w.ID == "" {
		wf.Set("id", data.Undefined)
	}
	_ = g.Set("$workflow", r.ToJS(wf))
	x := d.Execution()
	exec := r.ToJS(data.ObjectOf("id", x.ID, "mode", x.Mode, "resumeUrl", x.ResumeURL, "resumeFormUrl", x.ResumeURL)).(*goja.Object)
	custom := map[string]string{}
	cd := vm.NewObject()
	_ = cd.Set("set", func(k, v string) { custom[k] = v })
	_ = cd.Set("get", func(k string) goja.Value {
		if v, ok := custom[k]; ok {
			return vm.ToValue(v)
		}
		return goja.Undefined()
	})
	_ = cd.Set("setAll", func(m map[string]any) {
		for k, v := range m {
			if s, ok := v.(string); ok {
				custom[k] = s
			}
		}
	})
	_ = cd.Set("getAll", func() map[string]string { return custom })
	_ = exec.Set("customData", cd)
	_ = g.Set("$execution", exec)
	_ = g.Set("$executionId", x.ID)
	_ = g.Set("$mode", x.Mode)
	vars := d.Vars()
	if vars == nil {
		vars = data.NewObject(0)
	}
	_ = g.Set("$vars", r.ToJS(vars))
	_ = g.Set("$env", vm.NewDynamicObject(&envObject{r: r}))
	_ = g.Set("$parameter", r.ToJS(d.Parameters()))
	_ = g.Set("$runIndex", float64(d.RunIndex()))
	// The node-context functions n8n puts beside the data proxy.
	getParam := func(c goja.FunctionCall) goja.Value {
		v, ok := d.Parameters().Get(c.Argument(0).String())
		if !ok {
			if len(c.Arguments) > 2 {
				return c.Argument(2)
			}
			panic(r.newError("Error", "Could not get parameter"))
		}
		return r.ToJS(v)
	}
	static := map[string]goja.Value{}
	r.statics = r.statics[:0]
	getStatic := func(c goja.FunctionCall) goja.Value {
		k := c.Argument(0).String()
		if v, ok := static[k]; ok {
			return v
		}
		var o *goja.Object
		if r.opts.StaticData != nil {
			so, err := r.opts.StaticData.WorkflowStaticData(k)
			if err != nil {
				r.throw(err)
			}
			o = r.ToJS(so).(*goja.Object)
			r.statics = append(r.statics, staticBinding{kind: k, obj: o, so: so})
		} else {
			o = vm.NewObject()
		}
		static[k] = o
		return o
	}
	_ = g.Set("$getNodeParameter", getParam)
	_ = g.Set("getNodeParameter", getParam)
	_ = g.Set("$getWorkflowStaticData", getStatic)
	_ = g.Set("getWorkflowStaticData", getStatic)
	_ = g.Set("$item", func(c goja.FunctionCall) goja.Value {
		i := int(c.Argument(0).ToInteger())
		o := vm.NewObject()
		if i >= 0 && i < len(e.items) {
			it := r.inputItem(i)
			_ = o.Set("$json", it.Get("json"))
			if b := it.Get("binary"); b != nil {
				_ = o.Set("$binary", b)
			}
		}
		_ = o.Set("$itemIndex", i)
		_ = o.Set("$node", g.Get("$node"))
		_ = o.Set("$workflow", g.Get("$workflow"))
		return o
	})
	if r.bridge != nil {
		for _, n := range []string{"$now", "$today"} {
			r.defineBridged(g, n)
		}
	}
	r.SetItem(d.ItemIndex())
}

// SetItem makes item i the current one: $json, $binary, $itemIndex,
// $input.item and $('X').item follow it.
func (r *Runtime) SetItem(i int) {
	e := r.env
	e.index = i
	g := r.vm.GlobalObject()
	_ = g.Set("$itemIndex", float64(i))
	if i < 0 || i >= len(e.items) {
		_ = g.Set("$json", goja.Undefined())
		_ = g.Set("$binary", goja.Undefined())
		return
	}
	it := r.inputItem(i)
	_ = g.Set("$json", it.Get("json"))
	if b := it.Get("binary"); b != nil {
		_ = g.Set("$binary", b)
	} else {
		_ = g.Set("$binary", r.vm.NewObject())
	}
}

// Global sets a global variable to a Go value (converted) or goja value.
func (r *Runtime) Global(name string, v any) { _ = r.vm.Set(name, r.ToJS(v)) }

// InputItem returns the JavaScript object of input item i ({json,
// pairedItem, binary?}), the same object on every call of one run.
func (r *Runtime) inputItem(i int) *goja.Object {
	e := r.env
	if o := e.js[i]; o != nil {
		return o
	}
	o := r.itemJS(e.items[i])
	e.js[i] = o
	return o
}

// InputItems is $input.all() as a Go-side handle for the legacy `items`.
func (r *Runtime) InputItems() goja.Value { return r.inputArray() }

// InputItemValue is $input.item for item i.
func (r *Runtime) InputItemValue(i int) *goja.Object { return r.inputItem(i) }

func (r *Runtime) inputArray() goja.Value {
	vals := make([]any, len(r.env.items))
	for i := range r.env.items {
		vals[i] = r.inputItem(i)
	}
	return r.vm.NewArray(vals...)
}

func (r *Runtime) itemsJS(items []data.Item) goja.Value {
	vals := make([]any, len(items))
	for i, it := range items {
		vals[i] = r.itemJS(it)
	}
	return r.vm.NewArray(vals...)
}

// itemJS converts an item into {json, pairedItem?, binary?}.
func (r *Runtime) itemJS(it data.Item) *goja.Object {
	o := r.vm.NewObject()
	_ = o.Set("json", r.ToJS(readItemJSON(it)))
	if it.Binary != nil {
		_ = o.Set("binary", r.ToJS(readItemBinary(it)))
	}
	if it.Paired.IsSet() {
		_ = o.Set("pairedItem", r.ToJS(pairedToValue(it.Paired)))
	}
	return o
}

func pairedToValue(p data.Paired) any {
	one := func(pi data.PairedItem) any {
		o := data.ObjectOf("item", float64(pi.Item))
		if pi.HasInput || pi.Input != 0 {
			o.Set("input", float64(pi.Input))
		}
		return o
	}
	switch p.Shape {
	case data.PairedNumber:
		if len(p.List()) > 0 {
			return float64(p.List()[0].Item)
		}
	case data.PairedObject:
		if len(p.List()) > 0 {
			return one(p.List()[0])
		}
	}
	out := make([]any, len(p.List()))
	for i, pi := range p.List() {
		out[i] = one(pi)
	}
	return out
}

func (r *Runtime) getter(o *goja.Object, name string, get func() goja.Value) {
	_ = o.DefineAccessorProperty(name, r.vm.ToValue(func(goja.FunctionCall) goja.Value { return get() }), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
}

// nodeAccessor is $('X').
func (r *Runtime) nodeAccessor(name string) goja.Value {
	vm, e := r.vm, r.env
	d := e.d
	if !d.NodeExists(name) {
		panic(r.newError("ExpressionError", "Referenced node doesn't exist"))
	}
	o := vm.NewObject()
	outRun := func(c goja.FunctionCall) (int, int) {
		out, run := -1, -1
		if a := c.Argument(0); !goja.IsUndefined(a) {
			out = int(a.ToInteger())
		}
		if a := c.Argument(1); !goja.IsUndefined(a) {
			run = int(a.ToInteger())
		}
		return out, run
	}
	get := func(c goja.FunctionCall) []data.Item {
		out, run := outRun(c)
		items, err := d.NodeOutput(name, out, run)
		if err != nil {
			r.throw(err)
		}
		return items
	}
	_ = o.Set("all", func(c goja.FunctionCall) goja.Value { return r.itemsJS(get(c)) })
	_ = o.Set("first", func(c goja.FunctionCall) goja.Value {
		items := get(c)
		if len(items) == 0 {
			return goja.Undefined()
		}
		return r.itemJS(items[0])
	})
	_ = o.Set("last", func(c goja.FunctionCall) goja.Value {
		items := get(c)
		if len(items) == 0 {
			return goja.Undefined()
		}
		return r.itemJS(items[len(items)-1])
	})
	paired := func(i int) goja.Value {
		it, err := d.PairedItem(name, i)
		if err != nil {
			r.throw(err)
		}
		return r.itemJS(it)
	}
	r.getter(o, "item", func() goja.Value { return paired(e.index) })
	_ = o.Set("itemMatching", func(c goja.FunctionCall) goja.Value {
		if goja.IsUndefined(c.Argument(0)) {
			panic(r.newError("ExpressionError", "Missing item index for .itemMatching()"))
		}
		return paired(int(c.Argument(0).ToInteger()))
	})
	_ = o.Set("pairedItem", func(c goja.FunctionCall) goja.Value {
		i := e.index
		if a := c.Argument(0); !goja.IsUndefined(a) {
			i = int(a.ToInteger())
		}
		return paired(i)
	})
	r.getter(o, "isExecuted", func() goja.Value { return vm.ToValue(d.IsExecuted(name)) })
	p, _ := d.NodeParameters(name)
	_ = o.Set("params", r.ToJS(p))
	_ = o.Set("context", vm.NewObject())
	return o
}

// nodesObject is the legacy $node["X"]: json/binary of the item with the
// current index, parameter, runIndex.
type nodesObject struct{ r *Runtime }

func (n *nodesObject) Get(name string) goja.Value {
	r := n.r
	d := r.env.d
	if !d.NodeExists(name) {
		return goja.Undefined()
	}
	o := r.vm.NewObject()
	items, err := d.NodeOutput(name, -1, -1)
	if err != nil {
		r.throw(err)
	}
	i := r.env.index
	if i >= len(items) {
		i = len(items) - 1
	}
	if i >= 0 {
		_ = o.Set("json", r.ToJS(readItemJSON(items[i])))
		if items[i].Binary != nil {
			_ = o.Set("binary", r.ToJS(readItemBinary(items[i])))
		}
	}
	p, _ := d.NodeParameters(name)
	_ = o.Set("parameter", r.ToJS(p))
	_ = o.Set("runIndex", 0)
	_ = o.Set("context", r.vm.NewObject())
	return o
}
func (n *nodesObject) Set(string, goja.Value) bool { return false }
func (n *nodesObject) Has(name string) bool        { return n.r.env.d.NodeExists(name) }
func (n *nodesObject) Delete(string) bool          { return false }
func (n *nodesObject) Keys() []string              { return nil }

// envObject is $env: n8n denies access by default.
type envObject struct{ r *Runtime }

func (e *envObject) vars() map[string]string {
	env, allowed := e.r.env.d.Env()
	if !allowed {
		panic(e.r.newError("ExpressionError", "access to env vars denied"))
	}
	if env == nil {
		return map[string]string{}
	}
	return env
}

func (e *envObject) Get(k string) goja.Value {
	if v, ok := e.vars()[k]; ok {
		return e.r.vm.ToValue(v)
	}
	return goja.Undefined()
}
func (e *envObject) Set(string, goja.Value) bool { return false }
func (e *envObject) Has(k string) bool {
	_, ok := e.vars()[k]
	return ok
}
func (e *envObject) Delete(string) bool { return false }
func (e *envObject) Keys() []string {
	var ks []string
	for k := range e.vars() {
		ks = append(ks, k)
	}
	return ks
}

// InputCount is the number of input items bound.
func (r *Runtime) InputCount() int { return len(r.env.items) }

// Unbind drops the bound workflow data (a pooled runtime must not keep a
// finished run's items alive).
func (r *Runtime) Unbind() { r.env = nil }
