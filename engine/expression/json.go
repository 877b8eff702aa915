package expression

import (
	"strings"
	"unsafe"

	"github.com/n8n-go/n8n-go/engine/data"
)

// jsonStringify is JSON.stringify(v, null, indent). Object keys come out in
// the object's (JavaScript) order. It returns undefined for values with no
// JSON form.
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
	var b data.Buf
	ok, err := writeJSON(st, &b, v, indent, "", 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return undef, nil
	}
	if len(b) == 0 || cap(b)-len(b) > len(b)/4 {
		// A copy of the exact size lets the larger buffer go at once.
		return string(b), nil
	}
	// b is never written again: the string shares its bytes instead of
	// copying a text that may be tens of megabytes.
	return unsafe.String(&b[0], len(b)), nil
}

func writeJSONString(b *data.Buf, s string) { data.AppendString(b, s) }

// circular is JSON.stringify's TypeError for a value that contains itself.
func circular() error { return typeErrorf("Converting circular structure to JSON") }

// writeJSON writes v; ok is false when v has no JSON form (undefined, functions).
func writeJSON(st *state, b *data.Buf, v any, indent, cur string, depth int) (bool, error) {
	if depth > data.MaxJSONDepth {
		return false, circular()
	}
	v = normNum(v)
	switch x := v.(type) {
	case *jsGlobal:
		if typeOf(x) == "object" { // Math, JSON, Intl: objects of functions
			b.WriteString("{}")
			return true, nil
		}
		return false, nil
	case data.UndefinedType, *closure, *builtinFn:
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
		data.AppendNumber(b, x)
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
	case *data.Object:
		return writeObject(st, b, x, indent, cur, depth)
	case *lxDuration:
		writeJSONString(b, x.toISO())
	case plainer:
		return writeJSON(st, b, x.plain(), indent, cur, depth+1)
	default:
		b.WriteString("{}")
	}
	return true, nil
}

func writeObject(st *state, b *data.Buf, m *data.Object, indent, cur string, depth int) (bool, error) {
	if depth >= 32 && onStack(st, m) {
		return false, circular()
	}
	x := st.extra()
	x.jsonStack = append(x.jsonStack, m)
	defer func() { x.jsonStack = x.jsonStack[:len(x.jsonStack)-1] }()
	inner := cur + indent
	b.WriteByte('{')
	n := 0
	for k, v := range m.All() {
		// The key goes first, straight into b; a value with no JSON form
		// (undefined, a function) takes it back out. One buffer for the
		// whole text instead of one per value.
		mark := b.Len()
		if n > 0 {
			b.WriteByte(',')
		}
		if indent != "" {
			b.WriteString("\n")
			b.WriteString(inner)
		}
		writeJSONString(b, k)
		b.WriteByte(':')
		if indent != "" {
			b.WriteByte(' ')
		}
		ok, err := writeJSON(st, b, v, indent, inner, depth+1)
		if err != nil {
			return false, err
		}
		if !ok {
			b.Truncate(mark)
			continue
		}
		n++
	}
	if n > 0 && indent != "" {
		b.WriteString("\n" + cur)
	}
	b.WriteByte('}')
	return true, nil
}

// onStack reports whether object m is already being written: a cycle.
func onStack(st *state, m *data.Object) bool {
	if st.x == nil {
		return false
	}
	for _, o := range st.x.jsonStack {
		if o == m {
			return true
		}
	}
	return false
}

// jsonParse is JSON.parse: objects keep their key order, numbers become float64.
func jsonParse(s string) (any, error) {
	v, err := data.ParseJSONString(s)
	if err != nil {
		return nil, &typeError{msg: "Unexpected token in JSON: " + err.Error()}
	}
	return v, nil
}
