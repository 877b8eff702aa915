package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/binary"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Request is one HTTP call to a webhook, its body already read (the server
// enforces the size limit).
type Request struct {
	HTTP *http.Request
	Body []byte
	// Params are the path parameters of a dynamic webhook.
	Params map[string]string
	// WebhookURL is the production URL of the webhook.
	WebhookURL string
	// Mode is the execution mode: "webhook" (production) or "manual" (test).
	Mode string
}

// Rejection is an answer the node gives without starting a run (auth
// failure, IP not whitelisted, bot, unparsable body).
type Rejection struct {
	Code    int
	Message string
	// JSON, when set, is sent as the body instead of Message as text.
	JSON   *data.Object
	Header http.Header
}

func (r *Rejection) Error() string { return fmt.Sprintf("%d %s", r.Code, r.Message) }

// Receive runs the node's webhook function: it checks the caller and builds
// the item the run starts with. creds resolves the node's credential for
// basic, header and JWT authentication. A *Rejection error is the answer to
// send; other errors are internal (n8n answers 500 "Workflow Webhook Error:
// Workflow could not be started!").
func (c *Config) Receive(ctx context.Context, req Request, node *workflow.Node, creds engine.CredentialStore) (data.Item, error) {
	r := req.HTTP
	jwtPayload, err := c.admit(r, node, creds)
	if err != nil {
		return data.Item{}, err
	}
	contentType := mediaType(r.Header.Get("Content-Type"))
	body, parsed, err := c.parseBody(contentType, req.Body)
	if err != nil {
		return data.Item{}, err
	}
	params := data.NewObject(len(req.Params))
	for _, k := range slices.Sorted(maps.Keys(req.Params)) {
		params.Set(k, req.Params[k])
	}
	// n8n's order: headers, params, query, body, then webhookUrl and
	// executionMode; body stays undefined (dropped) when there is none.
	j := data.ObjectOf(
		"headers", Headers(r),
		"params", params,
		"query", ParseQuery(r.URL.RawQuery),
		"body", data.Undefined,
	)
	it := data.Item{JSON: j}
	switch {
	case c.BinaryData, contentType == "multipart/form-data":
		if contentType == "multipart/form-data" && !c.BinaryData {
			fields, bins, err := c.parseMultipart(r.Header.Get("Content-Type"), req.Body)
			if err != nil {
				return data.Item{}, &Rejection{Code: http.StatusUnprocessableEntity, JSON: data.ObjectOf("code", 422, "message", "Failed to parse request body", "hint", err.Error())}
			}
			j.Set("body", fields)
			if bins.Len() > 0 {
				it.Binary = bins
			}
			break
		}
		c.binaryItem(&it, r, contentType, req.Body)
	case c.Version > 1 && !parsed && !c.RawBody:
		c.binaryItem(&it, r, contentType, req.Body)
	default:
		if parsed {
			j.Set("body", body)
		}
		if c.RawBody {
			mt := contentType
			if mt == "" {
				mt = "application/json"
			}
			it.Binary = data.ObjectOf("data", data.ObjectOf("data", base64.StdEncoding.EncodeToString(req.Body), "mimeType", mt))
		}
	}
	url := req.WebhookURL
	mode := "production"
	if req.Mode == "manual" {
		mode = "test"
		url = strings.Replace(url, "/webhook/", "/webhook-test/", 1)
	}
	j.Set("webhookUrl", url)
	j.Set("executionMode", mode)
	if jwtPayload != nil {
		j.Set("jwtPayload", jwtPayload)
	}
	return it, nil
}

// Admit runs the checks that need only the request line and headers (IP
// whitelist, bots, authentication), so a server can refuse a caller before
// reading its body. Receive runs them again.
func (c *Config) Admit(r *http.Request, node *workflow.Node, creds engine.CredentialStore) error {
	_, err := c.admit(r, node, creds)
	return err
}

func (c *Config) admit(r *http.Request, node *workflow.Node, creds engine.CredentialStore) (*data.Object, error) {
	if !ipAllowed(c.IPWhitelist, r.RemoteAddr) {
		return nil, &Rejection{Code: http.StatusForbidden, Message: "IP is not whitelisted to access the webhook!"}
	}
	if c.IgnoreBots && isBot(r.UserAgent()) {
		return nil, authRejection(http.StatusForbidden, "")
	}
	return c.authenticate(r, node, creds)
}

// binaryItem is n8n's handleBinaryData: body {} and the raw body as the
// binary property when it is not empty.
func (c *Config) binaryItem(it *data.Item, r *http.Request, contentType string, body []byte) {
	it.JSON.Set("body", data.NewObject(0))
	if len(body) == 0 {
		return
	}
	prop := c.BinaryPropertyName
	if prop == "" {
		prop = "data"
	}
	name := ""
	if cd := r.Header.Get("Content-Disposition"); cd != "" {
		if _, p, err := mime.ParseMediaType(cd); err == nil {
			name = p["filename"]
		}
	}
	if name == "" {
		name = newUUID()
	}
	mt := contentType
	if mt == "" {
		mt = "application/octet-stream"
	}
	it.Binary = data.ObjectOf(prop, BinaryData(body, name, mt))
}

// BinaryData is n8n's IBinaryData for data kept in memory (binary mode
// "default"): base64 data with the file's metadata.
func BinaryData(b []byte, fileName, mimeType string) *data.Object {
	m := data.ObjectOf("mimeType", mimeType)
	if ft := binary.FileType(mimeType); ft != "" {
		m.Set("fileType", ft)
	}
	if ext := strings.TrimPrefix(filepath.Ext(fileName), "."); ext != "" {
		m.Set("fileExtension", ext)
	} else if exts, _ := mime.ExtensionsByType(mimeType); len(exts) > 0 {
		m.Set("fileExtension", strings.TrimPrefix(exts[0], "."))
	}
	m.Set("data", base64.StdEncoding.EncodeToString(b))
	m.Set("fileName", fileName)
	m.Set("fileSize", binary.PrettyBytes(int64(len(b))))
	return m
}

// parseBody is n8n's parseBody: JSON, form and text bodies are parsed (v2+
// only those content types; v1 tries every body); an empty body stays
// undefined.
func (c *Config) parseBody(contentType string, raw []byte) (any, bool, error) {
	if c.BinaryData || len(raw) == 0 {
		return nil, false, nil
	}
	switch contentType {
	case "application/json":
		v, err := data.ParseJSON(raw)
		if err != nil {
			return nil, false, unprocessable(err)
		}
		return v, true, nil
	case "application/x-www-form-urlencoded":
		return parseForm(string(raw)), true, nil
	case "text/plain":
		return string(raw), true, nil
	}
	return nil, false, nil
}

func unprocessable(err error) error {
	return &Rejection{Code: http.StatusUnprocessableEntity, JSON: data.ObjectOf("code", 422, "message", "Failed to parse request body", "hint", err.Error())}
}

// parseMultipart returns the form fields (repeated names become lists) and
// the files as binary properties named as n8n names them.
func (c *Config) parseMultipart(ct string, raw []byte) (*data.Object, *data.Object, error) {
	_, p, err := mime.ParseMediaType(ct)
	if err != nil || p["boundary"] == "" {
		return nil, nil, errors.New("multipart body without boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(raw), p["boundary"])
	fields := data.NewObject(0)
	type file struct {
		key  string
		name string
		mt   string
		data []byte
	}
	var files []file
	perKey := map[string]int{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, err
		}
		if part.FileName() == "" {
			addValue(fields, part.FormName(), string(b))
			continue
		}
		mt := part.Header.Get("Content-Type")
		if mt == "" {
			mt = "application/octet-stream"
		}
		files = append(files, file{part.FormName(), part.FileName(), mt, b})
		perKey[part.FormName()]++
	}
	if len(files) == 0 {
		return fields, nil, nil
	}
	bins := data.NewObject(len(files))
	fileCount := map[string]int{}
	for count, f := range files {
		name := strings.TrimSuffix(f.key, "[]")
		switch {
		case strings.TrimSpace(name) == "":
			name = fmt.Sprintf("data%d", count)
		case perKey[f.key] > 1:
			name += fmt.Sprint(fileCount[f.key])
			fileCount[f.key]++
		}
		if c.BinaryPropertyName != "" {
			name = fmt.Sprintf("%s%d", c.BinaryPropertyName, count)
		}
		bins.Set(name, BinaryData(f.data, f.name, f.mt))
	}
	return fields, bins, nil
}

func addValue(m *data.Object, k, v string) {
	switch cur := m.Value(k).(type) {
	case nil:
		m.Set(k, v)
	case []any:
		m.Set(k, append(cur, v))
	default:
		m.Set(k, []any{cur, v})
	}
}

// parseForm is Node's querystring.parse: repeated keys become lists, no
// bracket nesting.
func parseForm(s string) *data.Object {
	out := data.NewObject(0)
	for _, pair := range strings.Split(s, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		addValue(out, unescape(k), unescape(v))
	}
	return out
}

func unescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return strings.ReplaceAll(s, "+", " ")
	}
	return u
}

// Headers returns the request headers as Node.js shows them: lower-case
// names, repeated headers joined with ", " (cookies with "; "), and host.
// Node lists headers in the order the client sent them; Go's server keeps
// no order, so n8n-go lists host first and the rest sorted by name.
func Headers(r *http.Request) *data.Object {
	h := data.NewObject(len(r.Header) + 2)
	if r.Host != "" {
		h.Set("host", r.Host)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		vs := r.Header[k]
		name := strings.ToLower(k)
		switch name {
		case "set-cookie":
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			h.Set(name, list)
		case "cookie":
			h.Set(name, strings.Join(vs, "; "))
		default:
			h.Set(name, strings.Join(vs, ", "))
		}
	}
	if te := r.TransferEncoding; len(te) > 0 {
		h.Set("transfer-encoding", strings.Join(te, ", "))
	}
	return h
}

func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		return strings.ToLower(strings.TrimSpace(mt))
	}
	return mt
}

// ipAllowed is n8n's isIpWhitelisted: an empty list allows all; entries are
// single addresses (invalid entries are ignored).
func ipAllowed(list []string, remoteAddr string) bool {
	if len(list) == 0 {
		return true
	}
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	for _, e := range list {
		if w := net.ParseIP(e); w != nil && w.Equal(ip) {
			return true
		}
	}
	return false
}

// botPattern approximates the isbot package n8n uses: common crawler,
// preview and monitoring user agents.
var botPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(bot\b|bot[/_;-]|crawl|spider|slurp|facebookexternalhit|embedly|quora link preview|outbrain|pinterest|vkshare|w3c_validator|whatsapp|preview|headlesschrome|lighthouse|pingdom|uptime|monitor|^curl|^wget|python-requests|python-urllib|go-http-client|java/|okhttp|apache-httpclient|libwww|httpunit|nutch|phantomjs|scrapy)`)
})

func isBot(ua string) bool { return botPattern().MatchString(strings.TrimSpace(ua)) }

// IsBot tells whether a User-Agent is a bot's or a link previewer's (the
// isbot package n8n's "Ignore Bots" option uses).
func IsBot(ua string) bool { return isBot(ua) }

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
