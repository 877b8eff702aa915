package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

// nodeRefPattern finds the node names expressions refer to: $('Name'),
// $("Name"), $node["Name"], $items("Name"). Names built at run time are
// not seen.
var nodeRefPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$(?:\(\s*|node\s*\[\s*|items\(\s*)(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|` + "`((?:[^`\\\\$]|\\\\.)*)`" + `)`)
})

// checkReferences reports expressions that name a node the workflow does
// not have, one line per node, parameter and missing name. n8n fails
// such an expression only when it is evaluated; we say so before running.
func checkReferences(w *workflow.Workflow) []string {
	names := nodeNames(w)
	var probs []string
	for _, n := range w.Nodes {
		if n.Disabled || strings.HasSuffix(n.Type, ".stickyNote") {
			continue
		}
		walkStrings("", n.Parameters, func(path, s string) {
			if !strings.HasPrefix(s, "=") {
				return
			}
			seen := map[string]bool{}
			for _, m := range nodeRefPattern().FindAllStringSubmatch(s, -1) {
				ref := unescapeJS(m[1] + m[2] + m[3])
				if ref == "" || seen[ref] || w.Node(ref) != nil {
					continue
				}
				seen[ref] = true
				probs = append(probs, fmt.Sprintf("node %q: parameter %s: refers to node %q, which does not exist%s", n.Name, path, ref, didYouMean(ref, names)))
			}
		})
	}
	return probs
}

func unescapeJS(s string) string {
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

// walkStrings calls fn for every string inside v with its parameter path,
// keys in the order the workflow lists them.
func walkStrings(path string, v any, fn func(path, s string)) {
	switch x := v.(type) {
	case string:
		fn(path, x)
	case *data.Object:
		for k, e := range x.All() {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(p, e, fn)
		}
	case []any:
		for i, e := range x {
			walkStrings(fmt.Sprintf("%s[%d]", path, i), e, fn)
		}
	}
}

// checkWritable reports why path cannot be written (its folder missing,
// it being a folder, no permission) before anything runs. It creates
// nothing that stays.
func checkWritable(flag, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	if st, err := os.Stat(path); err == nil {
		if st.IsDir() {
			return fmt.Errorf("%s %s: is a folder; name a file", flag, path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("%s %s: cannot write: %w", flag, path, unwrapPath(err))
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s %s: folder %s does not exist", flag, path, dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s %s: %s is not a folder", flag, path, dir)
	}
	f, err := os.CreateTemp(dir, ".n8n-go-write-check-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot create files in %s: %w", flag, path, dir, unwrapPath(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// unwrapPath drops the *PathError wrapper, whose text repeats the path.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeJSON prints v as indented JSON (machine output on stdout).
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
