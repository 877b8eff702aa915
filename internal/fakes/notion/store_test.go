package notion

import (
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
