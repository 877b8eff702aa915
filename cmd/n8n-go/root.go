package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type pflagFlag = pflag.Flag

// newRoot builds the command tree; each command lives in its own file.
func newRoot(env cliEnv) *cobra.Command {
	root := &cobra.Command{
		Use:   "n8n-go",
		Short: "Run n8n workflows (exported JSON, unchanged) with n8n's semantics",
		Long: `n8n-go runs workflows exported from n8n unchanged, with n8n's semantics:
the same execution order, items, pairedItem, expressions and error texts.

Exit codes: 0 success, 1 the workflow (or a test) failed, 2 usage or validation error.`,
		Example: `  n8n-go run --sandbox workflows/notion-clockify-sync.json
  n8n-go validate my-workflow.json --credentials creds.json
  n8n-go nodes
  source <(n8n-go completion bash)`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       buildInfo().Version,
		// Without a command: the overview on stderr, exit 2.
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(env.stderr)
			_ = cmd.Usage()
			return exitError{exitInvalid}
		},
	}
	root.SetVersionTemplate("n8n-go " + buildInfo().String() + "\n")
	root.SetIn(env.stdin)
	root.SetOut(env.stdout)
	root.SetErr(env.stderr)
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	root.AddCommand(
		newRunCmd(env),
		newPullCmd(env),
		newValidateCmd(env),
		newServeCmd(env),
		newWorkerCmd(env),
		newExecutionsCmd(env),
		newTestCmd(env),
		newEvalCmd(env),
		newNodesCmd(env),
		newVersionCmd(env),
	)
	// pflag prints a bool flag as "--quiet[=true|false]"; show it as a
	// plain switch (the padding keeps the columns aligned).
	cobra.AddTemplateFunc("flagUsages", func(fs *pflag.FlagSet) string {
		return strings.ReplaceAll(fs.FlagUsages(), "[=true|false]", "             ")
	})
	tmpl := root.UsageTemplate()
	tmpl = strings.ReplaceAll(tmpl, "{{.LocalFlags.FlagUsages", "{{flagUsages .LocalFlags")
	tmpl = strings.ReplaceAll(tmpl, "{{.InheritedFlags.FlagUsages", "{{flagUsages .InheritedFlags")
	root.SetUsageTemplate(tmpl)
	return root
}
