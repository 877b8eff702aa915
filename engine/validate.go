package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Validate checks a whole workflow before anything runs and returns every
// problem, one sentence each, naming the node and parameter and what to do.
func (e *Engine) Validate(w *workflow.Workflow) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	seen := map[string]bool{}
	// Unimplemented types are reported once per type, naming their nodes.
	unknown := map[string][]string{}
	var unknownOrder []string
	for i, n := range w.Nodes {
		if n.Name == "" {
			add("nodes[%d] (%s): the node has no name; give every node a unique name", i, n.Type)
			continue
		}
		if seen[n.Name] {
			add("node %q: the name is used by more than one node; rename one of them", n.Name)
		}
		seen[n.Name] = true
		typ, desc, err := e.opts.Registry.Lookup(n.Type, n.TypeVersion)
		if err != nil {
			if _, known := e.opts.Registry.Describe(n.Type); known {
				add("node %q: %v", n.Name, err)
			} else {
				key := fmt.Sprintf("%s (typeVersion %v)", n.Type, n.TypeVersion)
				if _, seen := unknown[key]; !seen {
					unknownOrder = append(unknownOrder, key)
				}
				unknown[key] = append(unknown[key], fmt.Sprintf("%q", n.Name))
			}
			continue
		}
		_ = typ
		if desc.Kind == KindNote {
			continue
		}
		var defs map[string]any
		if desc.Defaults != nil {
			defs = desc.Defaults(n.TypeVersion)
		}
		p := withDefaults(n.Parameters, defs)
		switch n.OnErrorMode() {
		case "stopWorkflow", "continueRegularOutput", "continueErrorOutput":
		default:
			add("node %q: onError %q is not one of stopWorkflow, continueRegularOutput, continueErrorOutput", n.Name, n.OnError)
		}
		if desc.Check != nil {
			for _, msg := range desc.Check(p, n.TypeVersion) {
				add("node %q: %s", n.Name, msg)
			}
		}
		if desc.Credentials != nil && !n.Disabled {
			for _, ct := range desc.Credentials(p, n.TypeVersion) {
				if e.opts.Credentials == nil {
					add("node %q: needs a %s credential; pass --credentials FILE (n8n export:credentials --decrypted) or set the environment shortcut", n.Name, ct)
					continue
				}
				var ref *workflow.CredentialRef
				if r, ok := n.Credentials[ct]; ok {
					ref = &r
				}
				if _, err := e.opts.Credentials.Resolve(ct, ref); err != nil {
					add("node %q: credential %s: %v", n.Name, ct, err)
				}
			}
		}
		for _, pe := range e.checkExpressions("", n.Parameters) {
			add("node %q: parameter %s: %s", n.Name, pe.path, pe.msg)
		}
	}
	for _, key := range unknownOrder {
		add("node type %s is not implemented by n8n-go (used by %s); remove those nodes or use a supported type", key, strings.Join(unknown[key], ", "))
	}
	srcs := make([]string, 0, len(w.Connections))
	for s := range w.Connections {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		if w.Node(s) == nil {
			add("connections: a connection starts at node %q, which does not exist; remove it or add the node", s)
		}
		for typ, outs := range w.Connections[s] {
			for out, conns := range outs {
				for _, c := range conns {
					if w.Node(c.Node) == nil {
						add("connections: %q output %d (%s) goes to node %q, which does not exist; remove the connection or add the node", s, out, typ, c.Node)
					}
					if c.Index < 0 {
						add("connections: %q output %d goes to input %d of %q; input indexes start at 0", s, out, c.Index, c.Node)
					}
				}
			}
		}
	}
	return probs
}

type paramProblem struct{ path, msg string }

// checkExpressions compiles every expression inside a parameter value.
func (e *Engine) checkExpressions(path string, v any) []paramProblem {
	var out []paramProblem
	switch x := v.(type) {
	case string:
		if isExpression(x) {
			if err := e.opts.Expressions.Check(x); err != nil {
				out = append(out, paramProblem{path, "expression does not parse: " + err.Error()})
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out = append(out, e.checkExpressions(join(path, k), x[k])...)
		}
	case []any:
		for i, el := range x {
			out = append(out, e.checkExpressions(fmt.Sprintf("%s[%d]", path, i), el)...)
		}
	}
	return out
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
