// Package httprequest is n8n's HTTP Request node (n8n-nodes-base.httpRequest)
// versions 3 to 4.3 (4.3 is what n8n 1.123.81 gives a new node), which n8n
// runs with one implementation (HttpRequestV3):
// methods, query/headers/body from key-value pairs or JSON, form bodies,
// raw bodies, predefined and generic credentials, the response format,
// full-response, never-error, timeout, redirect and batching options, and
// n8n's error messages. One request per input item, sent concurrently but
// written to the wire in item order (see wireGate), returned in item order.
package httprequest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// Type is the node's n8n type name.
const Type = "n8n-nodes-base.httpRequest"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		NewItems: true,
		Type:     Type,
		Versions: []float64{1, 2, 3, 4, 4.1, 4.2, 4.3},
		Defaults: func(float64) map[string]any {
			return map[string]any{"method": "GET", "url": "", "authentication": "none", "options": map[string]any{}}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			if m, _ := p.Value("method").(string); m == "POST" || m == "PATCH" {
				return "sends a " + m + " request"
			}
			return ""
		},
		Credentials: func(p engine.Params, v float64) []string {
			if v < 3 {
				if t := legacyCredentialType(p); t != "" {
					return []string{t}
				}
				return nil
			}
			switch p.Value("authentication") {
			case "predefinedCredentialType":
				if t, ok := p.Value("nodeCredentialType").(string); ok && t != "" {
					return []string{t}
				}
			case "genericCredentialType":
				if t, ok := p.Value("genericAuthType").(string); ok && t != "" {
					return []string{t}
				}
			}
			return nil
		},
		Check: check,
	}
}

func check(p engine.Params, version float64) []string {
	var out []string
	if version < 3 {
		a, _ := p.Value("authentication").(string)
		switch {
		case a == "" || a == "none":
		default:
			if t := legacyCredentialType(p); t == "" {
				out = append(out, fmt.Sprintf("parameter authentication: unknown value %q", a))
			} else if _, ok := auth.Lookup(t); !ok {
				out = append(out, fmt.Sprintf("parameter authentication: credential type %q is not supported by n8n-go's HTTP Request node", t))
			}
		}
		return out
	}
	switch a := p.Value("authentication").(type) {
	case string:
		switch a {
		case "none":
		case "predefinedCredentialType":
			t, _ := p.Value("nodeCredentialType").(string)
			if _, ok := auth.Lookup(t); !ok {
				out = append(out, fmt.Sprintf("parameter nodeCredentialType: credential type %q is not supported by n8n-go's HTTP Request node", t))
			}
		case "genericCredentialType":
			t, _ := p.Value("genericAuthType").(string)
			if _, ok := auth.Lookup(t); !ok || !auth.Generic(t) {
				out = append(out, fmt.Sprintf("parameter genericAuthType: %q is not supported by n8n-go's HTTP Request node", t))
			}
		default:
			out = append(out, fmt.Sprintf("parameter authentication: unknown value %q", a))
		}
	}
	if m, ok := p.Value("method").(string); ok {
		switch m {
		case "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT":
		default:
			if len(m) == 0 || m[0] != '=' {
				out = append(out, fmt.Sprintf("parameter method: unknown value %q", m))
			}
		}
	}
	return out
}

// result is one item's outcome: a response or an error.
type result struct {
	// pages holds the answer, one per page when paginating.
	pages []*response
	err   error
	// preErr marks an error raised while building the request (n8n's
	// errorItems): with continueOnFail it becomes {error: message}.
	preErr bool
}

// Execute prepares every item's request in order, sends them concurrently
// (each one starting once the previous one is written) and builds the
// output in item order.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 3 {
		return executeLegacy(ctx, ex)
	}
	items := ex.Input(0)
	results := make([]result, len(items))
	sem := make(chan struct{}, ex.RequestConcurrency())
	var wg sync.WaitGroup
	defer wg.Wait()
	var creds credCache
	// evalMu keeps expression evaluation on one goroutine at a time:
	// preparing the next item and a running pagination both evaluate.
	var evalMu sync.Mutex
	for i := range items {
		evalMu.Lock()
		spec, err := prepare(ex, &creds, i, &evalMu)
		evalMu.Unlock()
		if err == nil && spec.batchPause > 0 {
			if err = sleep(ctx, spec.batchPause); err != nil {
				return nil, err
			}
		}
		if err != nil {
			if !ex.ContinueOnFail() {
				// Requests already started still complete, as in n8n.
				wg.Wait()
				return nil, err
			}
			results[i] = result{err: err, preErr: true}
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return nil, ctx.Err()
		}
		gate := newWireGate()
		wg.Add(1)
		go func(i int, spec *requestSpec) {
			defer wg.Done()
			defer func() { <-sem }()
			defer gate.open()
			if spec.pager != nil {
				pages, err := spec.pager.fetch(gate.trace(ctx), ex, spec, i)
				results[i] = result{pages: pages, err: err}
				return
			}
			resp, err := send(gate.trace(ctx), ex, spec, i)
			results[i] = result{pages: []*response{resp}, err: err}
		}(i, spec)
		// The next item's request starts once this one is on the wire.
		if err := gate.wait(ctx); err != nil {
			wg.Wait()
			return nil, err
		}
	}
	wg.Wait()
	out := []data.Item{}
	for i := range items {
		r := results[i]
		if r.err != nil {
			if !ex.ContinueOnFail() {
				return nil, r.err
			}
			out = append(out, errorItem(r, i))
			continue
		}
		for _, resp := range r.pages {
			got, err := toItems(ex, resp, items[i], i)
			if err != nil {
				if !ex.ContinueOnFail() {
					return nil, err
				}
				out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
				break
			}
			out = append(out, got...)
		}
	}
	return [][]data.Item{out}, nil
}

// errorItem is the continueOnFail item: the message for errors raised while
// building the request, the error object for failed requests.
func errorItem(r result, i int) data.Item {
	if r.preErr {
		return data.Item{JSON: data.ObjectOf("error", r.err.Error()), Paired: data.One(i)}
	}
	// n8n stores the NodeApiError object itself; serialised it shows these
	// fields in this order (httpCode is not among them), with an empty
	// context.
	ne := engine.AsNodeError(r.err)
	obj := data.ObjectOf("message", ne.Message, "timestamp", float64(time.Now().UnixMilli()), "name", ne.Name)
	if ne.Description != "" {
		obj.Set("description", ne.Description)
	}
	obj.Set("context", data.NewObject(0))
	return data.Item{JSON: data.ObjectOf("error", obj), Paired: data.One(i)}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// credCache reads each credential type once per run.
type credCache struct {
	mu   sync.Mutex
	data map[string]auth.Credential
	// renewMu lets one item at a time renew an OAuth2 token.
	renewMu sync.Mutex
}

func (c *credCache) get(ex *engine.Exec, typ string) (auth.Credential, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[typ]; ok {
		return v, nil
	}
	v, err := ex.Credentials(typ)
	if err != nil {
		return nil, err
	}
	if c.data == nil {
		c.data = map[string]auth.Credential{}
	}
	c.data[typ] = v
	return v, nil
}
