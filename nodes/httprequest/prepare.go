package httprequest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/internal/httpx"
)

// requestSpec is one item's request, fully resolved.
type requestSpec struct {
	method      string
	url         string
	header      http.Header
	query       *data.Object
	arrayFormat string
	body        []byte
	hasBody     bool
	timeout     time.Duration
	timeoutMS   float64
	follow      bool
	maxRedirect int
	neverError  bool
	// httpKey is the httpx limiter key (the credential type).
	httpKey string
	// secrets are credential values to keep out of error texts.
	secrets    []string
	batchPause time.Duration
	// digest answers a Digest challenge (httpDigestAuth).
	digest *auth.Basic
	// bodyObj is an object body before encoding (pagination sets fields
	// in it per page); pager is the item's pagination, nil when off.
	bodyObj *data.Object
	pager   *pager
	variant httpx.Variant
	// oauth re-signs the request after a 401 (OAuth2 credentials).
	oauth *oauth
	// oauth1 signs the request when it is sent (OAuth1 credentials).
	oauth1 *oauth1Signer
	// allowedDomains is the credential's host list ("" any); n8n checks
	// it on redirects.
	allowedDomains string
}

// getter reads parameters as n8n's getNodeParameter(name, i, fallback).
type getter struct {
	ex *engine.Exec
	i  int
}

func (g getter) get(name string, fallback any) (any, error) {
	if _, ok := g.ex.Params().Get(name); !ok {
		return fallback, nil
	}
	v, err := g.ex.Param(name, g.i)
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (g getter) str(name, fallback string) (string, error) {
	v, err := g.get(name, fallback)
	if err != nil {
		return "", err
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	if v == nil || data.IsUndefined(v) {
		return fallback, nil
	}
	return jsString(v), nil
}

func (g getter) boolean(name string) (bool, error) {
	v, err := g.get(name, false)
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	}
	return true
}

// pairs reads a fixedCollection's parameters list.
func (g getter) pairs(name string) ([]*data.Object, error) {
	v, err := g.get(name, []any{})
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	out := make([]*data.Object, 0, len(list))
	for _, e := range list {
		if m, ok := e.(*data.Object); ok {
			out = append(out, m)
		}
	}
	return out, nil
}

func invalidJSON(i int) *engine.NodeError {
	ne := engine.OperationError(i, "JSON parameter needs to be valid JSON")
	ne.Context = map[string]any{"itemIndex": i}
	return ne
}

// parseJSONParam is n8n's JSON.parse check of a json-typed parameter: a
// string must parse; an object from an expression is taken as is (for the
// body) or stringified first (query and headers, where n8n always parses).
func parseJSONParam(v any, i int, objectOK bool) (any, error) {
	if objectOK {
		switch v.(type) {
		case *data.Object, []any, nil:
			return v, nil
		}
	}
	out, err := data.ParseJSONString(jsString(v))
	if err != nil {
		return nil, invalidJSON(i)
	}
	return out, nil
}

// prepare builds item i's request as HttpRequestV3 does before sending.
func prepare(ex *engine.Exec, creds *credCache, i int, evalMu *sync.Mutex) (*requestSpec, error) {
	g := getter{ex: ex, i: i}
	version := ex.Version()
	spec := &requestSpec{header: http.Header{}, query: data.NewObject(0), httpKey: "httpRequest"}

	authentication, err := getter{ex: ex, i: 0}.str("authentication", "none")
	if err != nil {
		return nil, err
	}
	var rule *auth.Rule
	var cred auth.Credential
	switch authentication {
	case "genericCredentialType":
		typ, err := getter{ex: ex, i: 0}.str("genericAuthType", "")
		if err != nil {
			return nil, err
		}
		if cred, err = creds.get(ex, typ); err != nil {
			return nil, err
		}
		r, ok := auth.Lookup(typ)
		if !ok || !auth.Generic(typ) {
			return nil, engine.OperationError(i, "The authentication type %q is not supported by n8n-go's HTTP Request node", typ)
		}
		rule = r
		spec.httpKey = typ
	case "predefinedCredentialType":
		typ, err := g.str("nodeCredentialType", "")
		if err != nil {
			return nil, err
		}
		r, ok := auth.Lookup(typ)
		if !ok {
			return nil, engine.OperationError(i, "The credential type %q is not supported by n8n-go's HTTP Request node", typ)
		}
		rule = r
		if cred, err = creds.get(ex, typ); err != nil {
			return nil, err
		}
		spec.httpKey = typ
	}
	spec.secrets = auth.Secrets(cred)
	if rule != nil {
		if spec.allowedDomains, err = auth.AllowedDomains(cred); err != nil {
			return nil, engine.OperationError(i, "%s", err.Error())
		}
	}

	rawURL, err := g.get("url", "")
	if err != nil {
		return nil, err
	}
	u, ok := rawURL.(string)
	if !ok {
		t := "object"
		switch rawURL.(type) {
		case nil:
			t = "null"
		case float64:
			t = "number"
		case bool:
			t = "boolean"
		case data.UndefinedType:
			t = "undefined"
		}
		return nil, engine.OperationError(i, "URL parameter must be a string, got %s", t)
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return nil, engine.OperationError(i, "Invalid URL: %s. URL must start with \"http\" or \"https\".", u)
	}
	spec.url = u
	if spec.method, err = g.str("method", "GET"); err != nil {
		return nil, err
	}

	sendQuery, err := g.boolean("sendQuery")
	if err != nil {
		return nil, err
	}
	sendHeaders, err := g.boolean("sendHeaders")
	if err != nil {
		return nil, err
	}
	sendBody, err := g.boolean("sendBody")
	if err != nil {
		return nil, err
	}
	contentType, specifyBody := "", ""
	if sendBody {
		if contentType, err = g.str("contentType", "json"); err != nil {
			return nil, err
		}
		if contentType == "json" || contentType == "form-urlencoded" {
			if specifyBody, err = g.str("specifyBody", "keypair"); err != nil {
				return nil, err
			}
		}
	}
	optsV, err := g.get("options", nil)
	if err != nil {
		return nil, err
	}
	opts, _ := optsV.(*data.Object)
	if err := applyOptions(spec, opts, version, i); err != nil {
		return nil, err
	}

	// Body.
	var bodyValue any
	hasBodyValue := false
	if sendBody {
		switch {
		case specifyBody == "keypair" || contentType == "multipart-form-data":
			ps, err := g.pairs("bodyParameters.parameters")
			if err != nil {
				return nil, err
			}
			if contentType == "multipart-form-data" {
				// form-data appends every pair in order, a repeated name
				// included, in every version (recorded: v43-pairs).
				list := make([]any, len(ps))
				for n, p := range ps {
					list[n] = p
				}
				bodyValue = list
			} else if contentType == "json" && version >= 4 {
				obj := data.NewObject(len(ps))
				for _, p := range ps {
					jsvalue.Set(obj, jsString(p.Value("name")), p.Value("value"))
				}
				bodyValue = obj
			} else {
				bodyValue = reducePairs(ps, version)
			}
			hasBodyValue = true
		case specifyBody == "json":
			jb, err := g.get("jsonBody", "")
			if err != nil {
				return nil, err
			}
			if bodyValue, err = parseJSONParam(jb, i, true); err != nil {
				return nil, err
			}
			hasBodyValue = true
		case specifyBody == "string":
			b, err := g.str("body", "")
			if err != nil {
				return nil, err
			}
			vals, _ := url.ParseQuery(b)
			p := data.NewObject(0)
			for _, kv := range strings.Split(b, "&") {
				k, _, _ := strings.Cut(kv, "=")
				if k, err := url.QueryUnescape(k); err == nil && k != "" {
					p.Set(k, vals.Get(k))
				}
			}
			bodyValue = p
			hasBodyValue = true
		}
	}
	if err := encodeBody(g, spec, sendBody, contentType, bodyValue, hasBodyValue); err != nil {
		return nil, err
	}
	spec.bodyObj, _ = bodyValue.(*data.Object)

	// Query.
	if sendQuery {
		specifyQuery, err := g.str("specifyQuery", "keypair")
		if err != nil {
			return nil, err
		}
		switch specifyQuery {
		case "keypair":
			ps, err := g.pairs("queryParameters.parameters")
			if err != nil {
				return nil, err
			}
			spec.query = reducePairs(ps, version)
		case "json":
			jq, err := g.get("jsonQuery", "")
			if err != nil {
				return nil, err
			}
			v, err := parseJSONParam(jq, i, false)
			if err != nil {
				return nil, err
			}
			if o, ok := v.(*data.Object); ok {
				spec.query = o
			}
		}
	}

	// Headers.
	if sendHeaders {
		specifyHeaders, err := g.str("specifyHeaders", "keypair")
		if err != nil {
			return nil, err
		}
		lower := true
		if lh, ok := opts.Value("lowercaseHeaders").(bool); ok {
			lower = lh
		}
		add := func(name string, v any) {
			if lower {
				name = strings.ToLower(name)
			}
			auth.SetHeader(spec.header, name, jsString(v))
		}
		switch specifyHeaders {
		case "keypair":
			ps, err := g.pairs("headerParameters.parameters")
			if err != nil {
				return nil, err
			}
			for _, p := range ps {
				if n := jsString(p.Value("name")); p.Value("name") != nil && n != "" {
					add(n, p.Value("value"))
				}
			}
		case "json":
			jh, err := g.get("jsonHeaders", "")
			if err != nil {
				return nil, err
			}
			v, err := parseJSONParam(jh, i, false)
			if err != nil {
				return nil, err
			}
			if o, ok := v.(*data.Object); ok {
				for k, e := range o.All() {
					add(k, e)
				}
			}
		}
	}
	if contentType == "raw" {
		rct, err := g.str("rawContentType", "")
		if err != nil {
			return nil, err
		}
		auth.SetHeader(spec.header, "content-type", rct)
	}

	if rule != nil && rule.OAuth2 != nil {
		if cred, err = prepareOAuth2(ex.Context(), ex, creds, spec.httpKey, rule, cred, i); err != nil {
			return nil, err
		}
		spec.oauth = &oauth{typ: spec.httpKey, rule: rule, creds: creds, token: auth.AccessToken(cred)}
	}
	if rule != nil && rule.OAuth1 != nil {
		if err := useOAuth1(spec, rule, cred, i); err != nil {
			return nil, err
		}
	}
	if rule != nil {
		if err := applyAuth(g, spec, rule, cred, sendBody, contentType, bodyValue); err != nil {
			return nil, err
		}
	}
	if spec.pager, err = readPager(ex, i, evalMu); err != nil {
		return nil, err
	}
	if _, ok := spec.header["accept"]; !ok {
		format := responseFormat(opts)
		switch format {
		case "json":
			spec.header["accept"] = []string{"application/json,text/*;q=0.99"}
		case "text":
			spec.header["accept"] = []string{"application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1"}
		default:
			spec.header["accept"] = []string{"application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7"}
		}
	}
	var form *data.Object
	if sendBody && contentType == "form-urlencoded" {
		form = spec.bodyObj
	}
	finishOAuth1(spec, "*/*", form)
	return spec, nil
}

// reducePairs is the key-value reducer of query and form pairs: before
// v4.3 a later name overwrites an earlier one; from v4.3 a repeated name
// collects its values in an array (sent as repeated fields).
func reducePairs(ps []*data.Object, version float64) *data.Object {
	p := data.NewObject(len(ps))
	for _, e := range ps {
		name, v := jsString(e.Value("name")), e.Value("value")
		if version < 4.3 {
			p.Set(name, v)
			continue
		}
		switch old, ok := p.Get(name); {
		case !ok:
			p.Set(name, v)
		case isList(old):
			p.Set(name, append(old.([]any), v))
		default:
			p.Set(name, []any{old, v})
		}
	}
	return p
}

// isList reports whether v is an array the reducer built or was given.
func isList(v any) bool { _, ok := v.([]any); return ok }

// sub is obj[key] when it is an object (nil otherwise, which reads empty).
func sub(o *data.Object, key string) *data.Object {
	m, _ := o.Value(key).(*data.Object)
	return m
}

func responseFormat(opts *data.Object) string {
	rr := sub(sub(opts, "response"), "response")
	if f, ok := rr.Value("responseFormat").(string); ok && f != "" {
		return f
	}
	return "autodetect"
}

// applyOptions reads the options collection: redirects, never-error,
// timeout, query array format and batching.
func applyOptions(spec *requestSpec, opts *data.Object, version float64, i int) error {
	redirect, hasRedirect := opts.Value("redirect").(*data.Object)
	rr := sub(redirect, "redirect")
	defaultRedirect := version >= 4 && !hasRedirect
	spec.maxRedirect = 21
	if truthy(rr.Value("followRedirects")) || defaultRedirect {
		spec.follow = true
	}
	if n, ok := rr.Value("maxRedirects").(float64); ok && n > 0 {
		spec.maxRedirect = int(n)
	}
	respInner := sub(sub(opts, "response"), "response")
	spec.neverError = truthy(respInner.Value("neverError"))
	spec.timeoutMS = 300000
	if t, ok := opts.Value("timeout").(float64); ok && t > 0 {
		spec.timeoutMS = t
	}
	spec.timeout = time.Duration(spec.timeoutMS * float64(time.Millisecond))
	// Without the option, request's qs writes arrays with indices
	// (recorded: v43-pairs, a[0]=1&a[1]=2).
	spec.arrayFormat = "indices"
	if f, ok := opts.Value("queryParameterArrays").(string); ok && f != "" {
		spec.arrayFormat = f
	}
	// "Ignore SSL Issues" and "Proxy" pick a transport variant.
	spec.variant.Insecure = truthy(opts.Value("allowUnauthorizedCerts"))
	if p, ok := opts.Value("proxy").(string); ok {
		spec.variant.Proxy = strings.TrimSpace(p)
	}
	if b, ok := opts.Value("batching").(*data.Object); ok {
		batch := sub(b, "batch")
		size := 1
		if n, ok := batch.Value("batchSize").(float64); ok && n > 0 {
			size = int(n)
		}
		if ms, ok := batch.Value("batchInterval").(float64); ok && ms > 0 && i > 0 && i%size == 0 {
			spec.batchPause = time.Duration(ms * float64(time.Millisecond))
		}
	}
	return nil
}

// encodeBody turns the body value into bytes and a content type.
func encodeBody(g getter, spec *requestSpec, sendBody bool, contentType string, value any, has bool) error {
	m := spec.method
	movable := m == "PATCH" || m == "POST" || m == "PUT" || m == "GET"
	if sendBody && movable {
		switch contentType {
		case "multipart-form-data":
			var buf bytes.Buffer
			w := multipart.NewWriter(&buf)
			if list, ok := value.([]any); ok {
				for _, e := range list {
					p, _ := e.(*data.Object)
					if p.Value("parameterType") == "formBinaryData" {
						if err := writeFilePart(g, w, jsString(p.Value("name")), jsString(p.Value("inputDataFieldName"))); err != nil {
							return err
						}
						continue
					}
					if err := w.WriteField(jsString(p.Value("name")), jsString(p.Value("value"))); err != nil {
						return fmt.Errorf("multipart body: %w", err)
					}
				}
			}
			if p, ok := value.(*data.Object); ok {
				for k, v := range p.All() {
					// An array (repeated name, v4.3) is one field per value,
					// as form-data appends them.
					vs, ok := v.([]any)
					if !ok {
						vs = []any{v}
					}
					for _, e := range vs {
						if err := w.WriteField(k, jsString(e)); err != nil {
							return fmt.Errorf("multipart body: %w", err)
						}
					}
				}
			}
			if err := w.Close(); err != nil {
				return fmt.Errorf("multipart body: %w", err)
			}
			spec.body, spec.hasBody = buf.Bytes(), true
			auth.SetHeader(spec.header, "content-type", w.FormDataContentType())
			return nil
		case "form-urlencoded":
			p, _ := value.(*data.Object)
			spec.body, spec.hasBody = []byte(encodeQS(p, "indices")), true
			auth.SetHeader(spec.header, "content-type", "application/x-www-form-urlencoded")
			return nil
		case "binaryData":
			field, err := g.str("inputDataFieldName", "")
			if err != nil {
				return err
			}
			it := g.ex.Input(0)[g.i]
			bin, _ := it.Binary.Value(field).(*data.Object)
			if bin == nil {
				return engine.OperationError(g.i, "This operation expects the node's input data to contain a binary file '%s', but none was found [item %d]", field, g.i)
			}
			s, _ := bin.Value("data").(string)
			raw, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return engine.OperationError(g.i, "Binary data of '%s' is not stored in memory; n8n-go reads only base64 binary data", field)
			}
			spec.body, spec.hasBody = raw, true
			mt, _ := bin.Value("mimeType").(string)
			if mt == "" {
				mt = "application/octet-stream"
			}
			auth.SetHeader(spec.header, "content-type", mt)
			return nil
		case "raw":
			b, err := g.str("body", "")
			if err != nil {
				return err
			}
			spec.body, spec.hasBody = []byte(b), true
			return nil
		}
	}
	if !has {
		return nil
	}
	if s, ok := value.(string); ok {
		spec.body, spec.hasBody = []byte(s), true
		return nil
	}
	b, err := marshalJSON(value)
	if err != nil {
		return fmt.Errorf("encode JSON body: %w", err)
	}
	spec.body, spec.hasBody = b, true
	auth.SetHeader(spec.header, "content-type", "application/json")
	return nil
}

// writeFilePart appends a binary property of the item as a file part
// (parameterType formBinaryData), with the file's name and MIME type as
// form-data writes them (recorded: bodies).
func writeFilePart(g getter, w *multipart.Writer, name, field string) error {
	it := g.ex.Input(0)[g.i]
	bin, _ := it.Binary.Value(field).(*data.Object)
	if bin == nil {
		return engine.OperationError(g.i, "This operation expects the node's input data to contain a binary file '%s', but none was found [item %d]", field, g.i)
	}
	s, _ := bin.Value("data").(string)
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return engine.OperationError(g.i, "Binary data of '%s' is not stored in memory; n8n-go reads only base64 binary data", field)
	}
	h := textproto.MIMEHeader{}
	cd := `form-data; name="` + name + `"`
	if fn, ok := bin.Value("fileName").(string); ok && fn != "" {
		cd += `; filename="` + fn + `"`
	}
	h.Set("Content-Disposition", cd)
	mt, _ := bin.Value("mimeType").(string)
	if mt == "" {
		mt = "application/octet-stream"
	}
	h.Set("Content-Type", mt)
	pw, err := w.CreatePart(h)
	if err != nil {
		return fmt.Errorf("multipart body: %w", err)
	}
	if _, err := pw.Write(raw); err != nil {
		return fmt.Errorf("multipart body: %w", err)
	}
	return nil
}
