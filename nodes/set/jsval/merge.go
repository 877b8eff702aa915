package jsval

import "github.com/n8n-go/n8n-go/engine/jsvalue"

// Customizer is lodash mergeWith/assignWith's customizer (see
// jsvalue.Customizer).
type Customizer = jsvalue.Customizer

// Merge is lodash merge(dst, srcs...); see jsvalue.Merge.
func Merge(dst map[string]any, cust Customizer, srcs ...map[string]any) map[string]any {
	return jsvalue.Merge(dst, cust, srcs...)
}

// Assign is lodash assign / assignWith: top-level keys only.
func Assign(dst map[string]any, cust Customizer, srcs ...map[string]any) map[string]any {
	return jsvalue.Assign(dst, cust, srcs...)
}

// Equal is lodash isEqual for JSON values; see jsvalue.Equal.
func Equal(a, b any) bool { return jsvalue.Equal(a, b) }
