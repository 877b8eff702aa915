package engine

import (
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// forceParents is the legacy (v0) "forceInputNodeExecution": when a
// multi-input node first gets data on one input, its other parents that
// have not run and are not queued are started, with one empty item when
// they have no input of their own.
func (r *run) forceParents(c workflow.Connection, output int, parent string, out [][]data.Item, runIndex int) {
	var siblings []string
	for _, conns := range r.wf.Outputs(parent) {
		for _, cc := range conns {
			siblings = append(siblings, cc.Node)
		}
	}
	inStack := func(name string) bool {
		for _, e := range r.stack {
			if e.node == name {
				return true
			}
		}
		return false
	}
	for _, srcs := range r.wf.Parents(c.Node) {
		for _, in := range srcs {
			if in.Node == parent {
				continue
			}
			if contains(siblings, in.Node) && !r.incomingEmpty(in.Node, runIndex) {
				continue
			}
			if inStack(in.Node) {
				continue
			}
			if _, ran := r.runData[in.Node]; ran {
				continue
			}
			chain := append(r.parentNodes(in.Node), in.Node)
			for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
				chain[i], chain[j] = chain[j], chain[i]
			}
			toAdd := in.Node
			for _, p := range chain {
				if in.Node != p && contains(siblings, p) {
					toAdd = ""
					break
				}
				if inStack(p) {
					toAdd = ""
					break
				}
				if _, ran := r.runData[p]; ran {
					break
				}
				toAdd = p
			}
			if toAdd != "" && contains(r.parentNodes(toAdd), parent) && len(out[output]) == 0 {
				toAdd = ""
			}
			if toAdd == "" {
				continue
			}
			if len(r.wf.Parents(toAdd)) == 0 || r.incomingEmpty(toAdd, runIndex) {
				r.stack = append(r.stack, &stackEntry{
					node:   toAdd,
					inputs: [][]data.Item{{{JSON: data.NewObject(0)}}},
					source: []*TaskSource{sourceOf(parent, output, runIndex)},
				})
			}
		}
	}
}

// incomingEmpty is n8n's incomingConnectionIsEmpty over input 0 of node.
func (r *run) incomingEmpty(node string, runIndex int) bool {
	ps := r.wf.Parents(node)
	if len(ps) == 0 {
		return true
	}
	for _, s := range ps[0] {
		runs := r.runData[s.Node]
		if runIndex < len(runs) && runs[runIndex].Data != nil && s.Output < len(runs[runIndex].Data.Main) {
			if items := runs[runIndex].Data.Main[s.Output]; items != nil && len(items) != 0 {
				return false
			}
		}
	}
	return true
}

// parentNodes lists a node's ancestors in n8n's getParentNodes order: the
// nearest parents last, each parent's own ancestors before it.
func (r *run) parentNodes(name string) []string {
	checked := map[string]bool{}
	var walk func(n string) []string
	walk = func(n string) []string {
		if checked[n] {
			return nil
		}
		checked[n] = true
		var ret []string
		for _, srcs := range r.wf.Parents(n) {
			for _, s := range srcs {
				if checked[s.Node] {
					continue
				}
				ret = append([]string{s.Node}, ret...)
				add := walk(s.Node)
				for i := len(add) - 1; i >= 0; i-- {
					p := add[i]
					for k, v := range ret {
						if v == p {
							ret = append(ret[:k], ret[k+1:]...)
							break
						}
					}
					ret = append([]string{p}, ret...)
				}
			}
		}
		return ret
	}
	return walk(name)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
