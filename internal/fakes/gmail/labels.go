package gmail

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) label(id string) *Label {
	for _, l := range s.st.Labels {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// labelDetail is users.labels.get's answer: the label with its counts.
type labelDetail struct {
	*Label
	MessagesTotal  int `json:"messagesTotal"`
	MessagesUnread int `json:"messagesUnread"`
	ThreadsTotal   int `json:"threadsTotal"`
	ThreadsUnread  int `json:"threadsUnread"`
}

// created is users.labels.create's answer: no type.
type created struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	MessageListVisibility string `json:"messageListVisibility,omitempty"`
	LabelListVisibility   string `json:"labelListVisibility,omitempty"`
}

func (s *Server) labels(method string, rest []string, body map[string]any) (int, any, *apiError) {
	switch {
	case len(rest) == 0 && method == http.MethodGet:
		return 200, struct {
			Labels []*Label `json:"labels"`
		}{s.st.Labels}, nil
	case len(rest) == 0 && method == http.MethodPost:
		name, _ := body["name"].(string)
		name = strings.TrimSpace(name)
		if name == "" {
			return 0, nil, invalid("Invalid label name")
		}
		for _, l := range s.st.Labels {
			if strings.EqualFold(l.Name, name) {
				return 0, nil, &apiError{409, "Label name exists or conflicts", "duplicate", "", "ABORTED"}
			}
		}
		l := &Label{ID: "Label_" + strconv.FormatUint(s.next(), 10), Name: name, Type: "user"}
		l.MessageListVisibility, _ = body["messageListVisibility"].(string)
		l.LabelListVisibility, _ = body["labelListVisibility"].(string)
		s.st.Labels = append(s.st.Labels, l)
		return 200, created{l.ID, l.Name, l.MessageListVisibility, l.LabelListVisibility}, nil
	case len(rest) == 1 && method == http.MethodGet:
		l := s.label(rest[0])
		if l == nil {
			return 0, nil, notFound()
		}
		d := labelDetail{Label: l}
		threads, unreadThreads := map[string]bool{}, map[string]bool{}
		for _, m := range s.st.Messages {
			if !hasLabel(m, l.ID) {
				continue
			}
			d.MessagesTotal++
			threads[m.ThreadID] = true
			if hasLabel(m, "UNREAD") {
				d.MessagesUnread++
				unreadThreads[m.ThreadID] = true
			}
		}
		d.ThreadsTotal, d.ThreadsUnread = len(threads), len(unreadThreads)
		return 200, d, nil
	case len(rest) == 1 && method == http.MethodDelete:
		l := s.label(rest[0])
		if l == nil {
			return 0, nil, notFound()
		}
		if l.Type == "system" {
			return 0, nil, invalid("Invalid delete request")
		}
		s.st.Labels = slices.DeleteFunc(s.st.Labels, func(x *Label) bool { return x == l })
		for _, m := range s.st.Messages {
			m.LabelIDs = slices.DeleteFunc(m.LabelIDs, func(x string) bool { return x == l.ID })
		}
		return 204, nil, nil
	}
	return 0, nil, notFound()
}
