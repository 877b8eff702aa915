package set

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// assignment is one raw entry of assignments.assignments.
type assignment struct {
	name, value any
	hasValue    bool
	typ         string
	// namePath and valuePath name the parameters in expression errors;
	// built once, not per item.
	namePath, valuePath string
}

// rawAssignments reads the assignments once; expressions in them are
// resolved per item by assignmentsItem.
func rawAssignments(ex *engine.Exec) []assignment {
	list, _ := ex.Params().Get("assignments.assignments")
	raw, _ := list.([]any)
	out := make([]assignment, 0, len(raw))
	for k, a := range raw {
		m, _ := a.(*data.Object)
		typ, _ := m.Value("type").(string)
		if typ == "" {
			typ = "string"
		}
		v, has := m.Get("value")
		path := "assignments.assignments." + strconv.Itoa(k)
		out = append(out, assignment{name: m.Value("name"), value: v, hasValue: has, typ: typ,
			namePath: path + ".name", valuePath: path + ".value"})
	}
	return out
}

func resolveIf(ex *engine.Exec, path string, v any, i int) (any, error) {
	if !engine.HasExpression(v) {
		return v, nil
	}
	return ex.Evaluate(path, v, i)
}

// assignmentsItem handles Set 3.3+: assignments.assignments[] {name, value, type}.
func assignmentsItem(ex *engine.Exec, list []assignment, in data.Item, i int, o options) (data.Item, error) {
	// fields is n8n's Object.fromEntries of the non-binary assignments.
	fields := data.NewObject(len(list))
	type binaryField struct {
		name  string
		value any
	}
	var binaries []binaryField
	for _, a := range list {
		nv, err := resolveIf(ex, a.namePath, a.name, i)
		if err != nil {
			return data.Item{}, err
		}
		name := jsvalue.ToString(orEmpty(nv))
		value := any(data.Undefined)
		if a.hasValue {
			if value, err = resolveIf(ex, a.valuePath, a.value, i); err != nil {
				return data.Item{}, err
			}
		}
		if a.typ == "binary" {
			binaries = append(binaries, binaryField{name: name, value: value})
			continue
		}
		v, err := convertField(name, a.typ, value, i, o.ignoreErrors, ex.Version())
		if err != nil {
			return data.Item{}, err
		}
		fields.Set(name, v)
	}
	out, err := compose(ex, in, i, fields, o)
	if err != nil {
		return data.Item{}, err
	}
	if len(binaries) > 0 {
		if out.Binary == nil {
			out.Binary = data.NewObject(len(binaries))
		}
		for _, b := range binaries {
			prop := jsvalue.ToString(b.value)
			bin, ok := in.Binary.Get(prop)
			if !ok {
				return data.Item{}, engine.OperationError(i, "This operation expects the node's input data to contain a binary file '%s', but none was found [item %d]", prop, i)
			}
			out.Binary.Set(b.name, bin)
		}
	}
	return out, nil
}

func orEmpty(v any) any {
	if v == nil || data.IsUndefined(v) {
		return ""
	}
	return v
}

// fieldsV3 handles Set 3.0 to 3.2: fields.values[] {name, type: "stringValue"…}.
// The result is n8n's newData object: newData[name] = value per entry.
func fieldsV3(ex *engine.Exec, i int, o options) (*data.Object, error) {
	rawList, _ := ex.Params().Get("fields.values")
	raw, _ := rawList.([]any)
	fv, err := ex.Param("fields.values", i)
	if err != nil {
		return nil, err
	}
	list, _ := fv.([]any)
	fields := data.NewObject(len(list))
	for idx, e := range list {
		m, _ := e.(*data.Object)
		name := jsvalue.ToString(orEmpty(m.Value("name")))
		typ, _ := m.Value("type").(string)
		if typ == "" {
			typ = "stringValue"
		}
		value, present := m.Get(typ)
		if !present {
			value = entryDefault(typ)
		}
		if typ == "objectValue" && value != nil && !data.IsUndefined(value) {
			// An expression object value is re-evaluated from its raw text:
			// each {{ }} is substituted, then the text is parsed as JSON.
			var rm *data.Object
			if idx < len(raw) {
				rm, _ = raw[idx].(*data.Object)
			}
			if s, ok := rm.Value("objectValue").(string); ok && strings.HasPrefix(s, "=") {
				text, err := resolveRaw(ex, i, strings.TrimLeft(s, "="))
				if err != nil {
					return nil, err
				}
				obj, err := parseJSONParam(text, i, name)
				if err != nil {
					return nil, err
				}
				value = obj
			}
		}
		v, err := convertField(name, strings.TrimSuffix(typ, "Value"), value, i, o.ignoreErrors, ex.Version())
		if err != nil {
			return nil, err
		}
		fields.Set(name, v)
	}
	return fields, nil
}

// entryDefault is the default of each value parameter of a Set 3.0-3.2
// field entry (n8n fills defaults in before running).
func entryDefault(typ string) any {
	switch typ {
	case "booleanValue":
		return "true"
	case "objectValue":
		return data.NewObject(0)
	}
	return ""
}

// jsonError is an invalid JSON output/object entry.
type jsonError struct{ msg, description string }

func (e *jsonError) Error() string { return e.msg }

// parseJSONParam is n8n's parseJsonParameter: the text must hold a JSON
// object (repaired if needed).
func parseJSONParam(v any, i int, entry string) (*data.Object, error) {
	location := "'JSON Output'"
	if entry != "" {
		location = fmt.Sprintf("entry \"%s\" inside 'Fields to Set'", entry)
	}
	var parsed any
	if s, ok := v.(string); ok {
		p, err := jsvalue.ParseLoose(s)
		if err != nil {
			return nil, &jsonError{msg: fmt.Sprintf("The %s in item %d contains invalid JSON", location, i), description: s}
		}
		parsed = p
	} else {
		parsed = v
	}
	m, ok := parsed.(*data.Object)
	if !ok {
		return nil, &jsonError{msg: fmt.Sprintf("The %s in item %d does not contain a valid JSON object", location, i)}
	}
	return m, nil
}

// resolveRaw is n8n's resolveRawData: every {{ … }} in text is evaluated
// and replaced by its value (objects as JSON, the rest with String()).
func resolveRaw(ex *engine.Exec, i int, text string) (string, error) {
	out := text
	rest := text
	for {
		start := strings.Index(rest, "{{")
		if start < 0 {
			break
		}
		end := strings.Index(rest[start+2:], "}}")
		if end < 0 {
			break
		}
		resolvable := rest[start : start+2+end+2]
		rest = rest[start+len(resolvable):]
		v, err := ex.Evaluate("jsonOutput", "="+resolvable, i)
		if err != nil {
			return "", err
		}
		var s string
		switch v.(type) {
		case *data.Object, []any:
			s = jsvalue.Stringify(v)
		default:
			s = jsvalue.ToString(v)
		}
		if out == resolvable {
			// The whole text is one {{ }} (a generated JSON document):
			// its value is the text, without copying it into a new one.
			out = s
			continue
		}
		out = strings.Replace(out, resolvable, s, 1)
	}
	return out, nil
}

// rawFields returns the object of Set's JSON mode for item i.
func rawFields(ex *engine.Exec, i int, rawJSON string, rawIsExpr bool) (*data.Object, error) {
	if rawIsExpr {
		text, err := resolveRaw(ex, i, rawJSON)
		if err != nil {
			return nil, err
		}
		return parseJSONParam(text, i, "")
	}
	v, err := ex.Param("jsonOutput", i)
	if err != nil {
		return nil, err
	}
	return parseJSONParam(v, i, "")
}
