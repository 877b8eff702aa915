package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/internal/server"
)

// executionsCommand reads what `serve` stored: list, or show ID.
func executionsCommand(args []string, env cliEnv) int {
	fs := pflag.NewFlagSet("executions", pflag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var (
		dir   string
		limit int
		full  bool
	)
	fs.StringVar(&dir, "executions-dir", ".n8n-go/executions", "folder serve keeps executions in")
	fs.IntVarP(&limit, "limit", "n", 20, "list at most this many (newest first; 0: all)")
	fs.BoolVar(&full, "record", false, "show: print the whole record (summary and run data), not only the run data")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: n8n-go executions list [flags]\n       n8n-go executions show [flags] ID\n\nShows executions that `n8n-go serve` stored. show prints the run data (n8n's execution JSON).\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return exitInvalid
	}
	store, err := server.ReadStore(dir)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return exitFailed
	}
	switch rest[0] {
	case "list":
		recs, err := store.List()
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
			return exitFailed
		}
		if limit > 0 && len(recs) > limit {
			recs = recs[:limit]
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATUS\tMODE\tWORKFLOW\tTRIGGER\tSTARTED\tDURATION\tERROR")
		for _, r := range recs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.Mode, r.WorkflowName, r.Trigger,
				r.StartedAt.Local().Format("2006-01-02 15:04:05"), r.StoppedAt.Sub(r.StartedAt).Round(1e6), r.Error)
		}
		_ = tw.Flush()
		return exitOK
	case "show":
		if len(rest) != 2 {
			fmt.Fprintln(env.stderr, "n8n-go executions show: expected one execution id")
			return exitInvalid
		}
		r, err := store.Get(rest[1])
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
			return exitFailed
		}
		var out any = r.Data
		if full || len(r.Data) == 0 {
			out = r
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil && !full && len(r.Data) > 0 {
			// Run data nested deeper than encoding/json accepts is shown as stored.
			b, err = r.Data, nil
		}
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
			return exitFailed
		}
		fmt.Fprintln(env.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(env.stderr, "n8n-go executions: unknown subcommand %q (list or show)\n", rest[0])
	return exitInvalid
}
