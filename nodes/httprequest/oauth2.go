package httprequest

import (
	"context"
	"net/http"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// oauth is an item's OAuth2 signing: the credential type, its rule and the
// node run's credential cache, where a renewed token is kept for the other
// items.
type oauth struct {
	typ   string
	rule  *auth.Rule
	creds *credCache
	// token is the access token this request was signed with.
	token string
}

// prepareOAuth2 checks the credential is connected and, for the client
// credentials grant without a token, fetches one first (as n8n does).
func prepareOAuth2(ctx context.Context, ex *engine.Exec, creds *credCache, typ string, rule *auth.Rule, cred auth.Credential, i int) (auth.Credential, error) {
	if !rule.OAuth2.Connected(cred) {
		return nil, engine.OperationError(i, "OAuth credentials not connected")
	}
	if !rule.OAuth2.NeedsToken(cred) {
		return cred, nil
	}
	return creds.renew(ctx, ex, typ, rule, auth.AccessToken(cred))
}

// renew gets a new token unless another item already did since `used` was
// read, stores it in the cache and writes it back to the credentials.
func (c *credCache) renew(ctx context.Context, ex *engine.Exec, typ string, rule *auth.Rule, used string) (auth.Credential, error) {
	c.renewMu.Lock()
	defer c.renewMu.Unlock()
	cur, err := c.get(ex, typ)
	if err != nil {
		return nil, err
	}
	if tok := auth.AccessToken(cur); tok != used && tok != "" {
		return cur, nil
	}
	fresh, err := rule.OAuth2.Renew(ctx, ex.HTTP(typ), cur)
	if err != nil {
		return nil, engine.OperationError(-1, "%s", err.Error())
	}
	c.mu.Lock()
	c.data[typ] = fresh
	c.mu.Unlock()
	if err := ex.UpdateCredentials(typ, fresh); err != nil {
		return nil, engine.OperationError(-1, "%s", err.Error())
	}
	return fresh, nil
}

// retryAfterRenew handles a 401 on an OAuth2-signed request: it renews the
// token and returns the header to send the request again with (nil when
// the request is not OAuth2-signed).
func (o *oauth) retryAfterRenew(ctx context.Context, ex *engine.Exec, h http.Header) (http.Header, error) {
	fresh, err := o.creds.renew(ctx, ex, o.typ, o.rule, o.token)
	if err != nil {
		return nil, err
	}
	nh := h.Clone()
	auth.SetHeader(nh, "Authorization", "Bearer "+auth.AccessToken(fresh))
	return nh, nil
}
