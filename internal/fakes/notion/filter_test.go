package notion

import (
	"reflect"
	"testing"
)

// TestMatcherRollupsAreRendered: the rollups a filter reads (elements
// shared through the matcher's memo) are the values rendering gives.
func TestMatcherRollupsAreRendered(t *testing.T) {
	s := seededServer(t, Options{})
	for _, db := range s.st.dbs {
		schema, _ := db["properties"].(map[string]any)
		m := &matcher{s: s, db: db, schema: schema}
		for _, p := range s.st.pagesIn[str(db["id"])] {
			v := m.view(p)
			for name, raw := range schema {
				sp, _ := raw.(map[string]any)
				if str(sp["type"]) != "rollup" {
					continue
				}
				got := m.prop(&v, name, sp)
				want := s.propertyValue(p, db, name, sp, v.stored, 0)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("page %v %s:\n got %v\nwant %v", p["id"], name, got, want)
				}
			}
		}
	}
}

// TestQueryRollupFilterSeesWrites: a rollup filter reads the related
// pages as they are at each query (the memo lives for one query).
func TestQueryRollupFilterSeesWrites(t *testing.T) {
	_, srv := seeded(t, Options{})
	body := `{"filter":{"property":"Clockify Project ID","rollup":{"any":{"rich_text":{"equals":"pr-new"}}}}}`
	for range 2 {
		if r := call(t, srv, "POST", "/v1/databases/"+tasksDB+"/query", decode(body)); len(names(t, r)) != 0 {
			t.Fatalf("before the write: %v", names(t, r))
		}
	}
	bucket := "1a878e40-f803-81b0-a000-000000000001"
	if r := call(t, srv, "PATCH", "/v1/pages/"+bucket, decode(`{"properties":{"Clockify Project ID":{"rich_text":[{"text":{"content":"pr-new"}}]}}}`)); r.status != 200 {
		t.Fatalf("%d %v", r.status, r.body)
	}
	if r := call(t, srv, "POST", "/v1/databases/"+tasksDB+"/query", decode(body)); len(names(t, r)) == 0 {
		t.Fatal("after the write: no task rolls the new id up")
	}
}
