package workflow

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// UnmarshalJSON reads a node as n8n's import does: typeVersion may be a
// number, a string holding one ("2", which n8n's lookup of node versions
// by key accepts alike) or absent, in which case n8n runs the type's
// default version (SettleVersions).
func (n *Node) UnmarshalJSON(b []byte) error {
	type plain Node // no methods: plain decoding of the other keys
	var p struct {
		*plain
		TypeVersion json.RawMessage `json:"typeVersion"`
	}
	p.plain = (*plain)(n)
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	v, unset, err := parseTypeVersion(p.TypeVersion)
	if err != nil {
		return fmt.Errorf("node %q: %w", n.Name, err)
	}
	n.TypeVersion, n.versionUnset = v, unset
	return nil
}

func parseTypeVersion(raw json.RawMessage) (v float64, unset bool, err error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, true, nil
	}
	if json.Unmarshal(raw, &v) == nil {
		return v, false, nil
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		if v, err := strconv.ParseFloat(strings.TrimSpace(str), 64); err == nil {
			return v, false, nil
		}
		return 0, false, fmt.Errorf("typeVersion %q is not a number", str)
	}
	return 0, false, fmt.Errorf("typeVersion %s is not a number", s)
}

// VersionUnset reports whether the node's file gave no typeVersion.
func (n *Node) VersionUnset() bool { return n.versionUnset }

// versionsOnce guards SettleVersions; a pointer so that a Workflow stays
// copyable.
type versionsOnce = *sync.Once

// SettleVersions gives each node whose file has no typeVersion the
// version n8n runs it at, its type's default (n8n's node lookup with an
// undefined version). Types def does not know stay at 0, and validation
// reports them. Only the first call changes anything; calls may come from
// several goroutines.
func (w *Workflow) SettleVersions(def func(typ string) (float64, bool)) {
	if w.settle == nil {
		return // not from Parse: its nodes carry their versions
	}
	w.settle.Do(func() {
		for _, n := range w.Nodes {
			if n.versionUnset {
				if v, ok := def(n.Type); ok {
					n.TypeVersion = v
				}
			}
		}
	})
}
