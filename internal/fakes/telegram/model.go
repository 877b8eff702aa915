package telegram

import (
	"encoding/json"
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
)

// State is the fake's whole state, as seeded and dumped. Objects are kept
// as ordered JSON objects so answers and dumps keep the Bot API's key
// order.
type State struct {
	// Now is the Unix time every message is dated with (a fixed clock
	// keeps recordings comparable).
	Now           float64 `json:"now"`
	NextMessageID float64 `json:"nextMessageId"`
	NextFileID    float64 `json:"nextFileId"`
	// Bot is getMe's answer.
	Bot *data.Object `json:"bot"`
	// Chats are getChat's answers (id, type, title/username/first_name…).
	Chats []*data.Object `json:"chats"`
	// Members are getChatMember's answers with the chat's id under chat_id.
	Members []*data.Object `json:"members"`
	// Messages are every message the bot sent or was seeded with.
	Messages []*data.Object `json:"messages"`
	// Pins are {chat_id, message_id} in pin order.
	Pins []*data.Object `json:"pins"`
	// CallbackQueries are the queries that may be answered ({id}); an
	// answer is recorded in Answers.
	CallbackQueries []*data.Object `json:"callbackQueries"`
	Answers         []*data.Object `json:"answers"`
	// ChatActions are the sendChatAction calls.
	ChatActions []*data.Object `json:"chatActions"`
	// Webhook is the registration (setWebhook's parameters), nil when none.
	Webhook *data.Object `json:"webhook"`
	// Files are uploads and seeded files: getFile's answer plus the
	// content (base64) under "content".
	Files []*data.Object `json:"files"`
}

func emptyState() State {
	return State{Now: 1767225600, NextMessageID: 1, NextFileID: 1,
		Bot: data.ObjectOf("id", float64(7000000001), "is_bot", true, "first_name", "n8n test bot", "username", "n8n_test_bot",
			"can_join_groups", true, "can_read_all_group_messages", false, "supports_inline_queries", false)}
}

// Seed replaces the whole state with a State document; missing fields keep
// emptyState's values.
func (s *Server) Seed(doc []byte) error {
	st := emptyState()
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("faketelegram: seed: %w", err)
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// Dump returns the whole state as a State document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}

// WebhookURL is the registered webhook's URL ("" when none).
func (s *Server) WebhookURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Webhook == nil {
		return ""
	}
	u, _ := s.st.Webhook.Value("url").(string)
	return u
}

// Webhook returns a copy of the registration (nil when none).
func (s *Server) Webhook() *data.Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.Webhook == nil {
		return nil
	}
	return s.st.Webhook.Clone()
}
