package jsruntime

import (
	"context"

	"github.com/dop251/goja"
)

// HTTPHelper performs this.helpers.httpRequest and
// httpRequestWithAuthentication for scripts (through the engine's shared
// transport). opts is n8n's IHttpRequestOptions as a Go value; credType
// is "" for httpRequest.
type HTTPHelper func(ctx context.Context, credType string, opts any) (any, error)

// installHelpers sets `helpers` (this.helpers in the Code node).
func (r *Runtime) installHelpers() {
	vm := r.vm
	h := vm.NewObject()
	call := func(cred string, optArg goja.Value) goja.Value {
		p, resolve, reject := vm.NewPromise()
		if r.opts.HTTP == nil {
			_ = reject(r.newError("Error", "n8n-go: helpers.httpRequest is not available here"))
			return vm.ToValue(p)
		}
		opts, err := r.FromJS(optArg)
		if err != nil {
			_ = reject(r.newError("Error", err.Error()))
			return vm.ToValue(p)
		}
		res, err := r.opts.HTTP(r.ctx, cred, opts)
		if err != nil {
			// n8n's helpers fail with an AxiosError raised outside the
			// script: its stack has no line of the user's code.
			e := r.newError("AxiosError", err.Error())
			_ = e.Set("stack", "AxiosError: "+err.Error())
			_ = reject(e)
			return vm.ToValue(p)
		}
		_ = resolve(r.ToJS(res))
		return vm.ToValue(p)
	}
	_ = h.Set("httpRequest", func(c goja.FunctionCall) goja.Value { return call("", c.Argument(0)) })
	_ = h.Set("httpRequestWithAuthentication", func(c goja.FunctionCall) goja.Value {
		return call(c.Argument(0).String(), c.Argument(1))
	})
	_ = vm.Set("helpers", h)
}
