package jscode

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
	"github.com/n8n-go/n8n-go/internal/credauth"
)

// maxResponse bounds a helpers.httpRequest response body.
const maxResponse = 64 << 20

// httpHelper is this.helpers.httpRequest and
// httpRequestWithAuthentication through the engine's transport (host
// mapping, rate limits, recording) and the shared credential
// authentication.
func httpHelper(ex *engine.Exec) jsruntime.HTTPHelper {
	return func(ctx context.Context, credType string, o any) (any, error) {
		var (
			auth credauth.Func
			cred map[string]any
		)
		httpKey := "code"
		if credType != "" {
			if auth = credauth.Predefined(credType); auth == nil {
				return nil, fmt.Errorf("n8n-go: credential type %s is not supported by helpers.httpRequestWithAuthentication", credType)
			}
			var err error
			if cred, err = ex.Credentials(credType); err != nil {
				return nil, err
			}
			httpKey = credType
		}
		opts, _ := o.(*data.Object)
		if opts == nil {
			return nil, fmt.Errorf("httpRequest: options must be an object")
		}
		str := func(k string) string {
			if v, ok := opts.Get(k); ok {
				if s, ok := v.(string); ok {
					return s
				}
			}
			return ""
		}
		method := strings.ToUpper(str("method"))
		if method == "" {
			method = "GET"
		}
		u, err := url.Parse(str("url"))
		if err != nil || u.Scheme == "" {
			return nil, fmt.Errorf("Invalid URL: %s", str("url"))
		}
		vals := u.Query()
		if qs, ok := opts.Get("qs"); ok {
			if q, ok := qs.(*data.Object); ok {
				for k, v := range q.All() {
					vals.Set(k, fmt.Sprint(v))
				}
			}
		}
		header := http.Header{}
		if h, ok := opts.Get("headers"); ok {
			if hd, ok := h.(*data.Object); ok {
				for k, v := range hd.All() {
					credauth.SetHeader(header, k, fmt.Sprint(v))
				}
			}
		}
		if auth != nil {
			auth(cred, credauth.Target{Header: header, SetQuery: vals.Set})
		}
		u.RawQuery = vals.Encode()
		var body io.Reader
		contentType := ""
		if b, ok := opts.Get("body"); ok && !data.IsUndefined(b) {
			switch x := b.(type) {
			case string:
				body = strings.NewReader(x)
			default:
				enc, err := data.MarshalValue(x)
				if err != nil {
					return nil, err
				}
				body = bytes.NewReader(enc)
				contentType = "application/json"
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
		if err != nil {
			return nil, err
		}
		if contentType != "" && !credauth.HasHeader(header, "Content-Type") {
			credauth.SetHeader(header, "Content-Type", contentType)
		}
		req.Header = header
		resp, err := ex.HTTP(httpKey).Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 400 {
			return nil, fmt.Errorf("Request failed with status code %d", resp.StatusCode)
		}
		if v, err := data.ParseJSON(raw); err == nil {
			if full, _ := opts.Get("returnFullResponse"); full == true {
				return data.ObjectOf("body", v, "statusCode", float64(resp.StatusCode)), nil
			}
			return v, nil
		}
		return string(raw), nil
	}
}
