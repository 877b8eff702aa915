package form

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
)

// defaultJSONFields is the jsonOutput parameter's default.
const defaultJSONFields = "[\n  {\n    \"fieldLabel\": \"Name\",\n    \"placeholder\": \"enter your name\",\n    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Age\",\n    \"fieldType\": \"number\",\n    \"placeholder\": \"enter your age\"\n  },\n  {\n    \"fieldLabel\": \"Email\",\n    \"fieldType\": \"email\",\n    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Textarea\",\n    \"fieldType\": \"textarea\"\n  },\n  {\n    \"fieldLabel\": \"Dropdown Options\",\n    \"fieldType\": \"dropdown\",\n    \"fieldOptions\": {\n      \"values\": [\n        {\n          \"option\": \"option 1\"\n        },\n        {\n          \"option\": \"option 2\"\n        }\n      ]\n    },\n    \"requiredField\": true\n  },\n  {\n    \"fieldLabel\": \"Checkboxes\",\n    \"fieldType\": \"checkbox\",\n    \"fieldOptions\": {\n      \"values\": [\n        {\n          \"option\": \"option 1\"\n        },\n        {\n          \"option\": \"option 2\"\n        }\n      ]\n    }\n  },\n  {\n    \"fieldLabel\": \"Radio\",\n    \"fieldType\": \"radio\",\n    \"fieldOptions\": {\n      \"values\": [\n        {\n          \"option\": \"option 1\"\n        },\n        {\n          \"option\": \"option 2\"\n        }\n      ]\n    }\n  },\n  {\n    \"fieldLabel\": \"Email\",\n    \"fieldType\": \"email\",\n    \"placeholder\": \"me@mail.con\"\n  },\n  {\n    \"fieldLabel\": \"File\",\n    \"fieldType\": \"file\",\n    \"multipleFiles\": true,\n    \"acceptFileTypes\": \".jpg, .png\"\n  },\n  {\n    \"fieldLabel\": \"Number\",\n    \"fieldType\": \"number\"\n  },\n  {\n    \"fieldLabel\": \"Password\",\n    \"fieldType\": \"password\"\n  }\n]\n"

// pageFields reads a page's fields: formFields.values, or jsonOutput when
// defineForm is "json". A JSON mistake is not the node's failure: n8n
// parses those fields when the page is requested, so the execution waits
// at the page and the page's requests fail with the message (fieldsErr).
func pageFields(ex *engine.Exec) (fields []formtrigger.Field, fieldsErr string, err error) {
	if ex.Params().String("defineForm") == "json" {
		raw, err := resolveRaw(ex)
		if err != nil {
			return nil, err.Error(), nil
		}
		list, err := formtrigger.JSONFields(raw)
		if err == nil {
			fields, err = formtrigger.JSONPageFields(ex.Version(), list)
		}
		if err != nil {
			return nil, err.Error(), nil
		}
		return fields, "", nil
	}
	raw, err := ex.Param("formFields", 0)
	if err != nil {
		return nil, "", err
	}
	ff, _ := data.ToPlain(raw).(map[string]any)
	list, _ := ff["values"].([]any)
	fields, err = formtrigger.PageFields(ex.Version(), list)
	if err != nil {
		return nil, "", opErr(err.Error())
	}
	return fields, "", nil
}

var resolvable = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`{{[\s\S]*?}}`)
})

// resolveRaw is n8n's resolveRawData for jsonOutput: the text as written;
// when it is an expression ("=…"), each {{ … }} is replaced (first
// occurrence, in turn) by its value, objects as JSON.
func resolveRaw(ex *engine.Exec) (string, error) {
	v := ex.Params().Value("jsonOutput")
	raw, ok := v.(string)
	if !ok {
		b, err := data.MarshalValue(v)
		if err != nil {
			return "", err
		}
		raw = string(b)
	}
	if !strings.HasPrefix(raw, "=") {
		return raw, nil
	}
	out := strings.TrimLeft(raw, "=")
	for _, r := range resolvable().FindAllString(out, -1) {
		val, err := ex.Evaluate("jsonOutput", "="+r, 0)
		if err != nil {
			return "", err
		}
		var s string
		switch x := val.(type) {
		case *data.Object, []any:
			b, err := data.MarshalValue(x)
			if err != nil {
				return "", err
			}
			s = string(b)
		default:
			s = jsText(val)
		}
		out = replaceFirst(out, r, s)
	}
	return out, nil
}

// replaceFirst is JavaScript's s.replace(pattern, replacement) with a
// string pattern, replacement patterns ($$, $&, $`, $') included.
func replaceFirst(s, pattern, repl string) string {
	i := strings.Index(s, pattern)
	if i < 0 {
		return s
	}
	var b strings.Builder
	for j := 0; j < len(repl); j++ {
		if repl[j] != '$' || j+1 == len(repl) {
			b.WriteByte(repl[j])
			continue
		}
		switch repl[j+1] {
		case '$':
			b.WriteByte('$')
		case '&':
			b.WriteString(pattern)
		case '`':
			b.WriteString(s[:i])
		case '\'':
			b.WriteString(s[i+len(pattern):])
		default:
			b.WriteByte('$')
			continue
		}
		j++
	}
	return s[:i] + b.String() + s[i+len(pattern):]
}

// jsText is String(v) for a resolved expression value.
func jsText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	case float64:
		return jsvalue.NumberToString(x)
	}
	if v == data.Undefined {
		return "undefined"
	}
	b, _ := data.MarshalValue(v)
	return string(b)
}

// binaryResponse is n8n's binaryResponse for a "Return Binary File"
// ending: the inputDataFieldName property of the first item of the
// nearest parent node that has it, encoded for the page
// (encodeURIComponent of JSON: data as the bytes' binary string, fileName
// defaulting to "file", type the MIME type).
func binaryResponse(ex *engine.Exec) (string, error) {
	field, err := ex.ParamString("inputDataFieldName", 0)
	if err != nil {
		return "", err
	}
	parents := parentNodes(ex.Workflow(), ex.Name())
	for i := len(parents) - 1; i >= 0; i-- {
		v, err := ex.Evaluate("inputDataFieldName", "={{ $('"+parents[i]+"').first().binary }}", 0)
		if err != nil {
			continue
		}
		bin, ok := v.(*data.Object)
		if !ok || !bin.Has(field) {
			continue
		}
		meta, ok := bin.Value(field).(*data.Object)
		if !ok {
			return "", fmt.Errorf("No binary data with field %s found.", field)
		}
		b, err := ex.Binary().Bytes(meta)
		if err != nil {
			return "", err
		}
		runes := make([]rune, len(b))
		for i, c := range b {
			runes[i] = rune(c)
		}
		doc := data.ObjectOf("data", string(runes))
		name, ok := meta.Value("fileName").(string)
		if !ok {
			name = "file"
		}
		doc.Set("fileName", name)
		if mt, ok := meta.Value("mimeType").(string); ok {
			doc.Set("type", mt)
		}
		j, err := data.MarshalValue(doc)
		if err != nil {
			return "", err
		}
		return encodeURIComponent(string(j)), nil
	}
	return "", fmt.Errorf("No binary data with field %s found.", field)
}

// encodeURIComponent is JavaScript's: everything but A–Z a–z 0–9 and
// -_.!~*'() is percent-encoded as UTF-8.
func encodeURIComponent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// parentNodes is n8n's getParentNodes(name) order (getConnectedNodes over
// main connections): each parent is put first, its own ancestors before
// it, a node reached again moved to the front.
func parentNodes(w *workflow.Workflow, name string) []string {
	return connectedNodes(w, name, nil)
}

func connectedNodes(w *workflow.Workflow, name string, checked []string) []string {
	parents := w.Parents(name)
	if len(parents) == 0 {
		return nil
	}
	for _, c := range checked {
		if c == name {
			return nil
		}
	}
	checked = append(checked[:len(checked):len(checked)], name)
	var out []string
	indexOf := func(n string) int {
		for i, x := range out {
			if x == n {
				return i
			}
		}
		return -1
	}
	for _, srcs := range parents {
		for _, src := range srcs {
			skip := false
			for _, c := range checked {
				if c == src.Node {
					skip = true
				}
			}
			if skip {
				continue
			}
			out = append([]string{src.Node}, out...)
			add := connectedNodes(w, src.Node, checked)
			for i := len(add) - 1; i >= 0; i-- {
				if j := indexOf(add[i]); j >= 0 {
					out = append(out[:j], out[j+1:]...)
				}
				out = append([]string{add[i]}, out...)
			}
		}
	}
	return out
}
