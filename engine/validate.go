package engine

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// checkWorkflowRef says why a workflow called by id cannot be found.
func (e *Engine) checkWorkflowRef(id string) string {
	if e.opts.Workflows == nil {
		return fmt.Sprintf("calls workflow %q by id, but no workflows were given: pass --workflows PATH (a folder of workflow files or an n8n export file)", id)
	}
	if _, err := e.opts.Workflows.Workflow(context.Background(), id); err != nil {
		return fmt.Sprintf("calls workflow %q by id: %v", id, err)
	}
	return ""
}

// Validate checks a whole workflow before anything runs and returns every
// problem, one sentence each, naming the node and parameter and what to do.
func (e *Engine) Validate(w *workflow.Workflow) []string {
	w.SettleVersions(e.opts.Registry.DefaultVersion)
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	seen := map[string]bool{}
	// Unimplemented types are reported once per type, naming their nodes.
	unknown := map[string][]string{}
	var unknownOrder []string
	// Credential problems are reported once per credential and cause,
	// naming the nodes, not once per node.
	var creds credProblems
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
				if msg := e.checkCredential(n, ct); msg != "" {
					creds.add(ct, msg, n.Name)
				}
			}
		}
		if desc.WorkflowRefs != nil && !n.Disabled {
			for _, id := range desc.WorkflowRefs(p, n.TypeVersion) {
				if msg := e.checkWorkflowRef(id); msg != "" {
					add("node %q: %s", n.Name, msg)
				}
			}
		}
		for _, pe := range e.checkExpressions("", n.Parameters) {
			add("node %q: parameter %s: %s", n.Name, pe.path, pe.msg)
		}
	}
	probs = append(probs, creds.lines()...)
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
	case *data.Object:
		for k, el := range x.All() {
			out = append(out, e.checkExpressions(join(path, k), el)...)
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

// checkCredential says what is wrong with node n's credential of type ct,
// or "".
func (e *Engine) checkCredential(n *workflow.Node, ct string) string {
	if e.opts.Credentials == nil {
		return "no credentials given; pass --credentials FILE (n8n export:credentials --decrypted) or set the environment shortcut"
	}
	var ref *workflow.CredentialRef
	if r, ok := n.Credentials[ct]; ok {
		ref = &r
	}
	d, err := e.opts.Credentials.Resolve(ct, ref)
	if err != nil {
		return err.Error()
	}
	if fc, ok := e.opts.Credentials.(CredentialFieldChecker); ok {
		if missing := fc.MissingFields(ct, d); len(missing) > 0 {
			return fmt.Sprintf("required field(s) missing or empty: %s", strings.Join(missing, ", "))
		}
	}
	return ""
}

// credProblems groups credential problems by credential type and message.
type credProblems struct {
	keys  []string
	nodes map[string][]string
	msg   map[string][2]string
}

func (c *credProblems) add(typ, msg, node string) {
	key := typ + "\x00" + msg
	if c.nodes == nil {
		c.nodes, c.msg = map[string][]string{}, map[string][2]string{}
	}
	if _, ok := c.nodes[key]; !ok {
		c.keys = append(c.keys, key)
		c.msg[key] = [2]string{typ, msg}
	}
	c.nodes[key] = append(c.nodes[key], node)
}

// lines is one line per credential and cause. It names the first node that
// uses the credential first, as every other node problem does (scripts that
// read validate's output rely on that shape), and the others after it.
func (c *credProblems) lines() []string {
	var out []string
	for _, k := range c.keys {
		typ, msg, nodes := c.msg[k][0], c.msg[k][1], c.nodes[k]
		line := fmt.Sprintf("node %q: credential %s: %s", nodes[0], typ, msg)
		if rest := nodes[1:]; len(rest) > 0 {
			const show = 3
			names := make([]string, 0, show)
			for _, n := range rest[:min(show, len(rest))] {
				names = append(names, fmt.Sprintf("%q", n))
			}
			list := strings.Join(names, ", ")
			if len(rest) > show {
				list += fmt.Sprintf(" and %d more", len(rest)-show)
			}
			line += fmt.Sprintf(" (also used by %s)", list)
		}
		out = append(out, line)
	}
	return out
}
