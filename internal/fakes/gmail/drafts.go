package gmail

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

func (s *Server) draft(id string) *Draft {
	for _, d := range s.st.Drafts {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (s *Server) drafts(method string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	type draftRef struct {
		ID      string `json:"id"`
		Message any    `json:"message"`
	}
	switch {
	case len(rest) == 0 && method == http.MethodGet:
		var all []*Draft
		for i := len(s.st.Drafts) - 1; i >= 0; i-- {
			all = append(all, s.st.Drafts[i])
		}
		from, to, next, err := page(len(all), q, 100)
		if err != nil {
			return 0, nil, err
		}
		type list struct {
			Drafts             []draftRef `json:"drafts,omitempty"`
			NextPageToken      string     `json:"nextPageToken,omitempty"`
			ResultSizeEstimate int        `json:"resultSizeEstimate"`
		}
		out := list{NextPageToken: next, ResultSizeEstimate: len(all)}
		for _, d := range all[from:to] {
			m := s.message(d.MessageID)
			r := ref{ID: d.MessageID}
			if m != nil {
				r.ThreadID = m.ThreadID
			}
			out.Drafts = append(out.Drafts, draftRef{d.ID, r})
		}
		return 200, out, nil
	case len(rest) == 0 && method == http.MethodPost:
		msg, _ := body["message"].(map[string]any)
		if msg == nil {
			return 0, nil, invalid("Missing draft message")
		}
		m, err := s.insert(msg, []string{"DRAFT"})
		if err != nil {
			return 0, nil, err
		}
		d := &Draft{ID: "r" + strconv.FormatUint(7000000000000000000+s.next(), 10), MessageID: m.ID}
		s.st.Drafts = append(s.st.Drafts, d)
		return 200, draftRef{d.ID, MessageOut{ID: m.ID, ThreadID: m.ThreadID, LabelIDs: m.LabelIDs}}, nil
	case len(rest) == 1 && method == http.MethodGet:
		d := s.draft(rest[0])
		if d == nil {
			return 0, nil, notFound()
		}
		m := s.message(d.MessageID)
		if m == nil {
			return 0, nil, notFound()
		}
		out, err := render(m, q.Get("format"), q["metadataHeaders"])
		if err != nil {
			return 0, nil, err
		}
		return 200, draftRef{d.ID, out}, nil
	case len(rest) == 1 && method == http.MethodDelete:
		d := s.draft(rest[0])
		if d == nil {
			return 0, nil, notFound()
		}
		s.st.Drafts = slices.DeleteFunc(s.st.Drafts, func(x *Draft) bool { return x == d })
		s.st.Messages = slices.DeleteFunc(s.st.Messages, func(m *Message) bool { return m.ID == d.MessageID })
		return 204, nil, nil
	}
	return 0, nil, notFound()
}
