package httprequest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// params is an ordered JS object of query or form values.
type params struct {
	keys []string
	vals map[string]any
}

func (p *params) set(k string, v any) {
	if p.vals == nil {
		p.vals = map[string]any{}
	}
	if _, ok := p.vals[k]; !ok {
		p.keys = append(p.keys, k)
	}
	p.vals[k] = v
}

// add is n8n 4.3's repeated-name rule: a second value makes an array.
func (p *params) add(k string, v any) {
	cur, ok := p.vals[k]
	if !ok {
		p.set(k, v)
		return
	}
	if list, isList := cur.([]any); isList {
		p.vals[k] = append(list, v)
		return
	}
	p.vals[k] = []any{cur, v}
}

func (p *params) empty() bool { return len(p.keys) == 0 }

// fromMap fills p from a decoded JSON object (keys sorted: Go maps have no
// order).
func fromMap(m map[string]any) *params {
	p := &params{}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.set(k, m[k])
	}
	return p
}

// encode serialises like the qs library: RFC 3986 escaping, nested objects
// as a[b]=…, arrays per arrayFormat (indices, brackets, repeat, comma).
func (p *params) encode(arrayFormat string) string {
	var parts []string
	for _, k := range p.keys {
		parts = appendQS(parts, k, p.vals[k], arrayFormat)
	}
	return strings.Join(parts, "&")
}

func esc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

func appendQS(parts []string, key string, v any, arrayFormat string) []string {
	switch x := v.(type) {
	case data.UndefinedType:
		return parts
	case nil:
		return append(parts, esc(key)+"=")
	case []any:
		if arrayFormat == "comma" {
			vals := make([]string, len(x))
			for i, e := range x {
				vals[i] = jsString(e)
			}
			return append(parts, esc(key)+"="+esc(strings.Join(vals, ",")))
		}
		for i, e := range x {
			k := key
			switch arrayFormat {
			case "brackets":
				k = key + "[]"
			case "indices", "":
				k = key + "[" + strconv.Itoa(i) + "]"
			}
			parts = appendQS(parts, k, e, arrayFormat)
		}
		return parts
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = appendQS(parts, key+"["+k+"]", x[k], arrayFormat)
		}
		return parts
	}
	return append(parts, esc(key)+"="+esc(jsString(v)))
}

// jsString is JavaScript's String(v).
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return data.FormatNumber(x, false)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case json.Number:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil && !data.IsUndefined(e) {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// lodashSet is lodash.set(obj, path, value): dotted names and [n] indexes
// create nested objects and arrays.
func lodashSet(obj map[string]any, path string, value any) {
	segs := splitPath(path)
	if len(segs) == 0 {
		return
	}
	setPath(obj, segs, value)
}

type pathSeg struct {
	key   string
	index bool
}

func splitPath(p string) []pathSeg {
	var out []pathSeg
	var cur strings.Builder
	flush := func(index bool) {
		if cur.Len() > 0 {
			out = append(out, pathSeg{key: cur.String(), index: index})
			cur.Reset()
		}
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '.':
			flush(false)
		case '[':
			flush(false)
			j := strings.IndexByte(p[i:], ']')
			if j < 0 {
				cur.WriteString(p[i:])
				i = len(p)
				continue
			}
			k := strings.Trim(p[i+1:i+j], `"'`)
			_, err := strconv.Atoi(k)
			out = append(out, pathSeg{key: k, index: err == nil})
			i += j
		default:
			cur.WriteByte(p[i])
		}
	}
	flush(false)
	return out
}

// setPath is lodash.set supporting arrays: it returns the updated value.
func setPath(cur any, segs []pathSeg, value any) any {
	if len(segs) == 0 {
		return value
	}
	s := segs[0]
	switch c := cur.(type) {
	case map[string]any:
		c[s.key] = setPath(c[s.key], segs[1:], value)
		return c
	case []any:
		if s.index {
			n, _ := strconv.Atoi(s.key)
			for len(c) <= n {
				c = append(c, nil)
			}
			var child any
			if n < len(c) {
				child = c[n]
			}
			c[n] = setPath(child, segs[1:], value)
			return c
		}
	}
	// not a container: create one for this segment
	if s.index {
		return setPath([]any{}, segs, value)
	}
	return setPath(map[string]any{}, segs, value)
}

// marshalJSON encodes a body as JSON.stringify does.
func marshalJSON(v any) ([]byte, error) {
	b, err := data.MarshalValue(v)
	if err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b), nil
}
