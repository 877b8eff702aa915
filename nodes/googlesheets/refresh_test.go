package googlesheets_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTokenRefreshMidRun runs the token-refresh workflow, whose seeded
// access token the fake accepts twice: the third request is refused with
// 401, the node renews the token with the refresh grant, sends the request
// again and goes on with the new token; the renewed token is written back
// to the credentials file.
func TestTokenRefreshMidRun(t *testing.T) {
	got := runGolden(t, "token-refresh")
	var tokens []string
	for _, r := range got.requests.Sheets {
		tokens = append(tokens, r.Token+":"+jsonOf(r.Status))
	}
	want := "ya29.seeded-token:200 ya29.seeded-token:200 ya29.seeded-token:401 ya29.fake-0001:200"
	if s := strings.Join(tokens, " "); !strings.HasPrefix(s, want) {
		t.Fatalf("tokens used %s\nwant prefix %s", s, want)
	}
	if n := len(got.requests.OAuth); n != 1 || got.requests.OAuth[0].GrantType != "refresh_token" || got.requests.OAuth[0].ClientAuth != "body" {
		t.Fatalf("token requests %+v", got.requests.OAuth)
	}
	if strings.Contains(string(got.run), "test-refresh-token") || strings.Contains(string(got.run), "test-client-secret") {
		t.Fatal("a secret reached the run data")
	}
}

// TestCredentialsFileUntouched guards the committed creds.json: the golden
// runs write refreshed tokens to a temporary copy.
func TestCredentialsFileUntouched(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(goldenDir, "creds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "ya29.fake-") {
		t.Fatal("creds.json holds a token a test run renewed")
	}
}
