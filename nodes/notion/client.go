package notion

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/internal/httpx"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is n8n's hard-coded Notion API base.
const BaseURL = "https://api.notion.com/v1"

// notionAuth is the notionApi rule of the shared auth layer.
var notionAuth = auth.Must(CredentialType)

// apiVersion is the Notion-Version header n8n sends per node version.
func apiVersion(nodeVersion float64) string {
	if nodeVersion < 2 {
		return "2021-05-13"
	}
	return "2021-08-16"
}

// client sends Notion API calls the way n8n's notionApiRequest does.
type client struct {
	http    *http.Client
	cred    auth.Credential
	version string
}

// request sends one call and returns the answer's JSON. A body without
// keys is not sent (n8n deletes it); qs is encoded in its order. Bodies are
// objects built in n8n's order, written as JSON.stringify does. A non-2xx
// answer becomes n8n's NodeApiError for item.
func (c *client) request(ctx context.Context, method, resource string, body, qs *data.Object, item int) (gjson.Result, error) {
	u := BaseURL + resource
	if enc := query(qs); enc != "" {
		u += "?" + enc
	}
	var rd io.Reader
	if body.Len() > 0 {
		payload, err := data.MarshalValue(body)
		if err != nil {
			return gjson.Result{}, fmt.Errorf("notion: encode body: %w", err)
		}
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return gjson.Result{}, fmt.Errorf("notion: build request: %w", err)
	}
	req.Header.Set("Notion-Version", c.version)
	if err := notionAuth.ApplyHTTP(c.cred, req); err != nil {
		return gjson.Result{}, err
	}
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return gjson.Result{}, httprequest.TransportError(err, item)
	}
	defer resp.Body.Close()
	raw, err := httpx.ReadBody(resp)
	if err != nil {
		return gjson.Result{}, httprequest.TransportError(err, item)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return gjson.Result{}, apiError(resp.StatusCode, raw, item)
	}
	if !gjson.ValidBytes(raw) {
		return gjson.Result{}, engine.APIError(item, strconv.Itoa(resp.StatusCode), "Invalid JSON in response body", "", nil)
	}
	return gjson.ParseBytes(raw), nil
}

// apiError is n8n's NodeApiError for a Notion error answer: the message
// comes from the status code, the description from Notion's message, and
// the context holds the item index (prepareNotionError).
func apiError(status int, body []byte, item int) *engine.NodeError {
	ne := httprequest.StatusError(status, body, item)
	ne.Context = map[string]any{"itemIndex": item}
	return ne
}

// all is notionApiRequestAllItems: it repeats the call while has_more is
// not false, putting next_cursor into the body (databases, pages, search)
// or the query string (blocks, users), and collects results[].
func (c *client) all(ctx context.Context, method, resource string, body, qs *data.Object, cursorInQuery bool, item int) ([]gjson.Result, error) {
	var out []gjson.Result
	err := c.each(ctx, method, resource, body, qs, cursorInQuery, item, func(page []gjson.Result) {
		out = append(out, page...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each is all handing every page's results[] to fn as it arrives.
func (c *client) each(ctx context.Context, method, resource string, body, qs *data.Object, cursorInQuery bool, item int, fn func([]gjson.Result)) error {
	var prev string
	for page := 1; ; page++ {
		resp, err := c.request(ctx, method, resource, body, qs, item)
		if err != nil {
			return err
		}
		if err := checkPaging(resp, page, prev, item); err != nil {
			if err == errLastPage {
				fn(resp.Get("results").Array())
				return nil
			}
			return err
		}
		prev = resp.Get("next_cursor").String()
		next := jsValue(resp.Get("next_cursor"))
		if cursorInQuery {
			qs.Set("start_cursor", next)
		} else {
			body.Set("start_cursor", next)
		}
		fn(resp.Get("results").Array())
		hm := resp.Get("has_more")
		if hm.Type == gjson.False {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// jsValue decodes a gjson value into the types items hold, as JSON.parse
// does (objects keep the server's key order); undefined for a missing
// value.
func jsValue(r gjson.Result) any {
	if !r.Exists() {
		return data.Undefined
	}
	// Scalars without escapes are read directly; strings are copied so an
	// item never keeps a whole answer's text alive.
	switch r.Type {
	case gjson.True:
		return true
	case gjson.False:
		return false
	case gjson.Null:
		if r.Raw == "null" {
			return nil
		}
	case gjson.String:
		if n := len(r.Raw); n >= 2 && r.Raw[0] == '"' && r.Raw[n-1] == '"' && strings.IndexByte(r.Raw, '\\') < 0 && utf8.ValidString(r.Raw) {
			return strings.Clone(r.Raw[1 : n-1])
		}
	case gjson.Number:
		if f, err := strconv.ParseFloat(r.Raw, 64); err == nil {
			return f
		}
	}
	v, err := data.ParseJSONString(r.Raw)
	if err != nil {
		return data.Undefined
	}
	return v
}

// query encodes the object as request's qs does (its order; null and
// undefined values are skipped).
func query(o *data.Object) string {
	var b bytes.Buffer
	for k, v := range o.All() {
		if v == nil || data.IsUndefined(v) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(jsString(v)))
	}
	return b.String()
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
	case int:
		return strconv.Itoa(x)
	case []any:
		var b bytes.Buffer
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if e != nil && !data.IsUndefined(e) {
				b.WriteString(jsString(e))
			}
		}
		return b.String()
	case *data.Object, map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}
