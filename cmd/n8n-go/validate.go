package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine"
)

func newValidateCmd(env cliEnv) *cobra.Command {
	var (
		ef     engineFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "validate [flags] WORKFLOW.json|n8n://ID",
		Short: "Check a workflow without running it",
		Long: `Checks node types and versions, connections, credentials (and their required
fields), expressions and references to other nodes, time zone, log format and
endpoints, without running anything or calling any API.

Prints one line per problem on stdout. Exit codes: 0 valid, 2 problems or usage error.`,
		Example: `  n8n-go validate my-workflow.json --credentials creds.json
  NOTION_API_KEY=… CLOCKIFY_API_KEY=… n8n-go validate workflows/notion-clockify-sync.json
  n8n-go validate my-workflow.json --json | jq '.problems[]'`,
		Args:              exactArgs(1, "one workflow file or n8n://ID"),
		ValidArgsFunction: completeWorkflowFile,
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(validateWorkflow(args, &ef, asJSON, env))
		},
	}
	ef.register(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {workflow, nodes, valid, problems} as JSON on stdout")
	return cmd
}

func validateWorkflow(args []string, ef *engineFlags, asJSON bool, env cliEnv) int {
	w, err := ef.load(env, args)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go validate: %v\n", err)
		return exitInvalid
	}
	probs := ef.preflight(env)
	var eng *engine.Engine
	if len(probs) == 0 {
		e, err := ef.build(env, extra{})
		if err != nil {
			probs = append(probs, err.Error())
		} else {
			eng = e
		}
	}
	if eng != nil {
		probs = append(probs, eng.Validate(w)...)
	}
	probs = append(probs, checkReferences(w)...)
	if asJSON {
		if probs == nil {
			probs = []string{}
		}
		writeJSON(env.stdout, map[string]any{"workflow": w.Name, "nodes": len(w.Nodes), "valid": len(probs) == 0, "problems": probs})
	} else {
		for _, p := range probs {
			fmt.Fprintln(env.stdout, p)
		}
	}
	if len(probs) > 0 {
		fmt.Fprintf(env.stderr, "%d problem(s) in %q\n", len(probs), w.Name)
		return exitInvalid
	}
	for _, n := range eng.Notes(w) {
		fmt.Fprintln(env.stderr, "note: "+n)
	}
	fmt.Fprintf(env.stderr, "%q is valid: %d nodes\n", w.Name, len(w.Nodes))
	return exitOK
}
