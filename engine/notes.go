package engine

import (
	"fmt"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Notes returns remarks about a valid workflow that are not problems: each
// names a node and a behaviour the user may not expect. Today: a node that
// retries on failure while its operation is not idempotent repeats the
// operation when an answer is lost (n8n does the same; it cannot know
// whether the first request took effect).
func (e *Engine) Notes(w *workflow.Workflow) []string {
	var notes []string
	for _, n := range w.Nodes {
		if n.Disabled || !n.RetryOnFail {
			continue
		}
		_, desc, err := e.opts.Registry.Lookup(n.Type, n.TypeVersion)
		if err != nil || desc.NotIdempotent == nil {
			continue
		}
		var defs map[string]any
		if desc.Defaults != nil {
			defs = desc.Defaults(n.TypeVersion)
		}
		if what := desc.NotIdempotent(withDefaults(n.Parameters, defs), n.TypeVersion); what != "" {
			notes = append(notes, fmt.Sprintf("node %q: Retry On Fail is on and the operation %s; when an answer is lost (timeout, dropped connection) the retry sends the request again and may do it twice", n.Name, what))
		}
	}
	return notes
}
