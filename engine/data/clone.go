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
func CloneObject(o *Object) *Object { return CloneObjectGrow(o, 0) }

// CloneObjectGrow deep-copies an object with room for extra more keys, for a
// node that adds fields to its copy (Set, Split Out): growing by appending
// would allocate twice and leave slack.
func CloneObjectGrow(o *Object, extra int) *Object {
	if o == nil {
		return nil
	}
	c := &Object{sh: o.sh.forCopy(), vals: make([]any, len(o.vals), len(o.vals)+max(extra, 0))}
	for i, v := range o.vals {
		c.vals[i] = CloneJSON(v)
	}
	return c
}
