package googledrive

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

// BaseURL is n8n's Drive API base.
const BaseURL = "https://www.googleapis.com"

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
	g, err := auth.NewGoogleAuth(typ, cred, hc, auth.GoogleScopes["drive"], r.tokens, r.ex.Now, save)
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

// request is one call: a JSON body (nil: none) or raw bytes with their
// content type, the answer as JSON or as bytes.
type request struct {
	method, path string
	body         *data.Object
	raw          []byte
	contentType  string
	qs           *data.Object
	binary       bool // answer is file content
	// anyAccept sends Accept: */* with a binary request, as v1's legacy
	// request options (json: false) do.
	anyAccept    bool
	url          string
	extraHeaders map[string]string
}

type response struct {
	status int
	header http.Header
	body   []byte
	value  any
}

// call is the v2 transport's googleApiRequest (httpRequestWithAuthentication):
// errors become NodeApiError with the API's message.
func (r *run) call(ctx context.Context, rq request, i int) (*response, error) {
	c, err := r.client()
	if err != nil {
		return nil, err
	}
	u := rq.url
	if u == "" {
		u = BaseURL + rq.path
	}
	if enc := axiosQuery(rq.qs); enc != "" {
		u += "?" + enc
	}
	var payload []byte
	ctype := "application/json"
	switch {
	case rq.raw != nil:
		payload, ctype = rq.raw, rq.contentType
	case rq.body != nil && rq.body.Len() > 0:
		if payload, err = data.MarshalValue(rq.body); err != nil {
			return nil, fmt.Errorf("google drive: encode body: %w", err)
		}
	}
	headers := map[string]string{"Accept": "application/json"}
	if rq.binary {
		// json: false — axios's default Accept.
		headers["Accept"] = "application/json, text/plain, */*"
		if rq.anyAccept {
			headers["Accept"] = "*/*"
		}
	}
	for k, v := range rq.extraHeaders {
		headers[k] = v
	}
	resp, err := c.do(ctx, rq.method, u, payload, ctype, headers, true)
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	if resp.status < 200 || resp.status > 299 {
		return nil, httprequest.StatusError(resp.status, resp.body, i)
	}
	if !rq.binary && len(bytes.TrimSpace(resp.body)) > 0 {
		if v, err := data.ParseJSON(resp.body); err == nil {
			resp.value = v
		} else {
			resp.value = string(resp.body)
		}
	}
	return resp, nil
}

func (c *client) do(ctx context.Context, method, u string, payload []byte, ctype string, extra map[string]string, retry bool) (*response, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", ctype)
	for k, v := range extra {
		req.Header.Set(k, v)
	}
	tok, err := c.auth.Token(ctx)
	if err != nil {
		return nil, engine.APIError(-1, "401", "Authorization failed - please check your credentials", err.Error(), err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<30))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized && retry {
		renewed, err := c.auth.Refused(ctx, tok)
		if err != nil {
			return nil, err
		}
		if renewed {
			return c.do(ctx, method, u, payload, ctype, extra, false)
		}
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// axiosQuery is the query string n8n's httpRequest sends: qs.stringify
// (RFC 3986: spaces as %20, commas escaped), keys in order, undefined and
// null skipped, arrays as key[0]=v.
func axiosQuery(q *data.Object) string {
	if q == nil {
		return ""
	}
	var parts []string
	for k, v := range q.All() {
		switch x := v.(type) {
		case nil, data.UndefinedType:
			continue
		case []any:
			for n, e := range x {
				if e == nil || data.IsUndefined(e) {
					continue
				}
				parts = append(parts, qsEscape(fmt.Sprintf("%s[%d]", k, n))+"="+qsEscape(jsString(e)))
			}
		default:
			parts = append(parts, qsEscape(k)+"="+qsEscape(jsString(v)))
		}
	}
	return strings.Join(parts, "&")
}

// qsEscape is the qs library's RFC 3986 encoder.
func qsEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

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
