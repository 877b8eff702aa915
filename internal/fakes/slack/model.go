package slack

import (
	"encoding/json"
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
)

// State is the fake's whole state, as seeded and dumped. Objects are
// ordered JSON objects so answers and dumps keep Slack's key order.
type State struct {
	// Now is the Unix time of every timestamp; Seq numbers message
	// timestamps (ts = "<now>.<seq>") so recordings compare.
	Now    float64 `json:"now"`
	Seq    float64 `json:"seq"`
	NextID float64 `json:"nextId"`
	// Team is {id, name, domain}; Bot is the token's bot {user_id,
	// bot_id, app_id, name}.
	Team *data.Object `json:"team"`
	Bot  *data.Object `json:"bot"`
	// Users are users.info's answers.
	Users []*data.Object `json:"users"`
	// Channels are conversations.info's answers.
	Channels []*data.Object `json:"channels"`
	// Messages are every message, each with its channel id under
	// "channel" (not part of answers).
	Messages []*data.Object `json:"messages"`
	// Members are each channel's member ids, by channel id (filled on
	// first use: every user, and the bot when it is_member).
	Members map[string][]string `json:"members,omitempty"`
	// Files are the shared files; Uploads the pending external uploads.
	Files   []*data.Object `json:"files"`
	Uploads []*data.Object `json:"uploads"`
}

func emptyState() State {
	return State{Now: 1767225600, Seq: 1, NextID: 1,
		Team: data.ObjectOf("id", "T0000TEAM", "name", "n8n test", "domain", "n8n-test"),
		Bot:  data.ObjectOf("user_id", "U0000BOT1", "bot_id", "B0000BOT1", "app_id", "A0000APP1", "name", "n8n")}
}

// Seed replaces the whole state with a State document.
func (s *Server) Seed(doc []byte) error {
	st := emptyState()
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakeslack: seed: %w", err)
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

// newTS is the next message timestamp.
func (s *Server) newTS() string {
	ts := fmt.Sprintf("%.0f.%06.0f", s.st.Now, s.st.Seq)
	s.st.Seq++
	return ts
}

// newID is the next id with a prefix (C channel, F file…).
func (s *Server) newID(prefix string) string {
	id := fmt.Sprintf("%s%08.0f", prefix, s.st.NextID)
	s.st.NextID++
	return id
}
