// Package jsval holds the small pieces of JavaScript and lodash behaviour
// that n8n's data-transform nodes (Set, Merge, Split Out, Aggregate) rely on:
// lodash get/set/unset paths, Number()/String() conversions, loose JS
// object-literal parsing, lodash merge and isEqual. Values are the JSON
// types of engine/data (map[string]any, []any, float64, string, bool, nil).
// Everything but the literal parser forwards to engine/jsvalue, which the
// expression engine and the other nodes share.
package jsval

import "github.com/n8n-go/n8n-go/engine/jsvalue"

// CastPath splits a lodash path into keys; see jsvalue.CastPath.
func CastPath(path string, obj any) []string { return jsvalue.CastPath(path, obj) }

// StringToPath is lodash's stringToPath.
func StringToPath(s string) []string { return jsvalue.StringToPath(s) }

// Prop reads one property as JavaScript's v[key] does (undefined: ok=false).
func Prop(v any, key string) (any, bool) { return jsvalue.Prop(v, key) }

// Get is lodash get(obj, path): ok is false when the result is undefined.
func Get(obj any, path string) (any, bool) { return jsvalue.Get(obj, path) }

// GetPath walks already split keys.
func GetPath(obj any, keys []string) (any, bool) { return jsvalue.GetPath(obj, keys) }

// Set is lodash set(obj, path, value) on an item's json object.
func Set(obj map[string]any, path string, value any) { jsvalue.Set(obj, path, value) }

// CheckPath reports a path whose array indexes are too large to write.
func CheckPath(path string) error { return jsvalue.CheckPath(path) }

// Unset is lodash unset(obj, path).
func Unset(obj map[string]any, path string) { jsvalue.Unset(obj, path) }
