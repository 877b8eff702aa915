package jsruntime

import (
	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
)

// inspect renders a console.log argument: strings as they are, other
// values as JSON (close to what n8n's browser console shows).
func (r *Runtime) inspect(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if o.ClassName() == "Error" {
			return o.String()
		}
		if g, err := r.FromJS(v); err == nil {
			if b, err := data.MarshalValue(g); err == nil {
				return string(b)
			}
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}
