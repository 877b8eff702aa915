package auth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// OAuth2 marks a credential type as OAuth2 (n8n's oAuth2Api and the types
// extending it). Defaults are the type's fixed fields (token URL, client
// authentication, grant type), used where the credential's data has none.
type OAuth2 struct {
	Defaults map[string]any
}

// oauth2Field is a credential field with the type's default under it.
func (o *OAuth2) field(c Credential, k string) string {
	if v, ok := c[k]; ok && v != nil && v != "" {
		return String(v)
	}
	return String(o.Defaults[k])
}

// AccessToken is the token to sign requests with, from the credential's
// oauthTokenData (as n8n keeps it after connecting the credential).
func AccessToken(c Credential) string {
	switch td := c["oauthTokenData"].(type) {
	case map[string]any:
		return String(td["access_token"])
	case *data.Object:
		return String(td.Value("access_token"))
	}
	return ""
}

// NeedsToken reports that a client-credentials credential has no token yet
// (n8n then fetches one before the first request).
func (o *OAuth2) NeedsToken(c Credential) bool {
	return o.field(c, "grantType") == "clientCredentials" && AccessToken(c) == ""
}

// Connected reports whether an authorization-code credential has token
// data (n8n: "OAuth credentials not connected").
func (o *OAuth2) Connected(c Credential) bool {
	if o.field(c, "grantType") == "clientCredentials" {
		return true
	}
	_, ok := c["oauthTokenData"]
	return ok
}

// Renew gets a new token — the client-credentials grant, or the refresh
// grant with the stored refresh token — from the token URL, the way n8n's
// OAuth2 client asks for it (form body in this order, client
// authentication in a Basic header or the body), and returns the
// credential with its new oauthTokenData (a refresh keeps the old fields
// the answer does not replace).
func (o *OAuth2) Renew(ctx context.Context, hc *http.Client, c Credential) (Credential, error) {
	tokenURL := o.field(c, "accessTokenUrl")
	if tokenURL == "" {
		return nil, fmt.Errorf("the OAuth2 credential has no access token URL")
	}
	id, secret := o.field(c, "clientId"), o.field(c, "clientSecret")
	var body []string
	// qs.stringify's encoding: spaces as %20.
	esc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	add := func(k, v string) { body = append(body, esc(k)+"="+esc(v)) }
	header := http.Header{}
	header["Accept"] = []string{"application/json, application/x-www-form-urlencoded"}
	header["Content-Type"] = []string{"application/x-www-form-urlencoded"}
	bodyAuth := o.field(c, "authentication") == "body"
	old := tokenData(c)
	if o.field(c, "grantType") == "clientCredentials" {
		add("grant_type", "client_credentials")
		add("scope", o.field(c, "scope"))
		if bodyAuth {
			add("client_id", id)
			add("client_secret", secret)
		} else {
			header["Authorization"] = []string{BasicHeader(id, secret)}
		}
		old = data.NewObject(0)
	} else {
		rt := String(old.Value("refresh_token"))
		if rt == "" {
			return nil, fmt.Errorf("the OAuth2 credential has no refresh token")
		}
		add("refresh_token", rt)
		add("grant_type", "refresh_token")
		switch {
		case secret == "":
			add("client_id", id)
		case bodyAuth:
			add("client_id", id)
			add("client_secret", secret)
		default:
			header["Authorization"] = []string{BasicHeader(id, secret)}
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(strings.Join(body, "&")))
	if err != nil {
		return nil, fmt.Errorf("OAuth2 token URL: %w", err)
	}
	req.Header = header
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("OAuth2 token request: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("OAuth2 token request: %w", err)
	}
	if resp.StatusCode >= 300 {
		// The answer may echo what was sent; only the status is reported.
		return nil, fmt.Errorf("OAuth2 token request: the token URL answered %d", resp.StatusCode)
	}
	got, err := data.ParseJSONObject(raw)
	if err != nil {
		vals, qerr := url.ParseQuery(string(raw))
		if qerr != nil {
			return nil, fmt.Errorf("OAuth2 token request: the answer is neither JSON nor a form")
		}
		got = data.NewObject(len(vals))
		for k := range vals {
			got.Set(k, vals.Get(k))
		}
	}
	merged := old.Clone()
	if merged == nil {
		merged = data.NewObject(got.Len())
	}
	for k, v := range got.All() {
		merged.Set(k, v)
	}
	out := make(Credential, len(c))
	for k, v := range c {
		out[k] = v
	}
	out["oauthTokenData"] = data.ToMap(merged)
	return out, nil
}

func tokenData(c Credential) *data.Object {
	switch td := c["oauthTokenData"].(type) {
	case map[string]any:
		return data.FromMap(td)
	case *data.Object:
		return td.Clone()
	}
	return data.NewObject(0)
}
