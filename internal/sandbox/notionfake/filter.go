package notionfake

import "strings"

// match evaluates a Notion database filter against a rendered page's
// properties. Supported: and/or compounds; checkbox, status, select,
// rich_text (alias text), title, relation conditions; rollup any/every/none
// with a nested condition applied to each array element.
func match(f map[string]any, props map[string]any, db map[string]any) (bool, *apiError) {
	if list, ok := f["and"].([]any); ok {
		for _, x := range list {
			m, _ := x.(map[string]any)
			ok, err := match(m, props, db)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	}
	if list, ok := f["or"].([]any); ok {
		for _, x := range list {
			m, _ := x.(map[string]any)
			ok, err := match(m, props, db)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	name, _ := f["property"].(string)
	schema, _ := db["properties"].(map[string]any)
	if _, ok := schema[name]; !ok {
		return false, errf(400, "validation_error", "Could not find property with name or id: %s", name)
	}
	prop, _ := props[name].(map[string]any)
	for kind, c := range f {
		if kind == "property" {
			continue
		}
		cond, _ := c.(map[string]any)
		if kind == "rollup" {
			return rollupMatch(cond, prop)
		}
		return condMatch(kind, cond, prop), nil
	}
	return false, errf(400, "validation_error", "body failed validation: filter for %s has no condition.", name)
}

func rollupMatch(cond, prop map[string]any) (bool, *apiError) {
	r, _ := prop["rollup"].(map[string]any)
	arr, _ := r["array"].([]any)
	for quant, inner := range cond {
		im, _ := inner.(map[string]any)
		var kind string
		var c map[string]any
		for k, v := range im {
			kind = k
			c, _ = v.(map[string]any)
		}
		hits := 0
		for _, e := range arr {
			em, _ := e.(map[string]any)
			if condMatch(kind, c, em) {
				hits++
			}
		}
		switch quant {
		case "any":
			return hits > 0, nil
		case "every":
			return hits == len(arr), nil
		case "none":
			return hits == 0, nil
		}
	}
	return false, errf(400, "validation_error", "body failed validation: unsupported rollup filter.")
}

// condMatch applies one typed condition to a property value. The emptiness
// checks look at the value whatever its type (a lenient stand-in for
// Notion, which the template's select-on-rollup filter relies on).
func condMatch(kind string, cond, prop map[string]any) bool {
	for op, want := range cond {
		switch op {
		case "is_empty":
			return isEmpty(prop)
		case "is_not_empty":
			return !isEmpty(prop)
		}
		switch kind {
		case "checkbox":
			b, _ := prop["checkbox"].(bool)
			w, _ := want.(bool)
			switch op {
			case "equals":
				return b == w
			case "does_not_equal":
				return b != w
			}
		case "status", "select":
			v, _ := prop[prop["type"].(string)].(map[string]any)
			name, _ := v["name"].(string)
			w, _ := want.(string)
			switch op {
			case "equals":
				return name == w
			case "does_not_equal":
				return name != w
			}
		case "rich_text", "text", "title":
			s := plain(prop)
			w, _ := want.(string)
			switch op {
			case "equals":
				return s == w
			case "does_not_equal":
				return s != w
			case "contains":
				return strings.Contains(s, w)
			case "does_not_contain":
				return !strings.Contains(s, w)
			case "starts_with":
				return strings.HasPrefix(s, w)
			case "ends_with":
				return strings.HasSuffix(s, w)
			}
		case "relation":
			list, _ := prop["relation"].([]any)
			w, _ := want.(string)
			has := false
			for _, r := range list {
				if m, _ := r.(map[string]any); m["id"] == normID(w) {
					has = true
				}
			}
			switch op {
			case "contains":
				return has
			case "does_not_contain":
				return !has
			}
		}
		return false
	}
	return false
}

func plain(prop map[string]any) string {
	typ, _ := prop["type"].(string)
	runs, _ := prop[typ].([]any)
	var b strings.Builder
	for _, r := range runs {
		m, _ := r.(map[string]any)
		s, _ := m["plain_text"].(string)
		b.WriteString(s)
	}
	return b.String()
}

func isEmpty(prop map[string]any) bool {
	if prop == nil {
		return true
	}
	typ, _ := prop["type"].(string)
	switch v := prop[typ].(type) {
	case nil:
		return true
	case []any:
		return len(v) == 0
	case string:
		return v == ""
	case map[string]any:
		if typ == "rollup" {
			a, _ := v["array"].([]any)
			return len(a) == 0
		}
		return len(v) == 0
	}
	return false
}
