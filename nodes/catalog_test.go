package nodes

import "testing"

// Every registered type has a catalog entry and every entry a type.
func TestCatalogCoversRegistry(t *testing.T) {
	cat, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat) != len(All()) || len(docs()) != len(All()) {
		t.Fatalf("catalog %d entries, docs %d, registry %d types", len(cat), len(docs()), len(All()))
	}
	for _, in := range cat {
		if in.Name == "" || in.Group == "" || len(in.Versions) == 0 {
			t.Errorf("%s: incomplete entry %+v", in.Type, in)
		}
	}
}
