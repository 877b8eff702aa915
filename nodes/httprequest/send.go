package httprequest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// response is what came back for one item.
type response struct {
	status int
	header http.Header
	body   []byte
	url    string
}

// send performs one item's request.
func send(ctx context.Context, ex *engine.Exec, spec *requestSpec, i int) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, spec.timeout)
	defer cancel()
	u := spec.url
	if !spec.query.empty() {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + spec.query.encode(spec.arrayFormat)
	}
	var rd io.Reader
	if spec.hasBody {
		rd = bytes.NewReader(spec.body)
	}
	req, err := http.NewRequestWithContext(ctx, spec.method, u, rd)
	if err != nil {
		return nil, engine.OperationError(i, "Invalid URL: %s", redact(spec.url, spec.secrets))
	}
	for k, v := range spec.header {
		req.Header[k] = v
	}
	base := ex.HTTP(spec.httpKey)
	cl := *base
	follow, max := spec.follow, spec.maxRedirect
	cl.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
		if !follow {
			return http.ErrUseLastResponse
		}
		if len(via) > max {
			return fmt.Errorf("Maximum number of redirects exceeded")
		}
		return nil
	}
	resp, err := cl.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			return nil, timeoutError(spec.timeoutMS, i, err)
		}
		ne := TransportError(err, i)
		ne.Message = redact(ne.Message, spec.secrets)
		return nil, ne
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, TransportError(err, i)
	}
	// A 3xx left unfollowed is an answer, not an error.
	failed := resp.StatusCode < 200 || (resp.StatusCode > 299 && (spec.follow || resp.StatusCode > 399))
	if failed && !spec.neverError {
		ne := StatusError(resp.StatusCode, body, i)
		ne.Description = redact(ne.Description, spec.secrets)
		if d, ok := ne.Context["data"]; ok {
			ne.Context["data"] = redactValue(d, spec.secrets)
		}
		return nil, ne
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: body, url: resp.Request.URL.String()}, nil
}

func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		s = strings.ReplaceAll(s, sec, "**hidden**")
	}
	return s
}

// redactValue hides secrets in every string of a decoded JSON value.
func redactValue(v any, secrets []string) any {
	switch x := v.(type) {
	case string:
		return redact(x, secrets)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[redact(k, secrets)] = redactValue(e, secrets)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactValue(e, secrets)
		}
		return out
	}
	return v
}

// binaryTypes are the content types autodetect treats as files.
var binaryTypes = []string{"image/", "audio/", "video/", "application/octet-stream", "application/gzip",
	"application/zip", "application/vnd.rar", "application/epub+zip", "application/x-bzip",
	"application/x-bzip2", "application/x-cdf", "application/vnd.amazon.ebook", "application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.ms-fontobject", "application/vnd.oasis.opendocument.presentation", "application/pdf",
	"application/x-tar", "application/vnd.visio", "application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-7z-compressed"}

// decodeJSON parses a body into JS values; ok is false when it is not JSON.
func decodeJSON(b []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, false
	}
	return normalizeNumbers(v), true
}

// headersObject is Node's response.headers: lower-case names, repeated
// values joined with ", " (set-cookie stays an array).
func headersObject(h http.Header) map[string]any {
	out := make(map[string]any, len(h))
	for k, v := range h {
		name := strings.ToLower(k)
		if name == "set-cookie" {
			list := make([]any, len(v))
			for i, s := range v {
				list[i] = s
			}
			out[name] = list
			continue
		}
		out[name] = strings.Join(v, ", ")
	}
	return out
}

// toItems turns one response into output items (n8n's response-format
// handling: autodetect, json, text, file; full response or body only).
func toItems(ex *engine.Exec, r *response, in data.Item, i int) ([]data.Item, error) {
	g := getter{ex: ex, i: 0}
	format, err := g.str("options.response.response.responseFormat", "autodetect")
	if err != nil {
		return nil, err
	}
	full, err := g.boolean("options.response.response.fullResponse")
	if err != nil {
		return nil, err
	}
	neverError, err := g.boolean("options.response.response.neverError")
	if err != nil {
		return nil, err
	}
	prop, err := g.str("options.response.response.outputPropertyName", "data")
	if err != nil {
		return nil, err
	}
	ct := r.header.Get("Content-Type")
	var body any
	switch format {
	case "autodetect":
		switch {
		case strings.Contains(ct, "application/json"):
			format = "json"
			v, ok := decodeJSON(r.body)
			if !ok {
				if !neverError {
					ne := engine.OperationError(i, "Invalid JSON in response body")
					return nil, ne
				}
				v = map[string]any{}
			}
			body = v
		case isBinary(ct):
			format = "file"
		default:
			format = "text"
			if len(r.body) == 0 {
				body = data.Undefined
			} else {
				body = string(r.body)
			}
		}
	case "json":
		if v, ok := decodeJSON(r.body); ok {
			body = v
		} else {
			body = string(r.body)
		}
	default:
		body = string(r.body)
	}
	paired := data.One(i)
	fullObj := func(b any) map[string]any {
		return map[string]any{"body": b, "headers": headersObject(r.header), "statusCode": float64(r.status), "statusMessage": http.StatusText(r.status)}
	}
	switch format {
	case "file":
		bin := map[string]any{}
		for k, v := range in.Binary {
			bin[k] = v
		}
		bin[prop] = binaryData(r, ct)
		js := in.JSON
		if full {
			f := fullObj(nil)
			delete(f, "body")
			js = f
		}
		return []data.Item{{JSON: js, Binary: bin, Paired: paired}}, nil
	case "text":
		text := toText(body)
		if full {
			f := fullObj(nil)
			delete(f, "body")
			f[prop] = text
			return []data.Item{{JSON: f, Paired: paired}}, nil
		}
		return []data.Item{{JSON: map[string]any{prop: text}, Paired: paired}}, nil
	}
	if full {
		return []data.Item{{JSON: fullObj(body), Paired: paired}}, nil
	}
	if s, ok := body.(string); ok && format == "json" {
		v, ok := decodeJSON([]byte(s))
		if !ok {
			return nil, engine.OperationError(i, "Response body is not valid JSON. Change \"Response Format\" to \"Text\"")
		}
		body = v
	}
	if list, ok := body.([]any); ok {
		out := make([]data.Item, 0, len(list))
		for _, e := range list {
			out = append(out, data.Item{JSON: asObject(e), Paired: paired})
		}
		return out, nil
	}
	return []data.Item{{JSON: asObject(body), Paired: paired}}, nil
}

// asObject is an item's json: null becomes {} (replaceNullValues).
func asObject(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// toText stringifies objects, as n8n's toText does.
func toText(v any) any {
	switch v.(type) {
	case map[string]any, []any:
		b, err := data.MarshalValue(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
	return v
}

func isBinary(ct string) bool {
	for _, t := range binaryTypes {
		if strings.Contains(ct, t) {
			return true
		}
	}
	return false
}

// binaryData is the binary entry for a file response (in-memory mode:
// base64 data).
func binaryData(r *response, ct string) map[string]any {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt == "" {
		mt = "text/plain"
	}
	out := map[string]any{"mimeType": mt, "data": base64.StdEncoding.EncodeToString(r.body), "fileSize": prettyBytes(len(r.body))}
	if typ, _, ok := strings.Cut(mt, "/"); ok && (typ == "image" || typ == "audio" || typ == "video" || typ == "text") {
		out["fileType"] = typ
	}
	if mt == "application/json" {
		out["fileType"] = "json"
	}
	if mt == "application/pdf" {
		out["fileType"] = "pdf"
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		out["fileExtension"] = strings.TrimPrefix(exts[0], ".")
	}
	name := ""
	if cd := r.header.Get("Content-Disposition"); cd != "" {
		if _, p, err := mime.ParseMediaType(cd); err == nil {
			name = p["filename"]
		}
	}
	if name == "" {
		if i := strings.IndexAny(r.url, "?#"); i >= 0 {
			name = path.Base(r.url[:i])
		} else {
			name = path.Base(r.url)
		}
	}
	if name != "" && name != "/" && name != "." {
		out["fileName"] = name
	}
	return out
}

// prettyBytes prints a size as n8n's binary metadata does ("1.2 kB").
func prettyBytes(n int) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"kB", "MB", "GB", "TB"}
	f := float64(n)
	u := -1
	for f >= 1000 && u < len(units)-1 {
		f /= 1000
		u++
	}
	s := fmt.Sprintf("%.3g", f)
	return s + " " + units[u]
}
