package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// LoadFile reads a workflow file of at most DefaultMaxFileBytes. See Parse
// for the accepted forms.
func LoadFile(path, pick string) (*Workflow, error) {
	return LoadFileMax(path, pick, DefaultMaxFileBytes)
}

// LoadFileMax is LoadFile with a size limit (<= 0: DefaultMaxFileBytes).
func LoadFileMax(path, pick string, max int64) (*Workflow, error) {
	b, err := readFileMax(path, max)
	if err != nil {
		return nil, fmt.Errorf("read workflow: %w", err)
	}
	w, err := Parse(b, pick)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

// Parse accepts the three forms users have: one exported workflow object,
// the array `n8n export:workflow --all` writes (pick selects one by name or
// id; required when there are several), and the n8n.io template record
// {"workflow":{"workflow":{…}}}.
func Parse(b []byte, pick string) (*Workflow, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, fmt.Errorf("empty file: expected an n8n workflow JSON object")
	}
	switch b[0] {
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		return pickFromList(list, pick)
	case '{':
	default:
		return nil, fmt.Errorf("expected an n8n workflow JSON object or array, found %q", firstRune(b))
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, ok := probe["nodes"]; !ok {
		// n8n.io template record: {"workflow":{"workflow":{…}}} (or one level).
		if inner, ok := probe["workflow"]; ok {
			var lvl map[string]json.RawMessage
			if json.Unmarshal(inner, &lvl) == nil {
				if in2, ok := lvl["workflow"]; ok {
					return decode(in2)
				}
				if _, ok := lvl["nodes"]; ok {
					return decode(inner)
				}
			}
		}
		return nil, fmt.Errorf(`no "nodes" key: expected an exported n8n workflow ({"nodes":[…],"connections":{…}})`)
	}
	if pick != "" {
		w, err := decode(b)
		if err != nil {
			return nil, err
		}
		if w.Name != pick && w.ID != pick {
			return nil, fmt.Errorf("--workflow %q: the file holds one workflow, %q (id %q)", pick, w.Name, w.ID)
		}
		return w, nil
	}
	return decode(b)
}

func firstRune(b []byte) string {
	r := []rune(string(b[:min(len(b), 4)]))
	return string(r[0])
}

func pickFromList(list []json.RawMessage, pick string) (*Workflow, error) {
	if len(list) == 0 {
		return nil, fmt.Errorf("the file holds an empty list of workflows")
	}
	var names []string
	for _, raw := range list {
		w, err := decode(raw)
		if err != nil {
			return nil, err
		}
		if pick == "" && len(list) == 1 {
			return w, nil
		}
		if pick != "" && (w.Name == pick || w.ID == pick) {
			return w, nil
		}
		names = append(names, fmt.Sprintf("%q (id %s)", w.Name, w.ID))
	}
	if pick == "" {
		return nil, fmt.Errorf("the file holds %d workflows; choose one with --workflow NAME|ID: %s", len(list), strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("--workflow %q matches none of: %s", pick, strings.Join(names, ", "))
}

var knownKeys = map[string]bool{"id": true, "name": true, "nodes": true, "connections": true, "settings": true, "pinData": true, "active": true}

func decode(b []byte) (*Workflow, error) {
	var w Workflow
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	type plain Workflow // no methods: plain decoding of the known keys
	var p struct {
		plain
		ID       json.RawMessage `json:"id"`
		Settings json.RawMessage `json:"settings"`
		PinData  json.RawMessage `json:"pinData"`
		Active   json.RawMessage `json:"active"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("workflow JSON does not have n8n's shape: %w", err)
	}
	w = Workflow(p.plain)
	// active is a boolean in n8n's exports, but some shared files carry
	// "true"/"false" strings, which n8n's import takes as they are.
	if len(p.Active) > 0 {
		var b bool
		var str string
		switch {
		case json.Unmarshal(p.Active, &b) == nil:
			w.Active = b
		case json.Unmarshal(p.Active, &str) == nil:
			w.Active = str == "true"
		}
	}
	// ids are strings in n8n exports but numbers in old ones.
	if len(p.ID) > 0 && string(p.ID) != "null" {
		var s string
		if json.Unmarshal(p.ID, &s) != nil {
			s = string(p.ID)
		}
		w.ID = s
	}
	if len(p.Settings) > 0 && string(p.Settings) != "null" {
		if err := json.Unmarshal(p.Settings, &w.Settings); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		_ = json.Unmarshal(p.Settings, &w.Settings.Raw)
	}
	if len(p.PinData) > 0 && string(p.PinData) != "null" {
		if err := json.Unmarshal(p.PinData, &w.PinData); err != nil {
			return nil, fmt.Errorf("pinData: %w", err)
		}
	}
	w.Extra = map[string]json.RawMessage{}
	for k, v := range raw {
		if !knownKeys[k] {
			w.Extra[k] = v
		}
	}
	for i, n := range w.Nodes {
		if n == nil {
			return nil, fmt.Errorf("nodes[%d] is null", i)
		}
		if n.Parameters == nil {
			n.Parameters = data.NewObject(0)
		}
	}
	if w.Connections == nil {
		w.Connections = map[string]map[string][][]Connection{}
	}
	if err := checkConnectionIndexes(w.Connections); err != nil {
		return nil, err
	}
	w.index()
	w.settle = new(sync.Once)
	return &w, nil
}
