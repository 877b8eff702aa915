package nodes

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// n8nVersions is testdata/oracle/node-versions.json: what n8n 1.123.81's
// node descriptions list (node-versions.js reads them from the installed
// package).
type n8nVersions map[string]struct {
	Default  float64   `json:"default"`
	Versions []float64 `json:"versions"`
}

func loadN8nVersions(t *testing.T) n8nVersions {
	t.Helper()
	b, err := os.ReadFile("../testdata/oracle/node-versions.json")
	if err != nil {
		t.Fatal(err)
	}
	var v n8nVersions
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVersionsAreN8ns: every typeVersion a node implements is one n8n
// ships, and a node without typeVersion runs at n8n's defaultVersion.
func TestVersionsAreN8ns(t *testing.T) {
	want := loadN8nVersions(t)
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range reg.Types() {
		if !strings.HasPrefix(typ, "n8n-nodes-base.") {
			continue
		}
		n8n, ok := want[typ]
		if !ok {
			t.Errorf("%s: n8n 1.123.81 ships no such node", typ)
			continue
		}
		desc, _ := reg.Describe(typ)
		for _, v := range desc.Versions {
			if !slices.Contains(n8n.Versions, v) {
				t.Errorf("%s: typeVersion %v is not one n8n ships (%v)", typ, v, n8n.Versions)
			}
		}
		if def, _ := reg.DefaultVersion(typ); def != n8n.Default {
			t.Errorf("%s: default version %v, n8n's is %v (set Description.DefaultVersion)", typ, def, n8n.Default)
		}
	}
}
