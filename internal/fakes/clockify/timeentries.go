package clockify

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

func (s *Server) timeEntries(method, ws string, rest []string, body map[string]any) (int, any, *apiError) {
	return collection[TimeEntry]{
		kind: "TimeEntry",
		create: func() (int, any, *apiError) {
			te := &TimeEntry{TagIDs: []string{}, WorkspaceID: ws, CustomFieldValues: []any{}, Type: "REGULAR"}
			if u := first(s.st.Users, func(u *User) bool { return userInWorkspace(u, ws) }); u != nil {
				te.UserID = u.ID
			}
			if err := s.applyTimeEntry(ws, te, body); err != nil {
				return 0, nil, err
			}
			te.ID = s.newID()
			s.addTimeEntry(te)
			return 201, te, nil
		},
		find: func(id string) *TimeEntry {
			return s.ix.timeEntries.get(key{ws, id, ""})
		},
		update: func(te *TimeEntry) (int, any, *apiError) {
			if _, ok := str(body, "start"); !ok {
				return 0, nil, errf(400, 501, "Start time is required")
			}
			cp := *te
			if err := s.applyTimeEntry(ws, &cp, body); err != nil {
				return 0, nil, err
			}
			*te = cp
			return 200, te, nil
		},
		remove: func(te *TimeEntry) (int, any, *apiError) {
			s.removeTimeEntry(te)
			return http.StatusNoContent, nil, nil
		},
	}.serve(method, rest)
}

func (s *Server) applyTimeEntry(ws string, te *TimeEntry, body map[string]any) *apiError {
	if v, ok := str(body, "start"); ok {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return errf(400, 501, "Invalid start time %s", v)
		}
		te.TimeInterval.Start = v
	} else if te.TimeInterval.Start == "" {
		te.TimeInterval.Start = s.opts.Now().UTC().Format("2006-01-02T15:04:05Z")
	}
	if v, ok := str(body, "end"); ok && v != "" {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return errf(400, 501, "Invalid end time %s", v)
		}
		te.TimeInterval.End = v
	}
	te.TimeInterval.Duration = nil
	if end, ok := te.TimeInterval.End.(string); ok {
		a, _ := time.Parse(time.RFC3339, te.TimeInterval.Start)
		b, _ := time.Parse(time.RFC3339, end)
		te.TimeInterval.Duration = isoDuration(b.Sub(a))
	}
	if v, ok := str(body, "description"); ok {
		te.Description = v
	}
	if v, ok := boolean(body, "billable"); ok {
		te.Billable = v
	}
	if v, ok := str(body, "projectId"); ok && v != "" {
		if s.project(ws, v) == nil {
			return notInWorkspace("Project", v)
		}
		te.ProjectID = v
	}
	if v, ok := str(body, "taskId"); ok && v != "" {
		te.TaskID = v
	}
	if v, ok := strList(body, "tagIds"); ok {
		te.TagIDs = v
	}
	if cf, ok := body["customFields"].([]any); ok {
		te.CustomFieldValues = cf
	}
	return nil
}

// isoDuration prints d as Clockify does (PT1H30M, PT0S).
func isoDuration(d time.Duration) string {
	if d <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("PT")
	h, m, sec := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if sec > 0 {
		fmt.Fprintf(&b, "%dS", sec)
	}
	return b.String()
}
