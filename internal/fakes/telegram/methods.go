package telegram

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// call runs one Bot API method (lower-cased, as the API's names are case
// insensitive); s.mu is held. desc is the answer's "description" (set by
// the webhook methods).
func (s *Server) call(method string, p *data.Object) (res any, desc string, err *apiError) {
	switch method {
	case "getme":
		return s.st.Bot, "", nil
	case "setwebhook":
		return s.setWebhook(p)
	case "deletewebhook":
		if s.st.Webhook == nil {
			return true, "Webhook is already deleted", nil
		}
		s.st.Webhook = nil
		return true, "Webhook was deleted", nil
	case "getwebhookinfo":
		return s.webhookInfo(), "", nil
	case "getchat":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		return c, "", nil
	case "getchatadministrators":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		out := []any{}
		for _, m := range s.st.Members {
			if sameID(m.Value("chat_id"), c.Value("id")) {
				if st, _ := m.Value("status").(string); st == "creator" || st == "administrator" {
					out = append(out, withoutKey(m, "chat_id"))
				}
			}
		}
		return out, "", nil
	case "getchatmember":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		for _, m := range s.st.Members {
			if u, _ := m.Value("user").(*data.Object); u != nil && sameID(m.Value("chat_id"), c.Value("id")) && sameID(u.Value("id"), p.Value("user_id")) {
				return withoutKey(m, "chat_id"), "", nil
			}
		}
		return nil, "", badRequest("user not found")
	case "setchattitle", "setchatdescription":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		key, param := "title", "title"
		if method == "setchatdescription" {
			key, param = "description", "description"
		}
		v := str(p.Value(param))
		if key == "title" && v == "" {
			return nil, "", badRequest("chat title can't be empty")
		}
		if str(c.Value(key)) == v {
			return nil, "", badRequest("chat %s is not modified", key)
		}
		c.Set(key, v)
		return true, "", nil
	case "leavechat":
		if _, err := s.chat(p); err != nil {
			return nil, "", err
		}
		return true, "", nil
	case "sendchataction":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		action := str(p.Value("action"))
		switch action {
		case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
			"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
		default:
			return nil, "", badRequest("wrong parameter action in request")
		}
		s.st.ChatActions = append(s.st.ChatActions, data.ObjectOf("chat_id", c.Value("id"), "action", action))
		return true, "", nil
	case "sendmessage":
		return s.sendMessage(p)
	case "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendanimation", "sendsticker":
		return s.sendMedia(strings.TrimPrefix(method, "send"), p)
	case "sendlocation":
		return s.sendLocation(p)
	case "editmessagetext":
		return s.editMessageText(p)
	case "deletemessage":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		i := s.message(c, p.Value("message_id"))
		if i < 0 {
			return nil, "", badRequest("message to delete not found")
		}
		s.st.Messages = append(s.st.Messages[:i], s.st.Messages[i+1:]...)
		return true, "", nil
	case "pinchatmessage":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		if s.message(c, p.Value("message_id")) < 0 {
			return nil, "", badRequest("message to pin not found")
		}
		pin := data.ObjectOf("chat_id", c.Value("id"), "message_id", num(p.Value("message_id")))
		if b, ok := boolParam(p.Value("disable_notification")); ok {
			pin.Set("disable_notification", b)
		}
		s.st.Pins = append(s.st.Pins, pin)
		return true, "", nil
	case "unpinchatmessage":
		c, err := s.chat(p)
		if err != nil {
			return nil, "", err
		}
		for i := len(s.st.Pins) - 1; i >= 0; i-- {
			pin := s.st.Pins[i]
			if sameID(pin.Value("chat_id"), c.Value("id")) && (isBlank(p.Value("message_id")) || sameID(pin.Value("message_id"), p.Value("message_id"))) {
				s.st.Pins = append(s.st.Pins[:i], s.st.Pins[i+1:]...)
				return true, "", nil
			}
		}
		return nil, "", badRequest("message to unpin not found")
	case "answercallbackquery":
		id := str(p.Value("callback_query_id"))
		for i, q := range s.st.CallbackQueries {
			if str(q.Value("id")) == id {
				s.st.CallbackQueries = append(s.st.CallbackQueries[:i], s.st.CallbackQueries[i+1:]...)
				a := data.NewObject(p.Len())
				for k, v := range p.All() {
					a.Set(k, v)
				}
				s.st.Answers = append(s.st.Answers, a)
				return true, "", nil
			}
		}
		return nil, "", badRequest("query is too old and response timeout expired or query ID is invalid")
	case "getfile":
		id := str(p.Value("file_id"))
		for _, f := range s.st.Files {
			if str(f.Value("file_id")) == id {
				return withoutKey(f, "content"), "", nil
			}
		}
		return nil, "", badRequest("invalid file_id")
	}
	return nil, "", &apiError{code: 404, description: "Not Found"}
}

// chat finds chat_id (a number, a numeric string or "@username").
func (s *Server) chat(p *data.Object) (*data.Object, *apiError) {
	v := p.Value("chat_id")
	if isBlank(v) {
		return nil, badRequest("chat_id is empty")
	}
	id := str(v)
	for _, c := range s.st.Chats {
		if sameID(c.Value("id"), v) {
			return c, nil
		}
		if u, _ := c.Value("username").(string); u != "" && strings.HasPrefix(id, "@") && strings.EqualFold(id[1:], u) {
			return c, nil
		}
	}
	return nil, badRequest("chat not found")
}

// message is the index of a message of chat c, or -1.
func (s *Server) message(c *data.Object, id any) int {
	for i, m := range s.st.Messages {
		mc, _ := m.Value("chat").(*data.Object)
		if mc != nil && sameID(mc.Value("id"), c.Value("id")) && sameID(m.Value("message_id"), id) {
			return i
		}
	}
	return -1
}

// messageChat is the chat as messages show it.
func messageChat(c *data.Object) *data.Object {
	out := data.NewObject(6)
	for _, k := range []string{"id", "title", "first_name", "last_name", "username", "type"} {
		if v, ok := c.Get(k); ok {
			out.Set(k, v)
		}
	}
	return out
}

// newMessage starts a message from the bot in chat c.
func (s *Server) newMessage(c *data.Object, p *data.Object) *data.Object {
	m := data.ObjectOf("message_id", s.st.NextMessageID, "from", botAsUser(s.st.Bot), "chat", messageChat(c), "date", s.st.Now)
	s.st.NextMessageID++
	if t, ok := p.Get("message_thread_id"); ok && !isBlank(t) {
		m.Set("message_thread_id", num(t))
	}
	if r, ok := p.Get("reply_to_message_id"); ok && !isBlank(r) {
		if i := s.message(c, r); i >= 0 {
			m.Set("reply_to_message", s.st.Messages[i].Clone())
		}
	}
	return m
}

func botAsUser(b *data.Object) *data.Object {
	out := data.NewObject(4)
	for _, k := range []string{"id", "is_bot", "first_name", "username"} {
		if v, ok := b.Get(k); ok {
			out.Set(k, v)
		}
	}
	return out
}

func (s *Server) sendMessage(p *data.Object) (any, string, *apiError) {
	c, err := s.chat(p)
	if err != nil {
		return nil, "", err
	}
	text, ents, perr := parseText(str(p.Value("text")), str(p.Value("parse_mode")))
	if perr != nil {
		return nil, "", perr
	}
	if strings.TrimSpace(text) == "" {
		return nil, "", badRequest("message text is empty")
	}
	if utf16Len(text) > 4096 {
		return nil, "", badRequest("message is too long")
	}
	markup, merr := replyMarkup(p.Value("reply_markup"))
	if merr != nil {
		return nil, "", merr
	}
	m := s.newMessage(c, p)
	m.Set("text", text)
	if len(ents) > 0 {
		m.Set("entities", ents)
	}
	if b, ok := boolParam(p.Value("disable_web_page_preview")); ok && b {
		m.Set("link_preview_options", data.ObjectOf("is_disabled", true))
	}
	if markup != nil {
		m.Set("reply_markup", markup)
	}
	s.st.Messages = append(s.st.Messages, m)
	return m.Clone(), "", nil
}

func (s *Server) sendLocation(p *data.Object) (any, string, *apiError) {
	c, err := s.chat(p)
	if err != nil {
		return nil, "", err
	}
	lat, ok1 := floatParam(p.Value("latitude"))
	lon, ok2 := floatParam(p.Value("longitude"))
	if !ok1 || !ok2 || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return nil, "", badRequest("wrong location")
	}
	markup, merr := replyMarkup(p.Value("reply_markup"))
	if merr != nil {
		return nil, "", merr
	}
	m := s.newMessage(c, p)
	m.Set("location", data.ObjectOf("latitude", lat, "longitude", lon))
	if markup != nil {
		m.Set("reply_markup", markup)
	}
	s.st.Messages = append(s.st.Messages, m)
	return m.Clone(), "", nil
}

// sendMedia sends a photo, document, audio, video, animation or sticker
// given as a file_id, a URL or an uploaded file.
func (s *Server) sendMedia(kind string, p *data.Object) (any, string, *apiError) {
	c, err := s.chat(p)
	if err != nil {
		return nil, "", err
	}
	var f *data.Object
	switch v := p.Value(kind).(type) {
	case *upload:
		f = s.newFile(v.name, v.contentType, v.data)
	case string:
		switch {
		case v == "":
			return nil, "", badRequest("there is no %s in the request", kind)
		case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
			name := path.Base(strings.SplitN(v, "?", 2)[0])
			f = s.newFile(name, mimeOf(name), []byte(v))
		default:
			for _, e := range s.st.Files {
				if str(e.Value("file_id")) == v {
					f = e
				}
			}
			if f == nil {
				return nil, "", badRequest("wrong remote file identifier specified: Wrong string length")
			}
		}
	default:
		return nil, "", badRequest("there is no %s in the request", kind)
	}
	caption, ents, perr := parseText(str(p.Value("caption")), str(p.Value("parse_mode")))
	if perr != nil {
		return nil, "", perr
	}
	markup, merr := replyMarkup(p.Value("reply_markup"))
	if merr != nil {
		return nil, "", merr
	}
	m := s.newMessage(c, p)
	size := f.Value("file_size")
	switch kind {
	case "photo":
		m.Set("photo", []any{
			data.ObjectOf("file_id", str(f.Value("file_id"))+"-s", "file_unique_id", str(f.Value("file_unique_id"))+"s", "file_size", size, "width", float64(90), "height", float64(90)),
			data.ObjectOf("file_id", f.Value("file_id"), "file_unique_id", f.Value("file_unique_id"), "file_size", size, "width", float64(320), "height", float64(320)),
		})
	default:
		o := data.NewObject(5)
		if n := str(f.Value("file_name")); n != "" && kind != "sticker" {
			o.Set("file_name", n)
		}
		if mt := str(f.Value("mime_type")); mt != "" && kind != "sticker" {
			o.Set("mime_type", mt)
		}
		o.Set("file_id", f.Value("file_id"))
		o.Set("file_unique_id", f.Value("file_unique_id"))
		o.Set("file_size", size)
		m.Set(kind, o)
	}
	if caption != "" {
		m.Set("caption", caption)
		if len(ents) > 0 {
			m.Set("caption_entities", ents)
		}
	}
	if markup != nil {
		m.Set("reply_markup", markup)
	}
	s.st.Messages = append(s.st.Messages, m)
	return m.Clone(), "", nil
}

// newFile stores a file and returns its record (with the content).
func (s *Server) newFile(name, mimeType string, content []byte) *data.Object {
	n := int(s.st.NextFileID)
	s.st.NextFileID++
	f := data.ObjectOf("file_id", fmt.Sprintf("BQACAgQAAxkDAAI%06d", n), "file_unique_id", fmt.Sprintf("AgAD%04d", n),
		"file_size", float64(len(content)), "file_path", fmt.Sprintf("documents/file_%d%s", n, path.Ext(name)))
	if name != "" {
		f.Set("file_name", name)
	}
	if mimeType != "" {
		f.Set("mime_type", mimeType)
	}
	f.Set("content", base64.StdEncoding.EncodeToString(content))
	s.st.Files = append(s.st.Files, f)
	return f
}

func (s *Server) fileContent(filePath string) ([]byte, bool) {
	for _, f := range s.st.Files {
		if str(f.Value("file_path")) == filePath {
			b, err := base64.StdEncoding.DecodeString(str(f.Value("content")))
			return b, err == nil
		}
	}
	return nil, false
}

func mimeOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

func (s *Server) editMessageText(p *data.Object) (any, string, *apiError) {
	if id := str(p.Value("inline_message_id")); id != "" {
		if _, _, err := parseText(str(p.Value("text")), str(p.Value("parse_mode"))); err != nil {
			return nil, "", err
		}
		return nil, "", badRequest("message identifier is not specified")
	}
	c, err := s.chat(p)
	if err != nil {
		return nil, "", err
	}
	i := s.message(c, p.Value("message_id"))
	if i < 0 {
		return nil, "", badRequest("message to edit not found")
	}
	text, ents, perr := parseText(str(p.Value("text")), str(p.Value("parse_mode")))
	if perr != nil {
		return nil, "", perr
	}
	if strings.TrimSpace(text) == "" {
		return nil, "", badRequest("message text is empty")
	}
	markup, merr := replyMarkup(p.Value("reply_markup"))
	if merr != nil {
		return nil, "", merr
	}
	old := s.st.Messages[i]
	if _, isText := old.Get("text"); !isText {
		return nil, "", badRequest("there is no text in the message to edit")
	}
	if str(old.Value("text")) == text && markup == nil && !old.Has("reply_markup") {
		return nil, "", badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m := data.NewObject(old.Len() + 1)
	for k, v := range old.All() {
		switch k {
		case "text", "entities", "reply_markup", "link_preview_options", "edit_date":
			continue
		}
		m.Set(k, v)
	}
	m.Set("edit_date", s.st.Now)
	m.Set("text", text)
	if len(ents) > 0 {
		m.Set("entities", ents)
	}
	if b, ok := boolParam(p.Value("disable_web_page_preview")); ok && b {
		m.Set("link_preview_options", data.ObjectOf("is_disabled", true))
	}
	if markup != nil {
		m.Set("reply_markup", markup)
	}
	s.st.Messages[i] = m
	return m.Clone(), "", nil
}

func (s *Server) setWebhook(p *data.Object) (any, string, *apiError) {
	u := str(p.Value("url"))
	if u == "" {
		if s.st.Webhook == nil {
			return true, "Webhook is already deleted", nil
		}
		s.st.Webhook = nil
		return true, "Webhook was deleted", nil
	}
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return nil, "", badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if t := str(p.Value("secret_token")); t != "" {
		for _, r := range t {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') || len(t) > 256 {
				return nil, "", badRequest("bad webhook: secret token contains unallowed characters")
			}
		}
	}
	w := data.NewObject(p.Len())
	for k, v := range p.All() {
		if k == "allowed_updates" {
			if sv, ok := v.(string); ok {
				if parsed, err := data.ParseJSONString(sv); err == nil {
					v = parsed
				}
			}
		}
		w.Set(k, v)
	}
	s.st.Webhook = w
	return true, "Webhook was set", nil
}

func (s *Server) webhookInfo() *data.Object {
	out := data.ObjectOf("url", "", "has_custom_certificate", false, "pending_update_count", float64(0))
	if w := s.st.Webhook; w != nil {
		out.Set("url", w.Value("url"))
		if mc, ok := w.Get("max_connections"); ok {
			out.Set("max_connections", num(mc))
		} else {
			out.Set("max_connections", float64(40))
		}
		out.Set("ip_address", "127.0.0.1")
		if au, ok := w.Value("allowed_updates").([]any); ok {
			out.Set("allowed_updates", au)
		}
	}
	return out
}

// replyMarkup checks a reply_markup parameter (an object, or a JSON
// string in form bodies) and returns what the sent message shows: only
// inline keyboards are part of a message.
func replyMarkup(v any) (*data.Object, *apiError) {
	if isBlank(v) {
		return nil, nil
	}
	if sv, ok := v.(string); ok {
		parsed, err := data.ParseJSONString(sv)
		if err != nil {
			return nil, badRequest("can't parse reply keyboard markup JSON object")
		}
		v = parsed
	}
	o, ok := v.(*data.Object)
	if !ok {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	for _, key := range []string{"inline_keyboard", "keyboard"} {
		rows, present := o.Get(key)
		if !present {
			continue
		}
		list, ok := rows.([]any)
		if !ok {
			return nil, badRequest("field \"%s\" of the %s must be an Array", key, map[string]string{"inline_keyboard": "InlineKeyboardMarkup", "keyboard": "ReplyKeyboardMarkup"}[key])
		}
		for _, r := range list {
			btns, ok := r.([]any)
			if !ok {
				return nil, badRequest("can't parse reply keyboard markup JSON object")
			}
			for _, b := range btns {
				bo, ok := b.(*data.Object)
				if !ok || str(bo.Value("text")) == "" {
					return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
				}
				if key == "inline_keyboard" && !hasAny(bo, "url", "callback_data", "switch_inline_query", "switch_inline_query_current_chat", "login_url", "pay", "web_app", "callback_game", "copy_text") {
					return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
				}
			}
		}
		if key == "inline_keyboard" {
			return data.ObjectOf("inline_keyboard", rows), nil
		}
		return nil, nil
	}
	return nil, nil
}

func hasAny(o *data.Object, keys ...string) bool {
	for _, k := range keys {
		if o.Has(k) {
			return true
		}
	}
	return false
}

func withoutKey(o *data.Object, key string) *data.Object {
	c := o.Clone()
	c.Delete(key)
	return c
}

// str is a parameter as text (numbers as JavaScript prints them).
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func isBlank(v any) bool {
	return v == nil || v == "" || data.IsUndefined(v)
}

// sameID compares ids that may be numbers or numeric strings.
func sameID(a, b any) bool {
	return !isBlank(a) && !isBlank(b) && str(a) == str(b)
}

func num(v any) any {
	if f, ok := floatParam(v); ok {
		return f
	}
	return v
}

func floatParam(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func boolParam(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true", "1":
			return true, true
		case "false", "0", "":
			return false, true
		}
	case float64:
		return x != 0, true
	}
	return false, false
}
