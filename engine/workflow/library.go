package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Library holds workflows by id: what n8n's database is to a sub-workflow
// call by id (Execute Workflow, error workflows). It is read once and not
// changed afterwards, so it is safe for concurrent use.
type Library struct {
	byID map[string][]byte
	from map[string]string // id → file, for messages
}

// LoadLibrary reads workflows from path: a folder (every *.json file in it,
// not recursive; each an exported workflow or an export list) or one file
// (an `n8n export:workflow --all` list or a single workflow). Workflows
// without an id are skipped; two workflows with one id are an error.
func LoadLibrary(path string) (*Library, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("workflows: %w", err)
	}
	files := []string{path}
	if st.IsDir() {
		files, err = filepath.Glob(filepath.Join(path, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("workflows: %w", err)
		}
		sort.Strings(files)
	}
	lib := &Library{byID: map[string][]byte{}, from: map[string]string{}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("workflows: %w", err)
		}
		if err := lib.add(f, b); err != nil {
			var nw notWorkflow
			if st.IsDir() && errors.As(err, &nw) {
				// A folder may hold other JSON files (credentials, runs).
				continue
			}
			return nil, err
		}
	}
	return lib, nil
}

// notWorkflow is a JSON file that holds no exported workflow.
type notWorkflow struct{ error }

func (l *Library) add(file string, b []byte) error {
	b = bytes.TrimSpace(b)
	var list []json.RawMessage
	if len(b) > 0 && b[0] == '[' {
		if err := json.Unmarshal(b, &list); err != nil {
			return notWorkflow{fmt.Errorf("workflows: %s: not valid JSON: %w", file, err)}
		}
	} else {
		list = []json.RawMessage{b}
	}
	for _, raw := range list {
		var probe struct {
			ID    json.RawMessage `json:"id"`
			Nodes json.RawMessage `json:"nodes"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return notWorkflow{fmt.Errorf("workflows: %s: not valid JSON: %w", file, err)}
		}
		if len(probe.Nodes) == 0 {
			return notWorkflow{fmt.Errorf("workflows: %s: not an exported n8n workflow (no \"nodes\")", file)}
		}
		var id string
		if json.Unmarshal(probe.ID, &id) != nil {
			id = strings.Trim(string(probe.ID), `"`)
		}
		if id == "" || id == "null" {
			continue
		}
		if prev, ok := l.from[id]; ok {
			return fmt.Errorf("workflows: id %q is used by %s and %s", id, prev, file)
		}
		l.byID[id], l.from[id] = raw, file
	}
	return nil
}

// Add registers one workflow's JSON under its id (tests, error workflows
// given as files).
func (l *Library) Add(file string, b []byte) error {
	if l.byID == nil {
		l.byID, l.from = map[string][]byte{}, map[string]string{}
	}
	return l.add(file, b)
}

// Workflow parses the workflow with that id.
func (l *Library) Workflow(_ context.Context, id string) (*Workflow, error) {
	raw, ok := l.byID[id]
	if !ok {
		return nil, fmt.Errorf("Workflow does not exist. (id %q is not among the %d workflows given with --workflows)", id, len(l.byID))
	}
	w, err := Parse(raw, "")
	if err != nil {
		return nil, fmt.Errorf("workflow %q (%s): %w", id, l.from[id], err)
	}
	return w, nil
}

// IDs lists the ids held, sorted.
func (l *Library) IDs() []string {
	ids := make([]string, 0, len(l.byID))
	for id := range l.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
