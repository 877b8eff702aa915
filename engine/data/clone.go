package data

// CloneJSON deep-copies a JSON value so a node can change its copy without
// touching the items of an earlier node (n8n nodes deepCopy before editing).
func CloneJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = CloneJSON(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = CloneJSON(e)
		}
		return a
	}
	return v
}

// CloneObject deep-copies an item's json object.
func CloneObject(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return CloneJSON(m).(map[string]any)
}
