package jsruntime

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
)

// staticBinding is one static data object a script holds: obj in the
// script, so the run's object it was made from.
type staticBinding struct {
	kind string
	obj  *goja.Object
	so   *data.Object
}

// staticObject is the run's static data object o stands for, if any.
func (r *Runtime) staticObject(o *goja.Object) *data.Object {
	for _, b := range r.statics {
		if b.obj == o {
			return b.so
		}
	}
	return nil
}

// replaceContents makes dst's members those of src, in src's order, keeping
// dst itself (items may hold it).
func replaceContents(dst, src *data.Object) {
	if dst == src {
		return
	}
	for _, k := range dst.Keys() {
		dst.Delete(k)
	}
	for k, v := range src.All() {
		dst.Set(k, v)
	}
}

// SaveStatic gives the static data objects the node's scripts changed back
// to Options.StaticData. Call it after a successful node run: as in n8n, a
// failed run's changes are not kept.
func (r *Runtime) SaveStatic() error {
	if r.opts.StaticData == nil {
		return nil
	}
	for _, b := range r.statics {
		// Converting the script's object updates the run's in place.
		if _, err := r.FromJS(b.obj); err != nil {
			return fmt.Errorf("static data: %w", err)
		}
		if err := r.opts.StaticData.SetWorkflowStaticData(b.kind, b.so); err != nil {
			return err
		}
	}
	return nil
}
