package gmail

// Entities are structs whose field order follows the real API's answers,
// so dumps and node outputs read like Gmail's.

// Label is a Gmail label. System labels have no visibility fields.
type Label struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	MessageListVisibility string `json:"messageListVisibility,omitempty"`
	LabelListVisibility   string `json:"labelListVisibility,omitempty"`
	Type                  string `json:"type"`
}

// Message is a stored message. MIME is the whole RFC 822 text (the API's
// raw format decoded); Snippet and SizeEstimate are derived from it when a
// seed leaves them out.
type Message struct {
	ID           string   `json:"id"`
	ThreadID     string   `json:"threadId"`
	LabelIDs     []string `json:"labelIds"`
	Snippet      string   `json:"snippet"`
	SizeEstimate int      `json:"sizeEstimate"`
	HistoryID    string   `json:"historyId"`
	InternalDate string   `json:"internalDate"`
	MIME         string   `json:"mime"`
}

// Draft is a draft: an id and the message it holds.
type Draft struct {
	ID        string `json:"id"`
	MessageID string `json:"messageId"`
}

// State is the whole store, the format of Seed and Dump. Lists are in
// creation order; NextID numbers new ids, Clock (ms since the epoch) is the
// internalDate of the next message (it advances one second per message so
// runs compare); History numbers historyIds.
type State struct {
	Email    string     `json:"email"`
	NextID   uint64     `json:"nextId"`
	Clock    int64      `json:"clock"`
	History  uint64     `json:"history"`
	Labels   []*Label   `json:"labels"`
	Messages []*Message `json:"messages"`
	Drafts   []*Draft   `json:"drafts"`
}

// systemLabels are the labels every mailbox has, in the order
// users.labels.list answers them.
func systemLabels() []*Label {
	sys := func(id string, vis ...string) *Label {
		l := &Label{ID: id, Name: id, Type: "system"}
		if len(vis) == 2 {
			l.MessageListVisibility, l.LabelListVisibility = vis[0], vis[1]
		}
		return l
	}
	return []*Label{
		sys("CHAT"), sys("SENT"), sys("INBOX"), sys("IMPORTANT"), sys("TRASH"), sys("DRAFT"),
		sys("SPAM"), sys("CATEGORY_FORUMS"), sys("CATEGORY_UPDATES"), sys("CATEGORY_PERSONAL"),
		sys("CATEGORY_PROMOTIONS"), sys("CATEGORY_SOCIAL"), sys("STARRED"), sys("UNREAD"),
	}
}
