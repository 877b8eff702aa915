package notion

import (
	"testing"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestSimplifyOnePassMatchesPrepend checks the one-pass database page
// against the literal prepend (moves and deletes in place), on names that
// take the fast path and on names whose keys collide.
func TestSimplifyOnePassMatchesPrepend(t *testing.T) {
	pages := []string{
		`{"object":"page","id":"p1","url":"u","parent":{"type":"database_id"},"properties":{
			"Name":{"type":"title","title":[{"plain_text":"A"}]},"Done":{"type":"checkbox","checkbox":true},
			"2":{"type":"number","number":2},"1":{"type":"rich_text","rich_text":[]},
			"Status":{"type":"status","status":null},"Cost EUR":{"type":"number","number":1.5}}}`,
		`{"object":"page","id":"p2","url":"u","parent":{"type":"database_id"},"properties":{
			"Foo Bar":{"type":"number","number":1},"foo_bar":{"type":"number","number":2},
			"Name":{"type":"title","title":[]}}}`,
		`{"object":"page","id":"p3","parent":{"type":"database_id"},"properties":{
			"x":{"type":"number","number":1},"property_x":{"type":"number","number":2},
			"Name":{"type":"title","title":[{"plain_text":""}]}}}`,
		`{"object":"page","id":"p4","url":"u","parent":{"type":"database_id"},"properties":{
			"Name":{"type":"title","title":[{"type":"text","plain_text":"B"}]},"Note":{"type":"rich_text","rich_text":[{"type":"text","plain_text":"n"}]},
			"Status":{"type":"status","status":{"name":"Done"}},"Rel":{"type":"relation","relation":[{"id":"r1"},{"id":"r1"}]}}}`,
		`{"object":"page","id":"p5","url":"u","parent":{"type":"database_id"},"properties":{
			"Name":{"type":"title","title":[{"type":"text"}]},"N2":{"type":"title","title":[{"type":"text","plain_text":7}]}}}`,
		`{"object":"page","id":"p6","url":"u","parent":{"type":"database_id"},"properties":{
			"Name":{"type":"title","title":[{"type":"text","plain_text":7}]}}}`,
	}
	for _, raw := range pages {
		o := gjson.Parse(raw)
		var s simplifier
		got, err := s.databasePage(o)
		if err != nil {
			t.Fatal(err)
		}
		name, err := propertyTitle(o.Get("properties"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.databasePageSlow(o, name)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := data.MarshalValue(got)
		w, _ := data.MarshalValue(want)
		if string(g) != string(w) {
			t.Errorf("one pass:\n%s\nprepend:\n%s", g, w)
		}
	}
}
