package airtable

import (
	"bytes"
	"context"
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

// maxPages bounds returnAll paging (100 records a page).
const maxPages = 100000

type client struct {
	http *http.Client
	rule *auth.Rule
	cred auth.Credential
}

func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	cred, err := r.ex.Credentials(r.auth)
	if err != nil {
		return nil, err
	}
	rule, ok := auth.Lookup(r.auth)
	if !ok {
		return nil, engine.OperationError(-1, "Airtable: credential type %s is not supported by n8n-go", r.auth)
	}
	r.cl = &client{http: r.ex.HTTP(r.auth), rule: rule, cred: cred}
	return r.cl, nil
}

// api is n8n's apiRequest: JSON body (dropped when empty), the query with
// arrays as qs writes them with indices (fields[0]=…, sort[0][field]=…).
func (r *run) api(ctx context.Context, i int, method, endpoint string, body, qs *data.Object) (any, error) {
	cl, err := r.client()
	if err != nil {
		return nil, err
	}
	u := BaseURL + endpoint
	if enc := encodeQuery(qs); enc != "" {
		u += "?" + enc
	}
	var rd io.Reader
	if body != nil && body.Len() > 0 {
		b, err := data.MarshalValue(body)
		if err != nil {
			return nil, fmt.Errorf("airtable: encode body: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, engine.OperationError(i, "Airtable: the request could not be built: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if err := cl.rule.ApplyHTTP(cl.cred, req); err != nil {
		return nil, err
	}
	resp, err := cl.http.Do(req)
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httprequest.StatusError(resp.StatusCode, raw, i)
	}
	v, perr := data.ParseJSON(raw)
	if perr != nil {
		return nil, engine.APIError(i, strconv.Itoa(resp.StatusCode), "Invalid JSON in response body", "The Airtable API answered with a body that is not JSON", nil)
	}
	return v, nil
}

// all is apiRequestAllItems: pageSize 100 and the offset of each answer.
func (r *run) all(ctx context.Context, i int, endpoint string, qs *data.Object) ([]any, error) {
	qs.Set("pageSize", float64(100))
	var out []any
	for page := 0; page < maxPages; page++ {
		resp, err := r.api(ctx, i, "GET", endpoint, nil, qs)
		if err != nil {
			return nil, err
		}
		m, _ := resp.(*data.Object)
		if m == nil {
			break
		}
		if recs, ok := m.Value("records").([]any); ok {
			out = append(out, recs...)
		}
		off, has := m.Get("offset")
		if !has || data.IsUndefined(off) {
			qs.Set("offset", data.Undefined)
			break
		}
		qs.Set("offset", off)
	}
	return out, nil
}

// batchUpdate is n8n's batchUpdate: PATCH in batches of 10.
func (r *run) batchUpdate(ctx context.Context, i int, endpoint string, body *data.Object, records []any) (any, error) {
	if len(records) == 0 {
		return data.ObjectOf("records", []any{}), nil
	}
	if len(records) <= maxBatch {
		b := body.Clone()
		b.Set("records", records)
		return r.api(ctx, i, "PATCH", endpoint, b, nil)
	}
	var all []any
	for start := 0; start < len(records); start += maxBatch {
		b := body.Clone()
		b.Set("records", records[start:min(start+maxBatch, len(records))])
		resp, err := r.api(ctx, i, "PATCH", endpoint, b, nil)
		if err != nil {
			return nil, err
		}
		if l, ok := field(resp, "records").([]any); ok {
			all = append(all, l...)
		}
	}
	return data.ObjectOf("records", all), nil
}

// encodeQuery is the qs library's stringify with arrayFormat "indices":
// nested keys bracketed and percent-encoded, undefined skipped.
func encodeQuery(q *data.Object) string {
	if q == nil {
		return ""
	}
	var parts []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case data.UndefinedType:
		case []any:
			for j, e := range x {
				walk(prefix+"["+strconv.Itoa(j)+"]", e)
			}
		case *data.Object:
			for k, e := range x.All() {
				walk(prefix+"["+k+"]", e)
			}
		case nil:
			parts = append(parts, escape(prefix)+"=")
		default:
			parts = append(parts, escape(prefix)+"="+escape(jsString(x)))
		}
	}
	for k, v := range q.All() {
		walk(k, v)
	}
	return strings.Join(parts, "&")
}

// escape is qs's encoder (RFC 3986: space as %20).
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0
	case data.UndefinedType:
		return false
	}
	return true
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
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil && !data.IsUndefined(e) {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return ""
}
