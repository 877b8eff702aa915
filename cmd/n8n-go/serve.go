package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/internal/queue"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
)

func newServeCmd(env cliEnv) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [flags] WORKFLOW.json...",
		Short: "Activate the triggers (schedules, webhooks) of workflows and run them as they fire",
		Long: `Activates every Schedule Trigger and Webhook of the workflows and runs them
until SIGINT/SIGTERM; then waits for running executions. Webhook executions
run concurrently, as in n8n (--concurrency limits all executions, as n8n's
N8N_CONCURRENCY_PRODUCTION_LIMIT); a schedule tick is skipped while the
previous run of that schedule's workflow still goes. Executions are kept in a database (see n8n-go executions): SQLite
in .n8n-go/database.sqlite by default, or PostgreSQL with --db postgres://… or
n8n's DB_TYPE=postgresdb and DB_POSTGRESDB_* variables. Finished executions are
pruned as n8n's EXECUTIONS_DATA_PRUNE, EXECUTIONS_DATA_MAX_AGE (hours) and
EXECUTIONS_DATA_PRUNE_MAX_COUNT say. An executions folder written by an older
n8n-go (--executions-dir) is imported once.

Exit codes: 0 stopped cleanly, 1 the server failed, 2 usage or validation error.`,
		Example: `  n8n-go serve my-workflow.json --credentials creds.json
  n8n-go serve --sandbox workflows/notion-clockify-sync.json --listen 127.0.0.1:5678
  n8n-go serve a.json b.json --base-url https://hooks.example.com
  n8n-go serve --from-n8n --n8n-url http://localhost:5678 --tag production --reload-interval 30s`,
		Args: func(_ *cobra.Command, args []string) error {
			if o.fromN8n && len(args) > 0 {
				return usagef("--from-n8n serves the instance's active workflows; give no workflow files")
			}
			if len(args) == 0 && !o.fromN8n {
				return usagef("expected at least one workflow file (or --from-n8n)")
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
	fs.StringVar(&o.listen, "listen", "127.0.0.1:5678", "`ADDRESS` for webhooks, GET /healthz, /healthz/readiness and /metrics")
	fs.StringVar(&o.baseURL, "base-url", "", "public base `URL` of webhooks, as n8n's WEBHOOK_URL (default http://<listen>)")
	o.db.register(fs)
	o.registerInstanceTimeout(fs)
	fs.StringVar(&o.execDir, "executions-dir", defaultExecDir, "`DIR` of executions kept by an older n8n-go, imported into the database once")
	fs.IntVar(&o.keep, "keep", 0, "how many finished executions to keep (default EXECUTIONS_DATA_PRUNE_MAX_COUNT, else 10000)")
	fs.IntVar(&o.concurrency, "concurrency", -1, "executions running at once (n8n's N8N_CONCURRENCY_PRODUCTION_LIMIT; -1: no limit, n8n's default); webhook executions of one workflow run concurrently, as in n8n")
	fs.IntVar(&o.queue, "queue-size", 8, "webhook calls that may wait for a free slot when --concurrency executions run (0: answer 429 at once)")
	fs.BoolVar(&o.queueMode, "queue", false, "queue mode (n8n's EXECUTIONS_MODE=queue): enqueue executions for `n8n-go worker` processes instead of running them (needs --db postgres://…)")
	fs.DurationVar(&o.queueWait, "queue-timeout", 30*time.Second, "how long a queued webhook call waits before 429")
	fs.DurationVar(&o.stopWait, "shutdown-timeout", 60*time.Second, "on SIGINT/SIGTERM, how long to wait for running executions")
	fs.Int64Var(&o.maxBodyMiB, "max-body", 16, "webhook request body limit in `MiB` (n8n's N8N_PAYLOAD_SIZE_MAX)")
	fs.Int64Var(&o.bodyMemMiB, "max-body-memory", 256, "limit in `MiB` on all webhook bodies being read at once (503 beyond)")
	fs.BoolVar(&o.fromN8n, "from-n8n", false, "serve the active workflows of the n8n instance (--n8n-url/N8N_URL, --api-key/N8N_API_KEY), re-read every --reload-interval")
	fs.StringArrayVar(&o.tags, "tag", nil, "with --from-n8n: only workflows with this `TAG` (repeatable: all of them)")
	fs.DurationVar(&o.reloadEvery, "reload-interval", 0, "re-read the workflows this often and apply what changed without a restart (default 30s with --from-n8n; files are also re-read when they change)")
	fs.BoolVar(&o.sandbox, "sandbox", false, "serve against in-process fake Notion and Clockify APIs seeded with a demo workspace (no credentials needed)")
	return cmd
}

type serveOptions struct {
	ef                       engineFlags
	db                       dbFlags
	listen, baseURL, execDir string
	keep, queue              int
	queueMode, worker        bool
	concurrency              int
	staleAfter               time.Duration
	queueWait, stopWait      time.Duration
	maxBodyMiB, bodyMemMiB   int64
	sandbox                  bool
	// following: --from-n8n, its tags, and the reload interval.
	fromN8n     bool
	tags        []string
	reloadEvery time.Duration
}

// serveWorkflows activates the triggers of the given workflows and runs
// them until SIGINT/SIGTERM.
func serveWorkflows(cmd *cobra.Command, args []string, o *serveOptions, env cliEnv) int {
	fs := cmd.Flags()
	ef := &o.ef
	listen, baseURL, execDir := o.listen, o.baseURL, o.execDir
	queueSize, queueWait, stopWait, maxBodyMiB, bodyMemMiB, sandbox := o.queue, o.queueWait, o.stopWait, o.maxBodyMiB, o.bodyMemMiB, o.sandbox
	if probs := ef.preflight(env); len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(env.stderr, o.prog()+": "+p)
		}
		return exitInvalid
	}
	if _, err := net.ResolveTCPAddr("tcp", listen); err != nil && (listen != "" || !o.worker) {
		fmt.Fprintf(env.stderr, "%s: --listen %q: %v\n", o.prog(), listen, err)
		return exitInvalid
	}
	src := o.fileSource(args)
	if o.fromN8n {
		var err error
		if src, err = o.n8nSource(env); err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
			return exitInvalid
		}
		if !fs.Changed("reload-interval") {
			o.reloadEvery = 30 * time.Second
		}
	}
	if o.reloadEvery < 0 || (o.reloadEvery > 0 && o.reloadEvery < 100*time.Millisecond) {
		fmt.Fprintf(env.stderr, "%s: --reload-interval %s: use 0 (files: on change only) or at least 100ms\n", o.prog(), o.reloadEvery)
		return exitInvalid
	}
	wfs, err := src.load(env.ctx)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitInvalid
	}
	// Secrets we hold never reach the log or the executions store.
	var scrub *credentials.Scrubber
	if !sandbox {
		base, err := loadCredentials(ef.credentials, env)
		if err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
			return exitInvalid
		}
		scrub = scrubberFor(base)
		env.stderr = scrub.Writer(env.stderr)
	}
	// N8N_LOG_FORMAT=json as in n8n: one JSON object a line, each
	// execution's lines carrying its executionId.
	if !fs.Changed("log-format") && env.getenv("N8N_LOG_FORMAT") == "json" {
		ef.logFormat = "json"
	}
	// serve logs its lifecycle at info level unless told otherwise.
	log := ef.logger(env)
	if !ef.verbose {
		ef.verbose = true
		log = ef.logger(env)
		ef.verbose = false
	}
	var x extra
	if sandbox {
		eps, sc, _, stop, err := sandboxExtra(env.ctx, env.stderr)
		if err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
			return exitFailed
		}
		defer stop()
		x = extra{endpoints: eps, credentials: sc}
		ef.unlimited = true
		if !fs.Changed("notion-rate") {
			ef.notionRate = 0
		}
	}
	if baseURL == "" {
		baseURL = env.getenv("WEBHOOK_URL")
	}
	if baseURL == "" {
		baseURL = "http://" + listen
	}
	x.webhookBase = baseURL
	eng, err := ef.build(env, x)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitInvalid
	}
	creds := x.credentials
	if creds == nil {
		creds, err = loadCredentials(ef.credentials, env)
		if err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
			return exitInvalid
		}
	}
	st, dbURL, err := openServeStore(env, o, log)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitFailed
	}
	defer st.Close()
	concurrency := o.concurrency
	if !o.worker && !fs.Changed("concurrency") {
		if v := env.getenv("N8N_CONCURRENCY_PRODUCTION_LIMIT"); v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				fmt.Fprintf(env.stderr, "%s: N8N_CONCURRENCY_PRODUCTION_LIMIT=%q is not a number\n", o.prog(), v)
				return exitInvalid
			}
			concurrency = n
		}
	}
	if o.worker {
		// A worker's --concurrency is River's; its executions are not
		// limited twice.
		concurrency = 0
	}
	if !o.worker && !fs.Changed("queue") && env.getenv("EXECUTIONS_MODE") == "queue" {
		o.queueMode = true
	}
	var mainQ *queue.Main
	if o.queueMode {
		if mainQ, err = queue.OpenMain(env.ctx, dbURL, st, log); err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
			return exitInvalid
		}
		defer mainQ.Close()
	}
	if o.worker {
		// Workers take executions from the queue only.
	} else if n, err := st.ImportFolder(env.ctx, execDir); err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitFailed
	} else if n > 0 {
		log.Info("executions folder imported into the database", "folder", execDir, "executions", n)
	}
	tz := ef.timezone
	if tz == "" {
		tz = env.getenv("GENERIC_TIMEZONE")
	}
	sopts := server.Options{
		Engine: eng, Credentials: creds, Logger: log, BaseURL: baseURL, Timezone: tz, Store: st,
		MaxBodyBytes: maxBodyMiB << 20, MaxBodyMemory: bodyMemMiB << 20, QueueSize: queueSize, QueueTimeout: queueWait,
		Concurrency: concurrency,
		Scrub:       scrubOrNil(scrub),
	}
	if mainQ != nil {
		sopts.Queue = mainQ
	}
	srv, err := server.New(sopts, wfs)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitInvalid
	}
	if o.worker {
		return runWorker(env, o, srv, dbURL, st.Instance(), log)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", o.prog(), err)
		return exitFailed
	}
	hs := server.NewHTTPServer(listen, srv.Handler())
	srv.Start()
	for _, r := range srv.Routes() {
		log.Info("webhook activated", "route", r)
	}
	for _, r := range srv.FormRoutes() {
		log.Info("form activated", "route", r)
	}
	log.Info("serving", "listen", ln.Addr().String(), "workflows", len(wfs), "database", store.Redact(dbURL), "queue", o.queueMode)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Follow the workflows: edits are applied without a restart.
	followCtx, stopFollow := context.WithCancel(env.ctx)
	defer stopFollow()
	if !o.worker && !o.queueMode {
		go follow(followCtx, src, srv, o.reloadEvery, log)
	}
	code := exitOK
	select {
	case <-env.ctx.Done():
		log.Info("stopping: waiting for running executions", "timeout", stopWait.String())
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server failed", "error", err)
			code = exitFailed
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), stopWait)
	defer cancel()
	// Stop taking webhook calls first, then let executions finish.
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("shutdown", "error", err)
		code = exitFailed
	}
	// Executions are over; a call still sending its body (a slow client)
	// could only be refused now, so it gets a moment, then the connection
	// is closed: it must not hold the process until the shutdown timeout.
	hctx, hcancel := context.WithTimeout(ctx, 2*time.Second)
	defer hcancel()
	if err := hs.Shutdown(hctx); err != nil {
		_ = hs.Close()
	}
	log.Info("stopped")
	return code
}

// openServeStore opens the executions database with the pruning policy of
// the environment (--keep overrides the count) and starts its maintenance.
func openServeStore(env cliEnv, o *serveOptions, log *slog.Logger) (*store.DB, string, error) {
	url, _, err := o.db.resolve(env)
	if err != nil {
		return nil, "", err
	}
	policy, err := store.PolicyFromEnv(env.getenv)
	if err != nil {
		return nil, "", err
	}
	if o.keep > 0 {
		policy.MaxCount = o.keep
	}
	ctx, cancel := context.WithTimeout(env.ctx, 60*time.Second)
	defer cancel()
	st, err := store.Open(ctx, store.Config{URL: url, Prune: policy, Logger: log, StaleAfter: o.staleAfter})
	if err != nil {
		return nil, "", err
	}
	st.Maintain(time.Minute)
	return st, url, nil
}

func (o *serveOptions) prog() string {
	if o.worker {
		return "n8n-go worker"
	}
	return "n8n-go serve"
}

func (o *serveOptions) registerInstanceTimeout(fs *pflag.FlagSet) {
	fs.DurationVar(&o.staleAfter, "instance-timeout", 30*time.Second, "how long an instance sharing the database may miss its heartbeat before the executions it was running are marked crashed")
}
