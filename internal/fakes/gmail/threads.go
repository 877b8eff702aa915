package gmail

import (
	"net/http"
	"net/url"
)

func (s *Server) threads(method string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	type threadRef struct {
		ID        string `json:"id"`
		Snippet   string `json:"snippet"`
		HistoryID string `json:"historyId"`
	}
	switch {
	case len(rest) == 0 && method == http.MethodGet:
		var all []threadRef
		seen := map[string]bool{}
		for _, m := range s.visible(q) {
			if seen[m.ThreadID] {
				continue
			}
			seen[m.ThreadID] = true
			all = append(all, threadRef{m.ThreadID, m.Snippet, m.HistoryID})
		}
		from, to, next, err := page(len(all), q, 100)
		if err != nil {
			return 0, nil, err
		}
		type list struct {
			Threads            []threadRef `json:"threads,omitempty"`
			NextPageToken      string      `json:"nextPageToken,omitempty"`
			ResultSizeEstimate int         `json:"resultSizeEstimate"`
		}
		return 200, list{all[from:to], next, len(all)}, nil
	case len(rest) >= 1:
		if !validID(rest[0]) {
			return 0, nil, invalid("Invalid id value")
		}
		var msgs []*Message
		for _, m := range s.st.Messages {
			if m.ThreadID == rest[0] {
				msgs = append(msgs, m)
			}
		}
		if len(msgs) == 0 {
			return 0, nil, notFound()
		}
		switch {
		case len(rest) == 1 && method == http.MethodGet:
			type thread struct {
				ID        string        `json:"id"`
				HistoryID string        `json:"historyId"`
				Messages  []*MessageOut `json:"messages"`
			}
			t := thread{ID: rest[0], HistoryID: msgs[len(msgs)-1].HistoryID}
			for _, m := range msgs {
				out, err := render(m, q.Get("format"), q["metadataHeaders"])
				if err != nil {
					return 0, nil, err
				}
				t.Messages = append(t.Messages, out)
			}
			return 200, t, nil
		case len(rest) == 1 && method == http.MethodDelete:
			for _, m := range msgs {
				s.deleteMessage(m)
			}
			return 204, nil, nil
		case len(rest) == 2 && method == http.MethodPost:
			var add, remove []string
			switch rest[1] {
			case "modify":
				add, remove = stringList(body["addLabelIds"]), stringList(body["removeLabelIds"])
			case "trash":
				add = []string{"TRASH"}
			case "untrash":
				remove = []string{"TRASH"}
			default:
				return 0, nil, notFound()
			}
			type thread struct {
				ID       string        `json:"id"`
				Messages []*MessageOut `json:"messages"`
			}
			t := thread{ID: rest[0]}
			for _, m := range msgs {
				if err := s.modify(m, add, remove); err != nil {
					return 0, nil, err
				}
				t.Messages = append(t.Messages, &MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs})
			}
			return 200, t, nil
		}
	}
	return 0, nil, notFound()
}
