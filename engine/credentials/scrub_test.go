package credentials

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// Issue 21 item 17: the secret and every derived form is hidden; short
// option values are left alone.
func TestScrubberHidesDerivedForms(t *testing.T) {
	st := New([]Credential{
		{ID: "1", Type: "httpBasicAuth", Data: map[string]any{"user": "alice", "password": "p@ss word&<x>"}},
		{ID: "2", Type: "clockifyApi", Data: map[string]any{"apiKey": "ck-0123456789", "region": "us"}},
	}, map[string]string{"NOTION_API_KEY": "secret_notion_abcdef"})
	sc := st.Scrubber()
	forms := []string{
		"p@ss word&<x>", url.QueryEscape("p@ss word&<x>"), url.PathEscape("p@ss word&<x>"), `p@ss word\u0026\u003cx\u003e`,
		base64.StdEncoding.EncodeToString([]byte("alice:p@ss word&<x>")),
		"Bearer ck-0123456789", base64.StdEncoding.EncodeToString([]byte("ck-0123456789")), "secret_notion_abcdef",
	}
	for _, f := range forms {
		text := "before " + f + " after"
		if got := sc.String(text); strings.Contains(got, f) || !strings.Contains(got, Hidden) {
			t.Errorf("%q → %q", text, got)
		}
	}
	if got := sc.String("region us, user alice"); got != "region us, user alice" {
		t.Errorf("non-secrets changed: %q", got)
	}
	var buf bytes.Buffer
	sc.Writer(&buf).Write([]byte("key=ck-0123456789\n"))
	if strings.Contains(buf.String(), "ck-0123456789") {
		t.Errorf("writer: %q", buf.String())
	}
}

// BenchmarkScrubBytes scrubs 4 MB of run data holding no secret, with the
// forms of ten credentials registered.
func BenchmarkScrubBytes(b *testing.B) {
	sc := NewScrubber()
	for i := range 10 {
		sc.AddCredential(map[string]any{"apiKey": strings.Repeat(string(rune('a'+i)), 20) + "-key", "password": "pw-" + strings.Repeat("x", i+6)})
	}
	data := bytes.Repeat([]byte(`{"json":{"name":"Acme Corporation","id":"64f0a1b2c3d4e5f6a7b8c9d0","n":12345}},`), 4<<20/80)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sc.Bytes(data)
	}
}

// A secret split between two writes of a stream is still hidden, and
// nothing is held beyond the longest form.
func TestStreamWriterFindsSplitSecrets(t *testing.T) {
	s := NewScrubber("s3cr3t-value")
	var out bytes.Buffer
	w := s.StreamWriter(&out)
	doc := strings.Repeat("x", 70<<10) + "s3cr3t-" + "value" + strings.Repeat("y", 70<<10) + "s3cr3t-value"
	for i := 0; i < len(doc); i += 4099 {
		w.Write([]byte(doc[i:min(i+4099, len(doc))]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "s3cr3t") || strings.Count(out.String(), Hidden) != 2 || out.Len() != len(doc)-2*len("s3cr3t-value")+2*len(Hidden) {
		t.Fatalf("stream not scrubbed: %d bytes, %d hidden", out.Len(), strings.Count(out.String(), Hidden))
	}
}
