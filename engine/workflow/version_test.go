package workflow

import (
	"strings"
	"testing"
)

func TestTypeVersionForms(t *testing.T) {
	for _, tc := range []struct {
		tv      string // the typeVersion member, "" for none
		want    float64
		unset   bool
		wantErr string
	}{
		{tv: `"typeVersion": 2.2,`, want: 2.2},
		{tv: `"typeVersion": "2.2",`, want: 2.2},
		{tv: `"typeVersion": " 1 ",`, want: 1},
		{tv: ``, unset: true},
		{tv: `"typeVersion": null,`, unset: true},
		{tv: `"typeVersion": "two",`, wantErr: `node "A": typeVersion "two" is not a number`},
		{tv: `"typeVersion": true,`, wantErr: `node "A": typeVersion true is not a number`},
	} {
		src := `{"nodes": [{"name": "A", "type": "n8n-nodes-base.noOp", ` + tc.tv + ` "position": [0, 0], "parameters": {}}], "connections": {}}`
		w, err := Parse([]byte(src), "")
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: error %v, want %q", tc.tv, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.tv, err)
		}
		n := w.Node("A")
		if n.TypeVersion != tc.want || n.VersionUnset() != tc.unset {
			t.Errorf("%s: version %v unset %v, want %v %v", tc.tv, n.TypeVersion, n.VersionUnset(), tc.want, tc.unset)
		}
		w.SettleVersions(func(string) (float64, bool) { return 3, true })
		w.SettleVersions(func(string) (float64, bool) { return 4, true }) // only the first call counts
		if want := map[bool]float64{true: 3, false: tc.want}[tc.unset]; n.TypeVersion != want {
			t.Errorf("%s: settled version %v, want %v", tc.tv, n.TypeVersion, want)
		}
	}
}
