package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/nodes"
)

func newNodesCmd(env cliEnv) *cobra.Command {
	var asJSON, markdown bool
	cmd := &cobra.Command{
		Use:   "nodes [flags] [TYPE...]",
		Short: "List the node types and versions n8n-go supports",
		Long: `Lists every node type n8n-go implements, from its registry: the typeVersions,
the operations (or modes) and what n8n does that n8n-go does not.
A type may be given in full (n8n-nodes-base.notion) or short (notion).

Exit codes: 0 success, 2 usage error or an unknown type.`,
		Example: `  n8n-go nodes
  n8n-go nodes notion httpRequest
  n8n-go nodes --json | jq -r '.[].type'
  n8n-go nodes --markdown   # the README's table`,
		RunE: func(_ *cobra.Command, args []string) error {
			return exitWith(listNodes(env, args, asJSON, markdown))
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			cat, _ := nodes.Catalog()
			var out []string
			for _, in := range cat {
				out = append(out, shortType(in.Type))
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {type, name, group, versions, operations, limitations}")
	cmd.Flags().BoolVar(&markdown, "markdown", false, "print a Markdown table (the README's)")
	cmd.MarkFlagsMutuallyExclusive("json", "markdown")
	return cmd
}

func shortType(t string) string { return strings.TrimPrefix(t, "n8n-nodes-base.") }

func listNodes(env cliEnv, args []string, asJSON, markdown bool) int {
	cat, err := nodes.Catalog()
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go nodes: %v\n", err)
		return exitFailed
	}
	if len(args) > 0 {
		byName := map[string]nodes.Info{}
		var names []string
		for _, in := range cat {
			byName[strings.ToLower(in.Type)], byName[strings.ToLower(shortType(in.Type))] = in, in
			names = append(names, shortType(in.Type))
		}
		var picked []nodes.Info
		bad := false
		for _, a := range args {
			in, ok := byName[strings.ToLower(a)]
			if !ok {
				fmt.Fprintf(env.stderr, "n8n-go nodes: node type %q is not supported by n8n-go%s\n", a, didYouMean(shortType(a), names))
				bad = true
				continue
			}
			picked = append(picked, in)
		}
		if bad {
			return exitInvalid
		}
		cat = picked
	}
	switch {
	case asJSON:
		writeJSON(env.stdout, cat)
	case markdown:
		writeNodeTable(env.stdout, cat)
	default:
		wt, wn := 4, 4
		for _, in := range cat {
			wt, wn = max(wt, len(in.Type)), max(wn, len(in.Name))
		}
		fmt.Fprintf(env.stdout, "%-*s  %-*s  %s\n", wt, "TYPE", wn, "NAME", "VERSIONS")
		for _, in := range cat {
			fmt.Fprintf(env.stdout, "%-*s  %-*s  %s\n", wt, in.Type, wn, in.Name, versions(in.Versions))
			if len(in.Operations) > 0 {
				fmt.Fprintf(env.stdout, "    operations: %s\n", strings.Join(in.Operations, "; "))
			}
			if len(in.Limitations) > 0 {
				fmt.Fprintf(env.stdout, "    not supported: %s\n", strings.Join(in.Limitations, "; "))
			}
		}
	}
	return exitOK
}

// writeNodeTable writes the README's node table.
func writeNodeTable(w io.Writer, cat []nodes.Info) {
	fmt.Fprintln(w, "| Node | Type | Versions | Operations | Not supported |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, in := range cat {
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", in.Name, shortType(in.Type), versions(in.Versions),
			dash(strings.Join(in.Operations, "; ")), dash(strings.Join(in.Limitations, "; ")))
	}
}

func versions(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strings.Join(s, ", ")
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
