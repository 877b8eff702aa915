package xml

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// The expected texts were printed by xml2js as n8n 1.123.81 ships it.
func TestXML(t *testing.T) {
	v, err := parseXML(`<?xml version="1.0"?><root a="1"><item id="x">hi</item><item>two</item><e/><n> <c>t</c> </n><m>a<b>1</b>c</m><s>  sp  </s><cd><![CDATA[<x>]]></cd></root>`,
		parseOptions{attrKey: "$", charKey: "_", explicitRoot: true, mergeAttrs: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := data.MarshalValue(v)
	want := `{"root":{"a":"1","item":[{"_":"hi","id":"x"},"two"],"e":"","n":{"c":"t"},"m":{"_":"ac","b":"1"},"s":"  sp  ","cd":"<x>"}}`
	if string(got) != want {
		t.Errorf("parse:\n got %s\nwant %s", got, want)
	}
	in := data.ObjectOf("a", 1.0, "b", "x&<y>", "c", []any{1.0, 2.0}, "d", data.ObjectOf("$", data.ObjectOf("k", `v"`), "_", "t"),
		"e", nil, "f", true, "g", data.NewObject(0), "h", data.ObjectOf("i", data.ObjectOf("j", "deep")))
	bo := buildOptions{attrKey: "$", charKey: "_", rootName: "root", pretty: true}
	wantXML := "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<root>\n  <a>1</a>\n  <b>x&amp;&lt;y&gt;</b>\n  <c>1</c>\n  <c>2</c>\n  <d k=\"v&quot;\">t</d>\n  <e/>\n  <f>true</f>\n  <g/>\n  <h>\n    <i>\n      <j>deep</j>\n    </i>\n  </h>\n</root>"
	if got := buildXML(in, bo); got != wantXML {
		t.Errorf("build:\n got %q\nwant %q", got, wantXML)
	}
	if got := buildXML(data.ObjectOf("only", data.ObjectOf("x", 1.0)), bo); got != "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<only>\n  <x>1</x>\n</only>" {
		t.Errorf("single root: %q", got)
	}
}
