// Package telegramtrigger is n8n's Telegram Trigger
// (n8n-nodes-base.telegramTrigger 1, 1.1, 1.2). `serve` activates it as a
// webhook registered with the Bot API: setWebhook with the update types
// and a secret token when it starts serving, deleteWebhook when it stops.
// Each update Telegram posts becomes one item (the update as sent); from
// 1.1 on, a call without the secret token is refused with 403.
package telegramtrigger

import (
	"bytes"
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/binary"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// Type is the node's type name.
const Type = "n8n-nodes-base.telegramTrigger"

// CredentialType is the credential the node uses.
const CredentialType = "telegramApi"

// SecretHeader carries the secret token Telegram was given.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1, 1.2}, Kind: engine.KindTrigger, WebhookOnly: true,
		Defaults: func(float64) map[string]any {
			return map[string]any{"updates": []any{}, "additionalFields": map[string]any{}}
		},
		Inputs:      func(engine.Params, float64) int { return 0 },
		Credentials: func(engine.Params, float64) []string { return []string{CredentialType} },
	}
}

// Execute passes on what started the run (the update item).
func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// HookRoute is n8n's webhook description: POST …/webhook.
func (node) HookRoute(float64) (string, string) { return "POST", "webhook" }

var unallowed = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[^a-zA-Z0-9_\-]+`)
})

// SecretToken is n8n's getSecretToken: "<workflow id>_<node id>" without
// the characters Telegram does not allow.
func SecretToken(workflowID, nodeID string) string {
	return unallowed().ReplaceAllString(workflowID+"_"+nodeID, "")
}

// api is a Bot API client for the trigger's credential.
type api struct {
	http        *http.Client
	base, token string
}

func newAPI(h *engine.Hook) (*api, error) {
	cred, err := h.Credentials(CredentialType)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(auth.String(cred["baseUrl"]), "/")
	if base == "" {
		base = "https://api.telegram.org"
	}
	return &api{http: h.HTTP(CredentialType), base: base, token: auth.String(cred["accessToken"])}, nil
}

// call posts a method with a JSON body (none when nil) and returns the
// decoded answer.
func (a *api) call(ctx context.Context, method string, body *data.Object) (*data.Object, error) {
	raw, err := a.get(ctx, http.MethodPost, a.base+"/bot"+a.token+"/"+method, body)
	if err != nil {
		return nil, err
	}
	v, err := data.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("telegram %s: the answer is not JSON", method)
	}
	o, _ := v.(*data.Object)
	if o == nil {
		return nil, fmt.Errorf("telegram %s: the answer is not an object", method)
	}
	return o, nil
}

func (a *api) get(ctx context.Context, method, u string, body *data.Object) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := data.MarshalValue(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("telegram: bad Base URL in the credential")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, httprequest.TransportError(err, -1)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, httprequest.TransportError(err, -1)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httprequest.StatusError(resp.StatusCode, raw, -1)
	}
	return raw, nil
}

// CreateHook is n8n's checkExists + create: getWebhookInfo, and setWebhook
// unless Telegram already calls this URL.
func (node) CreateHook(ctx context.Context, h *engine.Hook) error {
	a, err := newAPI(h)
	if err != nil {
		return err
	}
	info, err := a.call(ctx, "getWebhookInfo", nil)
	if err != nil {
		return err
	}
	if res, ok := info.Value("result").(*data.Object); ok && res.Value("url") == h.URL {
		return nil
	}
	updates := []any{}
	if list, ok := h.Params["updates"].([]any); ok {
		updates = list
		for _, u := range list {
			if u == "*" {
				updates = []any{}
			}
		}
	}
	body := data.ObjectOf("url", h.URL, "allowed_updates", updates, "secret_token", SecretToken(h.WorkflowID, h.Node.ID))
	_, err = a.call(ctx, "setWebhook", body)
	return err
}

// DeleteHook is n8n's delete: deleteWebhook.
func (node) DeleteHook(ctx context.Context, h *engine.Hook) error {
	a, err := newAPI(h)
	if err != nil {
		return err
	}
	_, err = a.call(ctx, "deleteWebhook", nil)
	return err
}

// ReceiveHook checks the secret token (1.1 and later) and returns the
// update as the item, with the photo, video or document downloaded as
// binary "data" when the Download option is on.
func (node) ReceiveHook(ctx context.Context, h *engine.Hook, r *http.Request, body []byte) ([]data.Item, error) {
	if h.Node.TypeVersion > 1 {
		want := []byte(SecretToken(h.WorkflowID, h.Node.ID))
		got := []byte(r.Header.Get(SecretHeader))
		if len(want) != len(got) || subtle.ConstantTimeCompare(want, got) != 1 {
			return nil, &webhook.Rejection{Code: http.StatusForbidden, JSON: data.ObjectOf("message", "Provided secret is not valid")}
		}
	}
	update := data.NewObject(0)
	if len(bytes.TrimSpace(body)) > 0 {
		v, err := data.ParseJSON(body)
		if err != nil {
			return nil, &webhook.Rejection{Code: http.StatusBadRequest, Message: "the update is not JSON"}
		}
		if o, ok := v.(*data.Object); ok {
			update = o
		}
	}
	item := data.Item{JSON: update}
	fields, _ := h.Params["additionalFields"].(map[string]any)
	if fields["download"] == true {
		bin, err := download(ctx, h, update, fields)
		if err != nil {
			return nil, err
		}
		if bin != nil {
			item.Binary = data.ObjectOf("data", bin)
		}
	}
	return []data.Item{item}, nil
}

// download fetches the update's photo (in the chosen size), video or
// document; nil when it has none.
func download(ctx context.Context, h *engine.Hook, update *data.Object, fields map[string]any) (*data.Object, error) {
	key := "message"
	if update.Has("channel_post") {
		key = "channel_post"
	}
	msg, _ := update.Value(key).(*data.Object)
	if msg == nil {
		return nil, nil
	}
	var fileID any
	switch {
	case isList(msg.Value("photo")):
		photos := msg.Value("photo").([]any)
		size, _ := fields["imageSize"].(string)
		idx := map[string]int{"small": 0, "medium": 1, "large": 2, "extraLarge": 3}[size]
		if size == "" {
			idx = 2
		}
		var img *data.Object
		if idx < len(photos) {
			img, _ = photos[idx].(*data.Object)
		}
		if img == nil && len(photos) > 0 {
			img, _ = photos[0].(*data.Object)
		}
		if img != nil {
			fileID = img.Value("file_id")
		}
	case msg.Has("video"):
		if v, ok := msg.Value("video").(*data.Object); ok {
			fileID = v.Value("file_id")
		}
	case msg.Has("document"):
		if v, ok := msg.Value("document").(*data.Object); ok {
			fileID = v.Value("file_id")
		}
	default:
		return nil, nil
	}
	a, err := newAPI(h)
	if err != nil {
		return nil, err
	}
	id := fmt.Sprint(fileID)
	if f, ok := fileID.(float64); ok {
		id = strconv.FormatFloat(f, 'f', -1, 64)
	}
	raw, err := a.get(ctx, http.MethodGet, a.base+"/bot"+a.token+"/getFile?file_id="+id, nil)
	if err != nil {
		return nil, err
	}
	v, _ := data.ParseJSON(raw)
	o, _ := v.(*data.Object)
	var filePath string
	if o != nil {
		if res, ok := o.Value("result").(*data.Object); ok {
			filePath, _ = res.Value("file_path").(string)
		}
	}
	if filePath == "" {
		return nil, fmt.Errorf("telegram getFile: no file_path in the answer")
	}
	content, err := a.get(ctx, http.MethodGet, a.base+"/file/bot"+a.token+"/"+filePath, nil)
	if err != nil {
		return nil, err
	}
	// In memory: an update's file is at most Telegram's 20 MB download limit.
	return binary.Store{}.Prepare(ctx, content, filePath[strings.LastIndex(filePath, "/")+1:], "")
}

func isList(v any) bool { _, ok := v.([]any); return ok }
