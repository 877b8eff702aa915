package kit

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// TestAppendJSONIsMarshal checks the string and float writers against
// json.Marshal: every byte alone and amid text, runes it escapes, and
// floats at the edges of its formats.
func TestAppendJSONIsMarshal(t *testing.T) {
	strs := []string{"", "plain", "<a href=\"x\">&amp;</a>", "\u2028\u2029", "é😀", "\xff\xfe", "a\xc3", "tab\tnl\n\\"}
	for c := range 256 {
		strs = append(strs, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1e-7, 1e-6, 123456789.125, 1e20, 1e21, 1e300, -5e-324, 0.1, 3, -2.5e-9} {
		want, _ := json.Marshal(f)
		if got, ok := AppendJSONFloat(nil, f); !ok || !bytes.Equal(got, want) {
			t.Errorf("%v: got %s want %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, ok := AppendJSONFloat(nil, f); ok {
			t.Errorf("%v: written (json.Marshal fails)", f)
		}
	}
}
