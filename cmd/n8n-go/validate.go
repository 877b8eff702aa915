package main

import (
	"errors"
	"fmt"

	"github.com/spf13/pflag"
)

func validateCommand(args []string, env cliEnv) int {
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var ef engineFlags
	ef.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: n8n-go validate [flags] WORKFLOW.json\n\nChecks node types and versions, connections, credentials and expressions without running anything.\nPrints one line per problem; exit 0 when valid, 2 otherwise.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	w, err := ef.load(fs.Args())
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go validate: %v\n", err)
		return exitInvalid
	}
	eng, err := ef.build(env, extra{})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go validate: %v\n", err)
		return exitInvalid
	}
	probs := eng.Validate(w)
	for _, p := range probs {
		fmt.Fprintln(env.stdout, p)
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
