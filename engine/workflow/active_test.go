package workflow

import "testing"

// Shared workflow files sometimes carry "active" as a string; the loader
// reads it instead of refusing the file.
func TestActiveAsString(t *testing.T) {
	for _, c := range []struct {
		active string
		want   bool
	}{{`true`, true}, {`"true"`, true}, {`"false"`, false}, {`false`, false}, {`null`, false}} {
		w, err := Parse([]byte(`{"name":"x","active":`+c.active+`,"nodes":[],"connections":{}}`), "")
		if err != nil {
			t.Fatalf("active %s: %v", c.active, err)
		}
		if w.Active != c.want {
			t.Errorf("active %s: got %v", c.active, w.Active)
		}
	}
}
