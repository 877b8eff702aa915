package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Fingerprint identifies a workflow's content (nodes, connections,
// settings, name, pinned data): two versions with the same fingerprint
// behave the same, so Reload keeps the one it serves.
func Fingerprint(w *workflow.Workflow) string {
	b, err := json.Marshal(struct {
		W     *workflow.Workflow
		S     map[string]json.RawMessage
		Extra map[string]json.RawMessage
	}{w, w.Settings.Raw, w.Extra})
	if err != nil {
		// Not expected for a parsed workflow; a unique value makes Reload
		// replace it, which is safe.
		return fmt.Sprintf("unhashable %p", w)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// workflowIdentity is how Reload matches versions: the id, else the name.
func workflowIdentity(w *workflow.Workflow) string {
	if w.ID != "" {
		return "id:" + w.ID
	}
	return "name:" + w.Name
}

// Change is one thing a Reload did.
type Change struct {
	Workflow string // name
	ID       string
	Action   string // added, updated, removed
}

// Reload makes ws the served workflows, without a restart: a workflow
// whose content changed gets its new version's schedules and webhook
// routes (the old ones are removed), new workflows are activated, missing
// ones deactivated, unchanged ones left as they are. Executions already
// running finish on the version they started with; the next run uses the
// new one (one scheduled run at a time holds across versions). A
// new version that is not valid, or whose webhook path is taken, is
// reported in errs and the previous version stays served.
func (s *Server) Reload(ws []*workflow.Workflow) (changes []Change, errs []error) {
	s.reloading.Lock()
	defer s.reloading.Unlock()
	old := s.actives()
	oldBy := map[string]*active{}
	for _, a := range old {
		oldBy[workflowIdentity(a.wf)] = a
	}
	table := newRouteTable()
	var next, started []*active
	kept := map[*active]bool{}
	seen := map[string]bool{}
	keep := func(o *active) {
		if err := table.addActive(o); err != nil {
			errs = append(errs, fmt.Errorf("workflow %q: %w; it is no longer served", o.wf.Name, err))
			return
		}
		next = append(next, o)
		kept[o] = true
	}
	for _, w := range ws {
		key := workflowIdentity(w)
		if seen[key] {
			errs = append(errs, fmt.Errorf("workflow %q: given twice (same id); the first is served", w.Name))
			continue
		}
		seen[key] = true
		o := oldBy[key]
		if o != nil && o.fingerprint == Fingerprint(w) {
			keep(o)
			continue
		}
		a, err := s.prepare(w)
		if err == nil {
			err = table.addActive(a)
		}
		if err != nil {
			if o != nil {
				errs = append(errs, fmt.Errorf("workflow %q: the new version is not served: %w; the previous version stays", w.Name, err))
				keep(o)
			} else {
				errs = append(errs, fmt.Errorf("workflow %q: not activated: %w", w.Name, err))
			}
			continue
		}
		action := "added"
		if o != nil {
			action = "updated"
			// One scheduled run at a time, across versions.
			a.lock = o.lock
			// The static data belongs to the workflow, not the version.
			a.static = o.static
		}
		next = append(next, a)
		started = append(started, a)
		changes = append(changes, Change{Workflow: w.Name, ID: w.ID, Action: action})
	}
	for _, o := range old {
		if !kept[o] {
			if !seen[workflowIdentity(o.wf)] {
				changes = append(changes, Change{Workflow: o.wf.Name, ID: o.wf.ID, Action: "removed"})
			}
		}
	}
	s.mu.Lock()
	s.workflows, s.routes = next, table
	s.mu.Unlock()
	for _, o := range old {
		if !kept[o] {
			s.stopSchedules(o)
			if s.accepting.Load() {
				s.deleteHooksOf(s.runCtx, o)
			}
		}
	}
	if s.accepting.Load() {
		for _, a := range started {
			s.createHooksOf(s.runCtx, a)
			s.activatePolls(a)
		}
	}
	for _, a := range started {
		if err := s.startSchedules(a); err != nil {
			errs = append(errs, fmt.Errorf("workflow %q: %w", a.wf.Name, err))
		}
	}
	for _, c := range changes {
		s.log.Info("workflow "+c.Action, "workflow", c.Workflow, "workflowId", c.ID)
	}
	return changes, errs
}

// addActive adds all of a's webhook routes and forms, or none when one is
// taken.
func (t *routeTable) addActive(a *active) error {
	trial := t.clone()
	for _, n := range slices.Sorted(maps.Keys(a.hooks)) {
		if err := trial.add(a.hooks[n]); err != nil {
			return err
		}
	}
	for _, n := range slices.Sorted(maps.Keys(a.forms)) {
		if err := trial.addForm(a.forms[n]); err != nil {
			return err
		}
	}
	*t = *trial
	return nil
}

func (t *routeTable) clone() *routeTable {
	c := &routeTable{static: maps.Clone(t.static), dynamic: slices.Clone(t.dynamic), paths: map[string][]string{},
		forms: maps.Clone(t.forms)}
	for k, v := range t.paths {
		c.paths[k] = slices.Clone(v)
	}
	return c
}
