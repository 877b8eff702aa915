package slack

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// members lists a channel's member ids: the seeded list, or every user
// and the bot when none was seeded (is_member true) / none but the users.
func (s *Server) members(c *data.Object) []string {
	id := str(c.Value("id"))
	if s.st.Members == nil {
		s.st.Members = map[string][]string{}
	}
	if m, ok := s.st.Members[id]; ok {
		return m
	}
	var m []string
	for _, u := range s.st.Users {
		m = append(m, str(u.Value("id")))
	}
	if c.Value("is_member") == true {
		m = append(m, str(s.st.Bot.Value("user_id")))
	}
	s.st.Members[id] = m
	return m
}

func (s *Server) setMembers(c *data.Object, m []string) {
	s.members(c)
	s.st.Members[str(c.Value("id"))] = m
	c.Set("is_member", slices.Contains(m, str(s.st.Bot.Value("user_id"))))
}

// conversation answers the conversations.* methods of channel membership
// and settings; ok is false for another method.
func (s *Server) conversation(method string, p *data.Object) (*data.Object, *slackError, bool) {
	switch method {
	case "conversations.join", "conversations.leave", "conversations.invite", "conversations.kick",
		"conversations.rename", "conversations.setPurpose", "conversations.setTopic", "conversations.unarchive",
		"conversations.replies", "conversations.members", "conversations.close":
	default:
		return nil, nil, false
	}
	c, err := s.channel(p.Value("channel"))
	if err != nil {
		return nil, err, true
	}
	bot := str(s.st.Bot.Value("user_id"))
	archived := c.Value("is_archived") == true
	switch method {
	case "conversations.join":
		if archived {
			return nil, fail("is_archived"), true
		}
		if c.Value("is_private") == true && !slices.Contains(s.members(c), bot) {
			return nil, fail("method_not_supported_for_channel_type"), true
		}
		m := s.members(c)
		if slices.Contains(m, bot) {
			return data.ObjectOf("channel", c.Clone(), "warning", "already_in_channel",
				"response_metadata", data.ObjectOf("warnings", []any{"already_in_channel"})), nil, true
		}
		s.setMembers(c, append(slices.Clone(m), bot))
		return data.ObjectOf("channel", c.Clone()), nil, true
	case "conversations.leave":
		if c.Value("is_general") == true {
			return nil, fail("cant_leave_general"), true
		}
		m := s.members(c)
		if !slices.Contains(m, bot) {
			return data.ObjectOf("not_in_channel", true), nil, true
		}
		s.setMembers(c, slices.DeleteFunc(slices.Clone(m), func(u string) bool { return u == bot }))
		return data.NewObject(0), nil, true
	case "conversations.invite":
		if archived {
			return nil, fail("is_archived"), true
		}
		if !slices.Contains(s.members(c), bot) {
			return nil, fail("not_in_channel"), true
		}
		m := slices.Clone(s.members(c))
		for _, u := range strings.Split(str(p.Value("users")), ",") {
			u = strings.TrimSpace(u)
			switch {
			case u == "":
				return nil, fail("no_user"), true
			case u == bot:
				return nil, fail("cant_invite_self"), true
			case s.user(u) == nil:
				return nil, fail("user_not_found"), true
			case slices.Contains(m, u):
				return nil, fail("already_in_channel"), true
			}
			m = append(m, u)
		}
		s.setMembers(c, m)
		return data.ObjectOf("channel", c.Clone()), nil, true
	case "conversations.kick":
		u := str(p.Value("user"))
		m := s.members(c)
		if u == bot {
			return nil, fail("cant_kick_self"), true
		}
		if !slices.Contains(m, u) {
			return nil, fail("not_in_channel"), true
		}
		s.setMembers(c, slices.DeleteFunc(slices.Clone(m), func(x string) bool { return x == u }))
		return data.NewObject(0), nil, true
	case "conversations.close":
		return data.ObjectOf("no_op", true, "already_closed", true), nil, true
	case "conversations.rename":
		name := str(p.Value("name"))
		if name == "" {
			return nil, fail("invalid_name_required"), true
		}
		if !channelName().MatchString(name) {
			return nil, fail("invalid_name_specials"), true
		}
		for _, o := range s.st.Channels {
			if o != c && str(o.Value("name")) == name {
				return nil, fail("name_taken"), true
			}
		}
		if archived {
			return nil, fail("is_archived"), true
		}
		prev, _ := c.Value("previous_names").([]any)
		c.Set("previous_names", append(slices.Clone(prev), c.Value("name")))
		c.Set("name", name)
		c.Set("name_normalized", name)
		return data.ObjectOf("channel", c.Clone()), nil, true
	case "conversations.setPurpose", "conversations.setTopic":
		key := "purpose"
		if method == "conversations.setTopic" {
			key = "topic"
		}
		if archived {
			return nil, fail("is_archived"), true
		}
		if !slices.Contains(s.members(c), bot) {
			return nil, fail("not_in_channel"), true
		}
		c.Set(key, data.ObjectOf("value", str(p.Value(key)), "creator", bot, "last_set", s.st.Now))
		return data.ObjectOf("channel", c.Clone()), nil, true
	case "conversations.unarchive":
		if !archived {
			return nil, fail("not_archived"), true
		}
		c.Set("is_archived", false)
		return data.NewObject(0), nil, true
	case "conversations.members":
		list := []any{}
		for _, u := range s.members(c) {
			list = append(list, u)
		}
		page, next, perr := pageOf(list, p)
		if perr != nil {
			return nil, perr, true
		}
		return data.ObjectOf("members", page, "response_metadata", data.ObjectOf("next_cursor", next)), nil, true
	}
	// conversations.replies: the parent, then its replies oldest first.
	ts := str(p.Value("ts"))
	if ts == "" {
		return nil, fail("invalid_arguments"), true
	}
	id := str(c.Value("id"))
	pi := s.message(id, ts)
	if pi < 0 {
		return nil, fail("thread_not_found"), true
	}
	oldest, _ := strconv.ParseFloat(str(p.Value("oldest")), 64)
	latest, lerr := strconv.ParseFloat(str(p.Value("latest")), 64)
	var list []any
	for _, m := range s.st.Messages {
		if str(m.Value("channel")) != id || (str(m.Value("ts")) != ts && str(m.Value("thread_ts")) != ts) {
			continue
		}
		t, _ := strconv.ParseFloat(str(m.Value("ts")), 64)
		if t < oldest || (lerr == nil && t > latest) {
			continue
		}
		list = append(list, withoutKey(m, "channel"))
	}
	sort.SliceStable(list, func(i, j int) bool {
		return str(list[i].(*data.Object).Value("ts")) < str(list[j].(*data.Object).Value("ts"))
	})
	page, next, perr := pageOf(list, p)
	if perr != nil {
		return nil, perr, true
	}
	out := data.ObjectOf("messages", page, "has_more", next != "")
	if next != "" {
		out.Set("response_metadata", data.ObjectOf("next_cursor", next))
	}
	return out, nil, true
}

// presence is users.getPresence: the seeded "presence" of the user
// ("away" when none), with the details Slack adds for the caller itself.
func (s *Server) presence(p *data.Object) (*data.Object, *slackError) {
	id := str(p.Value("user"))
	if id == "" {
		id = str(s.st.Bot.Value("user_id"))
	}
	if id == str(s.st.Bot.Value("user_id")) {
		return data.ObjectOf("presence", "active", "online", true, "auto_away", false, "manual_away", false,
			"connection_count", float64(1), "last_activity", s.st.Now), nil
	}
	u := s.user(id)
	if u == nil {
		return nil, fail("user_not_found")
	}
	pr := str(u.Value("presence"))
	if pr == "" {
		pr = "away"
	}
	return data.ObjectOf("presence", pr), nil
}
