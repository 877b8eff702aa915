package engine

import (
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// redactedValue replaces a credential-bearing header value in error context.
const redactedValue = "**hidden**"

// redactHeaders returns v with the values of authentication headers
// replaced, inside every "headers" object (an API echoing the request in
// its error body puts the caller's Authorization there). As in recordings,
// the header name decides, whatever the value. v is not modified. Only
// the first maxRedactDepth levels are searched, so a deep (or, from an
// expression, cyclic) value cannot exhaust the stack.
func redactHeaders(v any) any { return redactDepth(v, 0) }

const maxRedactDepth = 32

func redactDepth(v any, depth int) any {
	if depth > maxRedactDepth {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			var r any
			if strings.EqualFold(k, "headers") {
				r = redactHeaderMap(e, depth+1)
			} else {
				r = redactDepth(e, depth+1)
			}
			if out == nil {
				out = make(map[string]any, len(x))
				for k2, e2 := range x {
					out[k2] = e2
				}
			}
			out[k] = r
		}
		if out == nil {
			return x
		}
		return out
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			if strings.EqualFold(k, "headers") {
				out.Set(k, redactHeaderMap(e, depth+1))
			} else {
				out.Set(k, redactDepth(e, depth+1))
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactDepth(e, depth+1)
		}
		return out
	}
	return v
}

func redactHeaderMap(v any, depth int) any {
	if o, ok := v.(*data.Object); ok {
		out := data.NewObject(o.Len())
		for k, e := range o.All() {
			if sensitiveHeader(k) {
				out.Set(k, redactedValue)
			} else {
				out.Set(k, redactDepth(e, depth+1))
			}
		}
		return out
	}
	m, ok := v.(map[string]any)
	if !ok {
		return redactDepth(v, depth)
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		if sensitiveHeader(k) {
			out[k] = redactedValue
		} else {
			out[k] = redactDepth(e, depth+1)
		}
	}
	return out
}

// sensitiveHeader reports header names that carry credentials.
func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key":
		return true
	}
	for _, w := range []string{"token", "secret", "apikey", "api-key", "password", "auth", "session", "signature"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
