package expression

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
)

// Code that the expr lowering cannot express (function bodies, loops,
// try/catch, statements) runs on the Code node's JavaScript runtime with
// the same variables; the fast path stays on expr.

// fallbackTimeout bounds one fallback evaluation.
const fallbackTimeout = 30 * time.Second

// accessorRe finds object-literal getters and setters, which n8n's
// template parser rejects ("invalid syntax").
var accessorRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[{,]\s*(get|set)\s+[A-Za-z_$][\w$]*\s*\(`)
})

// statementRe finds what only full JavaScript has: statements, function
// bodies. Other invalid syntax stays an error, as in n8n.
var statementRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`;|\bfunction\b|=>\s*\{|\breturn\b|\basync\b`)
})

// compileFallback compiles code for the JavaScript runtime when the expr
// lowering rejected it as invalid syntax and JavaScript accepts it.
func (e *Engine) compileFallback(code string, cause error) (*goja.Program, bool) {
	var xe *Error
	if !errors.As(cause, &xe) || xe.Message != "invalid syntax" || !statementRe().MatchString(code) || accessorRe().MatchString(code) {
		return nil, false
	}
	prog, err := jsruntime.CompileExpression(code)
	if err != nil {
		return nil, false
	}
	return prog, true
}

func (e *Engine) fallbackRuntime(ctx context.Context) *jsruntime.Runtime {
	if rt, ok := e.jsPool.Get().(*jsruntime.Runtime); ok {
		rt.Reset(ctx)
		return rt
	}
	rt := jsruntime.New(ctx, jsruntime.Options{Bridge: e, Timeout: fallbackTimeout})
	rt.InstallExtensions(extensionNames())
	return rt
}

// runFallback evaluates a fallback program for d. As on the expr path,
// a TypeError inside the code makes the value undefined, n8n's own
// errors stop the node.
func (e *Engine) runFallback(ctx context.Context, d Data, prog *goja.Program, whole bool) (any, error) {
	if d == nil {
		// The runtime reads its variables from d; without an item context
		// (a bare compile check) the code cannot run.
		return nil, &Error{Message: "invalid syntax", Description: "code with statements needs an item context"}
	}
	rt := e.fallbackRuntime(ctx)
	defer func() {
		rt.Unbind()
		e.jsPool.Put(rt)
	}()
	rt.Bind(d, d.InputItems())
	v, isFn, err := rt.RunExpression(prog)
	if err != nil {
		var se *jsruntime.ScriptError
		if !errors.As(err, &se) {
			return nil, err
		}
		switch se.Name {
		case "TypeError", "ReferenceError":
			return undef, nil
		}
		return nil, &Error{Message: se.Message}
	}
	if isFn {
		if whole {
			return nil, &Error{Message: "this is a function, please add ()"}
		}
		return undef, nil
	}
	return data.ToPlain(v), nil
}

// extensionNames lists the extension methods per JavaScript type for the
// runtime's prototypes.
func extensionNames() map[string][]string {
	list := func(m map[string]bool) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	return map[string][]string{
		"String": list(stringExt), "Array": list(arrayExt), "Number": list(numberExt),
		"Object": list(objectExt), "Boolean": list(boolExt),
	}
}
