package workflow

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// DefaultMaxFileBytes bounds a workflow file: the largest public workflows
// are a few MB; `run /dev/zero` must not read forever.
const DefaultMaxFileBytes = 32 << 20

// readFileMax reads at most max bytes of path and fails when there is more.
func readFileMax(path string, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxFileBytes
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, larger than the limit on workflow files of %d bytes (--max-workflow-size)", path, st.Size(), max)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is larger than the limit on workflow files of %d bytes (--max-workflow-size)", path, max)
	}
	return b, nil
}

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
