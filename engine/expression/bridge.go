package expression

import (
	"context"
	"errors"
)

// The methods below let another JavaScript runtime (engine/jsruntime, the
// Code node's goja) use this package's Luxon DateTime, Duration and
// Interval, so that there is one implementation of them. Values cross as
// opaque Go values; plain data crosses as JSON-like Go values.

// BridgeGlobal returns the value of $now, $today, DateTime, Duration or
// Interval for d; ok is false for other names.
func (e *Engine) BridgeGlobal(ctx context.Context, d Data, name string) (v any, ok bool, err error) {
	switch name {
	case "$now", "$today":
		st := &state{ctx: ctx, d: d, e: e}
		v, err := st.variable(name)
		return v, true, err
	case "DateTime", "Duration", "Interval":
		return e.globals[name], true, nil
	}
	return nil, false, nil
}

// BridgeOwns reports whether v is one of this package's runtime values
// (a DateTime, Duration, Interval, JavaScript Date, or a global of them).
func (e *Engine) BridgeOwns(v any) bool {
	switch x := v.(type) {
	case *DateTime, *jsDate, *lxDuration:
		return true
	case *jsGlobal:
		return x.name == "DateTime" || x.name == "Duration" || x.name == "Interval"
	case plainer, methoder, getter:
		return true
	}
	return false
}

// BridgeGet reads property key of v; a method comes back as (nil, true):
// call it with BridgeCall.
func (e *Engine) BridgeGet(ctx context.Context, d Data, v any, key string) (res any, isMethod bool, err error) {
	res, err = getMember(v, key)
	if err != nil {
		return nil, false, bridgeErr(err)
	}
	if isCallable(res) {
		return nil, true, nil
	}
	if res == undef {
		if _, ok := v.(methoder); ok {
			return nil, true, nil
		}
	}
	return res, false, nil
}

// BridgeCall calls v.name(args…).
func (e *Engine) BridgeCall(ctx context.Context, d Data, v any, name string, args []any) (any, error) {
	st := &state{ctx: ctx, d: d, e: e}
	for i, a := range args {
		args[i] = normNum(a)
	}
	res, err := callMethod(st, v, name, args, false)
	if err != nil {
		return nil, bridgeErr(err)
	}
	if x, ok := res.(plainer); ok && !e.BridgeOwns(res) {
		return x.plain(), nil
	}
	return res, nil
}

// BridgeString is String(v).
func (e *Engine) BridgeString(v any) string { return toString(v) }

// BridgeTypeError is a JavaScript TypeError raised by this package's code.
type BridgeTypeError struct{ Message string }

func (e *BridgeTypeError) Error() string { return e.Message }

func bridgeErr(err error) error {
	var te *typeError
	if errors.As(err, &te) {
		return &BridgeTypeError{Message: te.msg}
	}
	return err
}

// JSErrorName is the error's JavaScript class.
func (e *BridgeTypeError) JSErrorName() string { return "TypeError" }

// BridgeClass is the JavaScript class name of a bridged value (what
// value.constructor.name gives).
func (e *Engine) BridgeClass(v any) string {
	switch x := v.(type) {
	case *DateTime:
		return "DateTime"
	case *lxDuration:
		return "Duration"
	case *jsDate:
		return "Date"
	case *jsGlobal:
		_ = x
		return "Function"
	}
	return "Object"
}
