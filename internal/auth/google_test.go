package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/auth"
	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
)

func testKey(t *testing.T) (*rsa.PrivateKey, string, string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	priv := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	pubDer, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDer}))
	return k, priv, pub
}

func TestParseGoogleServiceAccountKeySpellings(t *testing.T) {
	k, priv, _ := testKey(t)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	cases := []struct {
		name, key string
		ok        bool
	}{
		{"pem", priv, true},
		{"escaped newlines", strings.ReplaceAll(priv, "\n", `\n`), true},
		{"spaces for newlines", strings.ReplaceAll(strings.TrimSpace(priv), "\n", " "), true},
		{"pkcs1", pkcs1, true},
		{"not pem", "abc", false},
		{"bad base64", "-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sa, err := auth.ParseGoogleServiceAccount(auth.Credential{"email": " sa@x.iam.gserviceaccount.com ", "privateKey": c.key})
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
			if err != nil && strings.Contains(err.Error(), "MII") {
				t.Fatalf("error quotes the key: %v", err)
			}
			if err == nil && (sa.Email != "sa@x.iam.gserviceaccount.com" || sa.Subject != sa.Email) {
				t.Fatalf("account %+v", sa)
			}
		})
	}
}

// TestGoogleTokensExchangeAndCache signs an assertion the fake verifies,
// impersonates the delegated user and reuses the token until it expires.
func TestGoogleTokensExchangeAndCache(t *testing.T) {
	_, priv, pub := testKey(t)
	now := time.Now()
	clock := func() time.Time { return now }
	fake := fakegoogleoauth.New(fakegoogleoauth.Options{Now: clock})
	seed, _ := json.Marshal(fakegoogleoauth.State{ServiceAccounts: []fakegoogleoauth.ServiceAccount{{Email: "sa@x.iam.gserviceaccount.com", PublicKey: pub}}})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	sa, err := auth.ParseGoogleServiceAccount(auth.Credential{"email": "sa@x.iam.gserviceaccount.com", "privateKey": priv, "delegatedEmail": "ada@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	var cache auth.GoogleTokens
	scopes := auth.GoogleScopes["sheetV2"]
	tok1, err := cache.Token(context.Background(), srv.Client(), srv.URL+"/token", sa, scopes, clock)
	if err != nil {
		t.Fatal(err)
	}
	tok2, _ := cache.Token(context.Background(), srv.Client(), srv.URL+"/token", sa, scopes, clock)
	if tok1 != tok2 || fake.Grants() != 1 || !fake.Check(tok1) {
		t.Fatalf("tokens %q %q, grants %d", tok1, tok2, fake.Grants())
	}
	reqs := fake.Requests()
	if c := reqs[0].Claims; c == nil || c.Sub != "ada@example.com" || c.Aud != auth.GoogleTokenURL || c.Scope != strings.Join(scopes, " ") {
		t.Fatalf("claims %+v", reqs[0].Claims)
	}
	if got := strings.Join(reqs[0].Fields, ","); got != "grant_type,assertion" {
		t.Fatalf("form fields %s", got)
	}
	now = now.Add(time.Hour) // past expiry: a new assertion
	if tok3, err := cache.Token(context.Background(), srv.Client(), srv.URL+"/token", sa, scopes, clock); err != nil || tok3 == tok1 || fake.Grants() != 2 {
		t.Fatalf("after expiry: %q %v grants %d", tok3, err, fake.Grants())
	}
	cache.Forget(tok1)
}

func TestGoogleTokenRefusedWithoutSecrets(t *testing.T) {
	_, priv, _ := testKey(t)
	_, _, otherPub := testKey(t)
	fake := fakegoogleoauth.New(fakegoogleoauth.Options{})
	seed, _ := json.Marshal(fakegoogleoauth.State{ServiceAccounts: []fakegoogleoauth.ServiceAccount{{Email: "sa@x", PublicKey: otherPub}}})
	fake.Seed(seed)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	sa, _ := auth.ParseGoogleServiceAccount(auth.Credential{"email": "sa@x", "privateKey": priv})
	var cache auth.GoogleTokens
	_, err := cache.Token(context.Background(), srv.Client(), srv.URL+"/token", sa, []string{"s"}, time.Now)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") || strings.Contains(err.Error(), "eyJ") {
		t.Fatalf("err = %v", err)
	}
}

// GoogleAuth renews an OAuth2 token once per lapse: a 401 to a token that
// a concurrent request already replaced sends again without a new grant.
func TestGoogleAuthRenewsOnce(t *testing.T) {
	grants := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		grants++
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"fresh","expires_in":3599,"token_type":"Bearer"}`)
	}))
	defer srv.Close()
	var saved auth.Credential
	cred := auth.Credential{"clientId": "c", "clientSecret": "s", "accessTokenUrl": srv.URL,
		"oauthTokenData": map[string]any{"access_token": "stale", "refresh_token": "r"}}
	g, err := auth.NewGoogleAuth("gmailOAuth2", cred, srv.Client(), nil, nil, time.Now, func(c auth.Credential) error { saved = c; return nil })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if tok, _ := g.Token(ctx); tok != "stale" {
		t.Fatalf("token %q", tok)
	}
	for range 2 { // the second 401 arrives for the token already replaced
		if renewed, err := g.Refused(ctx, "stale"); err != nil || !renewed {
			t.Fatalf("renewed %v, %v", renewed, err)
		}
	}
	if tok, _ := g.Token(ctx); tok != "fresh" || grants != 1 || auth.AccessToken(saved) != "fresh" {
		t.Fatalf("token %q after %d grants, saved %v", tok, grants, saved)
	}
	if _, err := auth.NewGoogleAuth("gmailOAuth2", auth.Credential{"clientId": "c"}, srv.Client(), nil, nil, time.Now, nil); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("no token: %v", err)
	}
}
