package telegram

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// DefaultBaseURL is the telegramApi credential's default Base URL.
const DefaultBaseURL = "https://api.telegram.org"

// maxAnswer bounds an API answer read into memory (a downloaded file may
// be up to the Bot API's 20 MB download limit).
const maxAnswer = 64 << 20

// client calls the Bot API for one credential: the token is part of every
// URL (…/bot<token>/<method>), as in n8n.
type client struct {
	http  *http.Client
	base  string
	token string
}

// client returns the API client, reading the credential on first use.
func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	cred, err := r.ex.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	c, err := newClient(r.ex.HTTP(CredentialType), cred)
	if err != nil {
		return nil, err
	}
	r.cl = c
	return c, nil
}

func newClient(h *http.Client, cred auth.Credential) (*client, error) {
	base := strings.TrimSuffix(auth.String(cred["baseUrl"]), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	token := auth.String(cred["accessToken"])
	if token == "" {
		return nil, engine.OperationError(-1, "The Telegram credential has no Access Token")
	}
	return &client{http: h, base: base, token: token}, nil
}

// call sends one method with a JSON body (none when body is empty) and
// returns the decoded answer ({"ok":true,"result":…}).
func (c *client) call(ctx context.Context, method, endpoint string, body *data.Object, item int) (any, error) {
	var rd io.Reader
	ctype := ""
	if body != nil && body.Len() > 0 {
		payload, err := data.MarshalValue(body)
		if err != nil {
			return nil, fmt.Errorf("telegram: encode body: %w", err)
		}
		rd, ctype = bytes.NewReader(payload), "application/json"
	}
	return c.send(ctx, method, c.base+"/bot"+c.token+"/"+endpoint, rd, ctype, item)
}

func (c *client) send(ctx context.Context, method, u string, rd io.Reader, ctype string, item int) (any, error) {
	raw, status, _, err := c.do(ctx, method, u, rd, ctype, item)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", nil
	}
	v, perr := data.ParseJSON(raw)
	if perr != nil {
		return nil, engine.APIError(item, strconv.Itoa(status), "Invalid JSON in response body", "The Telegram API answered with a body that is not JSON", nil)
	}
	return v, nil
}

// do sends a request; a non-2xx answer is n8n's NodeApiError. The token
// never appears in errors: transport errors name no URL.
func (c *client) do(ctx context.Context, method, u string, rd io.Reader, ctype string, item int) ([]byte, int, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, 0, nil, engine.OperationError(item, "Telegram: the request could not be built (check the credential's Base URL)")
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, nil, httprequest.TransportError(err, item)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, 0, nil, httprequest.TransportError(err, item)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, resp.StatusCode, nil, httprequest.StatusError(resp.StatusCode, raw, item)
	}
	return raw, resp.StatusCode, resp.Header, nil
}

// upload sends the item's binary file as multipart form data, the body's
// fields first in order, the file in place of the operation's field.
func (r *run) upload(ctx context.Context, cl *client, endpoint string, body *data.Object, i int) (any, error) {
	prop, err := r.ex.ParamString("binaryPropertyName", i)
	if err != nil {
		return nil, err
	}
	bin, err := r.ex.AssertBinary(i, prop)
	if err != nil {
		return nil, err
	}
	field := strings.ToLower(strings.TrimPrefix(r.op, "send"))
	fileName, err := r.paramOr("additionalFields.fileName", i, "")
	if err != nil {
		return nil, err
	}
	name := jsString(fileName)
	if !truthy(fileName) {
		name = ""
		if fn, ok := bin.Value("fileName").(string); ok {
			name = fn
		}
	}
	if name == "" {
		return nil, engine.OperationError(i, "File name is needed to %s. Make sure the property that holds the binary data\n\t\t\t\t\t\thas the file name property set or set it manually in the node using the File Name parameter under\n\t\t\t\t\t\tAdditional Fields.", r.op)
	}
	// body.disable_notification?.toString() || 'false'
	dn := "false"
	if v, ok := body.Get("disable_notification"); ok && v != nil && !data.IsUndefined(v) && jsString(v) != "" {
		dn = jsString(v)
	}
	body.Set("disable_notification", dn)
	content, err := r.ex.Binary().Bytes(bin)
	if err != nil {
		return nil, fmt.Errorf("telegram: read binary %q: %w", prop, err)
	}
	if !body.Has(field) {
		body.Set(field, nil)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	mimeType, _ := bin.Value("mimeType").(string)
	for k, v := range body.All() {
		if k == field {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": k, "filename": path.Base(name)}))
			if mimeType != "" {
				h.Set("Content-Type", mimeType)
			}
			pw, err := w.CreatePart(h)
			if err != nil {
				return nil, err
			}
			pw.Write(content)
			continue
		}
		if data.IsUndefined(v) {
			continue
		}
		s := jsString(v)
		if o, ok := v.(*data.Object); ok && k == "reply_markup" {
			b, _ := data.MarshalValue(o)
			s = string(b)
		}
		if err := w.WriteField(k, s); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return cl.send(ctx, "POST", cl.base+"/bot"+cl.token+"/"+endpoint, &buf, w.FormDataContentType(), i)
}

// download fetches the file getFile described and returns it as the
// item's binary "data".
func (r *run) download(ctx context.Context, cl *client, resp any, i int) ([]data.Item, error) {
	m, _ := resp.(*data.Object)
	var filePath string
	if m != nil {
		if res, ok := m.Value("result").(*data.Object); ok {
			filePath, _ = res.Value("file_path").(string)
		}
	}
	if filePath == "" {
		return nil, engine.OperationError(i, "Cannot read properties of undefined (reading 'split')")
	}
	raw, _, _, err := cl.do(ctx, "GET", cl.base+"/file/bot"+cl.token+"/"+filePath, nil, "", i)
	if err != nil {
		return nil, err
	}
	name := filePath[strings.LastIndex(filePath, "/")+1:]
	f, err := r.collection("additionalFields", i, nil)
	if err != nil {
		return nil, err
	}
	mimeType, ok := f.Value("mimeType").(string)
	if !ok {
		mimeType = mimeLookup(name)
	}
	bin, err := r.ex.Binary().Prepare(ctx, raw, name, mimeType)
	if err != nil {
		return nil, err
	}
	return []data.Item{{JSON: m, Binary: data.ObjectOf("data", bin), Paired: data.One(i)}}, nil
}

// mimeLookup is mime-types' lookup with n8n's octet-stream fallback.
func mimeLookup(name string) string {
	ext := path.Ext(name)
	if ext == "" {
		return "application/octet-stream"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	return "application/octet-stream"
}
