package auth

import (
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// TestOAuth1Sign compares headers with the ones the oauth-1.0a library
// n8n 1.123.81 signs with writes for the same request, nonce and time
// (computed with that library in n8n's install): URL fields with a '+'
// and a repeated name, a list value, a number, names and values that
// need encoding, a secret with '&'.
func TestOAuth1Sign(t *testing.T) {
	req := OAuth1Request{
		Method: "post",
		URL:    "https://api.example.com/a/b?z=0&s=a%20b+c&s=2",
		Query:  data.ObjectOf("q", []any{"2", "1"}, "n", float64(1)),
		Form:   data.ObjectOf("k y", "v!*"),
	}
	for _, tc := range []struct{ method, want string }{
		{"HMAC-SHA1", `OAuth oauth_consumer_key="ck-1", oauth_nonce="abcdefghijklmnopqrstuvwxyzABCDEF", oauth_signature="03zZpb6ID3%2BC8UgA6Td%2BCk3gS2k%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1700000000", oauth_token="tok-1", oauth_version="1.0"`},
		{"HMAC-SHA256", `OAuth oauth_consumer_key="ck-1", oauth_nonce="abcdefghijklmnopqrstuvwxyzABCDEF", oauth_signature="zFnZeH3LqdH26R4INL%2BtiX347ol1DZnrmZXYtH1eyZk%3D", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1700000000", oauth_token="tok-1", oauth_version="1.0"`},
		{"HMAC-SHA512", `OAuth oauth_consumer_key="ck-1", oauth_nonce="abcdefghijklmnopqrstuvwxyzABCDEF", oauth_signature="%2FXMyb0AiYdv2tLtodljJwMtiYwY1FcSqOoVZmOwl8sco3R3WlJCtSFMmzFy9sSEcdXsOJBkLpRK2MTMTEzyW3w%3D%3D", oauth_signature_method="HMAC-SHA512", oauth_timestamp="1700000000", oauth_token="tok-1", oauth_version="1.0"`},
	} {
		t.Run(tc.method, func(t *testing.T) {
			c := Credential{"consumerKey": "ck-1", "consumerSecret": "cs secret&", "signatureMethod": tc.method,
				"oauthTokenData": map[string]any{"oauth_token": "tok-1", "oauth_token_secret": "ts-secret"}}
			if got := (OAuth1{}).sign(c, req, "abcdefghijklmnopqrstuvwxyzABCDEF", "1700000000"); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestOAuth1NonceShape(t *testing.T) {
	n := oauth1Nonce()
	if len(n) != 32 {
		t.Fatalf("nonce %q: %d characters, want 32", n, len(n))
	}
	for _, r := range n {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			t.Fatalf("nonce %q has %q", n, r)
		}
	}
}

func BenchmarkOAuth1Sign(b *testing.B) {
	c := Credential{"consumerKey": "ck-1", "consumerSecret": "cs", "signatureMethod": "HMAC-SHA1",
		"oauthTokenData": map[string]any{"oauth_token": "tok-1", "oauth_token_secret": "ts"}}
	req := OAuth1Request{Method: "GET", URL: "https://api.example.com/a?z=0", Query: data.ObjectOf("a", "1", "b", "x y")}
	for b.Loop() {
		(OAuth1{}).Sign(c, req)
	}
}
