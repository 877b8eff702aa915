// Package respondtowebhook is n8n's Respond to Webhook node (v1–1.5): it
// answers the HTTP call that started the run when the Webhook node's
// response mode is "responseNode". The serve runtime puts a Responder in the
// run's context; without one (CLI runs) the node only passes its items on.
package respondtowebhook

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.respondToWebhook"

// Response is what the node sends: n8n's IN8nHttpFullResponse.
type Response struct {
	Code    int
	Headers map[string]string
	// Body is a JSON value, a string (sent as text), or nil for no body.
	Body any
	// Binary, when not nil, is sent as is (respondWith binary).
	Binary []byte
}

// Responder receives the node's response; only the first call counts.
type Responder func(Response)

type responderKey struct{}

// WithResponder returns a context carrying r for the run's Respond to
// Webhook nodes. The responder is called at most once.
func WithResponder(ctx context.Context, r Responder) context.Context {
	var once sync.Once
	return context.WithValue(ctx, responderKey{}, Responder(func(resp Response) { once.Do(func() { r(resp) }) }))
}

// WithRelay returns a context whose Respond to Webhook nodes call r every
// time (no once): a run that waits for calls (the Wait node) answers each
// resuming call in turn, and r decides which call a response is for.
func WithRelay(ctx context.Context, r Responder) context.Context {
	return context.WithValue(ctx, responderKey{}, r)
}

// ResponderFrom is the Responder a context carries (nil: none).
func ResponderFrom(ctx context.Context) Responder { return responderFrom(ctx) }

func responderFrom(ctx context.Context) Responder {
	r, _ := ctx.Value(responderKey{}).(Responder)
	return r
}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1, 1.2, 1.3, 1.4, 1.5},
		Defaults: func(v float64) map[string]any {
			return map[string]any{
				"respondWith": "firstIncomingItem", "responseBody": "{\n  \"myField\": \"value\"\n}",
				"responseDataSource": "automatically", "inputFieldName": "data", "redirectURL": "",
				"enableResponseOutput": false, "options": map[string]any{},
			}
		},
		Outputs: func(p engine.Params, v float64) int {
			if v == 1.3 || (v >= 1.4 && p.Value("enableResponseOutput") == true) {
				return 2
			}
			return 1
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if p.String("respondWith") == "jwt" {
				return []string{"jwtAuth"}
			}
			return nil
		},
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	resp, err := build(ex, items)
	if err != nil {
		if ex.ContinueOnFail() {
			paired := make([]data.PairedItem, len(items))
			for i := range items {
				paired[i] = data.PairedItem{Item: i}
			}
			return [][]data.Item{{{JSON: data.ObjectOf("error", err.Error()), Paired: data.Many(paired...)}}}, nil
		}
		return nil, err
	}
	if r := responderFrom(ex.Context()); r != nil {
		r(resp)
	}
	v := ex.Version()
	enable, _ := ex.ParamBool("enableResponseOutput", 0)
	if v == 1.3 || (v >= 1.4 && enable) {
		return [][]data.Item{items, {{JSON: data.ObjectOf("response", responseJSON(resp))}}}, nil
	}
	return [][]data.Item{items}, nil
}

func responseJSON(r Response) *data.Object {
	h := data.NewObject(len(r.Headers))
	for _, k := range slices.Sorted(maps.Keys(r.Headers)) {
		h.Set(k, r.Headers[k])
	}
	m := data.ObjectOf("headers", h, "statusCode", float64(r.Code))
	if r.Body != nil {
		m.Set("body", r.Body)
	}
	return m
}

func build(ex *engine.Exec, items []data.Item) (Response, error) {
	resp := Response{Headers: map[string]string{}}
	opts, err := ex.ParamOr("options", 0, data.NewObject(0))
	if err != nil {
		return resp, err
	}
	o, _ := opts.(*data.Object)
	if rh, ok := o.Value("responseHeaders").(*data.Object); ok {
		entries, _ := rh.Value("entries").([]any)
		for _, e := range entries {
			m, _ := e.(*data.Object)
			if m == nil {
				continue
			}
			resp.Headers[strings.ToLower(fmt.Sprint(m.Value("name")))] = fmt.Sprint(m.Value("value"))
		}
	}
	resp.Code = 200
	if n, ok := o.Value("responseCode").(float64); ok && n != 0 {
		resp.Code = int(n)
	}
	respondWith, err := ex.ParamString("respondWith", 0)
	if err != nil {
		return resp, err
	}
	key, _ := o.Value("responseKey").(string)
	switch respondWith {
	case "json":
		body, err := ex.Param("responseBody", 0)
		if err != nil {
			return resp, err
		}
		switch b := body.(type) {
		case string:
			if b != "" {
				v, err := data.ParseJSONString(b)
				if err != nil {
					return resp, engine.OperationError(-1, "Invalid JSON in 'Response Body' field")
				}
				resp.Body = v
			}
		case nil:
		default:
			resp.Body = b
		}
	case "text":
		body, err := ex.Param("responseBody", 0)
		if err != nil {
			return resp, err
		}
		if s, ok := body.(string); ok {
			resp.Body = s
		} else if body != nil {
			resp.Body = fmt.Sprint(body)
		} else {
			resp.Body = ""
		}
	case "allIncomingItems":
		list := make([]any, len(items))
		for i, it := range items {
			list[i] = it.JSON
		}
		resp.Body = withKey(key, list)
	case "firstIncomingItem":
		if len(items) == 0 {
			return resp, engine.OperationError(-1, "No item to respond with")
		}
		resp.Body = withKey(key, items[0].JSON)
	case "noData":
	case "redirect":
		u, err := ex.ParamString("redirectURL", 0)
		if err != nil {
			return resp, err
		}
		resp.Headers["location"] = u
		if !o.Has("responseCode") {
			resp.Code = 307
		}
	case "binary":
		if len(items) == 0 || items[0].Binary == nil {
			return resp, engine.OperationError(-1, "No binary data exists on the first item!")
		}
		prop := ""
		if src, _ := ex.ParamString("responseDataSource", 0); src == "set" {
			prop, err = ex.ParamString("inputFieldName", 0)
			if err != nil {
				return resp, err
			}
		} else if items[0].Binary.Len() > 0 {
			prop = items[0].Binary.KeyAt(0) // Object.keys(binary)[0]
		}
		bin, _ := items[0].Binary.Value(prop).(*data.Object)
		if bin == nil {
			return resp, engine.OperationError(0, "The item has no binary field '%s'", prop)
		}
		b, err := base64.StdEncoding.DecodeString(fmt.Sprint(bin.Value("data")))
		if err != nil {
			return resp, engine.OperationError(0, "binary field '%s' is not base64: %v", prop, err)
		}
		resp.Binary = b
		if _, set := resp.Headers["content-type"]; !set {
			if mt, _ := bin.Value("mimeType").(string); mt != "" {
				resp.Headers["content-type"] = mt
			}
		}
	case "jwt":
		return resp, engine.OperationError(-1, "Error signing JWT token: respondWith jwt is not supported by n8n-go")
	default:
		return resp, engine.OperationError(-1, "The Response Data option \"%s\" is not supported!", respondWith)
	}
	return resp, nil
}

// withKey is lodash set({}, key, v) for dotted keys.
func withKey(key string, v any) any {
	if key == "" {
		return v
	}
	parts := strings.Split(key, ".")
	out := data.NewObject(1)
	cur := out
	for i, p := range parts {
		if i == len(parts)-1 {
			cur.Set(p, v)
			break
		}
		next := data.NewObject(1)
		cur.Set(p, next)
		cur = next
	}
	return out
}
