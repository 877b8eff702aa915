package auth

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// GoogleTokenURL is where n8n's Google nodes exchange a service account's
// signed assertion for an access token (the `aud` of the assertion too).
// Requests to it go through the shared transport, so `--endpoint
// oauth2.googleapis.com=…` redirects them like any API host.
const GoogleTokenURL = "https://oauth2.googleapis.com/token"

// GoogleScopes are the scopes n8n's nodes ask a service account token for
// (nodes/Google/GenericFunctions.ts googleServiceAccountScopes), by the
// service name the nodes pass.
var GoogleScopes = map[string][]string{
	"sheetV1": {"https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/drive.file", "https://www.googleapis.com/auth/spreadsheets"},
	"sheetV2": {"https://www.googleapis.com/auth/drive.file", "https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.metadata"},
	"drive":   {"https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/drive.appdata", "https://www.googleapis.com/auth/drive.photos.readonly"},
	"gmail": {"https://www.googleapis.com/auth/gmail.labels", "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
		"https://www.googleapis.com/auth/gmail.addons.current.message.action", "https://mail.google.com/",
		"https://www.googleapis.com/auth/gmail.modify", "https://www.googleapis.com/auth/gmail.compose"},
}

// GoogleServiceAccount is a googleApi credential ready to sign: the
// service account's email, its RSA key and the user it acts for.
type GoogleServiceAccount struct {
	Email string
	// Subject is the `sub` claim: the impersonated user (delegatedEmail)
	// or, as n8n sends it, the account's own email.
	Subject string
	Key     *rsa.PrivateKey
	// keyID identifies the key in the token cache without keeping the
	// key's text around.
	keyID string
}

// ParseGoogleServiceAccount reads a googleApi credential (fields email,
// privateKey, inpersonate, delegatedEmail as n8n 1.123.81 declares them).
// The key may be PKCS#8 or PKCS#1 PEM, with its line breaks as typed,
// as literal `\n` (the JSON key file pasted whole) or lost to spaces.
// Errors never quote the key.
func ParseGoogleServiceAccount(c Credential) (*GoogleServiceAccount, error) {
	email := strings.TrimSpace(String(c["email"]))
	if email == "" {
		return nil, fmt.Errorf("the Google service account credential has no email")
	}
	key, err := parseRSAKey(String(c["privateKey"]))
	if err != nil {
		return nil, err
	}
	sub := email
	// n8n uses delegatedEmail whenever it is set (the `inpersonate`
	// switch only shows the field in the editor).
	if d := strings.TrimSpace(String(c["delegatedEmail"])); d != "" {
		sub = d
	}
	der := x509.MarshalPKCS1PublicKey(&key.PublicKey)
	sum := sha256.Sum256(der)
	return &GoogleServiceAccount{Email: email, Subject: sub, Key: key, keyID: hex.EncodeToString(sum[:8])}, nil
}

// parseRSAKey decodes a PEM private key leniently: n8n's
// formatPrivateKey accepts the same spellings.
func parseRSAKey(text string) (*rsa.PrivateKey, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, `\n`, "\n"))
	const begin, end = "-----BEGIN ", "-----END "
	i := strings.Index(text, begin)
	if i < 0 {
		return nil, fmt.Errorf("the Google service account private key is not a PEM key (no BEGIN line)")
	}
	rest := text[i+len(begin):]
	j := strings.Index(rest, "-----")
	if j < 0 {
		return nil, fmt.Errorf("the Google service account private key is not a PEM key")
	}
	label := rest[:j]
	body := rest[j+5:]
	k := strings.Index(body, end)
	if k < 0 {
		return nil, fmt.Errorf("the Google service account private key is not a PEM key (no END line)")
	}
	b64 := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, body[:k])
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("the Google service account private key is not valid base64")
	}
	if label == "RSA PRIVATE KEY" {
		key, err := x509.ParsePKCS1PrivateKey(der)
		if err != nil {
			return nil, fmt.Errorf("the Google service account private key is not a PKCS#1 RSA key")
		}
		return key, nil
	}
	k8, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("the Google service account private key is not a PKCS#8 key")
	}
	key, ok := k8.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the Google service account private key is not an RSA key")
	}
	return key, nil
}

// Assertion is the signed JWT (RS256) asking for a token with scopes, as
// n8n builds it: iss, sub, scope, aud, iat and exp an hour later. n8n
// also puts the whole private key in the header's `kid`; n8n-go does not
// send the key anywhere.
func (sa *GoogleServiceAccount) Assertion(scopes []string, aud string, now time.Time) (string, error) {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	claims, err := json.Marshal(struct {
		Iss   string `json:"iss"`
		Sub   string `json:"sub"`
		Scope string `json:"scope"`
		Aud   string `json:"aud"`
		Iat   int64  `json:"iat"`
		Exp   int64  `json:"exp"`
	}{sa.Email, sa.Subject, strings.Join(scopes, " "), aud, now.Unix(), now.Unix() + 3600})
	if err != nil {
		return "", err
	}
	signing := header + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(nil, sa.Key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("sign the Google service account assertion: %w", err)
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

// GoogleToken is an access token and when it stops being accepted.
type GoogleToken struct {
	AccessToken string
	Expiry      time.Time
}

// GoogleTokenError is the token endpoint refusing the assertion; its
// text carries Google's error code and description, never the request.
type GoogleTokenError struct {
	Status      int
	Code        string
	Description string
}

func (e *GoogleTokenError) Error() string {
	msg := fmt.Sprintf("the Google token endpoint answered %d", e.Status)
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Description != "" {
		msg += " (" + e.Description + ")"
	}
	return msg
}

// Exchange posts a signed assertion to tokenURL with the jwt-bearer grant
// (form fields in n8n's order) and returns the token it answers.
func (sa *GoogleServiceAccount) Exchange(ctx context.Context, hc *http.Client, tokenURL string, scopes []string, now time.Time) (GoogleToken, error) {
	jwt, err := sa.Assertion(scopes, GoogleTokenURL, now)
	if err != nil {
		return GoogleToken{}, err
	}
	body := "grant_type=" + url.QueryEscape("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + url.QueryEscape(jwt)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(body))
	if err != nil {
		return GoogleToken{}, fmt.Errorf("Google token URL: %w", err)
	}
	req.Header["Content-Type"] = []string{"application/x-www-form-urlencoded"}
	req.Header["Accept"] = []string{"application/json"}
	resp, err := hc.Do(req)
	if err != nil {
		return GoogleToken{}, fmt.Errorf("Google token request: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return GoogleToken{}, fmt.Errorf("Google token request: %w", err)
	}
	var got struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
		Error       string  `json:"error"`
		Description string  `json:"error_description"`
	}
	jerr := json.Unmarshal(bytes.TrimSpace(raw), &got)
	if resp.StatusCode >= 300 || got.AccessToken == "" {
		return GoogleToken{}, &GoogleTokenError{Status: resp.StatusCode, Code: got.Error, Description: got.Description}
	}
	if jerr != nil {
		return GoogleToken{}, fmt.Errorf("Google token request: the answer is not JSON")
	}
	if got.ExpiresIn <= 0 {
		got.ExpiresIn = 3600
	}
	return GoogleToken{AccessToken: got.AccessToken, Expiry: now.Add(time.Duration(got.ExpiresIn) * time.Second)}, nil
}

// GoogleTokens caches service-account tokens by account, subject, key and
// scopes until shortly before they expire. n8n asks for a new token
// before every API request; n8n-go reuses one while it is valid, which
// is what Google's quota on the token endpoint expects. The zero value is
// ready; it is safe for concurrent use.
type GoogleTokens struct {
	mu     sync.Mutex
	tokens map[string]GoogleToken
	// fetching serialises the exchange per key so concurrent items do not
	// each ask for a token.
	fetching map[string]*sync.Mutex
}

// earlyRenewal is how long before its expiry a cached token is replaced,
// so a request sent with it does not arrive after it lapsed.
const earlyRenewal = time.Minute

// Token returns a valid token for sa and scopes, exchanging a new
// assertion at tokenURL when the cache has none.
func (g *GoogleTokens) Token(ctx context.Context, hc *http.Client, tokenURL string, sa *GoogleServiceAccount, scopes []string, now func() time.Time) (string, error) {
	key := strings.Join([]string{tokenURL, sa.Email, sa.Subject, sa.keyID, strings.Join(scopes, " ")}, "\x00")
	g.mu.Lock()
	if g.tokens == nil {
		g.tokens, g.fetching = map[string]GoogleToken{}, map[string]*sync.Mutex{}
	}
	if t, ok := g.tokens[key]; ok && now().Add(earlyRenewal).Before(t.Expiry) {
		g.mu.Unlock()
		return t.AccessToken, nil
	}
	fm := g.fetching[key]
	if fm == nil {
		fm = &sync.Mutex{}
		g.fetching[key] = fm
	}
	g.mu.Unlock()

	fm.Lock()
	defer fm.Unlock()
	g.mu.Lock()
	if t, ok := g.tokens[key]; ok && now().Add(earlyRenewal).Before(t.Expiry) {
		g.mu.Unlock()
		return t.AccessToken, nil
	}
	g.mu.Unlock()
	t, err := sa.Exchange(ctx, hc, tokenURL, scopes, now())
	if err != nil {
		return "", err
	}
	g.mu.Lock()
	g.tokens[key] = t
	g.mu.Unlock()
	return t.AccessToken, nil
}

// Forget drops a cached token the API refused (revoked or expired early),
// so the next Token call exchanges a new assertion.
func (g *GoogleTokens) Forget(token string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k, t := range g.tokens {
		if t.AccessToken == token {
			delete(g.tokens, k)
		}
	}
}

// GoogleAuth signs the requests of one node run with a Google credential,
// for the Google Sheets, Gmail and Google Drive clients: a googleApi
// service account (a token for the node's scopes, cached in Tokens) or an
// OAuth2 type (its access token, renewed when a 401 says it lapsed, as
// n8n's requestOAuth2 does, and handed to Save for the credential store).
type GoogleAuth struct {
	http *http.Client
	// service account
	sa     *GoogleServiceAccount
	scopes []string
	tokens *GoogleTokens
	now    func() time.Time
	// OAuth2
	rule *Rule
	save func(Credential) error
	mu   sync.Mutex
	cred Credential
}

// ErrNotConnected is an OAuth2 credential without a token (n8n's "OAuth
// credentials not connected").
var ErrNotConnected = errors.New("OAuth credentials not connected")

// NewGoogleAuth prepares typ's credential: googleApi is read as a service
// account (its errors never quote the key); any other type must be an
// OAuth2 type with a token.
func NewGoogleAuth(typ string, cred Credential, hc *http.Client, scopes []string, tokens *GoogleTokens, now func() time.Time, save func(Credential) error) (*GoogleAuth, error) {
	g := &GoogleAuth{http: hc, scopes: scopes, tokens: tokens, now: now, save: save, cred: cred}
	if typ == "googleApi" {
		sa, err := ParseGoogleServiceAccount(cred)
		if err != nil {
			return nil, err
		}
		g.sa = sa
		return g, nil
	}
	rule, ok := Lookup(typ)
	if !ok || rule.OAuth2 == nil {
		return nil, fmt.Errorf("the credential type %q is not a Google credential n8n-go supports", typ)
	}
	if !rule.OAuth2.Connected(cred) {
		return nil, ErrNotConnected
	}
	g.rule = rule
	return g, nil
}

// ServiceAccount reports whether g signs with a service account.
func (g *GoogleAuth) ServiceAccount() bool { return g.sa != nil }

// Token is the bearer token for the next request.
func (g *GoogleAuth) Token(ctx context.Context) (string, error) {
	if g.sa != nil {
		return g.tokens.Token(ctx, g.http, GoogleTokenURL, g.sa, g.scopes, g.now)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return AccessToken(g.cred), nil
}

// Refused handles a 401 to a request sent with token used: a service
// account's token is forgotten (renewed reports false: n8n fails the
// request); an OAuth2 token is renewed once, unless a concurrent request
// already did (renewed reports true: send again).
func (g *GoogleAuth) Refused(ctx context.Context, used string) (renewed bool, err error) {
	if g.sa != nil {
		g.tokens.Forget(used)
		return false, nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if AccessToken(g.cred) != used {
		return true, nil
	}
	fresh, err := g.rule.OAuth2.Renew(ctx, g.http, g.cred)
	if err != nil {
		return false, err
	}
	g.cred = fresh
	return true, g.save(fresh)
}
