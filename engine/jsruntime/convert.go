package jsruntime

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
)

// All conversion between goja values and the Go values items hold lives in
// this file. Go side: *data.Object for objects (JavaScript key order),
// []any, float64, string, bool, nil, data.Undefined. map[string]any is
// accepted on the way in (keys sorted) for data that has no order yet.
// Values of the expression evaluator (Luxon DateTime…) pass through as
// opaque bridged objects.

// ErrCircular is returned when a result refers to itself.
var ErrCircular = errors.New("Converting circular structure to JSON")

// maxDepth bounds the nesting of converted values.
const maxDepth = 1000

// ToJS converts a Go value into a fresh goja value.
func (r *Runtime) ToJS(v any) goja.Value {
	vm := r.vm
	switch x := v.(type) {
	case nil:
		return goja.Null()
	case data.UndefinedType:
		return goja.Undefined()
	case string:
		return vm.ToValue(x)
	case float64:
		return vm.ToValue(x)
	case bool:
		return vm.ToValue(x)
	case int:
		return vm.ToValue(float64(x))
	case int64:
		return vm.ToValue(float64(x))
	case *data.Object:
		if x == nil {
			return goja.Null()
		}
		o := vm.NewObject()
		for k, e := range x.All() {
			_ = o.Set(k, r.ToJS(e))
		}
		return o
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o := vm.NewObject()
		for _, k := range keys {
			_ = o.Set(k, r.ToJS(x[k]))
		}
		return o
	case []any:
		vals := make([]any, len(x))
		for i, e := range x {
			vals[i] = r.ToJS(e)
		}
		return vm.NewArray(vals...)
	case goja.Value:
		return x
	}
	if r.bridge != nil {
		if b, ok := r.bridgeValue(v); ok {
			return b
		}
	}
	return vm.ToValue(v)
}

// FromJS converts a goja value into a Go value. Functions and symbols
// become undefined, Dates their ISO string, NaN and ±Infinity stay numbers
// (JSON writes them null). Objects with a toJSON method other than Date
// keep their own fields, as n8n stores the object itself.
func (r *Runtime) FromJS(v goja.Value) (any, error) {
	c := converter{r: r}
	return c.value(v, 0)
}

type converter struct {
	r     *Runtime
	stack []*goja.Object
	n     int
}

func (c *converter) value(v goja.Value, depth int) (any, error) {
	if v == nil || goja.IsUndefined(v) {
		return data.Undefined, nil
	}
	if goja.IsNull(v) {
		return nil, nil
	}
	c.n++
	if c.n&4095 == 0 {
		if err := c.r.checkLimits(); err != nil {
			return nil, err
		}
	}
	o, isObj := v.(*goja.Object)
	if !isObj {
		switch x := v.Export().(type) {
		case int64:
			return float64(x), nil
		case float64:
			return x, nil
		case string:
			return x, nil
		case bool:
			return x, nil
		}
		return data.Undefined, nil // symbols, bigints
	}
	if depth > maxDepth {
		return nil, fmt.Errorf("value nested more than %d levels deep", maxDepth)
	}
	if fv := c.r.foreign(o); fv != nil {
		return fv, nil
	}
	for _, s := range c.stack {
		if s == o {
			return nil, ErrCircular
		}
	}
	c.stack = append(c.stack, o)
	defer func() { c.stack = c.stack[:len(c.stack)-1] }()
	switch o.ClassName() {
	case "Function":
		return data.Undefined, nil
	case "String":
		return o.String(), nil
	case "Number":
		return o.ToFloat(), nil
	case "Boolean":
		b, _ := o.Export().(bool)
		return b, nil
	case "Array":
		n := int(o.Get("length").ToInteger())
		out := make([]any, n)
		for i := 0; i < n; i++ {
			e, err := c.value(o.Get(itoa(i)), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case "Date":
		ms := o.ToFloat()
		if math.IsNaN(ms) {
			return nil, nil // JSON.stringify(new Date(NaN)) is null
		}
		return time.UnixMilli(int64(ms)).UTC().Format("2006-01-02T15:04:05.000Z"), nil
	}
	keys := o.Keys()
	out := data.NewObject(len(keys))
	for _, k := range keys {
		e, err := c.value(o.Get(k), depth+1)
		if err != nil {
			return nil, err
		}
		out.Set(k, e)
	}
	if so := c.r.staticObject(o); so != nil {
		// n8n hands scripts the static data object itself: what a script
		// returns of it is that object, changed later by later nodes.
		replaceContents(so, out)
		return so, nil
	}
	return out, nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// The item adapters: the only places that know how data.Item stores JSON.
// (Items hold map[string]any here; the ordered-object migration replaces
// these four functions.)

// readItemJSON is an item's json as ToJS accepts it.
func readItemJSON(it data.Item) any {
	if it.JSON == nil {
		return data.NewObject(0)
	}
	return it.JSON
}

// readItemBinary is an item's binary as ToJS accepts it.
func readItemBinary(it data.Item) any {
	if it.Binary == nil {
		return nil
	}
	return it.Binary
}

// ToItemJSON turns an exported object into what data.Item.JSON holds.
func ToItemJSON(o *data.Object) *data.Object {
	if o == nil {
		return data.NewObject(0)
	}
	return o
}

// ToItemBinary turns an exported object into what data.Item.Binary holds.
func ToItemBinary(o *data.Object) *data.Object { return o }

// ToPlain turns an exported value into plain Go maps and slices, for Go
// code that wants them (go-jmespath, the expression evaluator).
func ToPlain(v any) any { return data.ToPlain(v) }
