package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Shell completion: cobra's `completion bash|zsh|fish|powershell` command
// writes the scripts; these functions answer the scripts' questions.

// completeWorkflowFile completes the first argument with *.json files.
func completeWorkflowFile(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
}

// completeNodeFlag completes a flag that names a node (--trigger, --print,
// --node) with the node names of the workflow on the command line: the
// first argument, or --file for eval.
func completeNodeFlag(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	file := ""
	if f := cmd.Flags().Lookup("file"); f != nil {
		file = f.Value.String()
	}
	if file == "" && len(args) > 0 {
		file = args[0]
	}
	if file == "" {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	pick := ""
	if f := cmd.Flags().Lookup("workflow"); f != nil {
		pick = f.Value.String()
	}
	w, err := workflow.LoadFile(file, pick)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range nodeNames(w) {
		if strings.HasPrefix(strings.ToLower(n), strings.ToLower(prefix)) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completePrintFlag completes run --print: "last" or a node name.
func completePrintFlag(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	names, dir := completeNodeFlag(cmd, args, prefix)
	if strings.HasPrefix("last", prefix) {
		names = append([]string{"last"}, names...)
	}
	return names, dir
}
