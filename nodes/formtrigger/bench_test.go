package formtrigger

import (
	"io"
	"testing"
	"time"
)

const benchParams = `{"formTitle":"Contact","formDescription":"Write <b>us</b>","formFields":{"values":[
{"fieldLabel":"Name","requiredField":true},{"fieldLabel":"Age","fieldType":"number"},
{"fieldLabel":"Fruits","fieldType":"checkbox","fieldOptions":{"values":[{"option":"a"},{"option":"b"}]}},
{"fieldLabel":"File","fieldType":"file"},{"fieldLabel":"Notes","fieldType":"textarea"}]}}`

func BenchmarkSubmission(b *testing.B) {
	c := mustConfig(&testing.T{}, 2.2, benchParams)
	ct, body := multipartBody(&testing.T{}, part{name: "field-0", value: "Ann"}, part{name: "field-1", value: "42"},
		part{name: "field-2", value: `["a"]`}, part{name: "field-3", value: string(make([]byte, 64<<10)), file: "f.bin", mime: "application/octet-stream"},
		part{name: "field-4", value: "hello"})
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		sub, err := ParseSubmission(ct, body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Item(sub, "q=1", "production", now, time.UTC); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	c := mustConfig(&testing.T{}, 2.2, benchParams)
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Render(io.Discard, PageOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
