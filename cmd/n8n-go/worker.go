package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/internal/queue"
	"github.com/n8n-go/n8n-go/internal/server"
)

func newWorkerCmd(env cliEnv) *cobra.Command {
	o := serveOptions{worker: true}
	cmd := &cobra.Command{
		Use:   "worker [flags] WORKFLOW.json...",
		Short: "Run the executions `serve --queue` enqueues (queue mode)",
		Long: `Takes executions from the queue in PostgreSQL (River) that serve --queue
enqueues, and runs them, at most --concurrency at once (webhook executions of a
workflow run concurrently, across workers too, as in n8n; a schedule's runs one
at a time across all workers). Give it the same workflow files and credentials as
serve. Webhook answers go back to the serve instance holding the call. A worker
killed mid-execution leaves that execution to be marked crashed, never run
twice. On SIGINT/SIGTERM it stops taking jobs and waits for running ones.

Exit codes: 0 stopped cleanly, 1 the worker failed, 2 usage or validation error.`,
		Example: `  n8n-go worker --db postgres://n8n@db/n8n --concurrency 10 a.json b.json --credentials creds.json
  DB_TYPE=postgresdb DB_POSTGRESDB_HOST=db n8n-go worker a.json --listen 127.0.0.1:5679`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("expected at least one workflow file")
			}
			return nil
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(serveWorkflows(cmd, args, &o, env))
		},
	}
	fs := cmd.Flags()
	o.ef.register(fs)
	o.db.register(fs)
	o.registerInstanceTimeout(fs)
	fs.IntVar(&o.concurrency, "concurrency", 10, "executions run at once (n8n worker's --concurrency)")
	fs.StringVar(&o.listen, "listen", "", "`ADDRESS` for GET /healthz, /healthz/readiness and /metrics (default: none)")
	fs.StringVar(&o.baseURL, "base-url", "", "public base `URL` of webhooks, as n8n's WEBHOOK_URL")
	fs.DurationVar(&o.stopWait, "shutdown-timeout", 60*time.Second, "on SIGINT/SIGTERM, how long to wait for running executions")
	return cmd
}

// runWorker works the queue until SIGINT/SIGTERM.
func runWorker(env cliEnv, o *serveOptions, srv *server.Server, dbURL, instance string, log *slog.Logger) int {
	w, err := queue.OpenWorker(env.ctx, dbURL, instance, srv, o.concurrency, log)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go worker: %v\n", err)
		return exitFailed
	}
	srv.StartWorker()
	if err := w.Start(context.WithoutCancel(env.ctx)); err != nil {
		fmt.Fprintf(env.stderr, "n8n-go worker: %v\n", err)
		return exitFailed
	}
	var hs *http.Server
	errc := make(chan error, 1)
	if o.listen != "" {
		ln, err := net.Listen("tcp", o.listen)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go worker: %v\n", err)
			return exitFailed
		}
		hs = server.NewHTTPServer(o.listen, srv.OpsHandler())
		go func() { errc <- hs.Serve(ln) }()
		log.Info("worker health and metrics", "listen", ln.Addr().String())
	}
	log.Info("worker ready", "concurrency", o.concurrency)
	code := exitOK
	select {
	case <-env.ctx.Done():
		log.Info("stopping: waiting for running executions", "timeout", o.stopWait.String())
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server failed", "error", err)
			code = exitFailed
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.stopWait)
	defer cancel()
	if err := w.Stop(ctx); err != nil {
		log.Warn("worker stop", "error", err)
		code = exitFailed
	}
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("shutdown", "error", err)
		code = exitFailed
	}
	if hs != nil {
		_ = hs.Close()
	}
	log.Info("stopped")
	return code
}
