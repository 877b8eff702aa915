package httprequest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Query and form values are JavaScript objects (*data.Object): n8n builds
// them with object literals, so their keys keep JavaScript's order, which
// shows in the query string and the form body.

// encodeQS serialises like the qs library: RFC 3986 escaping, nested objects
// as a[b]=…, arrays per arrayFormat (indices, brackets, repeat, comma).
func encodeQS(o *data.Object, arrayFormat string) string {
	var parts []string
	for k, v := range o.All() {
		parts = appendQS(parts, k, v, arrayFormat)
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
	case *data.Object:
		for k, e := range x.All() {
			parts = appendQS(parts, key+"["+k+"]", e, arrayFormat)
		}
		return parts
	case map[string]any:
		return appendQS(parts, key, data.FromMap(x), arrayFormat)
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
	case *data.Object, map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// marshalJSON encodes a body as JSON.stringify does.
func marshalJSON(v any) ([]byte, error) {
	b, err := data.MarshalValue(v)
	if err != nil {
		return nil, err
	}
	return bytes.TrimSpace(b), nil
}
