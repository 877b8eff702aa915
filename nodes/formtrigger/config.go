package formtrigger

import (
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// pathIdentifier is n8n's FORM_TRIGGER_PATH_IDENTIFIER: v1 forms live
// under <path>/n8n-form.
const pathIdentifier = "n8n-form"

// Field is one form element (formFields.values[i]) with n8n's defaults for
// the sub-parameters its type displays.
type Field struct {
	Label string
	// Name is fieldName (hidden fields only).
	Name            string
	Type            string
	Required        bool
	Multiselect     bool // dropdown "Multiple Choice" (legacy, < 2.3)
	MultipleFiles   bool
	Options         []string
	Placeholder     string
	Default         string
	Value           string // hidden field value
	AcceptFileTypes string
	ElementName     string // html
	HTML            string
	LimitSelection  string
	Exact, Min, Max float64
	// Untrimmed is a field given as JSON without fieldType: shown as
	// text, its answer kept as posted (n8n trims only fieldType "text").
	Untrimmed bool
}

// key is the property the submitted value is put under: the label, the
// field name for hidden fields (n8n hides fieldLabel for them and reads
// fieldLabel ?? fieldName), "undefined" for HTML elements (neither is
// displayed; only reached when the element's value is missing).
func (f *Field) key() string {
	switch f.Type {
	case "hiddenField":
		return f.Name
	case "html":
		return "undefined"
	}
	return f.Label
}

// isMulti tells whether the page shows the field as a list of checkboxes
// whose selection is posted as a JSON array.
func (f *Field) isMulti() bool {
	return f.Multiselect || f.Type == "checkbox" || f.Type == "radio"
}

// Config is a Form Trigger node as serve registers it.
type Config struct {
	Node      string
	NodeID    string
	WebhookID string
	Version   float64
	// Route is the path after /form/ (and /form-test/).
	Route string
	// Auth is "none" or "basicAuth" (v2+).
	Auth        string
	Title       string
	Description string
	Fields      []Field
	// ResponseMode is onReceived, lastNode or responseNode.
	ResponseMode string
	// SubmittedText is shown after submission; nil means n8n's default.
	SubmittedText     *string
	RedirectURL       string
	ButtonLabel       string
	AppendAttribution bool
	CustomCSS         string
	IgnoreBots        bool
	// UseWorkflowTimezone puts submittedAt in the workflow's zone
	// instead of UTC (default true from 2.1).
	UseWorkflowTimezone bool
}

// ConfigFor reads a Form Trigger's configuration from its parameters
// (defaults applied by the caller).
func ConfigFor(p map[string]any, node *workflow.Node) (Config, error) {
	c := Config{Node: node.Name, NodeID: node.ID, WebhookID: node.WebhookID, Version: node.TypeVersion}
	return c, c.parse(p)
}

func (c *Config) parse(p map[string]any) error {
	opts, _ := p["options"].(map[string]any)
	if opts == nil {
		opts = map[string]any{}
	}
	for _, k := range []string{"path", "formTitle", "formDescription", "responseMode", "authentication"} {
		if s, ok := p[k].(string); ok && strings.HasPrefix(s, "=") && strings.Contains(s, "{{") {
			return fmt.Errorf("parameter %s: expressions are not supported in form settings", k)
		}
	}
	path := strings.Trim(str(p, "path"), "/")
	if c.Version >= 2 {
		if path == "" {
			path = strings.Trim(str(opts, "path"), "/")
		}
		if path == "" {
			path = c.WebhookID
		}
	} else {
		path += "/" + pathIdentifier
	}
	if strings.Trim(path, "/") == "" {
		return fmt.Errorf("the form has no path and no webhookId")
	}
	c.Route = path
	c.Auth = "none"
	if c.Version >= 2 {
		if a := str(p, "authentication"); a != "" {
			c.Auth = a
		}
		if c.Auth != "none" && c.Auth != "basicAuth" {
			return fmt.Errorf("parameter authentication: unsupported value %q (expected basicAuth or none)", c.Auth)
		}
	}
	c.Title = str(p, "formTitle")
	c.Description = str(p, "formDescription")
	c.ResponseMode = str(p, "responseMode")
	if c.ResponseMode == "" {
		c.ResponseMode = "onReceived"
	}
	switch c.ResponseMode {
	case "onReceived", "lastNode", "responseNode":
	default:
		return fmt.Errorf("parameter responseMode: unsupported value %q (expected onReceived, lastNode or responseNode)", c.ResponseMode)
	}
	// Options.
	if rw, ok := opts["respondWithOptions"].(map[string]any); ok {
		vals, _ := rw["values"].(map[string]any)
		with := str(vals, "respondWith")
		if with == "" {
			with = "text"
		}
		switch with {
		case "text":
			t := "Your response has been recorded"
			if s, ok := vals["formSubmittedText"].(string); ok {
				t = s
			}
			c.SubmittedText = &t
		case "redirect":
			c.RedirectURL = str(vals, "redirectUrl")
		}
	} else if s, ok := opts["formSubmittedText"].(string); ok {
		c.SubmittedText = &s
	}
	c.AppendAttribution = opts["appendAttribution"] != false
	c.ButtonLabel = "Submit"
	if s := str(opts, "buttonLabel"); s != "" {
		c.ButtonLabel = s
	}
	c.CustomCSS = str(opts, "customCss")
	c.IgnoreBots = opts["ignoreBots"] == true
	if v, ok := opts["useWorkflowTimezone"].(bool); ok {
		c.UseWorkflowTimezone = v
	} else {
		c.UseWorkflowTimezone = c.Version > 2
	}
	// Fields.
	ff, _ := p["formFields"].(map[string]any)
	list, _ := ff["values"].([]any)
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return fmt.Errorf("parameter formFields.values[%d] must be an object", i)
		}
		f, err := c.field(m)
		if err != nil {
			return fmt.Errorf("parameter formFields.values[%d]: %w", i, err)
		}
		c.Fields = append(c.Fields, f)
	}
	return nil
}

var fieldTypes = map[string]bool{"checkbox": true, "html": true, "date": true, "dropdown": true, "email": true, "file": true,
	"hiddenField": true, "number": true, "password": true, "radio": true, "text": true, "textarea": true}

func (c *Config) field(m map[string]any) (Field, error) {
	f := Field{Label: str(m, "fieldLabel"), Type: str(m, "fieldType"), Placeholder: str(m, "placeholder"),
		Default: str(m, "defaultValue"), Required: m["requiredField"] == true}
	if f.Type == "" {
		f.Type = "text"
	}
	if !fieldTypes[f.Type] {
		return f, fmt.Errorf("fieldType %q is not a form element type n8n knows", f.Type)
	}
	switch f.Type {
	case "hiddenField":
		f.Name, f.Value, f.Required, f.Label = str(m, "fieldName"), str(m, "fieldValue"), false, ""
	case "html":
		f.ElementName, f.Required, f.Label = str(m, "elementName"), false, ""
		f.HTML = "<!-- Your custom HTML here --->\n\n\n"
		if s, ok := m["html"].(string); ok {
			f.HTML = s
		}
	case "file":
		f.MultipleFiles = m["multipleFiles"] != false
		f.AcceptFileTypes = str(m, "acceptFileTypes")
	case "dropdown":
		f.Multiselect = c.Version < 2.3 && m["multiselect"] == true
	case "checkbox":
		f.LimitSelection = str(m, "limitSelection")
		f.Exact, f.Min, f.Max = num(m, "numberOfSelections", 1), num(m, "minSelections", 0), num(m, "maxSelections", 1)
	}
	if fo, ok := m["fieldOptions"].(map[string]any); ok {
		vals, _ := fo["values"].([]any)
		for _, v := range vals {
			if o, ok := v.(map[string]any); ok {
				f.Options = append(f.Options, str(o, "option"))
			}
		}
	} else if f.Type == "dropdown" || f.Type == "checkbox" || f.Type == "radio" {
		f.Options = []string{""}
	}
	return f, nil
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func num(m map[string]any, k string, def float64) float64 {
	if f, ok := m[k].(float64); ok {
		return f
	}
	return def
}
