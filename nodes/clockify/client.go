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
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is n8n's hard-coded Clockify API base. Requests go to
// BaseURL + "/" + resource, and resources start with "/", so real URLs
// have a double slash (…/api/v1//workspaces), exactly as n8n sends them.
const BaseURL = "https://api.clockify.me/api/v1"

// client is a thin Clockify API client: one method, JSON in and out.
type client struct {
	http   *http.Client
	apiKey string
}

// request sends one API call and decodes the JSON answer. A non-2xx answer
// becomes n8n's NodeApiError.
func (c *client) request(ctx context.Context, method, resource string, body *object, qs *query, item int) (any, error) {
	u := BaseURL + "/" + resource
	if enc := qs.encode(); enc != "" {
		u += "?" + enc
	}
	// n8n's body {} is dropped for GET but sent as "{}" with DELETE
	// (verified in the recorded request logs).
	var rd io.Reader
	if method != http.MethodGet {
		if body == nil {
			body = &object{}
		}
		payload, err := body.MarshalJSON()
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
	req.Header.Set("X-Api-Key", c.apiKey)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, httprequest.TransportError(err, item)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, httprequest.TransportError(err, item)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httprequest.StatusError(resp.StatusCode, raw, item)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		// A 200 answer that is not JSON (an HTML error page from a proxy,
		// a truncated body) is not a success with no items: n8n fails the
		// node too (the message here is n8n-go's).
		return nil, engine.APIError(item, strconv.Itoa(resp.StatusCode), "Invalid JSON in response body", "The Clockify API answered with a body that is not JSON: "+snippet(raw), nil)
	}
	return v, nil
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

// object is a JSON object that keeps its key order, because n8n builds
// bodies with Object.assign and the order is visible on the wire.
type object struct {
	keys []string
	vals map[string]any
}

func (o *object) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

func (o *object) get(k string) (any, bool) { v, ok := o.vals[k]; return v, ok }

func (o *object) del(k string) {
	if _, ok := o.vals[k]; !ok {
		return
	}
	delete(o.vals, k)
	for i, x := range o.keys {
		if x == k {
			o.keys = append(o.keys[:i], o.keys[i+1:]...)
			break
		}
	}
}

// assign is Object.assign(o, m) with m's keys in the given order.
func (o *object) assign(m map[string]any, order []string) {
	for _, k := range orderedKeys(m, order) {
		o.set(k, m[k])
	}
}

// MarshalJSON writes the keys in insertion order; undefined values are
// dropped as JSON.stringify does.
func (o *object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for _, k := range o.keys {
		v := o.vals[k]
		if data.IsUndefined(v) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := data.MarshalValue(v)
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// query is n8n's shared qs object: ordered keys, serialised with the qs
// library's arrayFormat "repeat" (a=1&a=2).
type query struct{ object }

func (q *query) encode() string {
	var parts []string
	for _, k := range q.keys {
		v := q.vals[k]
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
	case map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}
