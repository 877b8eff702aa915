package googlesheets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is where n8n sends every Sheets request.
const BaseURL = "https://sheets.googleapis.com"

// Credential types: the service account (authentication
// "serviceAccount") and the OAuth2 type (authentication "oAuth2").
const (
	ServiceAccountType = "googleApi"
	OAuth2Type         = "googleSheetsOAuth2Api"
)

// client is the node's transport (n8n's apiRequest): JSON in and out,
// signed with a service-account token or the OAuth2 access token, which
// is renewed once on a 401 as n8n's requestOAuth2 does.
type client struct {
	ex   *engine.Exec
	hc   *http.Client
	auth *auth.GoogleAuth
}

func newClient(ex *engine.Exec, authentication string, tokens *auth.GoogleTokens) (*client, error) {
	return newClientScoped(ex, authentication, tokens, "sheetV2")
}

// newClientScoped is newClient with the scopes a service-account token is
// asked for (typeVersions 1 and 2 ask for "sheetV1"'s).
func newClientScoped(ex *engine.Exec, authentication string, tokens *auth.GoogleTokens, scopes string) (*client, error) {
	typ := OAuth2Type
	if authentication == "serviceAccount" {
		typ = ServiceAccountType
	}
	return newClientOf(ex, typ, tokens, scopes)
}

// newClientOf signs with the node's credential of type typ; scopes names
// the auth.GoogleScopes a service-account token is asked for.
func newClientOf(ex *engine.Exec, typ string, tokens *auth.GoogleTokens, scopes string) (*client, error) {
	cred, err := ex.Credentials(typ)
	if err != nil {
		return nil, err
	}
	hc := ex.HTTP(typ)
	save := func(c auth.Credential) error { return ex.UpdateCredentials(typ, c) }
	g, err := auth.NewGoogleAuth(typ, cred, hc, auth.GoogleScopes[scopes], tokens, ex.Now, save)
	switch {
	case errors.Is(err, auth.ErrNotConnected):
		return nil, engine.OperationError(-1, "OAuth credentials not connected")
	case err != nil:
		// n8n maps a key it cannot read to a 401 NodeApiError.
		return nil, engine.APIError(-1, "401", "Authorization failed - please check your credentials", err.Error(), err)
	}
	return &client{ex: ex, hc: hc, auth: g}, nil
}

// authFailed is n8n's NodeApiError when a token cannot be had.
func authFailed(err error) error {
	return engine.APIError(-1, "401", "Authorization failed - please check your credentials", err.Error(), err)
}

// query is an ordered query string (n8n's qs object).
type query [][2]string

func (q query) encode() string {
	var b strings.Builder
	for i, kv := range q {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(qsEscape(kv[0]))
		b.WriteByte('=')
		b.WriteString(qsEscape(kv[1]))
	}
	return b.String()
}

// request sends one API call. body nil (or an empty object) sends no
// body, as n8n deletes an empty one.
func (c *client) request(ctx context.Context, method, resource string, body *data.Object, q query) (any, error) {
	return c.requestURI(ctx, method, BaseURL+resource, body, q)
}

// requestURI is request to a whole URL (the Drive API for
// deleteSpreadsheet).
func (c *client) requestURI(ctx context.Context, method, u string, body *data.Object, q query) (any, error) {
	if len(q) > 0 {
		u += "?" + q.encode()
	}
	var payload []byte
	if body.Len() > 0 {
		b, err := data.MarshalValue(body)
		if err != nil {
			return nil, fmt.Errorf("googleSheets: encode body: %w", err)
		}
		payload = b
	}
	raw, err := c.send(ctx, method, u, payload)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", nil
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		return string(raw), nil
	}
	return v, nil
}

// maxDownload bounds a body read whole (a revision's xlsx export).
const maxDownload = 64 << 20

// send is one signed request to the whole URL u; it returns the body of
// a 2xx answer, else n8n's NodeApiError.
func (c *client) send(ctx context.Context, method, u string, payload []byte) ([]byte, error) {
	send := func(tok string) (*http.Response, error) {
		var rd io.Reader
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, rd)
		if err != nil {
			return nil, engine.OperationError(-1, "Invalid URL: %s", u)
		}
		req.Header["Content-Type"] = []string{"application/json"}
		req.Header["Accept"] = []string{"application/json"}
		req.Header["Authorization"] = []string{"Bearer " + tok}
		resp, err := c.hc.Do(req)
		if err != nil {
			return nil, httprequest.TransportError(err, -1)
		}
		return resp, nil
	}
	tok, err := c.auth.Token(ctx)
	if err != nil {
		return nil, authFailed(err)
	}
	resp, err := send(tok)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized && !c.auth.ServiceAccount() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if _, err := c.auth.Refused(ctx, tok); err != nil {
			return nil, authFailed(err)
		}
		if tok, err = c.auth.Token(ctx); err != nil {
			return nil, authFailed(err)
		}
		if resp, err = send(tok); err != nil {
			return nil, err
		}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload+1))
	if err != nil {
		return nil, httprequest.TransportError(err, -1)
	}
	if len(raw) > maxDownload {
		return nil, engine.OperationError(-1, "The answer from %s is larger than %d bytes", u, maxDownload)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if resp.StatusCode == http.StatusUnauthorized && c.auth.ServiceAccount() {
			c.auth.Refused(ctx, tok)
		}
		return nil, apiError(resp.StatusCode, raw)
	}
	return raw, nil
}

// apiError is n8n's NodeApiError for a Google answer; a PERMISSION_DENIED
// one gets the node's hint about edit access.
func apiError(status int, raw []byte) error {
	ne := httprequest.StatusError(status, raw, -1)
	if strings.Contains(ne.Message, "PERMISSION_DENIED") {
		d := ""
		if ne.Description != "" {
			d = " Details of the error: " + ne.Description + "."
		}
		ne.Description = "Please check that the account you're using has the right permissions. (If you're trying to modify the sheet, you'll need edit access.)" + d
	}
	return ne
}

// qsEscape is the qs library's RFC 3986 encoding, which n8n's request
// helper gives a query: everything but A–Z a–z 0–9 and -_.~ is
// percent-encoded as UTF-8 (parentheses and "!*'" included).
func qsEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// encodeURIComponent is JavaScript's: everything but A–Z a–z 0–9 and
// -_.!~*'() is percent-encoded as UTF-8.
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
