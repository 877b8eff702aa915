package notion

import (
	"slices"
	"strings"
	"testing"
)

// TestBotRefFollowsSeed: the bot an update names as its editor is the
// one of the current seed (botRefID keeps it per store).
func TestBotRefFollowsSeed(t *testing.T) {
	s := New(Options{})
	for _, bot := range []string{"b0700000-0000-4000-8000-00000000000a", "b0700000-0000-4000-8000-00000000000b"} {
		seed := `{"users":[{"id":"` + bot + `","type":"bot","bot":{}}],"databases":[],` +
			`"pages":[{"id":"1a878e40-f803-81c0-a000-000000000001","properties":{"title":[{"text":{"content":"x"}}]}}]}`
		if err := s.Seed([]byte(seed)); err != nil {
			t.Fatal(err)
		}
		v, e := s.updatePage("1a878e40-f803-81c0-a000-000000000001", &apiRequest{method: "PATCH", body: map[string]any{"icon": nil}, version: "2022-06-28"})
		if e != nil {
			t.Fatal(e)
		}
		b, err := s.encodeTo(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		if want := `"last_edited_by":{"id":"` + bot + `"`; !strings.Contains(string(b), want) {
			t.Errorf("after seeding bot %s: %s", bot, b)
		}
	}
}

// TestSplitPath: segments are unescaped when the path has escapes, and
// returned as they are (without a pass of PathUnescape each) otherwise.
func TestSplitPath(t *testing.T) {
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/", nil},
		{"/v1/pages/abc", []string{"v1", "pages", "abc"}},
		{"/v1/pages/abc/", []string{"v1", "pages", "abc"}},
		{"/v1/pages/a%20b/properties/x%2Fy", []string{"v1", "pages", "a b", "properties", "x/y"}},
		{"/v1/pages/bad%zz/ok%21", []string{"v1", "pages", "bad%zz", "ok!"}},
	} {
		if got := splitPath(tt.path); !slices.Equal(got, tt.want) {
			t.Errorf("splitPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
