package httprequest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// legacyAuth maps typeVersion 1's authentication values to their
// credential types (version 2 uses genericCredentialType /
// predefinedCredentialType as version 3 does).
var legacyAuth = map[string]string{"basicAuth": "httpBasicAuth", "digestAuth": "httpDigestAuth",
	"headerAuth": "httpHeaderAuth", "queryAuth": "httpQueryAuth", "oAuth1": "oAuth1Api", "oAuth2": "oAuth2Api"}

// legacyCredentialType is the credential a version 1 or 2 node uses ("" none).
func legacyCredentialType(p engine.Params) string {
	a, _ := p.Value("authentication").(string)
	switch a {
	case "genericCredentialType":
		t, _ := p.Value("genericAuthType").(string)
		return t
	case "predefinedCredentialType":
		t, _ := p.Value("nodeCredentialType").(string)
		return t
	}
	return legacyAuth[a]
}

// executeLegacy is typeVersions 1 and 2 (n8n's HttpRequestV1/V2, on the
// old `request` options): requestMethod, query/header/body parameters
// from "UI" pairs or JSON strings, responseFormat json/string/file and the
// options collection. Requests are dispatched as in version 3.
func executeLegacy(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	results := make([]result, len(items))
	sem := make(chan struct{}, ex.RequestConcurrency())
	var wg sync.WaitGroup
	defer wg.Wait()
	var creds credCache
	for i := range items {
		spec, err := prepareLegacy(ex, &creds, i)
		if err != nil {
			wg.Wait()
			return nil, err
		}
		if spec.batchPause > 0 {
			if err := sleep(ctx, spec.batchPause); err != nil {
				return nil, err
			}
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
			resp, err := send(gate.trace(ctx), ex, spec, i)
			results[i] = result{pages: []*response{resp}, err: err}
		}(i, spec)
		if err := gate.wait(ctx); err != nil {
			wg.Wait()
			return nil, err
		}
	}
	wg.Wait()
	g := getter{ex: ex, i: 0}
	format, err := g.str("responseFormat", "json")
	if err != nil {
		return nil, err
	}
	prop, err := g.str("dataPropertyName", "data")
	if err != nil {
		return nil, err
	}
	out := []data.Item{}
	for i := range items {
		r := results[i]
		if r.err != nil {
			// n8n builds the error from the settled promise, where it finds
			// the status but not the answer's message: no description
			// (recorded: v1-v2).
			if ne := engine.AsNodeError(r.err); ne != nil && ne.HTTPCode != "" {
				ne.Description = ""
			}
			if !ex.ContinueOnFail() {
				return nil, r.err
			}
			out = append(out, errorItem(r, i))
			continue
		}
		resp := r.pages[0]
		opts, _ := ex.Param("options", i)
		o, _ := opts.(*data.Object)
		full := truthy(o.Value("fullResponse"))
		fullObj := func(bodyKey string, b any) *data.Object {
			obj := data.NewObject(4)
			obj.Set(bodyKey, b)
			obj.Set("headers", headersObject(resp.header))
			obj.Set("statusCode", float64(resp.status))
			obj.Set("statusMessage", http.StatusText(resp.status))
			return obj
		}
		paired := data.One(i)
		switch format {
		case "file":
			bin := items[i].Binary.Clone()
			if bin == nil {
				bin = data.NewObject(1)
			}
			bin.Set(prop, binaryData(resp, resp.header.Get("Content-Type")))
			js := items[i].JSON
			if full {
				js = data.ObjectOf("headers", headersObject(resp.header), "statusCode", float64(resp.status), "statusMessage", http.StatusText(resp.status))
			}
			out = append(out, data.Item{JSON: js, Binary: bin, Paired: paired})
		case "string":
			// request's json: true parses a JSON answer even here
			// (recorded: v1-v2, "V1 string").
			var text any = string(resp.body)
			if v, ok := decodeJSON(resp.body); ok {
				text = v
			}
			if full {
				out = append(out, data.Item{JSON: fullObj(prop, text), Paired: paired})
			} else {
				out = append(out, data.Item{JSON: data.ObjectOf(prop, text), Paired: paired})
			}
		default:
			var body any = string(resp.body)
			if v, ok := decodeJSON(resp.body); ok {
				body = v
			} else if !full || len(resp.body) > 0 {
				return nil, engine.OperationError(i, "Response body is not valid JSON. Change \"Response Format\" to \"String\"")
			}
			if full {
				out = append(out, data.Item{JSON: fullObj("body", body), Paired: paired})
				continue
			}
			if list, ok := body.([]any); ok {
				if truthy(o.Value("splitIntoItems")) {
					for _, e := range list {
						out = append(out, data.Item{JSON: asObject(e), Paired: paired})
					}
					continue
				}
				// n8n keeps the array as the item's json; n8n-go's items
				// hold objects, so the elements get index keys.
				obj := data.NewObject(len(list))
				for n, e := range list {
					obj.Set(jsString(float64(n)), e)
				}
				out = append(out, data.Item{JSON: obj, Paired: paired})
				continue
			}
			out = append(out, data.Item{JSON: asObject(body), Paired: paired})
		}
	}
	return [][]data.Item{out}, nil
}

// prepareLegacy builds item i's request as HttpRequestV1/V2 do.
func prepareLegacy(ex *engine.Exec, creds *credCache, i int) (*requestSpec, error) {
	g := getter{ex: ex, i: i}
	spec := &requestSpec{header: http.Header{}, query: data.NewObject(0), httpKey: "httpRequest", arrayFormat: "indices"}
	var err error
	if spec.method, err = g.str("requestMethod", "GET"); err != nil {
		return nil, err
	}
	u, err := g.str("url", "")
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return nil, engine.OperationError(-1, "Invalid URL: %s. URL must start with \"http\" or \"https\".", u)
	}
	spec.url = u
	optsV, err := g.get("options", nil)
	if err != nil {
		return nil, err
	}
	opts, _ := optsV.(*data.Object)
	if n, ok := opts.Value("batchInterval").(float64); ok && n > 0 && i > 0 {
		size := 1
		if b, ok := opts.Value("batchSize").(float64); ok && b > 0 {
			size = int(b)
		}
		if i%size == 0 {
			spec.batchPause = time.Duration(n * float64(time.Millisecond))
		}
	}
	spec.follow = true
	if v, ok := opts.Value("followRedirect").(bool); ok {
		spec.follow = v
	}
	spec.maxRedirect = 10
	spec.neverError = truthy(opts.Value("ignoreResponseCode"))
	spec.timeoutMS = 3600000
	if t, ok := opts.Value("timeout").(float64); ok {
		spec.timeoutMS = t
	}
	spec.timeout = time.Duration(spec.timeoutMS * float64(time.Millisecond))
	if truthy(opts.Value("useQueryString")) {
		spec.arrayFormat = "repeat"
	}
	if p, ok := opts.Value("proxy").(string); ok {
		spec.variant.Proxy = strings.TrimSpace(p)
	}
	insecure, err := g.boolean("allowUnauthorizedCerts")
	if err != nil {
		return nil, err
	}
	spec.variant.Insecure = insecure
	bodyType, _ := opts.Value("bodyContentType").(string)
	format, err := getter{ex: ex, i: 0}.str("responseFormat", "json")
	if err != nil {
		return nil, err
	}

	var body any
	jsonParams, err := g.boolean("jsonParameters")
	if err != nil {
		return nil, err
	}
	if jsonParams {
		if send, _ := g.boolean("sendBinaryData"); send {
			return nil, engine.OperationError(i, "Sending binary data from HTTP Request typeVersion 1/2 is not supported by n8n-go")
		}
		for _, jp := range []struct{ param, display, target string }{
			{"bodyParametersJson", "Body Parameters", "body"}, {"headerParametersJson", "Headers", "headers"}, {"queryParametersJson", "Query Parameters", "qs"}} {
			v, err := g.get(jp.param, "")
			if err != nil {
				return nil, err
			}
			if s, ok := v.(string); ok && s == "" {
				continue
			}
			if s, ok := v.(string); ok && !(jp.target == "body" && bodyType == "raw") {
				parsed, err := data.ParseJSONString(s)
				if err != nil {
					return nil, engine.OperationError(i, "The data in \"%s\" is no valid JSON. Set Body Content Type to \"RAW/Custom\" for XML or other types of payloads", jp.display)
				}
				v = parsed
			}
			switch jp.target {
			case "body":
				body = v
			case "headers":
				if o, ok := v.(*data.Object); ok {
					for k, e := range o.All() {
						auth.SetHeader(spec.header, k, jsString(e))
					}
				}
			case "qs":
				if o, ok := v.(*data.Object); ok {
					spec.query = o
				}
			}
		}
	} else {
		for _, up := range []struct{ param, target string }{{"bodyParametersUi", "body"}, {"headerParametersUi", "headers"}, {"queryParametersUi", "qs"}} {
			ps, err := g.pairs(up.param + ".parameter")
			if err != nil {
				return nil, err
			}
			if _, ok := ex.Params().Get(up.param + ".parameter"); !ok {
				continue
			}
			obj := data.NewObject(len(ps))
			for _, p := range ps {
				name, v := jsString(p.Value("name")), p.Value("value")
				switch up.target {
				case "qs":
					// A repeated name collects its values.
					switch old, ok := obj.Get(name); {
					case !ok:
						obj.Set(name, v)
					case isList(old):
						obj.Set(name, append(old.([]any), v))
					default:
						if _, isStr := old.(string); isStr {
							obj.Set(name, []any{old, v})
						} else {
							obj.Set(name, v)
						}
					}
				case "headers":
					auth.SetHeader(spec.header, strings.ToLower(name), jsString(v))
				default:
					obj.Set(name, v)
				}
			}
			switch up.target {
			case "qs":
				spec.query = obj
			case "body":
				body = obj
			}
		}
	}
	movable := spec.method == "PATCH" || spec.method == "POST" || spec.method == "PUT"
	var legacyForm *data.Object
	if movable && bodyType == "form-urlencoded" {
		legacyForm, _ = body.(*data.Object)
	}
	switch {
	case body == nil:
	case movable && bodyType == "multipart-form-data":
		if err := encodeBody(g, spec, true, "multipart-form-data", body, true); err != nil {
			return nil, err
		}
	case movable && bodyType == "form-urlencoded":
		if err := encodeBody(g, spec, true, "form-urlencoded", body, true); err != nil {
			return nil, err
		}
	case bodyType == "raw":
		spec.body, spec.hasBody = []byte(jsString(body)), true
	default:
		b, err := marshalJSON(body)
		if err != nil {
			return nil, err
		}
		spec.body, spec.hasBody = b, true
		if !auth.HasHeader(spec.header, "content-type") {
			auth.SetHeader(spec.header, "content-type", "application/json")
		}
	}
	if ct, ok := opts.Value("bodyContentCustomMimeType").(string); ok && ct != "" {
		auth.SetHeader(spec.header, "Content-Type", ct)
	}

	if typ := legacyCredentialType(ex.Params()); typ != "" {
		rule, ok := auth.Lookup(typ)
		if !ok {
			return nil, engine.OperationError(i, "The credential type %q is not supported by n8n-go's HTTP Request node", typ)
		}
		cred, err := creds.get(ex, typ)
		if err != nil {
			return nil, err
		}
		spec.httpKey = typ
		spec.secrets = auth.Secrets(cred)
		if spec.allowedDomains, err = auth.AllowedDomains(cred); err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
		if rule.OAuth2 != nil {
			if cred, err = prepareOAuth2(ex.Context(), ex, creds, typ, rule, cred, i); err != nil {
				return nil, err
			}
			spec.oauth = &oauth{typ: typ, rule: rule, creds: creds, token: auth.AccessToken(cred)}
		}
		if rule.OAuth1 != nil {
			if err := useOAuth1(spec, rule, cred, i); err != nil {
				return nil, err
			}
		}
		t := auth.Target{Header: spec.header, Query: spec.query}
		if err := rule.Apply(cred, &t); err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
		spec.query, spec.digest = t.Query, t.Digest
	}
	if _, ok := spec.header["accept"]; !ok {
		switch format {
		case "json":
			spec.header["accept"] = []string{"application/json,text/*;q=0.99"}
		case "string":
			spec.header["accept"] = []string{"application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1"}
		default:
			spec.header["accept"] = []string{"application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7"}
		}
	}
	// request's json: true (a JSON answer) makes the client ask for JSON.
	accept := "*/*"
	if format == "json" {
		accept = "application/json"
	}
	finishOAuth1(spec, accept, legacyForm)
	return spec, nil
}
