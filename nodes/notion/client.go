package notion

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is n8n's hard-coded Notion API base.
const BaseURL = "https://api.notion.com/v1"

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
	apiKey  string
	version string
}

// request sends one call and returns the answer's JSON. A body without
// keys is not sent (n8n deletes it); qs is encoded in insertion order. A
// non-2xx answer becomes n8n's NodeApiError for item.
func (c *client) request(ctx context.Context, method, resource string, body *object, qs *object, item int) (gjson.Result, error) {
	u := BaseURL + resource
	if enc := qs.query(); enc != "" {
		u += "?" + enc
	}
	var rd io.Reader
	if body != nil && body.len() > 0 {
		payload, err := body.MarshalJSON()
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
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return gjson.Result{}, httprequest.TransportError(err, item)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
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
func (c *client) all(ctx context.Context, method, resource string, body, qs *object, cursorInQuery bool, item int) ([]gjson.Result, error) {
	var out []gjson.Result
	var prev string
	for page := 1; ; page++ {
		resp, err := c.request(ctx, method, resource, body, qs, item)
		if err != nil {
			return nil, err
		}
		if err := checkPaging(resp, page, prev, item); err != nil {
			if err == errLastPage {
				return append(out, resp.Get("results").Array()...), nil
			}
			return nil, err
		}
		prev = resp.Get("next_cursor").String()
		next := jsValue(resp.Get("next_cursor"))
		if cursorInQuery {
			qs.set("start_cursor", next)
		} else {
			body.set("start_cursor", next)
		}
		out = append(out, resp.Get("results").Array()...)
		hm := resp.Get("has_more")
		if hm.Type == gjson.False {
			return out, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// jsValue decodes a gjson value into the types items hold (undefined for
// a missing value).
func jsValue(r gjson.Result) any {
	if !r.Exists() {
		return data.Undefined
	}
	var v any
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		return data.Undefined
	}
	return v
}

// object is a JSON object that keeps insertion order, because n8n builds
// bodies with object literals and Object.assign and the order shows on
// the wire.
type object struct {
	keys []string
	vals map[string]any
}

func newObject(kv ...any) *object {
	o := &object{}
	for i := 0; i+1 < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
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

func (o *object) get(k string) (any, bool) {
	if o == nil {
		return nil, false
	}
	v, ok := o.vals[k]
	return v, ok
}

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

// len counts keys whose value is not undefined (JSON.stringify drops those,
// but Object.keys counts them: n8n tests Object.keys(body).length).
func (o *object) len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
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
		vb, err := marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	switch x := v.(type) {
	case *object:
		return x.MarshalJSON()
	case []any:
		var b bytes.Buffer
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if data.IsUndefined(e) {
				e = nil
			}
			eb, err := marshal(e)
			if err != nil {
				return nil, err
			}
			b.Write(eb)
		}
		b.WriteByte(']')
		return b.Bytes(), nil
	case json.Marshaler:
		return x.MarshalJSON()
	}
	return data.MarshalValue(v)
}

// query encodes the object as request's qs does (insertion order; null
// and undefined values are skipped).
func (o *object) query() string {
	if o == nil {
		return ""
	}
	var b bytes.Buffer
	for _, k := range o.keys {
		v := o.vals[k]
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
	case map[string]any:
		return "[object Object]"
	}
	return fmt.Sprint(v)
}
