package httprequest_test

import (
	"encoding/json"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/internal/fakes/httpfake"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// sequential are the recordings whose requests go one node after another,
// so n8n's request log can be compared entry by entry. The order-create
// recordings are checked by TestDispatchInItemOrder and TestOrderOverTLS.
var sequential = []string{"v43-pairs"}

// TestRecordingsFromN8n runs each recorded workflow through n8n-go against
// a fresh httpfake and compares the run and every request the fake
// received (method, path, query, content type and body bytes, multipart
// boundaries normalised) with what real n8n 1.123.81 sent.
func TestRecordingsFromN8n(t *testing.T) {
	for _, name := range sequential {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(recordings, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/httprequest/record.sh %s", name)
			}
			got, fake := runRecorded(t, name, 0, 0, 1)
			if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n's:\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs []httpfake.Request
			b, err := os.ReadFile(filepath.Join(recordings, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			gotReqs := fake.Requests()
			if len(gotReqs) != len(wantReqs) {
				t.Fatalf("%d requests, n8n sent %d", len(gotReqs), len(wantReqs))
			}
			for i := range wantReqs {
				if w, g := wireKey(wantReqs[i]), wireKey(gotReqs[i]); w != g {
					t.Errorf("request %d differs from n8n's:\n  n8n:    %s\n  n8n-go: %s", i+1, w, g)
				}
			}
		})
	}
}

// wireKey is what must match on the wire.
func wireKey(r httpfake.Request) string {
	ct, body := r.Header["content-type"], r.Body
	if _, p, err := mime.ParseMediaType(ct); err == nil && p["boundary"] != "" {
		ct = strings.ReplaceAll(ct, p["boundary"], "BOUNDARY")
		body = strings.ReplaceAll(body, p["boundary"], "BOUNDARY")
	}
	return strings.Join([]string{r.Method, r.Path, r.RawQuery, ct, body}, " | ")
}
