// Package sandbox builds the fake Notion and Clockify APIs the template
// runs against: from a scenario file (testdata/scenarios/<name>/
// scenario.json) for tests and recordings, or from the built-in demo
// workspace for `n8n-go run --sandbox`.
//
// A scenario names entities by a short ref. Clockify entities are created
// first, in file order, so their ids come from the fake's counter and are
// the same on every build; Notion pages then refer to them by ref.
package sandbox

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Scenario is the starting state of both fakes plus faults to inject.
type Scenario struct {
	Description string        `json:"description"`
	Clockify    ClockifyState `json:"clockify"`
	Notion      NotionState   `json:"notion"`
	// Generate appends generated entities (large scenarios).
	Generate *Generate `json:"generate,omitempty"`
	Faults   Faults    `json:"faults,omitempty"`
}

// ClockifyState lists the Clockify entities in creation order.
type ClockifyState struct {
	// Workspace is the name of the only workspace (default "Demo").
	Workspace string `json:"workspace,omitempty"`
	// AllowActiveClientDelete lets DELETE remove a client that is not
	// archived (the fake refuses by default: "Cannot delete an active
	// client").
	AllowActiveClientDelete bool            `json:"allowActiveClientDelete,omitempty"`
	Clients                 []ClockifyEntry `json:"clients,omitempty"`
	Projects                []ClockifyEntry `json:"projects,omitempty"`
	Tasks                   []ClockifyEntry `json:"tasks,omitempty"`
}

// ClockifyEntry is a client, project (Parent = client ref) or task
// (Parent = project ref; Status ACTIVE or DONE).
type ClockifyEntry struct {
	Ref      string `json:"ref"`
	Name     string `json:"name"`
	Parent   string `json:"parent,omitempty"`
	Archived bool   `json:"archived,omitempty"`
	Status   string `json:"status,omitempty"`
}

// NotionState lists the pages of the three databases.
type NotionState struct {
	Clients  []NotionEntry `json:"clients,omitempty"`
	Projects []NotionEntry `json:"projects,omitempty"`
	Tasks    []NotionEntry `json:"tasks,omitempty"`
}

// NotionEntry is a page. Clockify is the ref of the Clockify entity whose id
// the page stores ("" for none; "!<id>" stores the literal id, e.g. of an
// entity deleted in Clockify). Clients/projects: Archive (clients),
// Status (projects and tasks), Relations (a project's client refs, a
// task's project refs).
type NotionEntry struct {
	Ref       string   `json:"ref"`
	Name      string   `json:"name"`
	Archive   bool     `json:"archive,omitempty"`
	Status    string   `json:"status,omitempty"`
	Relations []string `json:"relations,omitempty"`
	Clockify  string   `json:"clockify,omitempty"`
}

// Generate adds Clients clients, Projects projects (round-robin over the
// clients) and Tasks tasks (round-robin over the projects) to Notion, and
// with Synced also to Clockify with the ids stored in Notion.
type Generate struct {
	Clients  int  `json:"clients"`
	Projects int  `json:"projects"`
	Tasks    int  `json:"tasks"`
	Synced   bool `json:"synced,omitempty"`
	// ClockifyOnly adds this many extra active Clockify clients that
	// Notion has never seen (left alone by the template).
	ClockifyOnly int `json:"clockifyOnly,omitempty"`
}

// Fault makes matching requests to one API fail (see fakeclockify.Fault;
// the same fields are used for Notion).
type Fault struct {
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	Skip   int    `json:"skip,omitempty"`
	Times  int    `json:"times,omitempty"`
	Status int    `json:"status,omitempty"`
	Body   string `json:"body,omitempty"`
}

// Faults per API.
type Faults struct {
	Notion   []Fault `json:"notion,omitempty"`
	Clockify []Fault `json:"clockify,omitempty"`
}

// LoadScenario reads a scenario file.
func LoadScenario(path string) (*Scenario, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	var sc Scenario
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("sandbox: scenario %s: %w", path, err)
	}
	return &sc, nil
}

// expand applies Generate, returning the full entity lists.
func (sc *Scenario) expand() Scenario {
	out := *sc
	g := sc.Generate
	if g == nil {
		return out
	}
	cl := append([]ClockifyEntry(nil), sc.Clockify.Clients...)
	pr := append([]ClockifyEntry(nil), sc.Clockify.Projects...)
	ta := append([]ClockifyEntry(nil), sc.Clockify.Tasks...)
	nc := append([]NotionEntry(nil), sc.Notion.Clients...)
	np := append([]NotionEntry(nil), sc.Notion.Projects...)
	nt := append([]NotionEntry(nil), sc.Notion.Tasks...)
	link := func(ref string) string {
		if g.Synced {
			return ref
		}
		return ""
	}
	for i := 0; i < g.Clients; i++ {
		ref := fmt.Sprintf("gc%d", i+1)
		name := fmt.Sprintf("Client %03d", i+1)
		if g.Synced {
			cl = append(cl, ClockifyEntry{Ref: ref, Name: name})
		}
		nc = append(nc, NotionEntry{Ref: ref, Name: name, Clockify: link(ref)})
	}
	for i := 0; i < g.Projects && g.Clients > 0; i++ {
		ref := fmt.Sprintf("gp%d", i+1)
		name := fmt.Sprintf("Project %04d", i+1)
		client := fmt.Sprintf("gc%d", i%g.Clients+1)
		if g.Synced {
			pr = append(pr, ClockifyEntry{Ref: ref, Name: name, Parent: client})
		}
		np = append(np, NotionEntry{Ref: ref, Name: name, Status: "In progress", Relations: []string{client}, Clockify: link(ref)})
	}
	for i := 0; i < g.Tasks && g.Projects > 0 && g.Clients > 0; i++ {
		ref := fmt.Sprintf("gt%d", i+1)
		name := fmt.Sprintf("Task %05d", i+1)
		project := fmt.Sprintf("gp%d", i%g.Projects+1)
		if g.Synced {
			ta = append(ta, ClockifyEntry{Ref: ref, Name: name, Parent: project, Status: "ACTIVE"})
		}
		nt = append(nt, NotionEntry{Ref: ref, Name: name, Status: "In progress", Relations: []string{project}, Clockify: link(ref)})
	}
	for i := 0; i < g.ClockifyOnly; i++ {
		cl = append(cl, ClockifyEntry{Ref: fmt.Sprintf("xc%d", i+1), Name: fmt.Sprintf("Clockify-only %03d", i+1)})
	}
	out.Clockify.Clients, out.Clockify.Projects, out.Clockify.Tasks = cl, pr, ta
	out.Notion.Clients, out.Notion.Projects, out.Notion.Tasks = nc, np, nt
	out.Generate = nil
	return out
}
