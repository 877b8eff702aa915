package clockify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/internal/httpx"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/internal/intern"
)

// BaseURL is n8n's hard-coded Clockify API base. Requests go to
// BaseURL + "/" + resource, and resources start with "/", so real URLs
// have a double slash (…/api/v1//workspaces), exactly as n8n sends them.
const BaseURL = "https://api.clockify.me/api/v1"

// clockifyAuth is the clockifyApi rule of the shared auth layer.
var clockifyAuth = auth.Must(CredentialType)

// client is a thin Clockify API client: one method, JSON in and out.
type client struct {
	http *http.Client
	cred auth.Credential
	// strs shares the short values answers repeat (workspace and project
	// ids, statuses, durations) among the items of one node run.
	strs intern.Table
}

// request sends one API call and decodes the JSON answer as JSON.parse
// does (objects keep the server's key order). A non-2xx answer becomes
// n8n's NodeApiError.
func (c *client) request(ctx context.Context, method, resource string, body, qs *data.Object, item int) (any, error) {
	u := BaseURL + "/" + resource
	if enc := encodeQuery(qs); enc != "" {
		u += "?" + enc
	}
	// n8n's body {} is dropped for GET but sent as "{}" with DELETE
	// (verified in the recorded request logs). Bodies are objects built in
	// n8n's order, written as JSON.stringify writes them.
	var rd io.Reader
	if method != http.MethodGet {
		if body == nil {
			body = data.NewObject(0)
		}
		payload, err := data.MarshalValue(body)
		if err != nil {
			return nil, fmt.Errorf("clockify: encode body: %w", err)
		}
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("clockify: build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if err := clockifyAuth.ApplyHTTP(c.cred, req); err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, httprequest.TransportError(err, item)
	}
	defer resp.Body.Close()
	raw, err := httpx.ReadBody(resp)
	if err != nil {
		return nil, httprequest.TransportError(err, item)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httprequest.StatusError(resp.StatusCode, raw, item)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", nil
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		// A 200 answer that is not JSON (an HTML error page from a proxy,
		// a truncated body) is not a success with no items: n8n fails the
		// node too (the message here is n8n-go's).
		return nil, engine.APIError(item, strconv.Itoa(resp.StatusCode), "Invalid JSON in response body", "The Clockify API answered with a body that is not JSON: "+snippet(raw), nil)
	}
	return c.strs.Value(v), nil
}

// snippet is the start of an answer body, for error descriptions.
func snippet(b []byte) string {
	const max = 120
	s := strings.ToValidUTF8(string(bytes.TrimSpace(b[:min(len(b), max)])), "")
	if len(b) > max {
		s += "…"
	}
	return s
}

// assign is Object.assign(o, m) for a collection parameter m whose keys n8n
// lists in its description's order (getNodeParameters rebuilds collections
// option by option): keys in order first, then any others as m has them.
func assign(o, m *data.Object, order []string) {
	for _, k := range orderedKeys(m, order) {
		o.Set(k, m.Value(k))
	}
}

// encodeQuery serialises n8n's shared qs object as the qs library does with
// arrayFormat "repeat" (a=1&a=2), keys in the object's order.
func encodeQuery(q *data.Object) string {
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
				parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(qsString(e)))
			}
		default:
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(qsString(v)))
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "&"), "+", "%20")
}

// qsString is how the qs library prints a scalar (null prints empty).
func qsString(v any) string {
	if v == nil {
		return ""
	}
	return jsString(v)
}

// jsString is JavaScript's String(v) / template-literal conversion.
func jsString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case string:
		return x
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case int:
		return fmt.Sprint(x)
	case int64:
		return fmt.Sprint(x)
	case json.Number:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil || data.IsUndefined(e) {
				continue
			}
			parts[i] = jsString(e)
		}
		return strings.Join(parts, ",")
	case *data.Object, map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}
