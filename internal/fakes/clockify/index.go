package clockify

// The store's entities live in creation-ordered slices (State, what Dump
// writes); index keeps maps beside them so that finding an entity by id,
// checking a name for duplicates and listing a project's tasks cost O(1)
// (O(result)) instead of a pass over every entity of the workspace. Every
// change to the slices goes through the helpers below; Seed and
// AddWorkspace rebuild the whole index.

// key is a lookup key: scope (workspace or project id) and one or two
// values (id, or name and client id).
type key struct{ scope, a, b string }

// keyed maps a key to the first entity (in creation order) that has it
// and counts the entities that have it. Both are kept in one map entry:
// with a map for each, every task a run creates was two lookups, two
// assignments and two tables to grow (a tenth of the Clockify fake's CPU
// in the template benchmark).
type keyed[T any] struct {
	m map[key]keyedEntry[T]
}

type keyedEntry[T any] struct {
	first *T
	n     int
}

func (k *keyed[T]) add(at key, x *T) {
	if k.m == nil {
		k.m = map[key]keyedEntry[T]{}
	}
	e, ok := k.m[at]
	if !ok {
		e.first = x
	}
	e.n++
	k.m[at] = e
}

// remove forgets x under at; when several entities shared the key, the
// next first one is looked up in list (x, if still there, is skipped).
func (k *keyed[T]) remove(at key, x *T, list []*T, keyOf func(*T) key) {
	e := k.m[at]
	e.n--
	if e.n <= 0 {
		delete(k.m, at)
		return
	}
	if e.first == x {
		e.first = first(list, func(y *T) bool { return y != x && keyOf(y) == at })
	}
	k.m[at] = e
}

func (k *keyed[T]) get(at key) *T { return k.m[at].first }

func (k *keyed[T]) n(at key) int { return k.m[at].n }

type index struct {
	clients     keyed[Client]  // by workspace, id
	clientNames keyed[Client]  // by workspace, name
	projects    keyed[Project] // by workspace, id
	// projectNames is by workspace, name and client id: a project name
	// must be unique per client.
	projectNames keyed[Project]
	// byClient is every project of a client id (any workspace).
	byClient map[string]map[*Project]struct{}
	tasks    keyed[Task] // by project id, id
	// tasksOf is each project's tasks in creation order.
	tasksOf     map[string][]*Task
	tags        keyed[Tag] // by workspace, id
	tagNames    keyed[Tag] // by workspace, name
	timeEntries keyed[TimeEntry]
}

func clientKey(c *Client) key       { return key{c.WorkspaceID, c.ID, ""} }
func clientNameKey(c *Client) key   { return key{c.WorkspaceID, c.Name, ""} }
func projectKey(p *Project) key     { return key{p.WorkspaceID, p.ID, ""} }
func projectNameKey(p *Project) key { return key{p.WorkspaceID, p.Name, p.ClientID} }
func taskKey(t *Task) key           { return key{t.ProjectID, t.ID, ""} }
func tagKey(t *Tag) key             { return key{t.WorkspaceID, t.ID, ""} }
func tagNameKey(t *Tag) key         { return key{t.WorkspaceID, t.Name, ""} }
func timeEntryKey(t *TimeEntry) key { return key{t.WorkspaceID, t.ID, ""} }

// reindex rebuilds the index from the state; s.mu is held.
func (s *Server) reindex() {
	s.ix = index{byClient: map[string]map[*Project]struct{}{}, tasksOf: map[string][]*Task{}}
	for _, c := range s.st.Clients {
		s.indexClient(c)
	}
	for _, p := range s.st.Projects {
		s.indexProject(p)
	}
	for _, t := range s.st.Tasks {
		s.indexTask(t)
	}
	for _, t := range s.st.Tags {
		s.indexTag(t)
	}
	for _, te := range s.st.TimeEntries {
		s.ix.timeEntries.add(timeEntryKey(te), te)
	}
}

func (s *Server) indexClient(c *Client) {
	s.ix.clients.add(clientKey(c), c)
	s.ix.clientNames.add(clientNameKey(c), c)
}

func (s *Server) indexProject(p *Project) {
	s.ix.projects.add(projectKey(p), p)
	s.ix.projectNames.add(projectNameKey(p), p)
	s.linkClient(p)
}

func (s *Server) linkClient(p *Project) {
	if s.ix.byClient == nil {
		s.ix.byClient = map[string]map[*Project]struct{}{}
	}
	m := s.ix.byClient[p.ClientID]
	if m == nil {
		m = map[*Project]struct{}{}
		s.ix.byClient[p.ClientID] = m
	}
	m[p] = struct{}{}
}

func (s *Server) unlinkClient(p *Project) {
	m := s.ix.byClient[p.ClientID]
	delete(m, p)
	if len(m) == 0 {
		delete(s.ix.byClient, p.ClientID)
	}
}

func (s *Server) indexTask(t *Task) {
	s.ix.tasks.add(taskKey(t), t)
	if s.ix.tasksOf == nil {
		s.ix.tasksOf = map[string][]*Task{}
	}
	s.ix.tasksOf[t.ProjectID] = append(s.ix.tasksOf[t.ProjectID], t)
}

func (s *Server) indexTag(t *Tag) {
	s.ix.tags.add(tagKey(t), t)
	s.ix.tagNames.add(tagNameKey(t), t)
}

// addClient stores a new client (id and workspace set).
func (s *Server) addClient(c *Client) {
	s.st.Clients = append(s.st.Clients, c)
	s.indexClient(c)
}

func (s *Server) removeClient(c *Client) {
	s.st.Clients = without(s.st.Clients, c)
	s.ix.clients.remove(clientKey(c), c, s.st.Clients, clientKey)
	s.ix.clientNames.remove(clientNameKey(c), c, s.st.Clients, clientNameKey)
}

// renameClient changes a stored client's name.
func (s *Server) renameClient(c *Client, name string) {
	if c.Name == name {
		return
	}
	s.ix.clientNames.remove(clientNameKey(c), c, s.st.Clients, clientNameKey)
	c.Name = name
	s.ix.clientNames.add(clientNameKey(c), c)
}

// clientProjects calls fn for every project whose client id is id.
func (s *Server) clientProjects(id string, fn func(*Project)) {
	for p := range s.ix.byClient[id] {
		fn(p)
	}
}

func (s *Server) addProject(p *Project) {
	s.st.Projects = append(s.st.Projects, p)
	s.indexProject(p)
}

// setProject replaces stored project p's fields with cp's (an update).
func (s *Server) setProject(p *Project, cp Project) {
	if projectNameKey(p) != projectNameKey(&cp) {
		s.ix.projectNames.remove(projectNameKey(p), p, s.st.Projects, projectNameKey)
		s.ix.projectNames.add(projectNameKey(&cp), p)
	}
	if p.ClientID != cp.ClientID {
		s.unlinkClient(p)
		*p = cp
		s.linkClient(p)
		return
	}
	*p = cp
}

// removeProject deletes p and its tasks.
func (s *Server) removeProject(p *Project) {
	s.st.Projects = without(s.st.Projects, p)
	s.ix.projects.remove(projectKey(p), p, s.st.Projects, projectKey)
	s.ix.projectNames.remove(projectNameKey(p), p, s.st.Projects, projectNameKey)
	s.unlinkClient(p)
	if len(s.ix.tasksOf[p.ID]) == 0 {
		return
	}
	kept := s.st.Tasks[:0]
	for _, t := range s.st.Tasks {
		if t.ProjectID != p.ID {
			kept = append(kept, t)
		}
	}
	clear(s.st.Tasks[len(kept):])
	s.st.Tasks = kept
	for _, t := range s.ix.tasksOf[p.ID] {
		s.ix.tasks.remove(taskKey(t), t, s.st.Tasks, taskKey)
	}
	delete(s.ix.tasksOf, p.ID)
}

// projectNameTaken reports whether another project of the workspace
// (id other than p's) has p's name and client.
func (s *Server) projectNameTaken(ws string, p *Project) bool {
	k := key{ws, p.Name, p.ClientID}
	switch n := s.ix.projectNames.n(k); {
	case n == 0:
		return false
	case n == 1 && s.ix.projectNames.get(k).ID == p.ID:
		return false
	}
	// Rare (a clash, or ids seeded twice): the exact rule.
	for _, x := range s.st.Projects {
		if x.WorkspaceID == ws && x.ID != p.ID && x.Name == p.Name && x.ClientID == p.ClientID {
			return true
		}
	}
	return false
}

func (s *Server) addTask(t *Task) {
	s.st.Tasks = append(s.st.Tasks, t)
	s.indexTask(t)
}

func (s *Server) removeTask(t *Task) {
	s.st.Tasks = without(s.st.Tasks, t)
	s.ix.tasks.remove(taskKey(t), t, s.st.Tasks, taskKey)
	s.ix.tasksOf[t.ProjectID] = without(s.ix.tasksOf[t.ProjectID], t)
	if len(s.ix.tasksOf[t.ProjectID]) == 0 {
		delete(s.ix.tasksOf, t.ProjectID)
	}
}

func (s *Server) addTag(t *Tag) {
	s.st.Tags = append(s.st.Tags, t)
	s.indexTag(t)
}

func (s *Server) removeTag(t *Tag) {
	s.st.Tags = without(s.st.Tags, t)
	s.ix.tags.remove(tagKey(t), t, s.st.Tags, tagKey)
	s.ix.tagNames.remove(tagNameKey(t), t, s.st.Tags, tagNameKey)
}

func (s *Server) renameTag(t *Tag, name string) {
	if t.Name == name {
		return
	}
	s.ix.tagNames.remove(tagNameKey(t), t, s.st.Tags, tagNameKey)
	t.Name = name
	s.ix.tagNames.add(tagNameKey(t), t)
}

func (s *Server) addTimeEntry(te *TimeEntry) {
	s.st.TimeEntries = append(s.st.TimeEntries, te)
	s.ix.timeEntries.add(timeEntryKey(te), te)
}

func (s *Server) removeTimeEntry(te *TimeEntry) {
	s.st.TimeEntries = without(s.st.TimeEntries, te)
	s.ix.timeEntries.remove(timeEntryKey(te), te, s.st.TimeEntries, timeEntryKey)
}
