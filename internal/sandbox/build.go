package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	fakeapis "github.com/n8n-go/n8n-go/internal/fakes/apis"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
)

// API keys the sandbox's credentials carry and its fakes accept.
const (
	NotionKey   = "secret_sandbox_notion"
	ClockifyKey = "sandbox-clockify-key"
)

// Fakes are both fakes, seeded, behind one request log.
type Fakes struct {
	Clockify *fakeclockify.Server
	Notion   *fakenotion.Server
	Log      *fakeapis.Log
	// Handlers per host, wrapped by Log.
	Handlers map[string]http.Handler
	// ClockifySeed and NotionSeed are the starting states (Dump format).
	ClockifySeed, NotionSeed []byte
}

// Mux serves both fakes on one listener, by Host.
func (f *Fakes) Mux() http.Handler { return fakeapis.Mux(f.Handlers) }

// Build seeds fresh fakes from sc and queues its faults.
func Build(sc *Scenario) (*Fakes, error) {
	full := sc.expand()
	ck := fakeclockify.New(fakeclockify.Options{APIKeys: []string{ClockifyKey}, AllowActiveClientDelete: full.Clockify.AllowActiveClientDelete})
	wsName := full.Clockify.Workspace
	if wsName == "" {
		wsName = "Demo"
	}
	ws := ck.AddWorkspace(wsName)
	ids := map[string]string{}
	add := func(ref, id string) error {
		if ref == "" {
			return nil
		}
		if _, dup := ids[ref]; dup {
			return fmt.Errorf("sandbox: Clockify ref %q used twice", ref)
		}
		ids[ref] = id
		return nil
	}
	for _, c := range full.Clockify.Clients {
		if err := add(c.Ref, ck.AddClient(ws, c.Name, c.Archived)); err != nil {
			return nil, err
		}
	}
	for _, p := range full.Clockify.Projects {
		client := ""
		if p.Parent != "" {
			var ok bool
			if client, ok = ids[p.Parent]; !ok {
				return nil, fmt.Errorf("sandbox: project %q: unknown client ref %q", p.Name, p.Parent)
			}
		}
		if err := add(p.Ref, ck.AddProject(ws, p.Name, client, p.Archived)); err != nil {
			return nil, err
		}
	}
	for _, t := range full.Clockify.Tasks {
		pid, ok := ids[t.Parent]
		if !ok {
			return nil, fmt.Errorf("sandbox: task %q: unknown project ref %q", t.Name, t.Parent)
		}
		st := t.Status
		if st == "" {
			st = "ACTIVE"
		}
		if err := add(t.Ref, ck.AddTask(pid, t.Name, st)); err != nil {
			return nil, err
		}
	}
	clockifyID := func(ref string) (string, error) {
		switch {
		case ref == "":
			return "", nil
		case strings.HasPrefix(ref, "!"):
			return ref[1:], nil
		}
		id, ok := ids[ref]
		if !ok {
			return "", fmt.Errorf("sandbox: unknown Clockify ref %q", ref)
		}
		return id, nil
	}

	st := fakenotion.State{Databases: databases(), Users: users()}
	pages := map[string]string{} // Notion ref → page id
	addPages := func(kind byte, db string, list []NotionEntry, props func(e NotionEntry, cid string) (map[string]any, error)) error {
		for _, e := range list {
			id := pageID(kind, len(st.Pages)+1)
			if e.Ref != "" {
				if _, dup := pages[string(kind)+e.Ref]; dup {
					return fmt.Errorf("sandbox: Notion ref %q used twice", e.Ref)
				}
				pages[string(kind)+e.Ref] = id
			}
			cid, err := clockifyID(e.Clockify)
			if err != nil {
				return err
			}
			p, err := props(e, cid)
			if err != nil {
				return err
			}
			st.Pages = append(st.Pages, page(id, db, p))
		}
		return nil
	}
	rel := func(kind byte, refs []string) ([]string, error) {
		out := make([]string, 0, len(refs))
		for _, r := range refs {
			id, ok := pages[string(kind)+r]
			if !ok {
				return nil, fmt.Errorf("sandbox: unknown Notion ref %q", r)
			}
			out = append(out, id)
		}
		return out, nil
	}
	if err := addPages('c', ClientsDB, full.Notion.Clients, func(e NotionEntry, cid string) (map[string]any, error) {
		return map[string]any{
			"Name":               titleProp(e.Name),
			"Archive":            map[string]any{"checkbox": e.Archive},
			"Clockify Client ID": textProp(cid),
		}, nil
	}); err != nil {
		return nil, err
	}
	if err := addPages('b', ProjectsDB, full.Notion.Projects, func(e NotionEntry, cid string) (map[string]any, error) {
		r, err := rel('c', e.Relations)
		if err != nil {
			return nil, err
		}
		return map[string]any{
			"Name":                titleProp(e.Name),
			"Status":              statusProp(orDefault(e.Status, "In progress")),
			"Clients":             relationProp(r),
			"Clockify Project ID": textProp(cid),
		}, nil
	}); err != nil {
		return nil, err
	}
	if err := addPages('d', TasksDB, full.Notion.Tasks, func(e NotionEntry, cid string) (map[string]any, error) {
		r, err := rel('b', e.Relations)
		if err != nil {
			return nil, err
		}
		return map[string]any{
			"Name":             titleProp(e.Name),
			"Status":           statusProp(orDefault(e.Status, "In progress")),
			"Projects":         relationProp(r),
			"Clockify Task ID": textProp(cid),
		}, nil
	}); err != nil {
		return nil, err
	}
	nf := fakenotion.New(fakenotion.Options{Tokens: []string{NotionKey}})
	nseed, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	if err := nf.Seed(nseed); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	for _, f := range full.Faults.Notion {
		nf.AddFault(fakenotion.Fault{Method: f.Method, Path: f.Path, Skip: f.Skip, Times: f.Times, Status: f.Status, Body: f.Body})
	}
	for _, f := range full.Faults.Clockify {
		ck.AddFault(fakeclockify.Fault{Method: f.Method, Path: f.Path, Skip: f.Skip, Times: f.Times, Status: f.Status, Body: f.Body})
	}
	log := &fakeapis.Log{}
	return &Fakes{
		Clockify: ck, Notion: nf, Log: log,
		Handlers: map[string]http.Handler{
			fakeapis.NotionHost:   log.Wrap("notion", nf),
			fakeapis.ClockifyHost: log.Wrap("clockify", ck),
		},
		ClockifySeed: ck.Dump(), NotionSeed: nf.Dump(),
	}, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
