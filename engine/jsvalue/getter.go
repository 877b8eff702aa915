package jsvalue

import "github.com/n8n-go/n8n-go/engine/data"

// Getter is Get(obj, path) for one path applied to many objects (a node
// reading the same field of every item): the path is parsed once, and the
// per-object check lodash makes (an existing key named like the whole path
// wins) stays.
func Getter(path string) func(obj any) (any, bool) {
	if plainProp().MatchString(path) || !deepProp().MatchString(path) {
		return func(obj any) (any, bool) { return GetPath(obj, []string{path}) }
	}
	keys := StringToPath(path)
	return func(obj any) (any, bool) {
		if o, ok := obj.(*data.Object); ok && o.Has(path) {
			return o.Get(path)
		}
		if isKey(path, obj) {
			return GetPath(obj, []string{path})
		}
		return GetPath(obj, keys)
	}
}
