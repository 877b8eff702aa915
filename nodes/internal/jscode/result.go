package jscode

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// itemKeys are the keys n8n allows at the top level of a returned item.
var itemKeys = map[string]bool{"json": true, "binary": true, "pairedItem": true, "error": true, "index": true}

func isObject(v any) bool { _, ok := v.(*data.Object); return ok }

func typeOf(v goja.Value) string {
	if v == nil {
		return "undefined"
	}
	switch {
	case goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "object"
	}
	if o, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(o); fn {
			return "function"
		}
		return "object"
	}
	switch v.ExportType().Kind().String() {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int64", "float64":
		return "number"
	}
	return "symbol"
}

func notItems() *engine.NodeError {
	return ValidationError("Code doesn't return items properly",
		"Please return an array of objects, one for each item you would like to output.", -1, 0)
}

func inconsistent() *engine.NodeError {
	return &engine.NodeError{Message: "Inconsistent item format", ItemIndex: -1}
}

// AllItems validates and normalizes what a runOnceForAllItems script
// returned (n8n's validateRunCodeAllItems + normalizeItems).
func AllItems(rt *jsruntime.Runtime, v goja.Value) ([]data.Item, error) {
	if v != nil && goja.IsNull(v) {
		return []data.Item{}, nil
	}
	if typeOf(v) != "object" {
		return nil, notItems()
	}
	x, err := rt.FromJS(v)
	if err != nil {
		return nil, ExecutionError(err, -1)
	}
	var list []any
	switch r := x.(type) {
	case []any:
		for _, e := range r {
			if !isObject(e) {
				return nil, notItems()
			}
		}
		must := false
		for _, e := range r {
			for _, k := range e.(*data.Object).Keys() {
				must = must || itemKeys[k]
			}
		}
		if must {
			for i, e := range r {
				if err := topLevelKeys(e.(*data.Object), i); err != nil {
					return nil, err
				}
			}
		}
		list = r
	case *data.Object:
		if j, _ := r.Get("json"); truthy(j) {
			list = []any{r}
		} else {
			list = []any{data.ObjectOf("json", r)}
		}
	default:
		// A Date or other object that exported to a primitive.
		return nil, notItems()
	}
	objs, err := normalize(list)
	if err != nil {
		return nil, err
	}
	out := make([]data.Item, len(objs))
	for i, o := range objs {
		it, err := toItem(o, i)
		if err != nil {
			return nil, err
		}
		out[i] = it
	}
	return out, nil
}

// EachItem validates what a runOnceForEachItem script returned for item i;
// ok is false when the script returned null (no output item).
func EachItem(rt *jsruntime.Runtime, v goja.Value, i int) (data.Item, bool, error) {
	if v != nil && goja.IsNull(v) {
		return data.Item{}, false, nil
	}
	if typeOf(v) != "object" {
		shown := "undefined"
		if v != nil {
			shown = v.String()
		}
		return data.Item{}, false, ValidationError("Code doesn't return an object",
			fmt.Sprintf("Please return an object representing the output item. ('%s' was returned instead.)", shown), i, 0)
	}
	x, err := rt.FromJS(v)
	if err != nil {
		return data.Item{}, false, ExecutionError(err, i)
	}
	if arr, ok := x.([]any); ok {
		first := "An empty array was returned."
		if len(arr) > 0 {
			first = fmt.Sprintf("An array of %ss was returned.", typeOf(v.(*goja.Object).Get("0")))
		}
		return data.Item{}, false, ValidationError("Code doesn't return a single object",
			first+" If you need to output multiple items, please use the 'Run Once for All Items' mode instead.", i, 0)
	}
	objs, err := normalize([]any{x})
	if err != nil {
		return data.Item{}, false, err
	}
	it, err := toItem(objs[0], i)
	if err != nil {
		return data.Item{}, false, err
	}
	if err := topLevelKeys(objs[0], i); err != nil {
		return data.Item{}, false, err
	}
	// n8n pairs each output with the input item it came from.
	it.Paired = data.One(i)
	return it, true, nil
}

func topLevelKeys(o *data.Object, i int) error {
	found := ""
	var unknown []string
	for _, k := range o.Keys() {
		if itemKeys[k] {
			if found == "" {
				found = k
			}
		} else {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	if found != "" {
		return ValidationError("Invalid output format",
			fmt.Sprintf("An output item contains the reserved key <code>%s</code>. To get around this, please wrap each item in an object, under a key called <code>json</code>. <a href=\"https://docs.n8n.io/data/data-structure/#data-structure\" target=\"_blank\">Example</a>", found), i, 0)
	}
	return ValidationError("Unknown top-level item key: "+unknown[0],
		"Access the properties of an item under `.json`, e.g. `item.json`", i, 0)
}

// normalize is n8n's normalizeItems on a list of objects (or values).
func normalize(list []any) ([]*data.Object, error) {
	has := func(e any, k string) bool {
		o, ok := e.(*data.Object)
		return ok && o.Has(k)
	}
	all, some := true, false
	for _, e := range list {
		h := has(e, "json")
		all, some = all && h, some || h
	}
	out := make([]*data.Object, len(list))
	if all {
		for i, e := range list {
			out[i] = e.(*data.Object)
		}
		return out, nil
	}
	if some {
		return nil, inconsistent()
	}
	all, some = true, false
	for _, e := range list {
		h := has(e, "binary")
		all, some = all && h, some || h
	}
	if all {
		for i, e := range list {
			o := e.(*data.Object)
			j := data.NewObject(o.Len())
			for k, v := range o.All() {
				if k != "binary" {
					j.Set(k, v)
				}
			}
			out[i] = data.ObjectOf("json", j, "binary", o.Value("binary"))
		}
		return out, nil
	}
	if some {
		return nil, inconsistent()
	}
	for i, e := range list {
		out[i] = data.ObjectOf("json", e)
	}
	return out, nil
}

// toItem checks json/binary (n8n's validateItem) and builds the item.
func toItem(o *data.Object, i int) (data.Item, error) {
	j, _ := o.Get("json")
	jo, ok := j.(*data.Object)
	if !ok {
		return data.Item{}, ValidationError("A 'json' property isn't an object",
			"In the returned data, every key named 'json' must point to an object.", i, 0)
	}
	it := data.Item{JSON: jsruntime.ToItemJSON(jo)}
	if b, ok := o.Get("binary"); ok && !data.IsUndefined(b) {
		bo, ok := b.(*data.Object)
		if !ok {
			return data.Item{}, ValidationError("A 'binary' property isn't an object",
				"In the returned data, every key named 'binary' must point to an object.", i, 0)
		}
		it.Binary = jsruntime.ToItemBinary(bo)
	}
	if p, ok := o.Get("pairedItem"); ok {
		it.Paired = pairedFrom(p)
	}
	if e, ok := o.Get("error"); ok && !data.IsUndefined(e) {
		it.Error = data.ErrorOf(data.ToPlain(e))
	}
	return it, nil
}

func pairedFrom(v any) data.Paired {
	num := func(x any) (int, bool) {
		f, ok := x.(float64)
		return int(f), ok
	}
	one := func(x any) (data.PairedItem, bool) {
		o, ok := x.(*data.Object)
		if !ok {
			return data.PairedItem{}, false
		}
		n, ok := num(o.Value("item"))
		if !ok {
			return data.PairedItem{}, false
		}
		pi := data.PairedItem{Item: n}
		if in, ok := num(o.Value("input")); ok {
			pi.Input, pi.HasInput = int32(in), true
		}
		return pi, true
	}
	switch x := v.(type) {
	case float64:
		return data.MakePaired([]data.PairedItem{{Item: int(x)}}, data.PairedNumber)
	case *data.Object:
		if pi, ok := one(x); ok {
			return data.MakePaired([]data.PairedItem{pi}, data.PairedObject)
		}
	case []any:
		var list []data.PairedItem
		for _, e := range x {
			if pi, ok := one(e); ok {
				list = append(list, pi)
			} else if n, ok := num(e); ok {
				list = append(list, data.PairedItem{Item: n})
			}
		}
		return data.MakePaired(list, data.PairedArray)
	}
	return data.Paired{}
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && x == x
	case string:
		return x != ""
	}
	return true
}
