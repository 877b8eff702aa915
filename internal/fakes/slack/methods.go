package slack

import (
	"encoding/base64"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// call runs one Web API method; s.mu is held. The result's keys follow
// "ok".
func (s *Server) call(method string, p *data.Object) (*data.Object, *slackError) {
	if out, err, ok := s.conversation(method, p); ok {
		return out, err
	}
	switch method {
	case "users.getPresence":
		return s.presence(p)
	case "auth.test":
		return data.ObjectOf("url", "https://"+str(s.st.Team.Value("domain"))+".slack.com/", "team", s.st.Team.Value("name"),
			"user", s.st.Bot.Value("name"), "team_id", s.st.Team.Value("id"), "user_id", s.st.Bot.Value("user_id"),
			"bot_id", s.st.Bot.Value("bot_id"), "is_enterprise_install", false), nil
	case "chat.postMessage":
		return s.postMessage(p)
	case "chat.postEphemeral":
		c, err := s.channel(p.Value("channel"))
		if err != nil {
			return nil, err
		}
		if s.user(str(p.Value("user"))) == nil {
			return nil, fail("user_not_found")
		}
		if !hasContent(p) {
			return nil, fail("no_text")
		}
		_ = c
		return data.ObjectOf("message_ts", s.newTS()), nil
	case "chat.update":
		return s.updateMessage(p)
	case "chat.delete":
		c, err := s.channel(p.Value("channel"))
		if err != nil {
			return nil, err
		}
		i := s.message(str(c.Value("id")), str(p.Value("ts")))
		if i < 0 {
			return nil, fail("message_not_found")
		}
		if str(s.st.Messages[i].Value("user")) != str(s.st.Bot.Value("user_id")) {
			return nil, fail("cant_delete_message")
		}
		s.st.Messages = append(s.st.Messages[:i], s.st.Messages[i+1:]...)
		return data.ObjectOf("channel", c.Value("id"), "ts", p.Value("ts")), nil
	case "chat.getPermalink":
		c, err := s.channel(p.Value("channel"))
		if err != nil {
			return nil, err
		}
		ts := str(p.Value("message_ts"))
		if s.message(str(c.Value("id")), ts) < 0 {
			return nil, fail("message_not_found")
		}
		return data.ObjectOf("permalink", fmt.Sprintf("https://%s.slack.com/archives/%s/p%s", str(s.st.Team.Value("domain")), str(c.Value("id")), strings.ReplaceAll(ts, ".", "")),
			"channel", c.Value("id")), nil
	case "conversations.info":
		c, err := s.channel(p.Value("channel"))
		if err != nil {
			return nil, err
		}
		return data.ObjectOf("channel", c.Clone()), nil
	case "conversations.list":
		return s.listChannels(p)
	case "conversations.create":
		return s.createChannel(p)
	case "conversations.archive":
		c, err := s.channel(p.Value("channel"))
		if err != nil {
			return nil, err
		}
		if c.Value("is_archived") == true {
			return nil, fail("already_archived")
		}
		if c.Value("is_general") == true {
			return nil, fail("cant_archive_general")
		}
		c.Set("is_archived", true)
		return data.NewObject(0), nil
	case "conversations.history":
		return s.history(p)
	case "users.info":
		u := s.user(str(p.Value("user")))
		if u == nil {
			return nil, fail("user_not_found")
		}
		return data.ObjectOf("user", u.Clone()), nil
	case "users.list":
		list := make([]any, len(s.st.Users))
		for i, u := range s.st.Users {
			list[i] = u
		}
		page, next, err := pageOf(list, p)
		if err != nil {
			return nil, err
		}
		return data.ObjectOf("members", page, "cache_ts", s.st.Now, "response_metadata", data.ObjectOf("next_cursor", next)), nil
	case "users.profile.get":
		id := str(p.Value("user"))
		if id == "" {
			id = str(s.st.Bot.Value("user_id"))
		}
		u := s.user(id)
		if u == nil {
			return nil, fail("user_not_found")
		}
		prof, _ := u.Value("profile").(*data.Object)
		if prof == nil {
			prof = data.NewObject(0)
		}
		return data.ObjectOf("profile", prof.Clone()), nil
	case "reactions.add", "reactions.remove", "reactions.get":
		return s.reaction(method, p)
	case "files.getUploadURLExternal":
		name := str(p.Value("filename"))
		n, err := strconv.Atoi(str(p.Value("length")))
		if name == "" || err != nil || n <= 0 {
			return nil, fail("invalid_arguments")
		}
		id := s.newID("F")
		s.st.Uploads = append(s.st.Uploads, data.ObjectOf("file_id", id, "filename", name, "length", float64(n)))
		return data.ObjectOf("upload_url", "https://files.slack.com/upload/v1/"+id, "file_id", id), nil
	case "files.completeUploadExternal":
		return s.completeUpload(p)
	case "files.upload":
		return s.legacyUpload(p)
	case "files.info":
		for _, f := range s.st.Files {
			if str(f.Value("id")) == str(p.Value("file")) {
				return data.ObjectOf("file", withoutKey(f, "content")), nil
			}
		}
		return nil, fail("file_not_found")
	}
	return nil, fail("unknown_method")
}

// channel finds a conversation by id, name or #name; a user id opens the
// bot's direct message with that user.
func (s *Server) channel(v any) (*data.Object, *slackError) {
	id := str(v)
	if id == "" {
		return nil, fail("channel_not_found")
	}
	name := strings.TrimPrefix(id, "#")
	for _, c := range s.st.Channels {
		if str(c.Value("id")) == id || (!strings.HasPrefix(id, "C") && str(c.Value("name")) == name) || str(c.Value("name")) == name && strings.HasPrefix(id, "#") {
			return c, nil
		}
	}
	if u := s.user(strings.TrimPrefix(id, "@")); u != nil {
		im := data.ObjectOf("id", "D"+strings.TrimPrefix(str(u.Value("id")), "U"), "created", s.st.Now, "is_archived", false, "is_im", true,
			"is_org_shared", false, "context_team_id", s.st.Team.Value("id"), "updated", s.st.Now*1000, "user", u.Value("id"), "is_user_deleted", false, "priority", float64(0))
		for _, c := range s.st.Channels {
			if str(c.Value("id")) == str(im.Value("id")) {
				return c, nil
			}
		}
		s.st.Channels = append(s.st.Channels, im)
		return im, nil
	}
	return nil, fail("channel_not_found")
}

func (s *Server) user(id string) *data.Object {
	for _, u := range s.st.Users {
		if str(u.Value("id")) == id || (id != "" && str(u.Value("name")) == id) {
			return u
		}
	}
	return nil
}

func (s *Server) message(channel, ts string) int {
	for i, m := range s.st.Messages {
		if str(m.Value("channel")) == channel && str(m.Value("ts")) == ts {
			return i
		}
	}
	return -1
}

func hasContent(p *data.Object) bool {
	return str(p.Value("text")) != "" || !isBlank(p.Value("blocks")) || !isBlank(p.Value("attachments"))
}

func isBlank(v any) bool {
	if v == nil || data.IsUndefined(v) || v == "" {
		return true
	}
	if l, ok := v.([]any); ok {
		return len(l) == 0
	}
	return false
}

// jsonList reads a list parameter sent as JSON or as a JSON string.
func jsonList(v any) ([]any, bool) {
	if sv, ok := v.(string); ok {
		parsed, err := data.ParseJSONString(sv)
		if err != nil {
			return nil, false
		}
		v = parsed
	}
	l, ok := v.([]any)
	return l, ok
}

// content copies text, blocks and attachments into message m.
func (s *Server) content(m, p *data.Object) *slackError {
	if t, ok := p.Get("text"); ok && !isBlank(t) {
		m.Set("text", str(t))
	} else if !m.Has("text") {
		m.Set("text", "")
	}
	if a, ok := p.Get("attachments"); ok && !isBlank(a) {
		list, ok := jsonList(a)
		if !ok {
			return fail("invalid_attachments")
		}
		out := make([]any, 0, len(list))
		for i, e := range list {
			eo, ok := e.(*data.Object)
			if !ok {
				return fail("invalid_attachments")
			}
			c := data.ObjectOf("id", float64(i+1))
			for k, v := range eo.All() {
				c.Set(k, v)
			}
			if !c.Has("fallback") {
				c.Set("fallback", "[no preview available]")
			}
			out = append(out, c)
		}
		m.Set("attachments", out)
	}
	if b, ok := p.Get("blocks"); ok && !isBlank(b) {
		list, ok := jsonList(b)
		if !ok {
			return fail("invalid_blocks")
		}
		for j, e := range list {
			eo, ok := e.(*data.Object)
			if !ok || str(eo.Value("type")) == "" {
				return &slackError{code: "invalid_blocks", status: 200, extra: data.ObjectOf("errors", []any{fmt.Sprintf("missing required field: type [json-pointer:/blocks/%d]", j)})}
			}
			if !eo.Has("block_id") {
				eo = eo.Clone()
				eo.Set("block_id", fmt.Sprintf("b%03d", j+1))
				list[j] = eo
			}
		}
		m.Set("blocks", list)
	}
	return nil
}

func (s *Server) botProfile() *data.Object {
	return data.ObjectOf("id", s.st.Bot.Value("bot_id"), "app_id", s.st.Bot.Value("app_id"), "name", s.st.Bot.Value("name"),
		"icons", data.ObjectOf("image_36", "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png"), "deleted", false,
		"updated", s.st.Now, "team_id", s.st.Team.Value("id"))
}

func (s *Server) postMessage(p *data.Object) (*data.Object, *slackError) {
	c, err := s.channel(p.Value("channel"))
	if err != nil {
		return nil, err
	}
	if c.Value("is_archived") == true {
		return nil, fail("is_archived")
	}
	if !hasContent(p) {
		return nil, fail("no_text")
	}
	ts := s.newTS()
	m := data.ObjectOf("user", s.st.Bot.Value("user_id"), "type", "message", "ts", ts, "bot_id", s.st.Bot.Value("bot_id"), "app_id", s.st.Bot.Value("app_id"))
	if cerr := s.content(m, p); cerr != nil {
		s.st.Seq--
		return nil, cerr
	}
	text := m.Value("text")
	m.Delete("text")
	m.Set("text", text)
	m.Set("team", s.st.Team.Value("id"))
	if u := str(p.Value("username")); u != "" {
		m.Set("username", u)
	}
	m.Set("bot_profile", s.botProfile())
	if th := str(p.Value("thread_ts")); th != "" {
		if i := s.message(str(c.Value("id")), th); i >= 0 {
			m.Set("thread_ts", th)
			m.Set("parent_user_id", s.st.Messages[i].Value("user"))
			parent := s.st.Messages[i]
			n, _ := parent.Value("reply_count").(float64)
			parent.Set("thread_ts", th)
			parent.Set("reply_count", n+1)
			parent.Set("latest_reply", ts)
		}
	}
	// blocks and attachments last, as Slack lists them
	for _, k := range []string{"attachments", "blocks"} {
		if v, ok := m.Get(k); ok {
			m.Delete(k)
			m.Set(k, v)
		}
	}
	stored := data.ObjectOf("channel", c.Value("id"))
	for k, v := range m.All() {
		stored.Set(k, v)
	}
	s.st.Messages = append(s.st.Messages, stored)
	return data.ObjectOf("channel", c.Value("id"), "ts", ts, "message", m.Clone()), nil
}

func (s *Server) updateMessage(p *data.Object) (*data.Object, *slackError) {
	c, err := s.channel(p.Value("channel"))
	if err != nil {
		return nil, err
	}
	ts := str(p.Value("ts"))
	i := s.message(str(c.Value("id")), ts)
	if i < 0 {
		return nil, fail("message_not_found")
	}
	old := s.st.Messages[i]
	if str(old.Value("user")) != str(s.st.Bot.Value("user_id")) {
		return nil, fail("cant_update_message")
	}
	if !hasContent(p) {
		return nil, fail("no_text")
	}
	m := old.Clone()
	if !isBlank(p.Value("text")) {
		m.Set("text", str(p.Value("text")))
	}
	if cerr := s.content(m, p); cerr != nil {
		return nil, cerr
	}
	m.Set("edited", data.ObjectOf("user", s.st.Bot.Value("user_id"), "ts", s.newTS()))
	s.st.Messages[i] = m
	out := withoutKey(m, "channel")
	return data.ObjectOf("channel", c.Value("id"), "ts", ts, "text", m.Value("text"), "message", out), nil
}

var channelName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9_\-\p{L}]{1,80}$`)
})

func (s *Server) createChannel(p *data.Object) (*data.Object, *slackError) {
	name := str(p.Value("name"))
	if name == "" {
		return nil, fail("invalid_name_required")
	}
	if !channelName().MatchString(name) {
		return nil, fail("invalid_name_specials")
	}
	for _, c := range s.st.Channels {
		if str(c.Value("name")) == name {
			return nil, fail("name_taken")
		}
	}
	private, _ := p.Value("is_private").(bool)
	if sv, ok := p.Value("is_private").(string); ok {
		private = sv == "true"
	}
	empty := func() *data.Object { return data.ObjectOf("value", "", "creator", "", "last_set", float64(0)) }
	c := data.ObjectOf("id", s.newID("C"), "name", name, "is_channel", true, "is_group", false, "is_im", false, "is_mpim", false,
		"is_private", private, "created", s.st.Now, "is_archived", false, "is_general", false, "unlinked", float64(0),
		"name_normalized", name, "is_shared", false, "is_org_shared", false, "is_pending_ext_shared", false, "pending_shared", []any{},
		"context_team_id", s.st.Team.Value("id"), "updated", s.st.Now*1000, "parent_conversation", nil, "creator", s.st.Bot.Value("user_id"),
		"is_ext_shared", false, "shared_team_ids", []any{s.st.Team.Value("id")}, "pending_connected_team_ids", []any{},
		"is_member", true, "last_read", "0000000000.000000", "topic", empty(), "purpose", empty(), "previous_names", []any{}, "priority", float64(0))
	s.st.Channels = append(s.st.Channels, c)
	return data.ObjectOf("channel", c.Clone()), nil
}

func (s *Server) listChannels(p *data.Object) (*data.Object, *slackError) {
	types := map[string]bool{}
	for _, t := range strings.Split(str(p.Value("types")), ",") {
		if t = strings.TrimSpace(t); t != "" {
			types[t] = true
		}
	}
	if len(types) == 0 {
		types["public_channel"] = true
	}
	exclude := str(p.Value("exclude_archived")) == "true"
	var list []any
	for _, c := range s.st.Channels {
		kind := "public_channel"
		switch {
		case c.Value("is_im") == true:
			kind = "im"
		case c.Value("is_mpim") == true:
			kind = "mpim"
		case c.Value("is_private") == true:
			kind = "private_channel"
		}
		if !types[kind] || (exclude && c.Value("is_archived") == true) {
			continue
		}
		list = append(list, c)
	}
	page, next, err := pageOf(list, p)
	if err != nil {
		return nil, err
	}
	return data.ObjectOf("channels", page, "response_metadata", data.ObjectOf("next_cursor", next)), nil
}

// pageOf applies limit (default 100, at most 1000) and cursor paging.
func pageOf(list []any, p *data.Object) ([]any, string, *slackError) {
	limit := 100
	if l := str(p.Value("limit")); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			return nil, "", fail("invalid_limit")
		}
		if n > 0 {
			limit = min(n, 1000)
		}
	}
	start := 0
	if c := str(p.Value("cursor")); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		n, aerr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || aerr != nil || n < 0 || n > len(list) {
			return nil, "", fail("invalid_cursor")
		}
		start = n
	}
	end := min(start+limit, len(list))
	next := ""
	if end < len(list) {
		next = base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
	}
	page := make([]any, 0, end-start)
	for _, e := range list[start:end] {
		if o, ok := e.(*data.Object); ok {
			e = o.Clone()
		}
		page = append(page, e)
	}
	return page, next, nil
}

func (s *Server) history(p *data.Object) (*data.Object, *slackError) {
	c, err := s.channel(p.Value("channel"))
	if err != nil {
		return nil, err
	}
	oldest, _ := strconv.ParseFloat(str(p.Value("oldest")), 64)
	latest, lerr := strconv.ParseFloat(str(p.Value("latest")), 64)
	var list []any
	for _, m := range s.st.Messages {
		if str(m.Value("channel")) != str(c.Value("id")) {
			continue
		}
		if th := str(m.Value("thread_ts")); th != "" && th != str(m.Value("ts")) {
			continue // replies stay in their thread
		}
		ts, _ := strconv.ParseFloat(str(m.Value("ts")), 64)
		if ts < oldest || (lerr == nil && ts > latest) {
			continue
		}
		list = append(list, withoutKey(m, "channel"))
	}
	sort.SliceStable(list, func(i, j int) bool {
		return str(list[i].(*data.Object).Value("ts")) > str(list[j].(*data.Object).Value("ts"))
	})
	page, next, perr := pageOf(list, p)
	if perr != nil {
		return nil, perr
	}
	out := data.ObjectOf("messages", page, "has_more", next != "", "pin_count", float64(0), "channel_actions_ts", nil, "channel_actions_count", float64(0))
	if next != "" {
		out.Set("response_metadata", data.ObjectOf("next_cursor", next))
	}
	return out, nil
}

func (s *Server) reaction(method string, p *data.Object) (*data.Object, *slackError) {
	c, err := s.channel(p.Value("channel"))
	if err != nil {
		return nil, err
	}
	i := s.message(str(c.Value("id")), str(p.Value("timestamp")))
	if i < 0 {
		return nil, fail("message_not_found")
	}
	m := s.st.Messages[i]
	if method == "reactions.get" {
		return data.ObjectOf("type", "message", "channel", c.Value("id"), "message", withoutKey(m, "channel")), nil
	}
	name := strings.Trim(str(p.Value("name")), ":")
	if name == "" {
		return nil, fail("invalid_name")
	}
	me := s.st.Bot.Value("user_id")
	list, _ := m.Value("reactions").([]any)
	for j, r := range list {
		ro := r.(*data.Object)
		if ro.Value("name") != name {
			continue
		}
		users, _ := ro.Value("users").([]any)
		for k, u := range users {
			if u == me {
				if method == "reactions.add" {
					return nil, fail("already_reacted")
				}
				users = append(users[:k:k], users[k+1:]...)
				if len(users) == 0 {
					list = append(list[:j:j], list[j+1:]...)
				} else {
					ro.Set("users", users)
					ro.Set("count", float64(len(users)))
				}
				if len(list) == 0 {
					m.Delete("reactions")
				} else {
					m.Set("reactions", list)
				}
				return data.NewObject(0), nil
			}
		}
		if method == "reactions.remove" {
			return nil, fail("no_reaction")
		}
		ro.Set("users", append(users, me))
		ro.Set("count", float64(len(users)+1))
		return data.NewObject(0), nil
	}
	if method == "reactions.remove" {
		return nil, fail("no_reaction")
	}
	m.Set("reactions", append(list, data.ObjectOf("name", name, "users", []any{me}, "count", float64(1))))
	return data.NewObject(0), nil
}

// receiveUpload stores the bytes posted to an upload URL.
func (s *Server) receiveUpload(id string, p *data.Object) (int, error) {
	for _, u := range s.st.Uploads {
		if str(u.Value("file_id")) == id {
			f, ok := p.Value("file").(*upload)
			if !ok {
				return 0, fmt.Errorf("no file part")
			}
			u.Set("received", float64(len(f.data)))
			u.Set("mimetype", f.contentType)
			u.Set("content", base64.StdEncoding.EncodeToString(f.data))
			return len(f.data), nil
		}
	}
	return 0, fmt.Errorf("unknown upload")
}

func (s *Server) fileObject(id, name, title, mimeType string, size int) *data.Object {
	ext := strings.TrimPrefix(path.Ext(name), ".")
	if ext == "" {
		ext = "text"
	}
	domain := str(s.st.Team.Value("domain"))
	return data.ObjectOf("id", id, "created", s.st.Now, "timestamp", s.st.Now, "name", name, "title", title,
		"mimetype", mimeType, "filetype", ext, "pretty_type", strings.ToUpper(ext), "user", s.st.Bot.Value("user_id"),
		"user_team", s.st.Team.Value("id"), "editable", false, "size", float64(size), "mode", "hosted", "is_external", false,
		"external_type", "", "is_public", false, "public_url_shared", false, "display_as_bot", false, "username", "",
		"url_private", fmt.Sprintf("https://files.slack.com/files-pri/%s-%s/%s", s.st.Team.Value("id"), id, name),
		"url_private_download", fmt.Sprintf("https://files.slack.com/files-pri/%s-%s/download/%s", s.st.Team.Value("id"), id, name),
		"permalink", fmt.Sprintf("https://%s.slack.com/files/%s/%s/%s", domain, s.st.Bot.Value("user_id"), id, name),
		"permalink_public", fmt.Sprintf("https://slack-files.com/%s-%s-0000", s.st.Team.Value("id"), id),
		"comments_count", float64(0), "is_starred", false, "shares", data.NewObject(0), "channels", []any{}, "groups", []any{},
		"ims", []any{}, "has_more_shares", false, "has_rich_preview", false, "file_access", "visible")
}

// share posts a file's message in a channel and records the share.
func (s *Server) share(f *data.Object, channel any, comment, threadTS string) *slackError {
	if isBlank(channel) {
		return nil
	}
	for _, ch := range strings.Split(str(channel), ",") {
		c, err := s.channel(strings.TrimSpace(ch))
		if err != nil {
			return err
		}
		ts := s.newTS()
		m := data.ObjectOf("channel", c.Value("id"), "user", s.st.Bot.Value("user_id"), "type", "message", "ts", ts, "text", comment,
			"files", []any{data.ObjectOf("id", f.Value("id"), "name", f.Value("name"))}, "upload", true)
		if threadTS != "" {
			m.Set("thread_ts", threadTS)
		}
		s.st.Messages = append(s.st.Messages, m)
		list, _ := f.Value("channels").([]any)
		f.Set("channels", append(list, c.Value("id")))
	}
	return nil
}

func (s *Server) completeUpload(p *data.Object) (*data.Object, *slackError) {
	list, ok := jsonList(p.Value("files"))
	if !ok || len(list) == 0 {
		return nil, fail("invalid_arguments")
	}
	out := []any{}
	for _, e := range list {
		eo, _ := e.(*data.Object)
		if eo == nil {
			return nil, fail("invalid_arguments")
		}
		id := str(eo.Value("id"))
		var up *data.Object
		for j, u := range s.st.Uploads {
			if str(u.Value("file_id")) == id {
				up = u
				s.st.Uploads = append(s.st.Uploads[:j:j], s.st.Uploads[j+1:]...)
				break
			}
		}
		if up == nil || !up.Has("received") {
			return nil, fail("file_not_found")
		}
		if up.Value("received") != up.Value("length") {
			return nil, fail("file_upload_size_mismatch")
		}
		title := str(eo.Value("title"))
		if title == "" {
			title = str(up.Value("filename"))
		}
		size, _ := up.Value("received").(float64)
		f := s.fileObject(id, str(up.Value("filename")), title, str(up.Value("mimetype")), int(size))
		f.Set("content", up.Value("content"))
		ch := p.Value("channel_id")
		if isBlank(ch) {
			ch = p.Value("channels")
		}
		if err := s.share(f, ch, str(p.Value("initial_comment")), str(p.Value("thread_ts"))); err != nil {
			return nil, err
		}
		s.st.Files = append(s.st.Files, f)
		out = append(out, withoutKey(f, "content"))
	}
	return data.ObjectOf("files", out), nil
}

func (s *Server) legacyUpload(p *data.Object) (*data.Object, *slackError) {
	var content []byte
	name, mimeType := str(p.Value("filename")), "text/plain"
	switch f := p.Value("file").(type) {
	case *upload:
		content, mimeType = f.data, f.contentType
		if name == "" {
			name = f.name
		}
	default:
		if c := str(p.Value("content")); c != "" {
			content = []byte(c)
		} else {
			return nil, fail("no_file_data")
		}
	}
	if name == "" {
		name = "-.txt"
	}
	title := str(p.Value("title"))
	if title == "" {
		title = name
	}
	f := s.fileObject(s.newID("F"), name, title, mimeType, len(content))
	f.Set("content", base64.StdEncoding.EncodeToString(content))
	if err := s.share(f, p.Value("channels"), str(p.Value("initial_comment")), str(p.Value("thread_ts"))); err != nil {
		return nil, err
	}
	s.st.Files = append(s.st.Files, f)
	return data.ObjectOf("file", withoutKey(f, "content")), nil
}

func withoutKey(o *data.Object, key string) *data.Object {
	c := o.Clone()
	c.Delete(key)
	return c
}
