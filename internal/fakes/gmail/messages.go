package gmail

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MessageOut is a message as users.messages.get answers it; the format
// decides which fields are set. Field order is the API's.
type MessageOut struct {
	ID           string   `json:"id"`
	ThreadID     string   `json:"threadId"`
	LabelIDs     []string `json:"labelIds,omitempty"`
	Snippet      *string  `json:"snippet,omitempty"`
	Payload      *Part    `json:"payload,omitempty"`
	SizeEstimate *int     `json:"sizeEstimate,omitempty"`
	Raw          string   `json:"raw,omitempty"`
	HistoryID    string   `json:"historyId,omitempty"`
	InternalDate string   `json:"internalDate,omitempty"`
}

// ref is a list entry: id and threadId only.
type ref struct {
	ID       string `json:"id"`
	ThreadID string `json:"threadId"`
}

func (s *Server) message(id string) *Message {
	for _, m := range s.st.Messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// validID is Gmail's check of a message id: hex digits.
func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func (s *Server) findMessage(id string) (*Message, *apiError) {
	if !validID(id) {
		return nil, invalid("Invalid id value")
	}
	m := s.message(id)
	if m == nil {
		return nil, notFound()
	}
	return m, nil
}

// render gives m in a format: minimal, metadata (headers limited to
// metadataHeaders when given), full (default) or raw.
func render(m *Message, format string, metadataHeaders []string) (*MessageOut, *apiError) {
	out := &MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs, HistoryID: m.HistoryID, InternalDate: m.InternalDate}
	if out.LabelIDs == nil {
		out.LabelIDs = []string{}
	}
	snip, size := m.Snippet, m.SizeEstimate
	out.Snippet, out.SizeEstimate = &snip, &size
	switch strings.ToLower(format) {
	case "minimal":
	case "", "full":
		out.Payload = payload(parseMIME(m.MIME), "", m.ID)
	case "metadata":
		e := parseMIME(m.MIME)
		p := &Part{PartID: "", MimeType: e.mimeType, Filename: "", Headers: []header{}}
		for _, h := range e.headers {
			if len(metadataHeaders) == 0 || slices.ContainsFunc(metadataHeaders, func(n string) bool { return strings.EqualFold(n, h.Name) }) {
				p.Headers = append(p.Headers, h)
			}
		}
		out.Payload = p
	case "raw":
		out.Raw = base64.URLEncoding.EncodeToString([]byte(m.MIME))
	default:
		return nil, invalid("Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.Format), %q", format)
	}
	return out, nil
}

func (s *Server) messages(method string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	switch {
	case len(rest) == 0 && method == http.MethodGet:
		return s.listMessages(q)
	case len(rest) == 1 && rest[0] == "send" && method == http.MethodPost:
		m, err := s.insert(body, []string{"SENT"})
		if err != nil {
			return 0, nil, err
		}
		return 200, MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs}, nil
	case len(rest) == 0 && method == http.MethodPost: // users.messages.insert
		m, err := s.insert(body, stringList(body["labelIds"]))
		if err != nil {
			return 0, nil, err
		}
		return 200, MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs}, nil
	case len(rest) == 1 && method == http.MethodGet:
		m, err := s.findMessage(rest[0])
		if err != nil {
			return 0, nil, err
		}
		out, err := render(m, q.Get("format"), q["metadataHeaders"])
		if err != nil {
			return 0, nil, err
		}
		return 200, out, nil
	case len(rest) == 1 && method == http.MethodDelete:
		m, err := s.findMessage(rest[0])
		if err != nil {
			return 0, nil, err
		}
		s.deleteMessage(m)
		return 204, nil, nil
	case len(rest) == 2 && method == http.MethodPost:
		m, err := s.findMessage(rest[0])
		if err != nil {
			return 0, nil, err
		}
		var add, remove []string
		switch rest[1] {
		case "modify":
			add, remove = stringList(body["addLabelIds"]), stringList(body["removeLabelIds"])
		case "trash":
			add, remove = []string{"TRASH"}, nil
		case "untrash":
			add, remove = nil, []string{"TRASH"}
		default:
			return 0, nil, notFound()
		}
		if err := s.modify(m, add, remove); err != nil {
			return 0, nil, err
		}
		return 200, MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs}, nil
	case len(rest) == 3 && rest[1] == "attachments" && method == http.MethodGet:
		m, err := s.findMessage(rest[0])
		if err != nil {
			return 0, nil, err
		}
		part := findAttachment(parseMIME(m.MIME), m.ID, rest[2])
		if part == nil {
			return 0, nil, invalid("Invalid attachment token")
		}
		return 200, struct {
			Size int    `json:"size"`
			Data string `json:"data"`
		}{len(part.body), base64.URLEncoding.EncodeToString(part.body)}, nil
	}
	return 0, nil, notFound()
}

func stringList(v any) []string {
	switch x := v.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string:
		return []string{x}
	}
	return nil
}

// visible is the mailbox view of list and search: newest first, SPAM and
// TRASH left out unless includeSpamTrash, labelIds all present, q matched.
func (s *Server) visible(q url.Values) []*Message {
	terms := parseQ(q.Get("q"))
	labels := q["labelIds"]
	spamTrash := q.Get("includeSpamTrash") == "true"
	var out []*Message
	for _, m := range s.st.Messages {
		if !spamTrash && (hasLabel(m, "SPAM") || hasLabel(m, "TRASH")) && !slices.Contains(labels, "SPAM") && !slices.Contains(labels, "TRASH") {
			continue
		}
		if hasLabel(m, "DRAFT") && !slices.Contains(labels, "DRAFT") && !strings.Contains(q.Get("q"), "draft") {
			continue
		}
		ok := true
		for _, l := range labels {
			if !hasLabel(m, l) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if len(terms) > 0 && !s.matches(m, parseMIME(m.MIME), terms) {
			continue
		}
		out = append(out, m)
	}
	// Newest first; for equal dates the later created first.
	idx := make(map[*Message]int, len(out))
	for i, m := range out {
		idx[m] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := strconv.ParseInt(out[i].InternalDate, 10, 64)
		b, _ := strconv.ParseInt(out[j].InternalDate, 10, 64)
		if a != b {
			return a > b
		}
		return idx[out[i]] > idx[out[j]]
	})
	return out
}

// page cuts one page of n items: maxResults (default def, at most 500)
// from the offset pageToken names. next is "" on the last page.
func page(n int, q url.Values, def int) (from, to int, next string, err *apiError) {
	size := def
	if v := q.Get("maxResults"); v != "" {
		x, perr := strconv.Atoi(v)
		if perr != nil || x < 0 {
			return 0, 0, "", invalid("Invalid value at 'max_results' (TYPE_UINT32), %q", v)
		}
		if x > 0 {
			size = min(x, 500)
		}
	}
	if t := q.Get("pageToken"); t != "" {
		x, perr := strconv.Atoi(t)
		if perr != nil || x < 0 {
			return 0, 0, "", invalid("Invalid pageToken")
		}
		from = min(x, n)
	}
	to = min(from+size, n)
	if to < n {
		next = strconv.Itoa(to)
	}
	return from, to, next, nil
}

func (s *Server) listMessages(q url.Values) (int, any, *apiError) {
	all := s.visible(q)
	from, to, next, err := page(len(all), q, 100)
	if err != nil {
		return 0, nil, err
	}
	type list struct {
		Messages           []ref  `json:"messages,omitempty"`
		NextPageToken      string `json:"nextPageToken,omitempty"`
		ResultSizeEstimate int    `json:"resultSizeEstimate"`
	}
	out := list{NextPageToken: next, ResultSizeEstimate: len(all)}
	for _, m := range all[from:to] {
		out.Messages = append(out.Messages, ref{m.ID, m.ThreadID})
	}
	return 200, out, nil
}

// insert stores a message from a {raw, threadId} body with labels. The
// thread is the body's threadId, else the thread of the message the new
// one answers (In-Reply-To / References), else a new one.
func (s *Server) insert(body map[string]any, labels []string) (*Message, *apiError) {
	text, ok := decodeRaw(body["raw"])
	if !ok {
		return nil, invalid("'raw' RFC822 payload message string or uploading message via /upload/* URL required")
	}
	for _, l := range labels {
		if s.label(l) == nil {
			return nil, invalid("Invalid label: %s", l)
		}
	}
	m := &Message{ID: s.newID(), LabelIDs: append([]string{}, labels...)}
	// The random parts of the message are replaced (Normalize), and the
	// generated Message-ID and Date stamped from the fake's id and clock,
	// so two runs store the same message and read the same date back.
	m.InternalDate = strconv.FormatInt(s.st.Clock, 10)
	s.st.Clock += 1000
	m.MIME = stamp(Normalize(text), m.ID, m.InternalDate)
	if t, _ := body["threadId"].(string); t != "" {
		if !s.threadExists(t) {
			return nil, notFound()
		}
		m.ThreadID = t
	} else {
		m.ThreadID = s.threadOf(parseMIME(text))
	}
	if m.ThreadID == "" {
		m.ThreadID = m.ID
	}
	s.st.Messages = append(s.st.Messages, m)
	s.fill(m)
	return m, nil
}

func (s *Server) threadExists(id string) bool {
	for _, m := range s.st.Messages {
		if m.ThreadID == id {
			return true
		}
	}
	return false
}

// threadOf finds the thread of the message e answers.
func (s *Server) threadOf(e *entity) string {
	refs := strings.Fields(e.get("In-Reply-To") + " " + e.get("References"))
	if len(refs) == 0 {
		return ""
	}
	for _, m := range s.st.Messages {
		id := parseMIME(m.MIME).get("Message-ID")
		if id != "" && slices.Contains(refs, id) {
			return m.ThreadID
		}
	}
	return ""
}

// modify adds then removes labels, keeping the existing order and
// appending new ones.
func (s *Server) modify(m *Message, add, remove []string) *apiError {
	for _, l := range append(append([]string{}, add...), remove...) {
		if s.label(l) == nil {
			return invalid("Invalid label: %s", l)
		}
	}
	for _, l := range add {
		if !slices.Contains(m.LabelIDs, l) {
			m.LabelIDs = append(m.LabelIDs, l)
		}
	}
	m.LabelIDs = slices.DeleteFunc(m.LabelIDs, func(l string) bool { return slices.Contains(remove, l) })
	s.st.History++
	m.HistoryID = strconv.FormatUint(s.st.History, 10)
	return nil
}

func (s *Server) deleteMessage(m *Message) {
	s.st.Messages = slices.DeleteFunc(s.st.Messages, func(x *Message) bool { return x == m })
	s.st.Drafts = slices.DeleteFunc(s.st.Drafts, func(d *Draft) bool { return d.MessageID == m.ID })
	s.st.History++
}

// stamp puts a Message-ID made of the message id and a Date of its
// internalDate where Normalize left placeholders.
func stamp(text, id, internalDate string) string {
	ms, _ := strconv.ParseInt(internalDate, 10, 64)
	date := time.UnixMilli(ms).UTC().Format("Mon, 02 Jan 2006 15:04:05 +0000")
	text = strings.Replace(text, "Message-ID: <normalized-message-id>", "Message-ID: <"+id+"@fake.gmail>", 1)
	return strings.Replace(text, "Date: normalized-date", "Date: "+date, 1)
}
