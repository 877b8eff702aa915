package clockify

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page-size the real API accepts.
const MaxPageSize = 5000

// pageOf cuts list to the page the query asks for (page is 1-based,
// default 1; page-size default 50). Past the end it returns [].
func pageOf[T any](list []T, q url.Values) ([]any, *apiError) {
	page, size := 1, 50
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, errf(400, 3002, "Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: \"%s\"", v)
		}
		if n > 1 {
			page = n
		}
	}
	if v := q.Get("page-size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, errf(400, 3002, "Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: \"%s\"", v)
		}
		if n > MaxPageSize {
			return nil, errf(400, 501, "Page size cannot be larger than 5,000")
		}
		if n > 0 {
			size = n
		}
	}
	out := []any{}
	start := (page - 1) * size
	for i := start; i < len(list) && i < start+size; i++ {
		out = append(out, list[i])
	}
	return out, nil
}

// boolParam reads an optional boolean query parameter.
func boolParam(q url.Values, name string) (val, set bool, err *apiError) {
	v, ok := q[name]
	if !ok || len(v) == 0 {
		return false, false, nil
	}
	switch strings.ToLower(v[0]) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, false, errf(400, 3002, "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Boolean'; Invalid boolean value [%s]", v[0])
}

// nameMatches is Clockify's name filter: a case-insensitive substring
// unless strict-name-search is true.
func nameMatches(name string, q url.Values) bool {
	want := q.Get("name")
	if want == "" {
		return true
	}
	if strings.EqualFold(q.Get("strict-name-search"), "true") {
		return name == want
	}
	return strings.Contains(strings.ToLower(name), strings.ToLower(want))
}

// sortByName orders by name (case-insensitive, then id) and reverses for
// sort-order=DESCENDING.
func sortByName[T any](list []T, name func(T) string, id func(T) string, q url.Values) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := strings.ToLower(name(list[i])), strings.ToLower(name(list[j]))
		if a != b {
			return a < b
		}
		return id(list[i]) < id(list[j])
	})
	if strings.EqualFold(q.Get("sort-order"), "DESCENDING") {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
}

// body field readers: they report whether the field was present and of
// the right JSON type.

func str(b map[string]any, k string) (string, bool) {
	v, ok := b[k].(string)
	return v, ok
}

func boolean(b map[string]any, k string) (bool, bool) {
	v, ok := b[k].(bool)
	return v, ok
}

func strList(b map[string]any, k string) ([]string, bool) {
	raw, ok := b[k].([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(raw))
	for _, x := range raw {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}
