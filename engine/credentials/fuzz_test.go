package credentials

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzParse: the credentials file reader never panics, and its errors
// never quote the document (it holds secrets).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`[{"id":"1","name":"n","type":"notionApi","data":{"apiKey":"secret_SEED_VALUE"}}]`,
		`{"id":"1","name":"n","type":"notionApi","data":{"apiKey":"secret_SEED_VALUE"}}`,
		`[{"id":"1","name":"n","type":"notionApi","data":"U2FsdGVkX1secret_SEED_VALUE"}]`,
		`[{"id":"1","name":"n","data":{}}]`, `[{"type":1}]`, `{`, `[`, ``, `null`, `[null]`,
		`[{"id":"1","type":"t","data":{"secret_SEED_VALUE":` + strings.Repeat("[", 5000) + `}}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		creds, err := Parse(b)
		if err != nil {
			if strings.Contains(string(b), "secret_SEED_VALUE") && strings.Contains(err.Error(), "secret_SEED_VALUE") && !inIdentifier(b, "secret_SEED_VALUE") {
				t.Fatalf("the error quotes a secret: %v", err)
			}
			return
		}
		st := New(creds, nil)
		_ = st.Scrubber().String(string(b))
		for _, c := range creds {
			_, _ = st.Resolve(c.Type, nil)
		}
	})
}

// inIdentifier reports whether s is in a credential's name, id or type,
// which errors quote on purpose to say which credential is wrong (keys
// match as encoding/json matches them, case-insensitively).
func inIdentifier(doc []byte, s string) bool {
	var list []map[string]any
	if json.Unmarshal(doc, &list) != nil {
		var one map[string]any
		if json.Unmarshal(doc, &one) != nil {
			return false
		}
		list = []map[string]any{one}
	}
	for _, c := range list {
		for k, v := range c {
			if str, ok := v.(string); ok && (strings.EqualFold(k, "name") || strings.EqualFold(k, "id") || strings.EqualFold(k, "type")) && strings.Contains(str, s) {
				return true
			}
		}
	}
	return false
}
