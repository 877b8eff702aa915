package httprequest

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
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
	if spec.query.Len() > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + encodeQS(spec.query, spec.arrayFormat)
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
	if spec.oauth1 != nil {
		req.Header["Authorization"] = []string{spec.oauth1.sign(spec)}
	}
	base, err := ex.HTTPVariant(spec.httpKey, spec.variant)
	if err != nil {
		return nil, engine.OperationError(i, "%s", err.Error())
	}
	cl := *base
	follow, max := spec.follow, spec.maxRedirect
	allowed := spec.allowedDomains
	cl.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if !follow {
			return http.ErrUseLastResponse
		}
		if !auth.DomainAllowed(next.URL.String(), allowed) {
			return fmt.Errorf("Domain not allowed: This credential is restricted from accessing %s. Only the following domains are allowed: %s", next.URL, allowed)
		}
		if len(via) > max {
			return fmt.Errorf("Maximum number of redirects exceeded")
		}
		return nil
	}
	resp, err := cl.Do(req)
	if err == nil && spec.digest != nil && resp.StatusCode == http.StatusUnauthorized {
		// httpDigestAuth: the first request goes without credentials; a
		// Digest challenge is answered once.
		if a, ok := auth.DigestAuthorization(resp.Header.Get("WWW-Authenticate"), spec.method, req.URL.RequestURI(), *spec.digest); ok {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
			if rd != nil {
				rd = bytes.NewReader(spec.body)
			}
			again, rerr := http.NewRequestWithContext(ctx, spec.method, u, rd)
			if rerr != nil {
				return nil, engine.OperationError(i, "Invalid URL: %s", redact(spec.url, spec.secrets))
			}
			again.Header = req.Header.Clone()
			again.Header["Authorization"] = []string{a}
			resp, err = cl.Do(again)
		}
	}
	if err == nil && spec.oauth != nil && resp.StatusCode == http.StatusUnauthorized {
		// An expired OAuth2 token: renew it (written back to the
		// credentials) and send the request once more, as n8n does.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		nh, rerr := spec.oauth.retryAfterRenew(ctx, ex, req.Header)
		if rerr != nil {
			return nil, rerr
		}
		if rd != nil {
			rd = bytes.NewReader(spec.body)
		}
		again, rerr := http.NewRequestWithContext(ctx, spec.method, u, rd)
		if rerr != nil {
			return nil, engine.OperationError(i, "Invalid URL: %s", redact(spec.url, spec.secrets))
		}
		again.Header = nh
		resp, err = cl.Do(again)
	}
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
	case *data.Object:
		out := data.NewObject(x.Len())
		for k, e := range x.All() {
			out.Set(redact(k, secrets), redactValue(e, secrets))
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

// decodeJSON parses a body as JSON.parse does (objects keep the server's
// key order); ok is false when it is not JSON.
func decodeJSON(b []byte) (any, bool) {
	v, err := data.ParseJSON(b)
	if err != nil {
		return nil, false
	}
	return v, true
}

// headersObject is Node's response.headers: lower-case names, repeated
// values joined with ", " (set-cookie stays an array). Node lists the
// headers in the order they arrived; net/http does not keep that order, so
// the names are sorted.
func headersObject(h http.Header) *data.Object {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	out := data.NewObject(len(h))
	for _, k := range names {
		v := h[k]
		name := strings.ToLower(k)
		if name == "set-cookie" {
			list := make([]any, len(v))
			for i, s := range v {
				list[i] = s
			}
			out.Set(name, list)
			continue
		}
		out.Set(name, strings.Join(v, ", "))
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
				v = data.NewObject(0)
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
	// fullObj is the full response in n8n's order (body, headers,
	// statusCode, statusMessage), the body under bodyKey ("" leaves it out).
	fullObj := func(bodyKey string, b any) *data.Object {
		o := data.NewObject(4)
		if bodyKey != "" {
			o.Set(bodyKey, b)
		}
		o.Set("headers", headersObject(r.header))
		o.Set("statusCode", float64(r.status))
		o.Set("statusMessage", http.StatusText(r.status))
		return o
	}
	switch format {
	case "file":
		bin := in.Binary.Clone()
		if bin == nil {
			bin = data.NewObject(1)
		}
		bin.Set(prop, binaryDataStream(r, ct))
		js := in.JSON
		if full {
			js = fullObj("", nil)
		}
		return []data.Item{{JSON: js, Binary: bin, Paired: paired}}, nil
	case "text":
		text := toText(body)
		if full {
			return []data.Item{{JSON: fullObj(prop, text), Paired: paired}}, nil
		}
		return []data.Item{{JSON: data.ObjectOf(prop, text), Paired: paired}}, nil
	}
	if full {
		return []data.Item{{JSON: fullObj("body", body), Paired: paired}}, nil
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
func asObject(v any) *data.Object {
	if m, ok := v.(*data.Object); ok && m != nil {
		return m
	}
	return data.NewObject(0)
}

// toText stringifies objects, as n8n's toText does.
func toText(v any) any {
	switch v.(type) {
	case *data.Object, []any:
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
// base64 data), keys in prepareBinaryData's order: mimeType, fileType,
// fileExtension, data, fileSize, then the node's fileName.
func binaryData(r *response, ct string) *data.Object {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt == "" {
		mt = "text/plain"
	}
	out := data.NewObject(6)
	out.Set("mimeType", mt)
	if typ, _, ok := strings.Cut(mt, "/"); ok && (typ == "image" || typ == "audio" || typ == "video" || typ == "text") {
		out.Set("fileType", typ)
	}
	if mt == "application/json" {
		out.Set("fileType", "json")
	}
	if mt == "application/pdf" {
		out.Set("fileType", "pdf")
	}
	if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
		out.Set("fileExtension", strings.TrimPrefix(exts[0], "."))
	}
	out.Set("data", base64.StdEncoding.EncodeToString(r.body))
	out.Set("fileSize", prettyBytes(len(r.body)))
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
		out.Set("fileName", name)
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

// binaryDataStream is the binary entry for a typeVersion 3+ file response,
// which n8n reads as a stream: prepareBinaryData then names the file after
// the Content-Disposition filename or the URL's path, keeps the full URL
// as "directory", takes the extension from the file name when it has one,
// and the store adds fileSize last (recorded: bodies).
func binaryDataStream(r *response, ct string) *data.Object {
	out := binaryData(r, ct)
	size := out.Value("fileSize")
	out.Delete("fileSize")
	out.Delete("fileName")
	u, err := url.Parse(r.url)
	filePath := ""
	if cd := r.header.Get("Content-Disposition"); cd != "" {
		if _, p, err := mime.ParseMediaType(cd); err == nil {
			filePath = p["filename"]
		}
	}
	if filePath == "" && err == nil {
		filePath = strings.TrimPrefix(u.Path, "/")
	}
	if filePath != "" {
		if err == nil {
			u.User = nil
			out.Set("directory", u.String())
		}
		base := path.Base(filePath)
		out.Set("fileName", base)
		if ext := path.Ext(base); len(ext) > 1 {
			out.Set("fileExtension", ext[1:])
		}
	}
	out.Set("fileSize", size)
	return out
}
