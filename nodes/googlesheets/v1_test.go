package googlesheets

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestV1Helpers(t *testing.T) {
	for _, c := range []struct {
		in   any
		want int
		ok   bool
	}{{1.0, 1, true}, {"2", 2, true}, {" 3rd", 3, true}, {"-4", -4, true}, {"x", 0, false}, {nil, 0, false}, {2.9, 2, true}} {
		if got, ok := parseIntOK(c.in); got != c.want || ok != c.ok {
			t.Errorf("parseIntOK(%v) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for in, want := range map[string]string{"A:F": "A:F", "Team Q&A!A:B": "Team%20Q%26A!A:B", "a!b!c": "a!b"} {
		if got := encodeRangeV1(in); got != want {
			t.Errorf("encodeRangeV1(%q) = %q, want %q", in, got, want)
		}
	}
	item := data.ObjectOf("a.b", 1.0, "c", data.ObjectOf("d", []any{"x", data.ObjectOf("e", "y")}))
	for _, c := range []struct {
		key  any
		want any
		ok   bool
	}{{"a.b", 1.0, true}, {"c.d[1].e", "y", true}, {"c.d.0", "x", true}, {"c.z", nil, false}, {"nope", nil, false}} {
		got, ok := lodashGet(item, c.key)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("lodashGet(%v) = %v, %v; want %v, %v", c.key, got, ok, c.want, c.ok)
		}
	}
	if s, ok := decodeURIComponent("Team%20Q%26A!A:B"); !ok || s != "Team Q&A!A:B" {
		t.Errorf("decodeURIComponent = %q, %v", s, ok)
	}
	if _, ok := decodeURIComponent("%E"); ok {
		t.Error("decodeURIComponent accepted a malformed escape")
	}
}
