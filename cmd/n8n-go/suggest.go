package main

import (
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// suggest returns the candidate closest to s when it is close enough to be
// a likely typo (case-insensitive edit distance, or a prefix), else "".
func suggest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	limit := max(2, len([]rune(s))/3)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(ls, lc)
		if len(ls) >= 3 && strings.HasPrefix(lc, ls) {
			d = min(d, 1)
		}
		if d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nodeNames lists a workflow's node names in file order.
func nodeNames(w *workflow.Workflow) []string {
	out := make([]string, 0, len(w.Nodes))
	for _, n := range w.Nodes {
		out = append(out, n.Name)
	}
	return out
}

// checkNodeName returns an error when w has no node called name, with the
// closest name as a suggestion.
func checkNodeName(w *workflow.Workflow, flag, name string) error {
	if name == "" || w.Node(name) != nil {
		return nil
	}
	return fmt.Errorf("%s: the workflow has no node %q%s", flag, name, didYouMean(name, nodeNames(w)))
}

// didYouMean is " (did you mean "X"?)" for the closest candidate, or "".
func didYouMean(s string, candidates []string) string {
	if c := suggest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}
