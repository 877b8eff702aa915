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
	c := &Object{entries: make([]entry, len(o.entries)), nIdx: o.nIdx}
	for i, e := range o.entries {
		c.entries[i] = entry{e.key, CloneJSON(e.val)}
	}
	if o.index != nil {
		c.buildIndex()
	}
	return c
}
