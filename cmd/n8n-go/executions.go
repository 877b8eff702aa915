package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/internal/store"
)

// newExecutionsCmd reads what `serve` stored: list, or show ID.
func newExecutionsCmd(env cliEnv) *cobra.Command {
	var (
		dir string
		db  dbFlags
	)
	cmd := &cobra.Command{
		Use:   "executions",
		Short: "List or show the runs serve kept",
		Long: `Shows executions that n8n-go serve stored in its database: --db (a SQLite file
or postgres://…), else n8n's DB_TYPE and DB_* variables, else
.n8n-go/database.sqlite. --executions-dir reads a folder written by an older
n8n-go instead.

Exit codes: 0 success, 1 the store or an execution cannot be read, 2 usage error
(including an --executions-dir that does not exist; without flags, nothing
served yet lists nothing).`,
		Example: `  n8n-go executions list
  n8n-go executions list --json -n 0 | jq '.[] | select(.status=="error") | .id'
  n8n-go executions show 42 > run.json
  n8n-go executions list --db postgres://n8n@db/n8n`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("expected a subcommand: list or show")
			}
			return usagef("unknown subcommand %q (list or show)%s", args[0], didYouMean(args[0], []string{"list", "show"}))
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.PersistentFlags().StringVar(&dir, "executions-dir", defaultExecDir, "read the executions folder `DIR` of an older n8n-go instead of the database")
	db.register(cmd.PersistentFlags())
	var (
		limit  int
		asJSON bool
		status string
	)
	list := &cobra.Command{
		Use:   "list [flags]",
		Short: "List executions, newest first",
		Example: `  n8n-go executions list
  n8n-go executions list --status error --json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			rd, where, code := openExecutions(cmd, env, dir, &db)
			if code != exitOK {
				return exitError{code}
			}
			if rd == nil {
				// Nothing served here yet: an empty list, not an error.
				fmt.Fprintf(env.stderr, "no executions yet (n8n-go serve keeps them in %s)\n", where)
				if asJSON {
					writeJSON(env.stdout, []executionSummary{})
				}
				return nil
			}
			defer rd.Close()
			return exitWith(listExecutions(env, rd, store.ListOptions{Limit: limit, Status: status}, asJSON))
		},
	}
	list.Flags().IntVarP(&limit, "limit", "n", 20, "list at most this many (newest first; 0: all)")
	list.Flags().StringVar(&status, "status", "", "list only executions with this `STATUS` (success, error, crashed, running, waiting, canceled)")
	list.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {id, status, mode, workflow, trigger, startedAt, stoppedAt, durationMs, error}")
	var full bool
	show := &cobra.Command{
		Use:   "show [flags] ID",
		Short: "Print an execution's run data (n8n's execution JSON)",
		Example: `  n8n-go executions show 42
  n8n-go executions show 42 --record`,
		Args: exactArgs(1, "one execution id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rd, where, code := openExecutions(cmd, env, dir, &db)
			if code != exitOK {
				return exitError{code}
			}
			if rd == nil {
				fmt.Fprintf(env.stderr, "n8n-go executions: execution %s not found (no executions yet in %s)\n", args[0], where)
				return exitError{exitFailed}
			}
			defer rd.Close()
			return exitWith(showExecution(env, rd, args[0], full))
		},
	}
	show.Flags().BoolVar(&full, "record", false, "print the whole record (summary and run data), not only the run data")
	// show always prints JSON; --json is accepted so scripts can pass it to both.
	show.Flags().Bool("json", true, "print JSON (always)")
	cmd.AddCommand(list, show)
	return cmd
}

// executionReader is the database store or an old executions folder.
type executionReader interface {
	List(context.Context, store.ListOptions) ([]store.Record, error)
	Get(context.Context, string) (store.Record, error)
	Close() error
}

// folderReader reads an old executions folder.
type folderReader struct{ f *store.Folder }

func (r folderReader) List(_ context.Context, o store.ListOptions) ([]store.Record, error) {
	recs, err := r.f.List()
	if err != nil {
		return nil, err
	}
	out := recs[:0]
	for _, rec := range recs {
		if o.Status == "" || rec.Status == o.Status {
			out = append(out, rec)
		}
	}
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	return out, nil
}

func (r folderReader) Get(_ context.Context, id string) (store.Record, error) { return r.f.Get(id) }
func (r folderReader) Close() error                                           { return nil }

// openExecutions opens what list and show read: the folder given with
// --executions-dir, else the database. A nil reader with exitOK means
// nothing was served yet (where says where serve would keep them).
func openExecutions(cmd *cobra.Command, env cliEnv, dir string, db *dbFlags) (executionReader, string, int) {
	if cmd.Flags().Changed("executions-dir") {
		f, err := store.ReadFolder(dir)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go executions: --executions-dir %s: no such folder\n", dir)
			return nil, "", exitInvalid
		}
		return folderReader{f}, dir, exitOK
	}
	url, explicit, err := db.resolve(env)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return nil, "", exitInvalid
	}
	if !explicit {
		if _, err := os.Stat(url); err != nil {
			// No database yet: an older n8n-go's folder, if any.
			if f, err := store.ReadFolder(dir); err == nil {
				return folderReader{f}, dir, exitOK
			}
			return nil, url, exitOK
		}
	}
	ctx, cancel := context.WithTimeout(env.ctx, 60*time.Second)
	defer cancel()
	st, err := store.Open(ctx, store.Config{URL: url})
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return nil, "", exitFailed
	}
	return st, store.Redact(url), exitOK
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

func listExecutions(env cliEnv, rd executionReader, o store.ListOptions, asJSON bool) int {
	recs, err := rd.List(env.ctx, o)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go executions: %v\n", err)
		return exitFailed
	}
	if asJSON {
		out := make([]executionSummary, 0, len(recs))
		for _, r := range recs {
			out = append(out, executionSummary{r.ID, r.Status, r.Mode, r.WorkflowName, r.Trigger, r.StartedAt, r.StoppedAt,
				duration(r).Milliseconds(), r.Error})
		}
		writeJSON(env.stdout, out)
		return exitOK
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tMODE\tWORKFLOW\tTRIGGER\tSTARTED\tDURATION\tERROR")
	for _, r := range recs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.Mode, r.WorkflowName, r.Trigger,
			r.StartedAt.Local().Format("2006-01-02 15:04:05"), duration(r).Round(1e6), r.Error)
	}
	_ = tw.Flush()
	return exitOK
}

// duration is 0 for executions not stopped yet.
func duration(r store.Record) time.Duration {
	if r.StoppedAt.IsZero() {
		return 0
	}
	return r.StoppedAt.Sub(r.StartedAt)
}

func showExecution(env cliEnv, rd executionReader, id string, full bool) int {
	r, err := rd.Get(env.ctx, id)
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
