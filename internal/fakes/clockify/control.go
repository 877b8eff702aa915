package clockify

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// Request is one logged API request. The API key itself is not kept.
type Request struct {
	Method      string     `json:"method"`
	Path        string     `json:"path"`
	RawQuery    string     `json:"rawQuery,omitempty"`
	Query       url.Values `json:"query,omitempty"`
	Host        string     `json:"host,omitempty"`
	ContentType string     `json:"contentType,omitempty"`
	Accept      string     `json:"accept,omitempty"`
	HasAPIKey   bool       `json:"hasApiKey"`
	// Body is the parsed JSON body (nil when empty or not JSON).
	Body    any    `json:"body,omitempty"`
	RawBody string `json:"rawBody,omitempty"`
	Status  int    `json:"status"`
	// raw is the body as sent until the log is read: Body and RawBody are
	// filled from it then (Requests), not parsed for every request.
	raw []byte
}

// fillBody sets RawBody and Body from raw and forgets raw.
func (e *Request) fillBody() {
	if e.raw == nil {
		return
	}
	e.RawBody = string(e.raw)
	if v, ok := fakekit.JSONBody(e.raw); ok {
		e.Body = v
	}
	e.raw = nil
}

// Fault makes matching requests misbehave (see fakekit.Fault); a fault
// with a status and no Body answers with a Clockify error body.
type Fault = fakekit.Fault

// AddFault queues a fault; faults are tried in the order added.
func (s *Server) AddFault(f Fault) { s.faults.Add(f) }

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	all := s.log.All()
	for i := range all {
		all[i].fillBody()
	}
	return all
}

// ResetLog empties the request log.
func (s *Server) ResetLog() { s.log.Reset() }

// Seed replaces the whole state with a State document. Entities without an
// id get one from the counter; missing lists and objects are filled in so
// answers never contain null where Clockify has [].
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakeclockify: seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.NextID == 0 {
		st.NextID = 1
	}
	s.st = st
	s.normalize()
	return nil
}

// Dump returns the whole state as a State document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}

// State returns a deep copy of the state.
func (s *Server) State() State {
	var st State
	_ = json.Unmarshal(s.Dump(), &st)
	return st
}

// normalize assigns ids and fills defaults, and rebuilds the index and
// clears the list cache; s.mu is held.
func (s *Server) normalize() {
	s.lists = nil
	s.ix = index{}
	for _, w := range s.st.Workspaces {
		s.normWorkspace(w)
	}
	for _, c := range s.st.Clients {
		s.normClient(c)
		s.indexClient(c)
	}
	for _, p := range s.st.Projects {
		s.normProject(p)
	}
	for _, t := range s.st.Tasks {
		s.normTask(t)
	}
	for _, t := range s.st.Tags {
		s.normTag(t)
	}
	for _, u := range s.st.Users {
		s.normUser(u)
	}
	for _, te := range s.st.TimeEntries {
		s.normTimeEntry(te)
	}
	s.reindex()
}

// The norm* functions fill in one entity's defaults; the Add* calls use
// them for the entity they add, so seeding n entities costs O(n), not a
// pass over the whole state per entity.

func (s *Server) setID(p *string) {
	if *p == "" {
		*p = s.newID()
	}
}

func (s *Server) setWorkspace(ws *string) {
	if *ws == "" && len(s.st.Workspaces) > 0 {
		*ws = s.st.Workspaces[0].ID
	}
}

func (s *Server) normWorkspace(w *Workspace) {
	s.setID(&w.ID)
	if w.Memberships == nil {
		w.Memberships = []any{}
	}
	if w.WorkspaceSettings == nil {
		w.WorkspaceSettings = map[string]any{"timeRoundingInReports": false, "onlyAdminsSeeBillableRates": true}
	}
	if w.HourlyRate.Currency == "" {
		w.HourlyRate.Currency = "USD"
	}
}

func (s *Server) normClient(c *Client) {
	s.setID(&c.ID)
	s.setWorkspace(&c.WorkspaceID)
}

func (s *Server) normProject(p *Project) {
	s.setID(&p.ID)
	s.setWorkspace(&p.WorkspaceID)
	if p.Memberships == nil {
		p.Memberships = []any{}
	}
	if p.Color == "" {
		p.Color = "#03A9F4"
	}
	if p.Estimate.Estimate == "" {
		p.Estimate = Estimate{Estimate: "PT0S", Type: "AUTO"}
	}
	if p.Duration == "" {
		p.Duration = "PT0S"
	}
	if p.ClientID != "" && p.ClientName == "" {
		if c := s.client(p.WorkspaceID, p.ClientID); c != nil {
			p.ClientName = c.Name
		}
	}
}

func (s *Server) normTask(t *Task) {
	s.setID(&t.ID)
	if t.AssigneeIDs == nil {
		t.AssigneeIDs = []string{}
	}
	if t.UserGroupIDs == nil {
		t.UserGroupIDs = []string{}
	}
	if t.Estimate == "" {
		t.Estimate = "PT0S"
	}
	if t.Duration == "" {
		t.Duration = "PT0S"
	}
	if t.Status == "" {
		t.Status = "ACTIVE"
	}
}

func (s *Server) normTag(t *Tag) {
	s.setID(&t.ID)
	s.setWorkspace(&t.WorkspaceID)
}

func (s *Server) normUser(u *User) {
	s.setID(&u.ID)
	if u.Memberships == nil {
		u.Memberships = []any{}
	}
	if u.Settings == nil {
		u.Settings = map[string]any{"weekStart": "MONDAY", "timeZone": "UTC"}
	}
	if u.Status == "" {
		u.Status = "ACTIVE"
	}
}

func (s *Server) normTimeEntry(te *TimeEntry) {
	s.setID(&te.ID)
	s.setWorkspace(&te.WorkspaceID)
	if te.TagIDs == nil {
		te.TagIDs = []string{}
	}
	if te.CustomFieldValues == nil {
		te.CustomFieldValues = []any{}
	}
	if te.Type == "" {
		te.Type = "REGULAR"
	}
}

// AddWorkspace creates a workspace and returns its id.
func (s *Server) AddWorkspace(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &Workspace{Name: name}
	s.st.Workspaces = append(s.st.Workspaces, w)
	s.normalize()
	return w.ID
}

// AddClient creates a client and returns its id.
func (s *Server) AddClient(ws, name string, archived bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Client{WorkspaceID: ws, Name: name, Archived: archived}
	s.normClient(c)
	s.lists = nil
	s.addClient(c)
	return c.ID
}

// AddProject creates a project and returns its id.
func (s *Server) AddProject(ws, name, clientID string, archived bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &Project{WorkspaceID: ws, Name: name, ClientID: clientID, Archived: archived, Billable: true, Public: true}
	s.normProject(p)
	s.lists = nil
	s.addProject(p)
	return p.ID
}

// AddTask creates a task ("ACTIVE" or "DONE") and returns its id.
func (s *Server) AddTask(projectID, name, status string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &Task{ProjectID: projectID, Name: name, Status: status, Billable: true}
	s.normTask(t)
	s.lists = nil
	s.addTask(t)
	return t.ID
}

// AddTag creates a tag and returns its id.
func (s *Server) AddTag(ws, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &Tag{WorkspaceID: ws, Name: name}
	s.normTag(t)
	s.lists = nil
	s.addTag(t)
	return t.ID
}

// AddUser creates a user of workspace ws and returns its id.
func (s *Server) AddUser(ws, name, email string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &User{Name: name, Email: email, ActiveWorkspace: ws, DefaultWorkspace: ws}
	s.st.Users = append(s.st.Users, u)
	s.normUser(u)
	s.lists = nil
	return u.ID
}

// serveAdmin answers the control routes used by out-of-process callers
// (fakekit.Admin).
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	fakekit.Admin{Prefix: AdminPrefix, Requests: func() any { return s.Requests() }, ResetLog: s.ResetLog,
		Dump: s.Dump, Seed: s.Seed, AddFault: s.AddFault, ClearFaults: s.ClearFaults}.ServeHTTP(w, r)
}
