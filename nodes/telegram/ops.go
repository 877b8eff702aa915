package telegram

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// run is one execution of the node.
type run struct {
	ex       *engine.Exec
	resource string
	op       string
	binary   bool
	cl       *client
}

// Option orders of the description: n8n rebuilds collections option by
// option, so their keys reach the body in this order.
var (
	messageFieldOrder = []string{"appendAttribution", "caption", "disable_notification", "disable_web_page_preview", "duration",
		"fileName", "height", "parse_mode", "performer", "reply_to_message_id", "message_thread_id", "title", "thumb", "width"}
	callbackFieldOrder    = []string{"cache_time", "show_alert", "text", "url"}
	inlineButtonOrder     = []string{"callback_data", "pay", "switch_inline_query_current_chat", "switch_inline_query", "url", "web_app"}
	replyButtonOrder      = []string{"request_contact", "request_location", "web_app"}
	replyKeyboardOptOrder = []string{"resize_keyboard", "one_time_keyboard", "selective"}
	forceReplyOrder       = []string{"force_reply", "selective"}
	keyboardRemoveOrder   = []string{"remove_keyboard", "selective"}
)

// mediaField is the body key of each send operation's file.
var mediaField = map[string]string{"sendAnimation": "animation", "sendAudio": "audio", "sendDocument": "document",
	"sendPhoto": "photo", "sendSticker": "sticker", "sendVideo": "video"}

// urlInText is the test n8n uses to decide whether a message has a link.
var urlInText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(https?|ftp|file)://\S+|www\.\S+|\S+\.\S+`)
})

// param is getNodeParameter(name, i): the value with expressions resolved,
// the type's default when absent.
func (r *run) param(name string, i int) (any, error) {
	return r.ex.Param(name, i)
}

// paramOr is getNodeParameter(name, i, def).
func (r *run) paramOr(name string, i int, def any) (any, error) {
	return r.ex.ParamOr(name, i, def)
}

// collection reads a collection parameter with its keys in description
// order ({} when absent).
func (r *run) collection(name string, i int, order []string) (*data.Object, error) {
	v, err := r.param(name, i)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		return data.NewObject(0), nil
	}
	return ordered(m, order), nil
}

func ordered(m *data.Object, order []string) *data.Object {
	out := data.NewObject(m.Len())
	for _, k := range order {
		if v, ok := m.Get(k); ok {
			out.Set(k, v)
		}
	}
	for k, v := range m.All() {
		if !slices.Contains(order, k) {
			out.Set(k, v)
		}
	}
	return out
}

// set copies named parameters into body in order.
func (r *run) set(body *data.Object, i int, pairs ...string) error {
	for j := 0; j+1 < len(pairs); j += 2 {
		v, err := r.param(pairs[j+1], i)
		if err != nil {
			return err
		}
		body.Set(pairs[j], v)
	}
	return nil
}

// build is the endpoint and body n8n sends for item i.
func (r *run) build(i int) (string, *data.Object, error) {
	body := data.NewObject(6)
	switch r.resource {
	case "callback":
		switch r.op {
		case "answerQuery":
			if err := r.set(body, i, "callback_query_id", "queryId"); err != nil {
				return "", nil, err
			}
			return "answerCallbackQuery", body, r.assignFields(body, i, callbackFieldOrder)
		case "answerInlineQuery":
			if err := r.set(body, i, "inline_query_id", "queryId", "results", "results"); err != nil {
				return "", nil, err
			}
			return "answerInlineQuery", body, r.assignFields(body, i, callbackFieldOrder)
		}
	case "chat":
		endpoints := map[string][]string{"get": {"getChat"}, "administrators": {"getChatAdministrators"}, "leave": {"leaveChat"},
			"member": {"getChatMember", "user_id", "userId"}, "setDescription": {"setChatDescription", "description", "description"},
			"setTitle": {"setChatTitle", "title", "title"}}
		e, ok := endpoints[r.op]
		if !ok {
			break
		}
		if err := r.set(body, i, append([]string{"chat_id", "chatId"}, e[1:]...)...); err != nil {
			return "", nil, err
		}
		return e[0], body, nil
	case "file":
		if r.op == "get" {
			return "getFile", body, r.set(body, i, "file_id", "fileId")
		}
	case "message":
		return r.buildMessage(i, body)
	default:
		return "", nil, engine.OperationError(i, "The resource \"%s\" is not known!", r.resource)
	}
	// n8n sends an empty body to an empty endpoint for an unknown
	// operation; the API answers 404.
	return "", body, nil
}

func (r *run) buildMessage(i int, body *data.Object) (string, *data.Object, error) {
	switch r.op {
	case "editMessageText":
		mt, err := r.param("messageType", i)
		if err != nil {
			return "", nil, err
		}
		if mt == "inlineMessage" {
			err = r.set(body, i, "inline_message_id", "inlineMessageId")
		} else {
			err = r.set(body, i, "chat_id", "chatId", "message_id", "messageId")
		}
		if err == nil {
			err = r.set(body, i, "text", "text")
		}
		if err == nil {
			err = r.addAdditionalFields(body, i)
		}
		return "editMessageText", body, err
	case "deleteMessage", "unpinChatMessage":
		return r.op, body, r.set(body, i, "chat_id", "chatId", "message_id", "messageId")
	case "pinChatMessage":
		if err := r.set(body, i, "chat_id", "chatId", "message_id", "messageId"); err != nil {
			return "", nil, err
		}
		f, err := r.collection("additionalFields", i, nil)
		if err != nil {
			return "", nil, err
		}
		if truthy(f.Value("disable_notification")) {
			body.Set("disable_notification", true)
		}
		return "pinChatMessage", body, nil
	case "sendChatAction":
		return "sendChatAction", body, r.set(body, i, "chat_id", "chatId", "action", "action")
	case "sendLocation":
		if err := r.set(body, i, "chat_id", "chatId", "latitude", "latitude", "longitude", "longitude"); err != nil {
			return "", nil, err
		}
		return "sendLocation", body, r.addAdditionalFields(body, i)
	case "sendMessage":
		if err := r.set(body, i, "chat_id", "chatId", "text", "text"); err != nil {
			return "", nil, err
		}
		return "sendMessage", body, r.addAdditionalFields(body, i)
	case "sendMediaGroup":
		if err := r.set(body, i, "chat_id", "chatId"); err != nil {
			return "", nil, err
		}
		if err := r.assignFields(body, i, messageFieldOrder); err != nil {
			return "", nil, err
		}
		media, err := r.param("media", i)
		if err != nil {
			return "", nil, err
		}
		list := []any{}
		if m, ok := media.(*data.Object); ok {
			entries, _ := m.Value("media").([]any)
			for _, e := range entries {
				eo, ok := e.(*data.Object)
				if !ok {
					continue
				}
				eo = eo.Clone()
				if extra, ok := eo.Value("additionalFields").(*data.Object); ok {
					for k, v := range extra.All() {
						eo.Set(k, v)
					}
					eo.Delete("additionalFields")
				}
				list = append(list, eo)
			}
		}
		body.Set("media", list)
		return "sendMediaGroup", body, nil
	}
	if field, ok := mediaField[r.op]; ok {
		if err := r.set(body, i, "chat_id", "chatId"); err != nil {
			return "", nil, err
		}
		f, err := r.paramOr("file", i, "")
		if err != nil {
			return "", nil, err
		}
		body.Set(field, f)
		return r.op, body, r.addAdditionalFields(body, i)
	}
	return "", body, nil
}

// assignFields is Object.assign(body, additionalFields).
func (r *run) assignFields(body *data.Object, i int, order []string) error {
	f, err := r.collection("additionalFields", i, order)
	if err != nil {
		return err
	}
	for k, v := range f.All() {
		body.Set(k, v)
	}
	return nil
}

// addAdditionalFields is n8n's addAdditionalFields: the options, for
// sendMessage the parse mode default, link preview and attribution, then
// the reply markup.
func (r *run) addAdditionalFields(body *data.Object, i int) error {
	f, err := r.collection("additionalFields", i, messageFieldOrder)
	if err != nil {
		return err
	}
	if r.op == "sendMessage" {
		version := r.ex.Version()
		if version >= 1.1 && !f.Has("appendAttribution") {
			f.Set("appendAttribution", true)
		}
		if !truthy(f.Value("parse_mode")) {
			f.Set("parse_mode", "Markdown")
		}
		text := jsString(body.Value("text"))
		if !urlInText().MatchString(text) {
			body.Set("disable_web_page_preview", true)
		}
		if truthy(f.Value("appendAttribution")) {
			const attribution = "This message was sent automatically with "
			link := attributionLink(r.ex.InstanceID())
			switch f.Value("parse_mode") {
			case "Markdown":
				body.Set("text", text+"\n\n_"+attribution+"_[n8n]("+link+")")
			case "HTML":
				body.Set("text", text+"\n\n<em>"+attribution+"</em><a href=\""+link+"\" target=\"_blank\">n8n</a>")
			}
		}
		if version >= 1.2 && !f.Has("disable_web_page_preview") {
			body.Set("disable_web_page_preview", true)
		}
		f.Delete("appendAttribution")
	}
	for k, v := range f.All() {
		body.Set(k, v)
	}
	if r.op == "sendMediaGroup" {
		return nil
	}
	opt, err := r.paramOr("replyMarkup", i, "none")
	if err != nil {
		return err
	}
	option := jsString(opt)
	if option == "none" {
		return nil
	}
	markup := data.NewObject(2)
	switch option {
	case "inlineKeyboard", "replyKeyboard":
		key, order := "inline_keyboard", inlineButtonOrder
		if option == "replyKeyboard" {
			key, order = "keyboard", replyButtonOrder
		}
		kb, err := r.param(option, i)
		if err != nil {
			return err
		}
		rows := []any{}
		if kbo, ok := kb.(*data.Object); ok {
			list, _ := kbo.Value("rows").([]any)
			for _, row := range list {
				ro, _ := row.(*data.Object)
				if ro == nil {
					continue
				}
				inner, _ := ro.Value("row").(*data.Object)
				if inner == nil {
					continue
				}
				buttons, ok := inner.Value("buttons").([]any)
				if !ok {
					continue
				}
				sendRow := []any{}
				for _, b := range buttons {
					bo, _ := b.(*data.Object)
					btn := data.NewObject(2)
					if bo != nil {
						btn.Set("text", valueOrUndefined(bo, "text"))
						if extra, ok := bo.Value("additionalFields").(*data.Object); ok {
							for k, v := range ordered(extra, order).All() {
								btn.Set(k, v)
							}
						}
					} else {
						btn.Set("text", data.Undefined)
					}
					sendRow = append(sendRow, btn)
				}
				rows = append(rows, sendRow)
			}
		}
		markup.Set(key, rows)
	case "forceReply":
		if markup, err = r.collection("forceReply", i, forceReplyOrder); err != nil {
			return err
		}
	case "replyKeyboardRemove":
		if markup, err = r.collection("replyKeyboardRemove", i, keyboardRemoveOrder); err != nil {
			return err
		}
	}
	if option == "replyKeyboard" {
		opts, err := r.collection("replyKeyboardOptions", i, replyKeyboardOptOrder)
		if err != nil {
			return err
		}
		for k, v := range opts.All() {
			markup.Set(k, v)
		}
	}
	body.Set("reply_markup", markup)
	return nil
}

func valueOrUndefined(o *data.Object, k string) any {
	if v, ok := o.Get(k); ok {
		return v
	}
	return data.Undefined
}

// attributionLink is n8n's createUtmCampaignLink for this node.
func attributionLink(instanceID string) string {
	link := "https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by&utm_campaign=" + url.QueryEscape(Type)
	if instanceID != "" {
		link += "_" + instanceID
	}
	return link
}

// item runs the operation for input item i.
func (r *run) item(ctx context.Context, i int) ([]data.Item, error) {
	endpoint, body, err := r.build(i)
	if err != nil {
		return nil, err
	}
	cl, err := r.client()
	if err != nil {
		return nil, err
	}
	var resp any
	if r.binary {
		resp, err = r.upload(ctx, cl, endpoint, body, i)
	} else {
		resp, err = cl.call(ctx, "POST", endpoint, body, i)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case r.resource == "file" && r.op == "get":
		download, err := r.paramOr("download", i, false)
		if err != nil {
			return nil, err
		}
		if truthy(download) {
			return r.download(ctx, cl, resp, i)
		}
	case r.resource == "chat" && r.op == "administrators":
		if m, ok := resp.(*data.Object); ok {
			return jsonArray(m.Value("result"), i), nil
		}
	}
	return jsonArray(resp, i), nil
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
