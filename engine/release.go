package engine

import (
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Which node runs may leave memory during a run (RunOptions.Spool).
//
// Items flow to the next nodes through the execution stack, not through
// the run data, so a finished run's entry in the run data is read again
// only by: expressions naming the node ($('X'), $node["X"], $items("X")),
// pairedItem lookups walking from a referencing node back to X (they read
// only the pairedItem of the runs between: those keep it), nodes that change their input objects in place (the change
// shows in their ancestors' run data), the run that ended last (lastNodeExecuted: sub-workflow
// results, webhook answers), v0's check for empty parent outputs, and
// nodes that run user code. Everything the analysis below cannot rule out
// is kept: an expression whose node name is not a literal, a Code node,
// a connection that is not "main" or a v0 workflow keeps every run.

// nodeRefStart finds where an expression may read another node's data.
var nodeRefStart = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$(?:\(|node\b|items\s*\()`)
})

// nodeRefLiteral is a reference whose node name is a literal at the
// position nodeRefStart found: $('Name'), $("Name"), $node["Name"],
// $node.Name, $items("Name"); $items() (the current input) names none.
var nodeRefLiteral = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\$(?:\(\s*|node\s*\[\s*|items\s*\(\s*)(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|` +
		"`((?:[^`\\\\$]|\\\\.)*)`" + `)|^\$node\.([A-Za-z_$][A-Za-z0-9_$]*)|^\$items\s*\(\s*\)`)
})

// releasePlan says which nodes' runs must stay in memory.
type releasePlan struct {
	keepAll bool
	keep    map[string]bool
	// paths are nodes a pairedItem lookup only walks through: their runs
	// keep each item's pairedItem, not its data.
	paths map[string]bool
}

// planRelease looks at every node's parameters once, before the run.
func (r *run) planRelease(keep []string) *releasePlan {
	p := &releasePlan{keep: map[string]bool{}, paths: map[string]bool{}}
	for _, k := range keep {
		p.keep[k] = true
	}
	if !r.v1 {
		// v0 decides whether to force parents by reading their outputs.
		p.keepAll = true
		return p
	}
	for _, byType := range r.wf.Connections {
		for typ := range byType {
			if typ != "main" {
				// Sub-nodes (AI tools, memories…) read their parents' data
				// in ways this analysis does not follow.
				p.keepAll = true
				return p
			}
		}
	}
	for _, n := range r.wf.Nodes {
		pn := r.nodes[n.Name]
		if pn != nil && pn.desc.ReadsRunData {
			p.keepAll = true
			return p
		}
		refs, paired, ok := nodeRefs(n.Parameters)
		if !ok {
			p.keepAll = true
			return p
		}
		anc := map[string]bool{}
		if paired && len(refs) > 0 {
			for _, a := range r.ancestors(n.Name) {
				anc[a] = true
			}
		}
		for _, ref := range refs {
			p.keep[ref] = true
			if !anc[ref] {
				continue
			}
			// A pairedItem lookup walks back from n through the runs of
			// the nodes between ref and n, reading their pairedItem only.
			for _, d := range r.descendants(ref) {
				if anc[d] {
					p.paths[d] = true
				}
			}
		}
	}
	r.keepChanged(p.keep)
	return p
}

// keepChanged keeps the nodes whose output objects a later node may
// change in place (r.changed: the sources of every node that changes its
// inputs). Those objects also sit in the outputs of every node they flowed
// to from there (a sibling of the changing node that passes its input
// on): those stay too, or their run data, written before the objects were
// changed, would miss the change n8n shows.
func (r *run) keepChanged(keep map[string]bool) {
	sources := make([]string, 0, len(r.changed))
	for n := range r.changed {
		keep[n] = true
		sources = append(sources, n)
	}
	// Forward from every source, through nodes that pass objects on.
	seen := map[string]bool{}
	for len(sources) > 0 {
		n := sources[len(sources)-1]
		sources = sources[:len(sources)-1]
		for _, conns := range r.wf.Outputs(n) {
			for _, c := range conns {
				if seen[c.Node] || r.makesNewItems(c.Node) {
					continue
				}
				seen[c.Node] = true
				keep[c.Node] = true
				sources = append(sources, c.Node)
			}
		}
	}
}

// objectSources lists the nodes whose output objects can reach name's
// inputs: its parents, and through every parent that may pass its input
// objects on (all but NewItems nodes that stop on error), theirs.
func (r *run) objectSources(name string) []string {
	seen := map[string]bool{}
	stack := []string{name}
	var sources []string
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, in := range r.wf.Parents(n) {
			for _, src := range in {
				if seen[src.Node] {
					continue
				}
				seen[src.Node] = true
				sources = append(sources, src.Node)
				if r.makesNewItems(src.Node) {
					continue
				}
				stack = append(stack, src.Node)
			}
		}
	}
	return sources
}

// changedLater lists the nodes whose output objects a later node may
// change in place (the sources of every node that ChangesInputs): only
// those must give every output item an object of its own where n8n does
// (Exec.OutputMayChange). Nil when no node changes its inputs.
func (r *run) changedLater() map[string]bool {
	var out map[string]bool
	for _, n := range r.wf.Nodes {
		pn := r.nodes[n.Name]
		if pn == nil || pn.desc.ChangesInputs == nil || !pn.desc.ChangesInputs(pn.params, n.TypeVersion) {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		for _, src := range r.objectSources(n.Name) {
			out[src] = true
		}
	}
	return out
}

// makesNewItems reports whether node's outputs never hold its input
// objects: a NewItems node that runs (not disabled, not pinned) and stops
// on error (other modes pass the failed input on).
func (r *run) makesNewItems(node string) bool {
	pn := r.nodes[node]
	_, pinned := r.pinData[node]
	return pn != nil && pn.desc.NewItems && !pn.node.Disabled && !pinned && pn.node.OnErrorMode() == "stopWorkflow"
}

// descendants lists every node name reaches through main connections.
func (r *run) descendants(name string) []string {
	seen := map[string]bool{}
	var out []string
	stack := []string{name}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, conns := range r.wf.Outputs(n) {
			for _, c := range conns {
				if !seen[c.Node] {
					seen[c.Node] = true
					out = append(out, c.Node)
					stack = append(stack, c.Node)
				}
			}
		}
	}
	return out
}

// nodeRefs lists the nodes the expressions in a parameter value name.
// paired reports a possible pairedItem lookup (.item, .itemMatching(),
// .pairedItem(), $node, $item()); ok is false when a reference's node
// cannot be told without running.
func nodeRefs(v any) (refs []string, paired, ok bool) {
	ok = true
	var walk func(v any)
	walk = func(v any) {
		if !ok {
			return
		}
		switch x := v.(type) {
		case string:
			// Every string, not only "=" expressions: some nodes (HTML,
			// Set's JSON) evaluate {{ }} inside plain text too.
			if !strings.Contains(x, "$") {
				return
			}
			if strings.Contains(x, "$evaluateExpression") {
				ok = false
				return
			}
			locs := nodeRefStart().FindAllStringIndex(x, -1)
			if len(locs) == 0 {
				return
			}
			if strings.Contains(x, ".item") || strings.Contains(x, "pairedItem") || strings.Contains(x, "$node") || strings.Contains(x, "$item(") {
				paired = true
			}
			for _, loc := range locs {
				m := nodeRefLiteral().FindStringSubmatch(x[loc[0]:])
				if m == nil {
					ok = false
					return
				}
				if name := m[1] + m[2] + m[3] + m[4]; name != "" {
					refs = append(refs, unescapeJSString(name))
				}
			}
		case *data.Object:
			for _, e := range x.All() {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return refs, paired, ok
}

// unescapeJSString drops the backslashes of a quoted JavaScript name.
func unescapeJSString(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// releaseFinished hands the run just recorded to the spool at once (it is
// written while the next nodes run), unless its node must stay in memory,
// and releases the run that finished before it: the newest run keeps its
// items (it may be lastNodeExecuted).
func (r *run) releaseFinished(node string, t *TaskData) {
	if r.spool == nil || r.release == nil || r.release.keepAll {
		return
	}
	prev := r.held
	r.held = nil
	if !r.release.keep[node] && !t.Released() {
		if err := r.spool.put(t, r.release.paths[node]); err != nil {
			// The run goes on in memory; writing the result reports the error
			// (the spool's writer keeps it).
			r.spool = nil
			return
		}
		r.held = t
	}
	if prev != nil {
		r.spool.release(prev)
	}
}
