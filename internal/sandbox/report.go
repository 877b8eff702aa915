package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/n8n-go/n8n-go/engine/workflow"
	fakeclockify "github.com/n8n-go/n8n-go/internal/fakes/clockify"
)

// Credentials is the credential store for the sandbox: every notionApi and
// clockifyApi reference resolves to the key the fakes accept.
type Credentials struct{}

// Resolve implements engine.CredentialStore.
func (Credentials) Resolve(typ string, _ *workflow.CredentialRef) (map[string]any, error) {
	switch typ {
	case "notionApi":
		return map[string]any{"apiKey": NotionKey}, nil
	case "clockifyApi":
		return map[string]any{"apiKey": ClockifyKey}, nil
	}
	return nil, fmt.Errorf("sandbox: no %s credential (the sandbox has notionApi and clockifyApi)", typ)
}

// Change is one difference between two Clockify states.
type Change struct {
	Kind   string // client, project, task
	Action string // created, renamed, archived, unarchived, deleted, updated
	Name   string
	Detail string
}

type entity struct {
	kind, name, parent string
	archived           bool
}

func entities(st fakeclockify.State) map[string]entity {
	out := map[string]entity{}
	for _, c := range st.Clients {
		out[c.ID] = entity{kind: "client", name: c.Name, archived: c.Archived}
	}
	for _, p := range st.Projects {
		out[p.ID] = entity{kind: "project", name: p.Name, parent: p.ClientID, archived: p.Archived}
	}
	for _, t := range st.Tasks {
		out[t.ID] = entity{kind: "task", name: t.Name, parent: t.ProjectID, archived: t.Status == "DONE"}
	}
	return out
}

// Diff lists what changed in Clockify between two Dump documents, in
// order clients, projects, tasks, then by name.
func Diff(before, after []byte) ([]Change, error) {
	var a, b fakeclockify.State
	if err := json.Unmarshal(before, &a); err != nil {
		return nil, fmt.Errorf("sandbox: diff: %w", err)
	}
	if err := json.Unmarshal(after, &b); err != nil {
		return nil, fmt.Errorf("sandbox: diff: %w", err)
	}
	old, cur := entities(a), entities(b)
	var out []Change
	for id, e := range cur {
		o, existed := old[id]
		if !existed {
			out = append(out, Change{Kind: e.kind, Action: "created", Name: e.name})
			continue
		}
		if o.name != e.name {
			out = append(out, Change{Kind: e.kind, Action: "renamed", Name: e.name, Detail: fmt.Sprintf("was %q", o.name)})
		}
		if o.archived != e.archived {
			act := "archived"
			if !e.archived {
				act = "unarchived"
			}
			if e.kind == "task" {
				act = map[bool]string{true: "marked done", false: "reactivated"}[e.archived]
			}
			out = append(out, Change{Kind: e.kind, Action: act, Name: e.name})
		}
		if o.parent != e.parent {
			out = append(out, Change{Kind: e.kind, Action: "moved", Name: e.name, Detail: fmt.Sprintf("parent %s → %s", o.parent, e.parent)})
		}
	}
	for id, o := range old {
		if _, ok := cur[id]; !ok {
			out = append(out, Change{Kind: o.kind, Action: "deleted", Name: o.name})
		}
	}
	rank := map[string]int{"client": 0, "project": 1, "task": 2}
	sort.Slice(out, func(i, j int) bool {
		if rank[out[i].Kind] != rank[out[j].Kind] {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Action < out[j].Action
	})
	return out, nil
}

// Report prints what the run changed in Clockify (from the state diff) and
// a count of the API requests, including failed ones.
func (f *Fakes) Report(w io.Writer) {
	changes, err := Diff(f.ClockifySeed, f.Clockify.Dump())
	if err != nil {
		fmt.Fprintln(w, err)
		return
	}
	fmt.Fprintln(w, "Sandbox: changes in Clockify")
	if len(changes) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, c := range changes {
		line := fmt.Sprintf("  %-11s %-7s %q", c.Action, c.Kind, c.Name)
		if c.Detail != "" {
			line += " (" + c.Detail + ")"
		}
		fmt.Fprintln(w, line)
	}
	counts := map[string]int{}
	var failed []string
	for _, e := range f.Log.Entries() {
		counts[e.API+" "+e.Method]++
		if e.Status >= 400 || e.Status == 0 {
			failed = append(failed, fmt.Sprintf("%s %s %s → %d", e.API, e.Method, e.Path, e.Status))
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprint(w, "Sandbox: API requests:")
	for _, k := range keys {
		fmt.Fprintf(w, " %s ×%d;", k, counts[k])
	}
	fmt.Fprintln(w)
	for _, l := range failed {
		fmt.Fprintln(w, "  failed:", l)
	}
}
