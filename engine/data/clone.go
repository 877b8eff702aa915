package data

// CloneJSON deep-copies a JSON value so a node can change its copy without
// touching the items of an earlier node (n8n nodes deepCopy before editing).
func CloneJSON(v any) any {
	switch x := v.(type) {
	case *Object:
		return CloneObject(x)
	case map[string]any:
		return CloneObject(FromMap(x))
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = CloneJSON(e)
		}
		return a
	}
	return v
}

// CloneObject deep-copies an object.
func CloneObject(o *Object) *Object {
	if o == nil {
		return nil
	}
	c := &Object{
		keys: append(make([]string, 0, len(o.keys)), o.keys...),
		vals: make([]any, len(o.vals)),
		nIdx: o.nIdx,
	}
	for i, e := range o.vals {
		c.vals[i] = CloneJSON(e)
	}
	if o.index != nil {
		c.buildIndex()
	}
	return c
}
