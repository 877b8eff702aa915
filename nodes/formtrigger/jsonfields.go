package formtrigger

import (
	"errors"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// jsonFieldKeys are the keys a field given as JSON may have (n8n's
// ALLOWED_FORM_FIELDS_KEYS; fieldName is not among them, so a hidden
// field's name is its label).
var jsonFieldKeys = map[string]bool{"fieldLabel": true, "fieldType": true, "placeholder": true, "defaultValue": true,
	"fieldOptions": true, "multiselect": true, "multipleFiles": true, "acceptFileTypes": true, "formatDate": true,
	"requiredField": true, "fieldValue": true, "elementName": true, "html": true}

// stringKeys are the JSON field keys the page shows as text: a number or
// boolean there is shown as JavaScript prints it.
var stringKeys = []string{"fieldLabel", "fieldType", "placeholder", "defaultValue", "acceptFileTypes", "formatDate",
	"fieldValue", "elementName", "html"}

// JSONFields reads a Form node's "Define Form: Using JSON" fields (the
// jsonOutput parameter, expressions already resolved) as n8n's
// tryToParseJsonToFormFields: a JSON array (n8n falls back to JavaScript object literals, never lists); keys
// checked, text other than html escaped (< and >), values that are not
// strings, numbers or booleans turned into their JavaScript strings,
// fieldOptions given as a bare array wrapped in {values}. The errors are
// n8n's messages. The fields come back in the shape formFields.values has,
// for PageFields.
func JSONFields(raw string) ([]any, error) {
	// jsonParse(acceptJSObject) falls back to a JavaScript object
	// literal only: a list written that way is not a list, so only JSON
	// gives fields.
	v, err := data.ParseJSONString(raw)
	if err != nil {
		return nil, errors.New("Value is not valid JSON")
	}
	list, ok := v.([]any)
	if !ok {
		// rawFields.entries is not a function: a TypeError, reported as
		// invalid JSON.
		return nil, errors.New("Value is not valid JSON")
	}
	out := make([]any, 0, len(list))
	for i, e := range list {
		switch f := e.(type) {
		case *data.Object:
			if err := jsonField(i, f); err != nil {
				return nil, err
			}
			out = append(out, data.ToPlain(f))
		case nil:
			// Object.keys(null) throws a TypeError.
			return nil, errors.New("Value is not valid JSON")
		case string:
			if f != "" {
				// Object.keys of a string are its indexes.
				return nil, fmt.Errorf("Key '0' in field %d is not valid for form fields", i)
			}
			out = append(out, map[string]any{})
		case []any:
			if len(f) > 0 {
				return nil, fmt.Errorf("Key '0' in field %d is not valid for form fields", i)
			}
			out = append(out, map[string]any{})
		default:
			// Numbers and booleans have no keys: an empty field.
			out = append(out, map[string]any{})
		}
	}
	return out, nil
}

func jsonField(i int, f *data.Object) error {
	for _, key := range f.Keys() {
		v := f.Value(key)
		if !jsonFieldKeys[key] {
			return fmt.Errorf("Key '%s' in field %d is not valid for form fields", key, i)
		}
		switch x := v.(type) {
		case string:
			if key != "html" {
				f.Set(key, strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(x))
			}
		case float64, bool:
		default:
			if key != "fieldOptions" {
				f.Set(key, jsStringOf(v))
			}
		}
		if key == "fieldType" {
			t, _ := f.Value(key).(string)
			if !fieldTypes[t] || t == "" {
				return fmt.Errorf("Field type '%s' in field %d is not valid for form fields", jsStringOf(f.Value(key)), i)
			}
		}
		if key == "fieldOptions" {
			opts := f.Value(key)
			if arr, ok := opts.([]any); ok {
				opts = data.ObjectOf("values", arr)
				f.Set(key, opts)
			}
			o, ok := opts.(*data.Object)
			if !ok || !truthy(o.Value("values")) {
				return fmt.Errorf("Field dropdown in field %d does has no 'values' property that contain an array of options", i)
			}
			vals, ok := o.Value("values").([]any)
			if !ok {
				// for…of over entries() of a non-array throws a TypeError.
				return errors.New("Value is not valid JSON")
			}
			for j, opt := range vals {
				oo, ok := opt.(*data.Object)
				if !ok || oo.Len() != 1 {
					return fmt.Errorf("Field dropdown in field %d has an invalid option %d", i, j)
				}
				if _, ok := oo.Value("option").(string); !ok {
					return fmt.Errorf("Field dropdown in field %d has an invalid option %d", i, j)
				}
			}
		}
	}
	for _, k := range stringKeys {
		switch x := f.Value(k).(type) {
		case float64:
			f.Set(k, jsvalue.NumberToString(x))
		case bool:
			f.Set(k, fmt.Sprint(x))
		}
	}
	return nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && !jsvalue.IsNaN(x)
	}
	return v != data.Undefined
}

// jsStringOf is JavaScript's String(v) for JSON values.
func jsStringOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case float64:
		return jsvalue.NumberToString(x)
	case bool:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil && e != data.Undefined {
				parts[i] = jsStringOf(e)
			}
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return "undefined"
}

// JSONPageFields is PageFields for fields given as JSON (JSONFields):
// what the parameter defaults supply in "Using Fields Below" is missing
// here, as in n8n: a field without fieldType is shown as text but its
// answer is not trimmed, files are single unless multipleFiles is set,
// and a hidden field's name is its label (fieldName is not allowed).
func JSONPageFields(version float64, list []any) ([]Field, error) {
	fields, err := PageFields(version, list)
	if err != nil {
		return nil, err
	}
	for i := range fields {
		m, _ := list[i].(map[string]any)
		f := &fields[i]
		if _, ok := m["fieldType"]; !ok {
			f.Untrimmed = true
		}
		if f.Type == "file" {
			f.MultipleFiles = truthy(m["multipleFiles"])
		}
		if f.Type == "hiddenField" {
			f.Name = str(m, "fieldLabel")
		}
	}
	return fields, nil
}
