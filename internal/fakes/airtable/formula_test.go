package airtable

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestFormulas(t *testing.T) {
	tbl := &Table{Fields: []Field{{Name: "Name"}, {Name: "Budget"}, {Name: "Done"}, {Name: "Tags"}, {Name: "Image"}, {Name: "AI_status"}}}
	rec := &record{id: "rec1", fields: data.ObjectOf("Name", "Website", "Budget", float64(5000), "Tags", []any{"web", "api"})}
	cases := []struct {
		formula string
		want    bool
		err     bool
	}{
		{"{Name}='Website'", true, false},
		{"AND({Name}!='Done', Budget>1000)", true, false},
		{"OR(Budget<100, Done)", false, false},
		{"Done=FALSE()", true, false},                       // blank checkbox equals FALSE()
		{`AND(Image!="", AI_status=FALSE())`, false, false}, // the corpus' formula
		{"FIND('api', ARRAYJOIN(Tags))", true, false},
		{"LOWER(Name)='website'", true, false},
		{"RECORD_ID()='rec1'", true, false},
		{"NOT({Budget} = 5000)", false, false},
		{"Budget * 2 >= 10000", true, false},
		{"{Nope}=1", false, true},
		{"AND(", false, true},
		{"NOPE(1)", false, true},
	}
	for _, c := range cases {
		e, err := compile(c.formula, tbl)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v", c.formula, err)
			continue
		}
		if err == nil && truthy(e(rec)) != c.want {
			t.Errorf("%s = %v, want %v", c.formula, e(rec), c.want)
		}
	}
}
