package filter

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

// cond builds a condition; single-value operators get singleValue as the
// editor writes it.
func cond(typ, op string, left, right any) Condition {
	single := false
	switch op {
	case "exists", "notExists", "empty", "notEmpty", "true", "false":
		single = true
	}
	return Condition{Left: left, Right: right, Operator: Operator{Type: typ, Operation: op, SingleValue: single}}
}

func TestOperators(t *testing.T) {
	strict := Options{CaseSensitive: true, Strict: true, Version: 2}
	loose := Options{CaseSensitive: true, Version: 2}
	ci := Options{Strict: true, Version: 2}
	u := data.Undefined
	arr := []any{1.0, "x", "Y"}
	tests := []struct {
		name string
		c    Condition
		o    Options
		want bool
	}{
		{"string exists", cond("string", "exists", "a", ""), strict, true},
		{"string exists undefined", cond("string", "exists", u, ""), strict, false},
		{"string notExists null", cond("string", "notExists", nil, ""), strict, true},
		{"string empty undefined", cond("string", "empty", u, ""), strict, true},
		{"string empty null", cond("string", "empty", nil, ""), strict, true},
		{"string empty ''", cond("string", "empty", "", ""), strict, true},
		{"string notEmpty", cond("string", "notEmpty", "c1", ""), strict, true},
		{"string equals", cond("string", "equals", "a", "a"), strict, true},
		{"string equals case", cond("string", "equals", "A", "a"), strict, false},
		{"string equals ignore case", cond("string", "equals", "A", "a"), ci, true},
		{"string notEquals", cond("string", "notEquals", "a", "b"), strict, true},
		{"string contains", cond("string", "contains", "Hello World", "World"), strict, true},
		{"string notContains", cond("string", "notContains", "Hello", "x"), strict, true},
		{"string startsWith", cond("string", "startsWith", "Hello", "He"), strict, true},
		{"string notStartsWith", cond("string", "notStartsWith", "Hello", "He"), strict, false},
		{"string endsWith", cond("string", "endsWith", "abc123", "123"), strict, true},
		{"string notEndsWith", cond("string", "notEndsWith", "abc", "123"), strict, true},
		{"string regex literal flags", cond("string", "regex", "HELLO", "/^h\\w+$/i"), strict, true},
		{"string regex bare", cond("string", "regex", "a1", "\\d"), strict, true},
		{"string regex pattern not lowered", cond("string", "regex", "ABC", "[A-Z]+"), ci, false},
		{"string notRegex", cond("string", "notRegex", "abc", "\\d"), strict, true},
		{"string loose number", cond("string", "equals", 5.0, "5"), loose, true},
		{"string loose object", cond("string", "contains", []any{"hello"}, "hello"), loose, true},
		{"number equals", cond("number", "equals", 5.0, 5.0), strict, true},
		{"number notEquals", cond("number", "notEquals", 5.0, 4.0), strict, true},
		{"number gt", cond("number", "gt", 5.0, 0.0), strict, true},
		{"number lt", cond("number", "lt", -2.5, 0.0), strict, true},
		{"number gte", cond("number", "gte", 0.0, 0.0), strict, true},
		{"number lte", cond("number", "lte", 1.0, 0.0), strict, false},
		{"number null lt 1", cond("number", "lt", nil, 1.0), strict, true},
		{"number undefined gt", cond("number", "gt", u, -1.0), strict, false},
		{"number empty", cond("number", "empty", u, ""), strict, true},
		{"number NaN notExists", cond("number", "notExists", math.NaN(), ""), strict, true},
		{"number loose string", cond("number", "gt", "10", "3"), loose, true},
		{"number loose empty string v2", cond("number", "equals", "", 0.0), loose, true},
		{"boolean true", cond("boolean", "true", true, ""), strict, true},
		{"boolean false", cond("boolean", "false", false, ""), strict, true},
		{"boolean equals", cond("boolean", "equals", false, false), strict, true},
		{"boolean notEquals", cond("boolean", "notEquals", true, false), strict, true},
		{"boolean notEmpty", cond("boolean", "notEmpty", false, ""), strict, true},
		{"boolean loose 'false' v2", cond("boolean", "true", "false", ""), loose, false},
		{"boolean loose 'false' v1", cond("boolean", "true", "false", ""), Options{CaseSensitive: true, Version: 1}, true},
		{"boolean loose '0'", cond("boolean", "false", "0", ""), loose, true},
		{"dateTime after", cond("dateTime", "after", "2024-03-01T10:00:00Z", "2024-01-01T00:00:00Z"), strict, true},
		{"dateTime before date only", cond("dateTime", "before", "2023-12-31", "2024-01-01"), strict, true},
		{"dateTime equals offsets", cond("dateTime", "equals", "2024-03-01T10:00:00.000Z", "2024-03-01T11:00:00+01:00"), strict, true},
		{"dateTime notEquals", cond("dateTime", "notEquals", "2024-03-01", "2024-03-02"), strict, true},
		{"dateTime afterOrEquals", cond("dateTime", "afterOrEquals", "2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z"), strict, true},
		{"dateTime beforeOrEquals", cond("dateTime", "beforeOrEquals", "2024-03-02", "2024-03-01"), strict, false},
		{"dateTime missing side", cond("dateTime", "after", u, "2024-01-01"), strict, false},
		{"dateTime http", cond("dateTime", "equals", "Fri, 01 Mar 2024 10:00:00 GMT", "2024-03-01T10:00:00Z"), strict, true},
		{"dateTime sql", cond("dateTime", "equals", "2024-03-01 10:00:00", "2024-03-01T10:00:00Z"), strict, true},
		{"array contains", cond("array", "contains", arr, "x"), strict, true},
		{"array contains number", cond("array", "contains", arr, 1.0), strict, true},
		{"array contains case", cond("array", "contains", arr, "y"), strict, false},
		{"array contains ignore case", cond("array", "contains", arr, "y"), ci, true},
		{"array notContains", cond("array", "notContains", arr, 2.0), strict, true},
		{"array lengthEquals", cond("array", "lengthEquals", arr, 3.0), strict, true},
		{"array lengthNotEquals", cond("array", "lengthNotEquals", arr, 3.0), strict, false},
		{"array lengthGt", cond("array", "lengthGt", arr, 1.0), strict, true},
		{"array lengthLt", cond("array", "lengthLt", arr, 1.0), strict, false},
		{"array lengthGte", cond("array", "lengthGte", arr, 3.0), strict, true},
		{"array lengthLte", cond("array", "lengthLte", []any{}, 0.0), strict, true},
		{"array empty undefined", cond("array", "empty", u, ""), strict, true},
		{"array notEmpty", cond("array", "notEmpty", arr, ""), strict, true},
		{"array loose JSON string", cond("array", "contains", `["a","b"]`, "b"), loose, true},
		{"array loose single quotes", cond("array", "contains", `['a','b']`, "b"), loose, true},
		{"object empty", cond("object", "empty", data.NewObject(0), ""), strict, true},
		{"object empty undefined", cond("object", "empty", u, ""), strict, true},
		{"object notEmpty", cond("object", "notEmpty", data.ObjectOf("k", 1.0), ""), strict, true},
		{"object loose JSON", cond("object", "notEmpty", `{"k":1}`, ""), loose, true},
		{"object loose JS literal", cond("object", "notEmpty", `{k: 'v'}`, ""), loose, true},
		{"unknown operation", cond("string", "frobnicate", "a", "a"), strict, false},
		{"unknown type", cond("thing", "equals", "a", "a"), strict, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.c.Operator.Type == "array" && strings.HasPrefix(tt.c.Operator.Operation, "length") {
				tt.c.Operator.RightType = "number"
			}
			if tt.c.Operator.Type == "array" && strings.Contains(tt.c.Operator.Operation, "ontains") {
				tt.c.Operator.RightType = "any"
			}
			got, err := Evaluator{Loc: time.UTC}.Condition(tt.c, tt.o, 0, 0)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	strict := Options{CaseSensitive: true, Strict: true, Version: 2}
	loose := Options{CaseSensitive: true, Version: 2}
	strictDesc := "\n<p>Try either:</p>\n<ol>\n  <li>Enabling 'Convert types where required'</li>\n  <li>Converting the first field to a string by adding <code>.toString()</code></li>\n</ol>\n\t\t\t"
	tests := []struct {
		name      string
		c         Condition
		o         Options
		msg, desc string
	}{
		{"strict left", cond("string", "empty", 5.0, ""), strict,
			"Wrong type: '5' is a number but was expecting a string [condition 3, item 7]", strictDesc},
		{"strict array article", cond("array", "empty", "x", ""), strict,
			"Wrong type: 'x' is a string but was expecting an array [condition 3, item 7]",
			"Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."},
		{"loose conversion", cond("number", "gt", "abc", 3.0), loose,
			"Conversion error: the string 'abc' can't be converted to a number [condition 3, item 7]",
			"Try changing the type of the comparison."},
		{"both invalid", cond("number", "equals", "x", "y"), strict,
			"Comparison type expects a number but both fields are a string",
			"Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."},
		{"strict right", cond("number", "equals", 1.0, "2"), strict,
			"Wrong type: '2' is a string but was expecting a number [condition 3, item 7]",
			"\n<p>Try either:</p>\n<ol>\n  <li>Enabling 'Convert types where required'</li>\n  <li>Converting the second field to a number by adding <code>.toNumber()</code></li>\n</ol>\n\t\t\t"},
		{"strict object article", cond("object", "empty", []any{}, ""), strict,
			"Wrong type: '' is an object but was expecting an object [condition 3, item 7]",
			"Try changing the type of comparison. Alternatively you can enable 'Convert types where required'."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Evaluator{}.Condition(tt.c, tt.o, 3, 7)
			fe, ok := err.(*Error)
			if !ok {
				t.Fatalf("got %v, want a filter error", err)
			}
			if fe.Message != tt.msg || fe.Description != tt.desc {
				t.Errorf("got %q / %q\nwant %q / %q", fe.Message, fe.Description, tt.msg, tt.desc)
			}
		})
	}
}

func TestCombinator(t *testing.T) {
	yes, no := cond("string", "equals", "a", "a"), cond("string", "equals", "a", "b")
	bad := cond("number", "gt", "x", 1.0)
	o := Options{CaseSensitive: true, Strict: true, Version: 2}
	ev := Evaluator{}
	for _, tt := range []struct {
		name  string
		v     Value
		want  bool
		isErr bool
	}{
		{"and empty", Value{Options: o, Combinator: "and"}, true, false},
		{"or empty", Value{Options: o, Combinator: "or"}, false, false},
		{"and", Value{o, []Condition{yes, no}, "and"}, false, false},
		{"or", Value{o, []Condition{no, yes}, "or"}, true, false},
		{"and stops at first false", Value{o, []Condition{no, bad}, "and"}, false, false},
		{"or stops at first true", Value{o, []Condition{yes, bad}, "or"}, true, false},
		{"error", Value{o, []Condition{yes, bad}, "and"}, false, true},
		{"unknown combinator", Value{o, []Condition{yes}, "xor"}, false, false},
	} {
		got, err := ev.Execute(tt.v, 0)
		if (err != nil) != tt.isErr || got != tt.want {
			t.Errorf("%s: got %v, %v", tt.name, got, err)
		}
	}
}

func TestFromParamDefaults(t *testing.T) {
	v := FromParam(data.Normalize(map[string]any{"conditions": []any{map[string]any{"operator": map[string]any{"type": "string", "operation": "equals"}}}, "combinator": "and"}))
	if v.Options.CaseSensitive || v.Options.Strict || v.Options.Version != 1 {
		t.Errorf("options: %+v", v.Options)
	}
	if !data.IsUndefined(v.Conditions[0].Left) {
		t.Errorf("missing leftValue should be undefined, got %#v", v.Conditions[0].Left)
	}
}

func BenchmarkStringEmpty(b *testing.B) {
	v := Value{Options{CaseSensitive: true, Strict: true, Version: 2}, []Condition{{Left: "c1", Operator: Operator{Type: "string", Operation: "empty", SingleValue: true}}}, "and"}
	ev := Evaluator{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ev.Execute(v, 0); err != nil {
			b.Fatal(err)
		}
	}
}
