package clockify

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The handlers below run with s.mu held.

func (s *Server) newID() string {
	id := formatID(s.st.NextID)
	s.st.NextID++
	return id
}

// formatID is fmt.Sprintf("64%022x", n) without fmt (every create makes
// one, and fmt's formatting was half of creating a task).
func formatID(n uint64) string {
	var b [40]byte
	out := append(b[:0], "64"...)
	hex := strconv.FormatUint(n, 16)
	for i := len(hex); i < 22; i++ {
		out = append(out, '0')
	}
	return string(append(out, hex...))
}

func notInWorkspace(kind, id string) *apiError {
	return errf(400, 501, "%s with id %s doesn't belong to Workspace", kind, id)
}

// --- clients ---

func (s *Server) client(ws, id string) *Client {
	return s.ix.clients.get(key{ws, id, ""})
}

func (s *Server) clients(method, ws string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	return collection[Client]{
		kind: "Client",
		list: func() (int, any, *apiError) {
			archived, set, err := boolParam(q, "archived")
			if err != nil {
				return 0, nil, err
			}
			return namedPage(s, "clients", ws, s.st.Clients, q, func(c *Client) bool { return c.WorkspaceID == ws && (!set || c.Archived == archived) },
				func(c *Client) string { return c.Name }, func(c *Client) string { return c.ID })
		},
		create: func() (int, any, *apiError) { return s.createClient(ws, body) },
		find:   func(id string) *Client { return s.client(ws, id) },
		update: func(c *Client) (int, any, *apiError) { return s.updateClient(c, q, body) },
		remove: func(c *Client) (int, any, *apiError) {
			if !c.Archived && !s.opts.AllowActiveClientDelete {
				return 0, nil, errf(400, 501, "Cannot delete an active client")
			}
			s.removeClient(c)
			return 200, c, nil
		},
	}.serve(method, rest)
}

func (s *Server) createClient(ws string, body map[string]any) (int, any, *apiError) {
	name, _ := str(body, "name")
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, nil, errf(400, 501, "Client name is required")
	}
	if len(name) > 100 {
		return 0, nil, errf(400, 501, "Client name has to be between 1 and 100 characters long")
	}
	if s.ix.clientNames.n(key{ws, name, ""}) > 0 {
		return 0, nil, errf(400, 501, "Client with name '%s' already exists", name)
	}
	c := &Client{ID: s.newID(), Name: name, WorkspaceID: ws, Address: nil, Note: nil}
	if v, ok := str(body, "email"); ok {
		c.Email = v
	}
	if v, ok := str(body, "address"); ok {
		c.Address = v
	}
	if v, ok := str(body, "note"); ok {
		c.Note = v
	}
	s.addClient(c)
	return 201, c, nil
}

func (s *Server) updateClient(c *Client, q url.Values, body map[string]any) (int, any, *apiError) {
	name, ok := str(body, "name")
	if !ok || strings.TrimSpace(name) == "" {
		return 0, nil, errf(400, 501, "Client name is required")
	}
	s.renameClient(c, strings.TrimSpace(name))
	if v, ok := boolean(body, "archived"); ok {
		c.Archived = v
		if v && strings.EqualFold(q.Get("archive-projects"), "true") {
			s.clientProjects(c.ID, func(p *Project) { p.Archived = true })
		}
	}
	if v, ok := str(body, "address"); ok {
		c.Address = v
	}
	if v, ok := str(body, "note"); ok {
		c.Note = v
	}
	if v, ok := str(body, "email"); ok {
		c.Email = v
	}
	s.clientProjects(c.ID, func(p *Project) { p.ClientName = c.Name })
	return 200, c, nil
}

// --- projects ---

var colorRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
})

func (s *Server) project(ws, id string) *Project {
	return s.ix.projects.get(key{ws, id, ""})
}

func (s *Server) projects(method, ws string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	return collection[Project]{
		kind: "Project",
		list: func() (int, any, *apiError) { return s.listProjects(ws, q) },
		create: func() (int, any, *apiError) {
			p := &Project{Memberships: []any{}, Color: "#03A9F4", Estimate: Estimate{Estimate: "PT0S", Type: "AUTO"},
				Duration: "PT0S", Billable: true, WorkspaceID: ws}
			if err := s.applyProject(ws, p, body, true); err != nil {
				return 0, nil, err
			}
			p.ID = s.newID()
			s.addProject(p)
			return 201, p, nil
		},
		find: func(id string) *Project { return s.project(ws, id) },
		update: func(p *Project) (int, any, *apiError) {
			cp := *p
			if err := s.applyProject(ws, &cp, body, false); err != nil {
				return 0, nil, err
			}
			s.setProject(p, cp)
			return 200, p, nil
		},
		patch: true,
		remove: func(p *Project) (int, any, *apiError) {
			if !p.Archived {
				return 0, nil, errf(400, 501, "Cannot delete an active project")
			}
			s.removeProject(p)
			return 200, p, nil
		},
	}.serve(method, rest)
}

// applyProject copies the known body fields onto p; unknown fields (the
// template sends "archived" on create) are ignored as the real API does.
func (s *Server) applyProject(ws string, p *Project, body map[string]any, create bool) *apiError {
	if name, ok := str(body, "name"); ok || create {
		name = strings.TrimSpace(name)
		if n := len([]rune(name)); n < 2 || n > 250 {
			return errf(400, 501, "Project name has to be between 2 and 250 characters long")
		}
		p.Name = name
	}
	if v, ok := body["clientId"]; ok {
		id, _ := v.(string)
		if id == "" {
			p.ClientID, p.ClientName = "", ""
		} else {
			c := s.client(ws, id)
			if c == nil {
				return notInWorkspace("Client", id)
			}
			p.ClientID, p.ClientName = c.ID, c.Name
		}
	}
	if s.projectNameTaken(ws, p) {
		return errf(400, 501, "Project with name '%s' already exists", p.Name)
	}
	if v, ok := boolean(body, "billable"); ok {
		p.Billable = v
	}
	if v, ok := boolean(body, "isPublic"); ok {
		p.Public = v
	}
	if v, ok := str(body, "color"); ok {
		if !colorRe().MatchString(v) {
			return errf(400, 501, "Color must be in hex format (#RRGGBB)")
		}
		p.Color = v
	}
	if v, ok := str(body, "note"); ok {
		p.Note = v
	}
	if !create {
		if v, ok := boolean(body, "archived"); ok {
			p.Archived = v
		}
	}
	if e, ok := body["estimate"].(map[string]any); ok {
		if v, ok := str(e, "estimate"); ok {
			p.Estimate.Estimate = v
		}
		if v, ok := str(e, "type"); ok {
			p.Estimate.Type = v
		}
	}
	if hr, ok := body["hourlyRate"].(map[string]any); ok {
		amt, _ := hr["amount"].(float64)
		cur, _ := hr["currency"].(string)
		if cur == "" {
			cur = "USD"
		}
		p.HourlyRate = &Rate{Amount: amt, Currency: cur}
	}
	return nil
}

func (s *Server) listProjects(ws string, q url.Values) (int, any, *apiError) {
	archived, aset, err := boolParam(q, "archived")
	if err != nil {
		return 0, nil, err
	}
	billable, bset, err := boolParam(q, "billable")
	if err != nil {
		return 0, nil, err
	}
	tmpl, tset, err := boolParam(q, "is-template")
	if err != nil {
		return 0, nil, err
	}
	containsClient := !strings.EqualFold(q.Get("contains-client"), "false")
	clients := q["clients"]
	clientStatus := strings.ToUpper(q.Get("client-status"))
	return namedPage(s, "projects", ws, s.st.Projects, q, func(p *Project) bool {
		if p.WorkspaceID != ws || (aset && p.Archived != archived) || (bset && p.Billable != billable) ||
			(tset && p.Template != tmpl) {
			return false
		}
		if len(clients) > 0 {
			in := false
			for _, c := range clients {
				if c == p.ClientID {
					in = true
				}
			}
			if in != containsClient {
				return false
			}
		}
		if clientStatus != "" && p.ClientID != "" {
			c := s.client(ws, p.ClientID)
			if c != nil && (clientStatus == "ARCHIVED") != c.Archived {
				return false
			}
		}
		return true
	}, func(p *Project) string { return p.Name }, func(p *Project) string { return p.ID })
}

// --- tasks ---

func (s *Server) tasks(method, ws, projectID string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	p := s.project(ws, projectID)
	if p == nil {
		return 0, nil, notInWorkspace("Project", projectID)
	}
	return collection[Task]{
		kind: "Task",
		list: func() (int, any, *apiError) { return s.listTasks(p, q) },
		create: func() (int, any, *apiError) {
			t := &Task{ProjectID: p.ID, AssigneeIDs: []string{}, UserGroupIDs: []string{}, Estimate: "PT0S",
				Status: "ACTIVE", Billable: p.Billable, Duration: "PT0S"}
			if err := applyTask(t, body, true); err != nil {
				return 0, nil, err
			}
			t.ID = s.newID()
			s.addTask(t)
			return 201, t, nil
		},
		find: func(id string) *Task {
			return s.ix.tasks.get(key{p.ID, id, ""})
		},
		update: func(t *Task) (int, any, *apiError) {
			cp := *t
			if err := applyTask(&cp, body, true); err != nil {
				return 0, nil, err
			}
			*t = cp
			return 200, t, nil
		},
		remove: func(t *Task) (int, any, *apiError) {
			s.removeTask(t)
			return 200, t, nil
		},
	}.serve(method, rest)
}

func (s *Server) listTasks(p *Project, q url.Values) (int, any, *apiError) {
	active, set, err := boolParam(q, "is-active")
	if err != nil {
		return 0, nil, err
	}
	var list []*Task
	for _, t := range s.ix.tasksOf[p.ID] {
		if (!set || (t.Status == "ACTIVE") == active) && nameMatches(t.Name, q) {
			list = append(list, t)
		}
	}
	if strings.EqualFold(q.Get("sort-column"), "NAME") {
		sortByName(list, func(t *Task) string { return t.Name }, func(t *Task) string { return t.ID }, q)
	} else if strings.EqualFold(q.Get("sort-order"), "DESCENDING") {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	out, perr := pageOf(list, q)
	if perr != nil {
		return 0, nil, perr
	}
	return 200, out, nil
}

// applyTask copies body fields; name is required on create and on update
// (the real API's TaskRequest has a required name).
func applyTask(t *Task, body map[string]any, nameRequired bool) *apiError {
	name, ok := str(body, "name")
	name = strings.TrimSpace(name)
	if nameRequired && (!ok || name == "") {
		return errf(400, 501, "Task name is required")
	}
	if ok {
		if len([]rune(name)) > 1000 {
			return errf(400, 501, "Task name has to be between 1 and 1000 characters long")
		}
		t.Name = name
	}
	if v, ok := str(body, "status"); ok {
		if v != "ACTIVE" && v != "DONE" {
			return errf(400, 3002, "Invalid task status %s (ACTIVE or DONE)", v)
		}
		t.Status = v
	}
	if v, ok := strList(body, "assigneeIds"); ok {
		t.AssigneeIDs = v
	}
	if v, ok := strList(body, "userGroupIds"); ok {
		t.UserGroupIDs = v
	}
	if v, ok := str(body, "estimate"); ok {
		t.Estimate = v
	}
	if v, ok := boolean(body, "billable"); ok {
		t.Billable = v
	}
	return nil
}

// --- tags ---

func (s *Server) tags(method, ws string, rest []string, q url.Values, body map[string]any) (int, any, *apiError) {
	return collection[Tag]{
		kind: "Tag",
		list: func() (int, any, *apiError) {
			archived, set, err := boolParam(q, "archived")
			if err != nil {
				return 0, nil, err
			}
			return namedPage(s, "tags", ws, s.st.Tags, q, func(t *Tag) bool { return t.WorkspaceID == ws && (!set || t.Archived == archived) },
				func(t *Tag) string { return t.Name }, func(t *Tag) string { return t.ID })
		},
		create: func() (int, any, *apiError) {
			name, _ := str(body, "name")
			if strings.TrimSpace(name) == "" {
				return 0, nil, errf(400, 501, "Tag name is required")
			}
			if s.ix.tagNames.n(key{ws, name, ""}) > 0 {
				return 0, nil, errf(400, 501, "Tag with name '%s' already exists", name)
			}
			t := &Tag{ID: s.newID(), Name: name, WorkspaceID: ws}
			s.addTag(t)
			return 201, t, nil
		},
		find: func(id string) *Tag {
			return s.ix.tags.get(key{ws, id, ""})
		},
		update: func(t *Tag) (int, any, *apiError) {
			if v, ok := str(body, "name"); ok && strings.TrimSpace(v) != "" {
				s.renameTag(t, v)
			}
			if v, ok := boolean(body, "archived"); ok {
				t.Archived = v
			}
			return 200, t, nil
		},
		remove: func(t *Tag) (int, any, *apiError) {
			s.removeTag(t)
			return 200, t, nil
		},
	}.serve(method, rest)
}

// --- users ---

func (s *Server) users(ws string, q url.Values) (int, any, *apiError) {
	email := strings.ToLower(q.Get("email"))
	status := strings.ToUpper(q.Get("status"))
	var list []*User
	for _, u := range s.st.Users {
		if !userInWorkspace(u, ws) || !nameMatches(u.Name, q) ||
			(email != "" && !strings.Contains(strings.ToLower(u.Email), email)) ||
			(status != "" && u.Status != status) {
			continue
		}
		list = append(list, u)
	}
	if strings.EqualFold(q.Get("sort-column"), "NAME") || strings.EqualFold(q.Get("sort-column"), "EMAIL") {
		key := func(u *User) string { return u.Name }
		if strings.EqualFold(q.Get("sort-column"), "EMAIL") {
			key = func(u *User) string { return u.Email }
		}
		sortByName(list, key, func(u *User) string { return u.ID }, q)
	}
	out, err := pageOf(list, q)
	if err != nil {
		return 0, nil, err
	}
	return 200, out, nil
}

// userInWorkspace: a user belongs to its active/default workspace, or to
// every workspace when neither is set.
func userInWorkspace(u *User, ws string) bool {
	if u.ActiveWorkspace == "" && u.DefaultWorkspace == "" {
		return true
	}
	return u.ActiveWorkspace == ws || u.DefaultWorkspace == ws
}
