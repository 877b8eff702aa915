package jsruntime

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
)

// staticBinding is one static data object a script holds.
type staticBinding struct {
	kind string
	obj  *goja.Object
}

// SaveStatic gives the static data objects the node's scripts changed back
// to Options.StaticData. Call it after a successful node run: as in n8n, a
// failed run's changes are not kept.
func (r *Runtime) SaveStatic() error {
	if r.opts.StaticData == nil {
		return nil
	}
	for _, b := range r.statics {
		v, err := r.FromJS(b.obj)
		if err != nil {
			return fmt.Errorf("static data: %w", err)
		}
		o, ok := v.(*data.Object)
		if !ok {
			continue
		}
		if err := r.opts.StaticData.SetWorkflowStaticData(b.kind, o); err != nil {
			return err
		}
	}
	return nil
}
