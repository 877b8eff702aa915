package gmail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is n8n's Gmail API base (googleApiRequest's default uri).
const BaseURL = "https://www.googleapis.com"

// client sends API calls with the node's credential; an OAuth2 token is
// renewed once on a 401, as n8n's requestOAuth2 does.
type client struct {
	ex   *engine.Exec
	auth *auth.GoogleAuth
	http *http.Client
}

func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	a, err := r.ex.ParamOr("authentication", 0, "oAuth2")
	if err != nil {
		return nil, err
	}
	typ := OAuth2Type
	if a == "serviceAccount" {
		typ = ServiceAccountType
	}
	cred, err := r.ex.Credentials(typ)
	if err != nil {
		return nil, err
	}
	hc := r.ex.HTTP(typ)
	save := func(c auth.Credential) error { return r.ex.UpdateCredentials(typ, c) }
	g, err := auth.NewGoogleAuth(typ, cred, hc, auth.GoogleScopes["gmail"], r.tokens, r.ex.Now, save)
	switch {
	case errors.Is(err, auth.ErrNotConnected):
		return nil, engine.OperationError(-1, "OAuth credentials not connected")
	case err != nil:
		// n8n maps a key it cannot read to a 401 NodeApiError.
		return nil, engine.APIError(-1, "401", "Authorization failed - please check your credentials", err.Error(), err)
	}
	r.cl = &client{ex: r.ex, auth: g, http: hc}
	return r.cl, nil
}

// call is googleApiRequest: JSON in and out, body dropped when empty, qs
// in n8n's shared object order with arrays repeated. A non-2xx answer
// becomes n8n's NodeApiError with the Gmail node's messages.
func (r *run) call(ctx context.Context, method, endpoint string, body, qs *data.Object, i int) (any, error) {
	c, err := r.client()
	if err != nil {
		return nil, err
	}
	u := BaseURL + endpoint
	if enc := encodeQuery(qs); enc != "" {
		u += "?" + enc
	}
	var payload []byte
	if body != nil && body.Len() > 0 {
		if payload, err = data.MarshalValue(body); err != nil {
			return nil, fmt.Errorf("gmail: encode body: %w", err)
		}
	}
	status, raw, err := c.do(ctx, method, u, payload, true)
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	if status < 200 || status > 299 {
		return nil, r.apiError(status, raw, i)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		return string(raw), nil
	}
	return v, nil
}

func (c *client) do(ctx context.Context, method, u string, payload []byte, retry bool) (int, []byte, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	tok, err := c.auth.Token(ctx)
	if err != nil {
		return 0, nil, engine.APIError(-1, "401", "Authorization failed - please check your credentials", err.Error(), err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	resp.Body.Close()
	if err != nil {
		return 0, nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized && retry {
		renewed, err := c.auth.Refused(ctx, tok)
		if err != nil {
			return 0, nil, err
		}
		if renewed {
			return c.do(ctx, method, u, payload, false)
		}
	}
	return resp.StatusCode, raw, nil
}

// apiError is the error of a non-2xx answer. n8n's googleApiRequest has
// friendlier messages for 400 "Invalid id value", 404 and 409, but in
// n8n 1.123.81 the error it catches no longer carries the httpCode they
// test, so the generic NodeApiError is what users get (the recorded
// errors golden shows it).
func (r *run) apiError(status int, raw []byte, i int) error {
	return httprequest.StatusError(status, raw, i)
}

// encodeQuery serialises n8n's qs object as the qs library does with
// arrayFormat "repeat" (a=1&a=2), keys in the object's order, undefined
// skipped, spaces as %20.
func encodeQuery(q *data.Object) string {
	if q == nil {
		return ""
	}
	var parts []string
	for k, v := range q.All() {
		switch x := v.(type) {
		case data.UndefinedType:
			continue
		case []any:
			for _, e := range x {
				if data.IsUndefined(e) {
					continue
				}
				parts = append(parts, qsEscape(k)+"="+qsEscape(qsString(e)))
			}
		default:
			parts = append(parts, qsEscape(k)+"="+qsEscape(qsString(v)))
		}
	}
	return strings.Join(parts, "&")
}

// qsEscape is the qs library's RFC 3986 encoder.
func qsEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

func qsString(v any) string {
	if v == nil {
		return ""
	}
	return jsString(v)
}

// jsString is JavaScript's String(v).
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return data.FormatNumber(x, false)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil || data.IsUndefined(e) {
				continue
			}
			parts[i] = jsString(e)
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}
