// Package workflow is the n8n workflow model: nodes, connections and settings
// exactly as n8n exports them, plus the loader for the file forms users have.
package workflow

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Workflow is an exported n8n workflow. Unknown top-level keys are kept in
// Extra so nothing the user had is lost.
type Workflow struct {
	ID          string                               `json:"id,omitempty"`
	Name        string                               `json:"name"`
	Nodes       []*Node                              `json:"nodes"`
	Connections map[string]map[string][][]Connection `json:"connections"`
	Settings    Settings                             `json:"settings"`
	PinData     map[string][]json.RawMessage         `json:"pinData,omitempty"`
	Active      bool                                 `json:"active"`
	Extra       map[string]json.RawMessage           `json:"-"`

	byName map[string]*Node
	// parents[node][input] lists the sources feeding that main input, in
	// the order they appear in the file.
	parents map[string][][]Source
	// settle runs SettleVersions once (set by Parse).
	settle versionsOnce
}

// Settings are the workflow settings n8n-go reads; the rest stay in Raw.
type Settings struct {
	ExecutionOrder string                     `json:"executionOrder,omitempty"`
	Timezone       string                     `json:"timezone,omitempty"`
	ErrorWorkflow  string                     `json:"errorWorkflow,omitempty"`
	Raw            map[string]json.RawMessage `json:"-"`
}

// Node is one node of the workflow.
type Node struct {
	ID               string                   `json:"id,omitempty"`
	Name             string                   `json:"name"`
	Type             string                   `json:"type"`
	TypeVersion      float64                  `json:"typeVersion"`
	Position         [2]float64               `json:"position"`
	Parameters       *data.Object             `json:"parameters"`
	Credentials      map[string]CredentialRef `json:"credentials,omitempty"`
	Disabled         bool                     `json:"disabled,omitempty"`
	RetryOnFail      bool                     `json:"retryOnFail,omitempty"`
	MaxTries         *float64                 `json:"maxTries,omitempty"`
	WaitBetweenTries *float64                 `json:"waitBetweenTries,omitempty"`
	AlwaysOutputData bool                     `json:"alwaysOutputData,omitempty"`
	ExecuteOnce      bool                     `json:"executeOnce,omitempty"`
	OnError          string                   `json:"onError,omitempty"`
	ContinueOnFail   bool                     `json:"continueOnFail,omitempty"`
	WebhookID        string                   `json:"webhookId,omitempty"`
	Notes            string                   `json:"notes,omitempty"`

	// versionUnset: the file gave no typeVersion (SettleVersions).
	versionUnset bool
}

// CredentialRef is a node's reference to a stored credential.
type CredentialRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// UnmarshalJSON accepts the object {"id", "name"} and the older form, a
// plain string naming the credential, which templates and old exports use
// and n8n's editor still imports: {"airtableApi": "Airtable account"}.
func (c *CredentialRef) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*c = CredentialRef{Name: name}
		return nil
	}
	type plain CredentialRef
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("a credential reference is {\"id\", \"name\"} or a name: %w", err)
	}
	*c = CredentialRef(p)
	return nil
}

// Connection is one edge target: the destination node and its input index.
type Connection struct {
	Node  string `json:"node"`
	Type  string `json:"type"`
	Index int    `json:"index"`
}

// Source is one edge seen from its destination.
type Source struct {
	Node   string
	Output int
}

// OnErrorMode returns the effective onError setting, mapping the legacy
// continueOnFail flag as n8n does.
func (n *Node) OnErrorMode() string {
	if n.OnError != "" {
		return n.OnError
	}
	if n.ContinueOnFail {
		return "continueRegularOutput"
	}
	return "stopWorkflow"
}

// Node returns the node of that name, or nil.
func (w *Workflow) Node(name string) *Node { return w.byName[name] }

// Children returns the main connections of a node's output, as stored.
func (w *Workflow) Children(name string, output int) []Connection {
	outs := w.Connections[name]["main"]
	if output < 0 || output >= len(outs) {
		return nil
	}
	return outs[output]
}

// Outputs returns every main output list of a node, as stored.
func (w *Workflow) Outputs(name string) [][]Connection { return w.Connections[name]["main"] }

// Parents returns, per main input index, the sources feeding a node. Its
// length is the highest connected input index plus one, which is how n8n
// counts a node's inputs when joining them.
func (w *Workflow) Parents(name string) [][]Source { return w.parents[name] }

// index builds the name map and the reverse connection index.
func (w *Workflow) index() {
	w.byName = make(map[string]*Node, len(w.Nodes))
	for _, n := range w.Nodes {
		if _, dup := w.byName[n.Name]; !dup {
			w.byName[n.Name] = n
		}
	}
	w.parents = map[string][][]Source{}
	srcs := make([]string, 0, len(w.Connections))
	for s := range w.Connections {
		srcs = append(srcs, s)
	}
	// Map iteration is random; keep the file's node order for determinism.
	order := map[string]int{}
	for i, n := range w.Nodes {
		if _, ok := order[n.Name]; !ok {
			order[n.Name] = i
		}
	}
	sort.SliceStable(srcs, func(a, b int) bool {
		oa, okA := order[srcs[a]]
		ob, okB := order[srcs[b]]
		if okA != okB {
			return okA
		}
		if oa != ob {
			return oa < ob
		}
		return srcs[a] < srcs[b]
	})
	for _, s := range srcs {
		for out, conns := range w.Connections[s]["main"] {
			for _, c := range conns {
				p := w.parents[c.Node]
				for len(p) <= c.Index {
					p = append(p, nil)
				}
				p[c.Index] = append(p[c.Index], Source{Node: s, Output: out})
				w.parents[c.Node] = p
			}
		}
	}
}

// IsAncestor reports whether anc reaches node through main connections.
func (w *Workflow) IsAncestor(anc, node string) bool {
	seen := map[string]bool{}
	stack := []string{node}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, in := range w.parents[n] {
			for _, s := range in {
				if s.Node == anc {
					return true
				}
				if !seen[s.Node] {
					seen[s.Node] = true
					stack = append(stack, s.Node)
				}
			}
		}
	}
	return false
}
