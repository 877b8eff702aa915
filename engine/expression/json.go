package expression

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// jsonStringify is JSON.stringify(v, null, indent). Object keys come out in
// ownKeys order (sorted; see ownKeys). It returns undefined for values with
// no JSON form.
func jsonStringify(st *state, v any, indentArg any) (any, error) {
	indent := ""
	switch x := normNum(indentArg).(type) {
	case float64:
		n := int(x)
		if n > 10 {
			n = 10
		}
		if n > 0 {
			indent = strings.Repeat(" ", n)
		}
	case string:
		indent = x
		if len(indent) > 10 {
			indent = indent[:10]
		}
	}
	var b bytes.Buffer
	ok, err := writeJSON(st, &b, v, indent, "", 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return undef, nil
	}
	return b.String(), nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1)
}

// writeJSON writes v; ok is false when v has no JSON form (undefined, functions).
func writeJSON(st *state, b *bytes.Buffer, v any, indent, cur string, depth int) (bool, error) {
	if depth > 200 {
		return false, typeErrorf("Converting circular structure to JSON")
	}
	v = normNum(v)
	switch x := v.(type) {
	case data.UndefinedType, *closure, *builtinFn, *jsGlobal:
		return false, nil
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case float64:
		b.WriteString(data.FormatNumber(x, true))
	case string:
		writeJSONString(b, x)
	case *DateTime:
		writeJSONString(b, x.toISO())
	case *jsDate:
		if !x.valid() {
			b.WriteString("null")
		} else {
			writeJSONString(b, x.toISOString())
		}
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return true, nil
		}
		inner := cur + indent
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if indent != "" {
				b.WriteString("\n" + inner)
			}
			ok, err := writeJSON(st, b, e, indent, inner, depth+1)
			if err != nil {
				return false, err
			}
			if !ok {
				b.WriteString("null")
			}
		}
		if indent != "" {
			b.WriteString("\n" + cur)
		}
		b.WriteByte(']')
	case map[string]any:
		return writeObject(st, b, x, sortedKeys(x), indent, cur, depth)
	case *lxDuration:
		writeJSONString(b, x.toISO())
	case plainer:
		return writeJSON(st, b, x.plain(), indent, cur, depth+1)
	default:
		b.WriteString("{}")
	}
	return true, nil
}

func writeObject(st *state, b *bytes.Buffer, m map[string]any, keys []string, indent, cur string, depth int) (bool, error) {
	inner := cur + indent
	b.WriteByte('{')
	n := 0
	for _, k := range keys {
		var part bytes.Buffer
		ok, err := writeJSON(st, &part, m[k], indent, inner, depth+1)
		if err != nil {
			return false, err
		}
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		if indent != "" {
			b.WriteString("\n" + inner)
		}
		writeJSONString(b, k)
		b.WriteByte(':')
		if indent != "" {
			b.WriteByte(' ')
		}
		b.Write(part.Bytes())
		n++
	}
	if n > 0 && indent != "" {
		b.WriteString("\n" + cur)
	}
	b.WriteByte('}')
	return true, nil
}

// jsonParse is JSON.parse: numbers become float64.
func jsonParse(s string) (any, error) {
	var v any
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&v); err != nil {
		return nil, &typeError{msg: "Unexpected token in JSON: " + err.Error()}
	}
	if dec.More() {
		return nil, &typeError{msg: "Unexpected non-whitespace character after JSON"}
	}
	return v, nil
}
