package gmail

import "testing"

func TestV1Helpers(t *testing.T) {
	for in, want := range map[string]string{
		"Bob <bob@example.org>": "bob@example.org",
		"bob@example.org":       "bob@example.org",
		"<a@x>":                 "a@x",
		"A <a@x> B <b@y>":       "a@x> B", // split("<")[1] without its last character
	} {
		if got := extractEmail(in); got != want {
			t.Errorf("extractEmail(%q) = %q, want %q", in, got, want)
		}
	}
	if s, err := addressList([]any{"a@x", "b@y"}, "toList", 0); err != nil || s != "<a@x>, <b@y>, " {
		t.Errorf("addressList = %q, %v", s, err)
	}
	if _, err := addressList("a@x", "toList", 0); err == nil || err.Error() != "toList.forEach is not a function" {
		t.Errorf("addressList of a string: %v", err)
	}
}
