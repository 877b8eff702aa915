package googlesheets

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

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
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case int:
		return fmt.Sprint(x)
	case json.Number:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil || data.IsUndefined(e) {
				continue
			}
			parts[i] = jsString(e)
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}

// obj reads an object parameter value (nil when absent or not an object).
func obj(v any) *data.Object { o, _ := v.(*data.Object); return o }
