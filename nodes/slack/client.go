package slack

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
)

// BaseURL is n8n's hard-coded Slack API base.
const BaseURL = "https://slack.com/api"

// maxListPages bounds returnAll paging (Slack pages are up to 1,000).
const maxListPages = 10000

// client sends Web API calls with one credential.
type client struct {
	http  *http.Client
	token string
}

func (r *run) client() (*client, error) {
	if r.cl != nil {
		return r.cl, nil
	}
	typ := TokenCredential
	if r.auth != "accessToken" {
		typ = OAuth2Credential
	}
	cred, err := r.ex.Credentials(typ)
	if err != nil {
		return nil, err
	}
	token := auth.String(cred["accessToken"])
	if typ == OAuth2Credential {
		// n8n's Slack node sends the user token of the OAuth2 grant
		// (oauthTokenData.authed_user.access_token).
		token = ""
		switch td := cred["oauthTokenData"].(type) {
		case map[string]any:
			if u, ok := td["authed_user"].(map[string]any); ok {
				token = auth.String(u["access_token"])
			}
		case *data.Object:
			if u, ok := td.Value("authed_user").(*data.Object); ok {
				token = auth.String(u.Value("access_token"))
			}
		}
		if token == "" {
			return nil, engine.OperationError(-1, "The Slack OAuth2 credential has no user token (oauthTokenData.authed_user.access_token): connect it again")
		}
	}
	r.cl = &client{http: r.ex.HTTP(typ), token: token}
	return r.cl, nil
}

// api is n8n's slackApiRequest: JSON body (dropped when empty), query
// string (dropped when empty), {"ok":false} turned into n8n's errors, and
// ts renamed message_timestamp.
func (r *run) api(ctx context.Context, i int, method, resource string, body, qs *data.Object) (any, error) {
	var payload []byte
	if body != nil && body.Len() > 0 {
		b, err := data.MarshalValue(body)
		if err != nil {
			return nil, fmt.Errorf("slack: encode body: %w", err)
		}
		payload = b
	}
	u := resource
	if !strings.HasPrefix(resource, "https") {
		u = BaseURL + resource
	}
	return r.send(ctx, i, method, u, qs, payload, "application/json; charset=utf-8")
}

func (r *run) send(ctx context.Context, i int, method, u string, qs *data.Object, payload []byte, ctype string) (any, error) {
	cl, err := r.client()
	if err != nil {
		return nil, err
	}
	if enc := encodeQuery(qs); enc != "" {
		u += "?" + enc
	}
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, engine.OperationError(i, "Slack: the request could not be built: %v", err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+cl.token)
	resp, err := cl.http.Do(req)
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, httprequest.TransportError(err, i)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httprequest.StatusError(resp.StatusCode, raw, i)
	}
	v, perr := data.ParseJSON(raw)
	if perr != nil {
		// The upload URL answers text ("OK - 14"): n8n keeps it as is.
		return string(raw), nil
	}
	m, ok := v.(*data.Object)
	if !ok {
		return v, nil
	}
	if m.Value("ok") == false {
		if r.v1 && m.Value("error") != "paid_teams_only" {
			return nil, v1Error(i, m)
		}
		return nil, slackError(r, i, m)
	}
	if r.v1 {
		return m, nil
	}
	if ts, ok := m.Get("ts"); ok && !data.IsUndefined(ts) {
		m.Set("message_timestamp", ts)
		m.Delete("ts")
	}
	return m, nil
}

// slackError is the NodeOperationError n8n throws for {"ok":false}.
func slackError(r *run, i int, m *data.Object) error {
	code := m.Value("error")
	switch code {
	case "paid_teams_only":
		e := engine.OperationError(i, "Your current Slack plan does not include the resource '%s'", r.resource)
		e.Description = "Hint: Upgrade to a Slack plan that includes the functionality you want to use."
		return e
	case "missing_scope":
		e := engine.OperationError(i, "Your Slack credential is missing required Oauth Scopes")
		e.Description = "Add the following scope(s) to your Slack App: " + jsString(m.Value("needed"))
		return e
	case "not_admin":
		e := engine.OperationError(i, "Need higher Role Level for this Operation (e.g. Owner or Admin Rights)")
		e.Description = "Hint: Check the Role of your Slack App Integration. For more information see the Slack Documentation - https://slack.com/help/articles/360018112273-Types-of-roles-in-Slack"
		return e
	}
	b, _ := data.MarshalValue(code)
	if data.IsUndefined(code) {
		b = []byte("undefined")
	}
	e := engine.OperationError(i, "Slack error response: %s", b)
	return e
}

// list is returnAll (slackApiRequestAllItems) or one page of limit.
func (r *run) list(ctx context.Context, i int, prop, endpoint string, qs *data.Object) (any, error) {
	returnAll, err := r.paramOr("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	if !truthy(returnAll) {
		limit, err := r.param("limit", i)
		if err != nil {
			return nil, err
		}
		key := "limit"
		if strings.Contains(endpoint, "files.list") {
			key = "count"
		}
		qs.Set(key, limit)
		resp, err := r.api(ctx, i, "GET", endpoint, nil, qs)
		if err != nil {
			return nil, err
		}
		return field(resp, prop), nil
	}
	return r.pages(ctx, i, prop, endpoint, qs)
}

// pages is slackApiRequestAllItems: every page of prop, following the
// cursor (or classic paging).
func (r *run) pages(ctx context.Context, i int, prop, endpoint string, qs *data.Object) ([]any, error) {
	qs.Set("page", float64(1))
	if strings.Contains(endpoint, "files.list") {
		qs.Set("count", float64(100))
	} else if v, ok := qs.Get("limit"); !ok || v == nil || data.IsUndefined(v) {
		qs.Set("limit", float64(100))
	}
	out := []any{}
	for page := 0; page < maxListPages; page++ {
		resp, err := r.api(ctx, i, "GET", endpoint, nil, qs)
		if err != nil {
			return nil, err
		}
		m, _ := resp.(*data.Object)
		if m == nil {
			break
		}
		var next any = data.Undefined
		var more bool
		if md, ok := m.Value("response_metadata").(*data.Object); ok {
			if c, ok := md.Get("next_cursor"); ok {
				next = c
				more = c != nil && c != ""
			}
		}
		qs.Set("cursor", next)
		n, _ := qs.Value("page").(float64)
		qs.Set("page", n+1)
		got := m.Value(prop)
		if gm, ok := got.(*data.Object); ok {
			if matches, ok := gm.Get("matches"); ok && matches != nil {
				got = matches
			}
		}
		if l, ok := got.([]any); ok {
			out = append(out, l...)
		}
		if !more && !pagingMore(m) && !pagingMore(asObject(m.Value(prop))) {
			break
		}
	}
	return out, nil
}

func asObject(v any) *data.Object { o, _ := v.(*data.Object); return o }

// pagingMore is the paging.page < paging.pages test.
func pagingMore(m *data.Object) bool {
	if m == nil {
		return false
	}
	p, ok := m.Value("paging").(*data.Object)
	if !ok {
		return false
	}
	page, ok1 := numberOf(p.Value("page"))
	pages, ok2 := numberOf(p.Value("pages"))
	return ok1 && ok2 && page < pages
}

// upload is file:upload: v2.2+ through files.getUploadURLExternal, the
// upload URL and files.completeUploadExternal; 2 and 2.1 through
// files.upload.
func (r *run) upload(ctx context.Context, i int) (any, error) {
	version := r.ex.Version()
	opts, err := r.collection("options", i, []string{"channelIds", "channelId", "fileName", "initialComment", "threadTs", "title"})
	if err != nil {
		return nil, err
	}
	body := data.NewObject(4)
	if ids, ok := opts.Value("channelIds").([]any); ok && len(ids) > 0 {
		body.Set("channels", jsString(ids))
	}
	if v := opts.Value("channelId"); truthy(v) {
		body.Set("channel_id", v)
	}
	if v := opts.Value("initialComment"); truthy(v) {
		body.Set("initial_comment", v)
	}
	if v := opts.Value("threadTs"); truthy(v) {
		body.Set("thread_ts", v)
	}
	if v := opts.Value("title"); truthy(v) && version <= 2.1 {
		body.Set("title", v)
	}
	binaryData, err := r.paramOr("binaryData", i, false)
	if err != nil {
		return nil, err
	}
	if !truthy(binaryData) && version <= 2.1 {
		content, err := r.param("fileContent", i)
		if err != nil {
			return nil, err
		}
		body.Set("content", content)
		var parts []string
		for k, v := range body.All() {
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(jsString(v)))
		}
		resp, err := r.send(ctx, i, "POST", BaseURL+"/files.upload", nil, []byte(strings.Join(parts, "&")), "application/x-www-form-urlencoded")
		return field(resp, "file"), err
	}
	prop, err := r.ex.ParamString("binaryPropertyName", i)
	if err != nil {
		return nil, err
	}
	bin, err := r.ex.AssertBinary(i, prop)
	if err != nil {
		return nil, err
	}
	content, err := r.ex.Binary().Bytes(bin)
	if err != nil {
		return nil, fmt.Errorf("slack: read binary %q: %w", prop, err)
	}
	fileName, _ := bin.Value("fileName").(string)
	mimeType, _ := bin.Value("mimeType").(string)
	if version <= 2.1 {
		payload, ctype, err := multipartBody(body, "file", fileName, mimeType, content)
		if err != nil {
			return nil, err
		}
		resp, err := r.send(ctx, i, "POST", BaseURL+"/files.upload", nil, payload, ctype)
		return field(resp, "file"), err
	}
	name := any(fileName)
	if v := opts.Value("fileName"); truthy(v) {
		name = v
	}
	up, err := r.api(ctx, i, "GET", "/files.getUploadURLExternal", nil, data.ObjectOf("filename", name, "length", float64(len(content))))
	if err != nil {
		return nil, err
	}
	uploadURL, _ := field(up, "upload_url").(string)
	if uploadURL == "" {
		return nil, engine.OperationError(i, "Slack did not return an upload URL")
	}
	payload, ctype, err := multipartBody(data.NewObject(0), "file", fileName, mimeType, content)
	if err != nil {
		return nil, err
	}
	if _, err := r.send(ctx, i, "POST", uploadURL, nil, payload, ctype); err != nil {
		return nil, err
	}
	title := any(fileName)
	if v := opts.Value("title"); truthy(v) {
		title = v
	}
	body.Set("files", []any{data.ObjectOf("id", field(up, "file_id"), "title", title)})
	resp, err := r.api(ctx, i, "POST", "/files.completeUploadExternal", body, nil)
	return field(resp, "files"), err
}

// multipartBody writes fields then the file part.
func multipartBody(fields *data.Object, fileField, fileName, mimeType string, content []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields.All() {
		if err := w.WriteField(k, jsString(v)); err != nil {
			return nil, "", err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": fileField, "filename": fileName}))
	if mimeType != "" {
		h.Set("Content-Type", mimeType)
	}
	pw, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	pw.Write(content)
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// encodeQuery serialises a qs object as the qs library does (undefined
// skipped, null empty, arrays repeated), keys in order.
func encodeQuery(q *data.Object) string {
	if q == nil {
		return ""
	}
	var parts []string
	for k, v := range q.All() {
		switch x := v.(type) {
		case data.UndefinedType:
			continue
		case []any:
			for _, e := range x {
				parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(qsString(e)))
			}
		default:
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(qsString(v)))
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "&"), "+", "%20")
}

func qsString(v any) string {
	if v == nil {
		return ""
	}
	return jsString(v)
}

func numberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0
	case data.UndefinedType:
		return false
	}
	return true
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
		if x {
			return "true"
		}
		return "false"
	case float64:
		return data.FormatNumber(x, false)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil && !data.IsUndefined(e) {
				parts[i] = jsString(e)
			}
		}
		return strings.Join(parts, ",")
	case *data.Object:
		return "[object Object]"
	}
	return ""
}
