package main

import (
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/internal/server"
)

// newExecutionsCmd reads what `serve` stored: list, or show ID.
func newExecutionsCmd(env cliEnv) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "executions",
		Short: "List or show the runs serve kept",
		Long: `Shows executions that n8n-go serve stored in --executions-dir.

Exit codes: 0 success, 1 the store or an execution cannot be read, 2 usage error
(including an --executions-dir that does not exist; without the flag, a missing
default folder lists nothing).`,
		Example: `  n8n-go executions list
  n8n-go executions list --json -n 0 | jq '.[] | select(.status=="error") | .id'
  n8n-go executions show 42 > run.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("expected a subcommand: list or show")
			}
			return usagef("unknown subcommand %q (list or show)%s", args[0], didYouMean(args[0], []string{"list", "show"}))
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.PersistentFlags().StringVar(&dir, "executions-dir", ".n8n-go/executions", "`DIR` serve keeps executions in")
	var (
		limit  int
		asJSON bool
	)
	list := &cobra.Command{
		Use:   "list [flags]",
		Short: "List executions, newest first",
		Example: `  n8n-go executions list
  n8n-go executions list --json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				if cmd.Flags().Changed("executions-dir") {
					fmt.Fprintf(env.stderr, "n8n-go executions: --executions-dir %s: no such folder\n", dir)
					return exitError{exitInvalid}
				}
				// Nothing served here yet: an empty list, not an error.
				fmt.Fprintf(env.stderr, "no executions yet (n8n-go serve keeps them in %s)\n", dir)
				if asJSON {
					writeJSON(env.stdout, []executionSummary{})
				}
				return nil
			}
			return exitWith(listExecutions(env, dir, limit, asJSON))
		},
	}
	list.Flags().IntVarP(&limit, "limit", "n", 20, "list at most this many (newest first; 0: all)")
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {id, status, mode, workflow, trigger, startedAt, stoppedAt, durationMs, error}")
	var full bool
	show := &cobra.Command{
		Use:   "show [flags] ID",
		Short: "Print an execution's run data (n8n's execution JSON)",
		Example: `  n8n-go executions show 42
  n8n-go executions show 42 --record`,
		Args: exactArgs(1, "one execution id"),
		RunE: func(_ *cobra.Command, args []string) error {
			return exitWith(showExecution(env, dir, args[0], full))
		},
	}
	show.Flags().BoolVar(&full, "record", false, "print the whole record (summary and run data), not only the run data")
	// show always prints JSON; --json is accepted so scripts can pass it to both.
	show.Flags().Bool("json", true, "print JSON (always)")
	cmd.AddCommand(list, show)
	return cmd
}

// executionSummary is one line of `executions list --json`.
type executionSummary struct {
	ID         string    `json:"id"`
	Status     string    `json:"status"`
	Mode       string    `json:"mode"`
	Workflow   string    `json:"workflow"`
	Trigger    string    `json:"trigger"`
	StartedAt  time.Time `json:"startedAt"`
	StoppedAt  time.Time `json:"stoppedAt"`
	DurationMS int64     `json:"durationMs"`
	Error      string    `json:"error,omitempty"`
}

func listExecutions(env cliEnv, dir string, limit int, asJSON bool) int {
	store, err := server.ReadStore(dir)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return exitFailed
	}
	recs, err := store.List()
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return exitFailed
	}
	if limit > 0 && len(recs) > limit {
		recs = recs[:limit]
	}
	if asJSON {
		out := make([]executionSummary, 0, len(recs))
		for _, r := range recs {
			out = append(out, executionSummary{r.ID, r.Status, r.Mode, r.WorkflowName, r.Trigger, r.StartedAt, r.StoppedAt,
				r.StoppedAt.Sub(r.StartedAt).Milliseconds(), r.Error})
		}
		writeJSON(env.stdout, out)
		return exitOK
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tMODE\tWORKFLOW\tTRIGGER\tSTARTED\tDURATION\tERROR")
	for _, r := range recs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.Mode, r.WorkflowName, r.Trigger,
			r.StartedAt.Local().Format("2006-01-02 15:04:05"), r.StoppedAt.Sub(r.StartedAt).Round(1e6), r.Error)
	}
	_ = tw.Flush()
	return exitOK
}

func showExecution(env cliEnv, dir, id string, full bool) int {
	store, err := server.ReadStore(dir)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return exitFailed
	}
	r, err := store.Get(id)
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
