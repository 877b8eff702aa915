package formtrigger

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestJSONFields: n8n's tryToParseJsonToFormFields on the shapes a user
// writes, and its messages for what it refuses.
func TestJSONFields(t *testing.T) {
	cases := []struct {
		name, raw, want, err string
	}{
		{name: "json", raw: `[{"fieldLabel":"A <b>","requiredField":true},{"fieldLabel":"N","fieldType":"number","placeholder":5}]`,
			want: `[{"fieldLabel":"A &lt;b&gt;","requiredField":true},{"fieldLabel":"N","fieldType":"number","placeholder":"5"}]`},
		{name: "options as list", raw: `[{"fieldLabel":"C","fieldType":"radio","fieldOptions":[{"option":"x"}]}]`,
			want: `[{"fieldLabel":"C","fieldOptions":{"values":[{"option":"x"}]},"fieldType":"radio"}]`},
		// n8n's jsonParse(acceptJSObject) reads a JavaScript object
		// literal, never a list.
		{name: "loose list", raw: `[{fieldLabel: 'C'}]`, err: "Value is not valid JSON"},
		{name: "loose object", raw: `{fieldLabel: 'C'}`, err: "Value is not valid JSON"},
		{name: "html kept", raw: `[{"fieldType":"html","html":"<b>hi</b>"}]`, want: `[{"fieldType":"html","html":"<b>hi</b>"}]`},
		{name: "object value", raw: `[{"fieldLabel":{"a":1},"defaultValue":[1,null,"b"]}]`,
			want: `[{"defaultValue":"1,,b","fieldLabel":"[object Object]"}]`},
		{name: "unknown key", raw: `[{"fieldLabel":"A"},{"fieldLabel":"B","color":"red"}]`, err: "Key 'color' in field 1 is not valid for form fields"},
		{name: "bad type", raw: `[{"fieldType":"slider"}]`, err: "Field type 'slider' in field 0 is not valid for form fields"},
		{name: "no values", raw: `[{"fieldType":"dropdown","fieldOptions":{}}]`, err: "Field dropdown in field 0 does has no 'values' property that contain an array of options"},
		{name: "bad option", raw: `[{"fieldType":"dropdown","fieldOptions":[{"option":"a"},{"label":"b"}]}]`, err: "Field dropdown in field 0 has an invalid option 1"},
		{name: "not json", raw: `[{"fieldLabel": }]`, err: "Value is not valid JSON"},
		{name: "not a list", raw: `{"fieldLabel":"A"}`, err: "Value is not valid JSON"},
		{name: "null field", raw: `[null]`, err: "Value is not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := JSONFields(c.raw)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(got)
			if b := bytes.TrimSpace(buf.Bytes()); string(b) != c.want {
				t.Errorf("got  %s\nwant %s", b, c.want)
			}
		})
	}
}
