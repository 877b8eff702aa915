package formtrigger

import (
	"fmt"
)

// PageFields reads a Form node's formFields.values (the Form Trigger's
// element types and defaults) for a form of the given typeVersion.
func PageFields(version float64, list []any) ([]Field, error) {
	c := Config{Version: version}
	var out []Field
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("parameter formFields.values[%d] must be an object", i)
		}
		f, err := c.field(m)
		if err != nil {
			return nil, fmt.Errorf("parameter formFields.values[%d]: %w", i, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// HasNextPage tells whether a form is followed by another page: a Form
// node or a Wait on a form submission among the nodes after it (n8n's
// isFormConnected); nodeType reads a node's type and its resume parameter.
func HasNextPage(after []string, nodeType func(name string) (typ, resume string)) bool {
	for _, name := range after {
		typ, resume := nodeType(name)
		if typ == FormType || (typ == "n8n-nodes-base.wait" && resume == "form") {
			return true
		}
	}
	return false
}

// FormType is the Form node's type name.
const FormType = "n8n-nodes-base.form"
