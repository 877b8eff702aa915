package kit

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var jsonSamples = []string{
	`{"properties":{"Clockify Task ID":{"rich_text":[{"text":{"content":"id-1"}}]}}}`,
	`{"name":"New task 1","projectId":"abc","archived":false,"n":null}`,
	`{}`, `[]`, `[{}]`, `{"a":[]}`, ` {"a" : [ 1 , 2.5 , -0 , 1e3 , -1.5E-7 ] } `, `"x"`, `12`, `-0.0`, `true`, `null`,
	`{"a":1,"a":2}`, `{"ü":"é😀"}`, `{"a":"\u00e9"}`, `{"a":"\n"}`, `{"a":"x\"y"}`, "{\"a\":\"\xff\"}",
	"{\"a\":\"\t\"}", `{"a":01}`, `{"a":1.}`, `{"a":.5}`, `{"a":-}`, `{"a":1e}`, `{"a":1e400}`, `{"a":tru}`,
	`{"a":1,}`, `[1,]`, `{"a" 1}`, `{a:1}`, `{"a":1} x`, `{"a":1}}`, ``, ` `, `[`, `{"a":[1,2}`, `"abc`,
	`{"a":NaN}`, `{"a":Infinity}`, `{"a":0x10}`, `{"a":+1}`, strings.Repeat("[", 300) + strings.Repeat("]", 300),
	strings.Repeat("[", 20000) + strings.Repeat("]", 20000), `{"a":"` + "\u2028" + `"}`, "\xef\xbb\xbf{}",
}

// TestUnmarshalAnyIsUnmarshal checks UnmarshalAny against json.Unmarshal:
// the same value, or an error on the same inputs.
func TestUnmarshalAnyIsUnmarshal(t *testing.T) {
	for _, s := range jsonSamples {
		checkUnmarshalAny(t, []byte(s))
	}
}

func checkUnmarshalAny(t *testing.T, raw []byte) {
	t.Helper()
	var want any
	werr := json.Unmarshal(raw, &want)
	got, gerr := UnmarshalAny(raw)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%q: error %v, json.Unmarshal %v", raw, gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %#v, want %#v", raw, got, want)
	}
}

func FuzzUnmarshalAny(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkUnmarshalAny(t, raw) })
}

func BenchmarkUnmarshalAny(b *testing.B) {
	raw := []byte(jsonSamples[0])
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := UnmarshalAny(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
