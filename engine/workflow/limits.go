package workflow

import (
	"fmt"
	"sort"
)

// MaxInputIndex bounds a connection's destination input index. n8n nodes
// have at most a few dozen inputs; the index sizes slices in the model and
// the engine, so an index such as 1e8 would allocate gigabytes and a
// negative one would panic.
const MaxInputIndex = 999

// checkConnectionIndexes rejects destination indexes outside
// [0, MaxInputIndex] before anything indexes by them.
func checkConnectionIndexes(conns map[string]map[string][][]Connection) error {
	srcs := make([]string, 0, len(conns))
	for s := range conns {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		types := make([]string, 0, len(conns[s]))
		for t := range conns[s] {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, typ := range types {
			for out, list := range conns[s][typ] {
				for _, c := range list {
					if c.Index < 0 || c.Index > MaxInputIndex {
						return fmt.Errorf("connections: %q output %d (%s) goes to input %d of %q; input indexes are 0 to %d", s, out, typ, c.Index, c.Node, MaxInputIndex)
					}
				}
			}
		}
	}
	return nil
}
