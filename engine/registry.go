package engine

import (
	"fmt"
	"slices"
	"sort"
)

// Registry maps n8n type names to node implementations.
type Registry struct {
	types map[string]entry
}

type entry struct {
	node Node
	desc Description
}

// NewRegistry registers nodes; two nodes with one type name is an error.
func NewRegistry(nodes ...Node) (*Registry, error) {
	r := &Registry{types: make(map[string]entry, len(nodes))}
	for _, n := range nodes {
		d := n.Describe()
		if d.Type == "" || len(d.Versions) == 0 {
			return nil, fmt.Errorf("registry: node %T declares no type or versions", n)
		}
		if _, dup := r.types[d.Type]; dup {
			return nil, fmt.Errorf("registry: type %s registered twice", d.Type)
		}
		r.types[d.Type] = entry{node: n, desc: d}
	}
	return r, nil
}

// Lookup returns the node implementing typ at version.
func (r *Registry) Lookup(typ string, version float64) (Node, Description, error) {
	e, ok := r.types[typ]
	if !ok {
		return nil, Description{}, fmt.Errorf("node type %s is not supported by n8n-go", typ)
	}
	for _, v := range e.desc.Versions {
		if v == version {
			return e.node, e.desc, nil
		}
	}
	return nil, Description{}, fmt.Errorf("%s typeVersion %v is not supported (supported: %s)", typ, version, describeVersions(e.desc.Versions))
}

// DefaultVersion is the version n8n runs a node of type typ at when its
// file gives none: the type's defaultVersion (Description.DefaultVersion,
// else the highest version implemented).
func (r *Registry) DefaultVersion(typ string) (float64, bool) {
	e, ok := r.types[typ]
	if !ok {
		return 0, false
	}
	if e.desc.DefaultVersion != 0 {
		return e.desc.DefaultVersion, true
	}
	if len(e.desc.Versions) == 0 {
		return 0, false
	}
	return slices.Max(e.desc.Versions), true
}

// Types lists the registered type names, sorted.
func (r *Registry) Types() []string {
	out := make([]string, 0, len(r.types))
	for t := range r.types {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Describe returns the description of a registered type.
func (r *Registry) Describe(typ string) (Description, bool) {
	e, ok := r.types[typ]
	return e.desc, ok
}
