package engine

import (
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// routeErrorItems is n8n's handleNodeErrorOutput for
// onError=continueErrorOutput: items that carry an error move from the
// regular outputs to the last (error) output, their json merged over the
// json of the input item they are paired with.
func (r *run) routeErrorItems(pn *preparedNode, ex *stackEntry, out [][]data.Item) [][]data.Item {
	last := pn.outputs - 1
	for len(out) <= last {
		out = append(out, emptyItems())
	}
	var errs []data.Item
	for o := 0; o < last; o++ {
		var ok []data.Item
		for _, it := range out[o] {
			if !carriesError(it) {
				ok = append(ok, it)
				continue
			}
			if len(ex.source) == 0 || !it.Paired.IsSet() || len(it.Paired.List()) == 0 || it.Paired.Shape == data.PairedNumber {
				errs = append(errs, it)
				continue
			}
			pi := it.Paired.List()[0]
			var src *TaskSource
			if int(pi.Input) < len(ex.source) {
				src = ex.source[pi.Input]
			}
			orig, err := r.resolvePaired(srcName(src), src, pi, "$getPairedItem")
			if err != nil || orig == nil {
				errs = append(errs, it)
				continue
			}
			merged := orig.JSON.Clone()
			if merged == nil {
				merged = data.NewObject(it.JSON.Len())
			}
			for k, v := range it.JSON.All() {
				merged.Set(k, v)
			}
			it.JSON = merged
			errs = append(errs, it)
		}
		if ok == nil {
			ok = emptyItems()
		}
		out[o] = ok
	}
	if errs == nil {
		errs = emptyItems()
	}
	out[last] = errs
	return out
}

func srcName(s *TaskSource) string {
	if s == nil {
		return ""
	}
	return s.PreviousNode
}

func carriesError(it data.Item) bool {
	if it.Error != nil && jsvalue.Truthy(it.Error.V) {
		return true
	}
	e, has := it.JSON.Get("error")
	if !has || !jsvalue.Truthy(e) {
		return false
	}
	switch it.JSON.Len() {
	case 1:
		return true
	case 2:
		m, ok := it.JSON.Get("message")
		return ok && jsvalue.Truthy(m)
	}
	return false
}
