package googlesheets_test

import (
	"os"
	"testing"
)

func TestPeek(t *testing.T) {
	name := os.Getenv("PEEK")
	if name == "" {
		t.Skip()
	}
	got := runGolden(t, name)
	os.WriteFile("/tmp/peek-"+name+".json", got.run, 0o644)
	os.WriteFile("/tmp/peek-"+name+".state.json", got.state, 0o644)
}
