package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
)

// serveCommand activates the triggers of the given workflows and runs them
// until SIGINT/SIGTERM.
func serveCommand(args []string, env cliEnv) int {
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var ef engineFlags
	ef.register(fs)
	var (
		listen, baseURL, execDir string
		keep, queue              int
		queueWait, stopWait      time.Duration
		maxBodyMiB, bodyMemMiB   int64
		sandbox                  bool
	)
	fs.StringVar(&listen, "listen", "127.0.0.1:5678", "address for webhooks and GET /healthz")
	fs.StringVar(&baseURL, "base-url", "", "public base URL of webhooks, as n8n's WEBHOOK_URL (default http://<listen>)")
	fs.StringVar(&execDir, "executions-dir", ".n8n-go/executions", "folder that keeps each execution's run data")
	fs.IntVar(&keep, "keep", server.DefaultKeep, "how many executions to keep")
	fs.IntVar(&queue, "queue", 8, "webhook calls that may wait while the same workflow runs (0: answer 429 at once)")
	fs.DurationVar(&queueWait, "queue-timeout", 30*time.Second, "how long a queued webhook call waits before 429")
	fs.DurationVar(&stopWait, "shutdown-timeout", 60*time.Second, "on SIGINT/SIGTERM, how long to wait for running executions")
	fs.Int64Var(&maxBodyMiB, "max-body", 16, "webhook request body limit in MiB (n8n's N8N_PAYLOAD_SIZE_MAX)")
	fs.Int64Var(&bodyMemMiB, "max-body-memory", 256, "limit in MiB on all webhook bodies being read at once (503 beyond)")
	fs.BoolVar(&sandbox, "sandbox", false, "serve against in-process fake Notion and Clockify APIs seeded with a demo workspace (no credentials needed)")
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: n8n-go serve [flags] WORKFLOW.json…\n\nActivates every Schedule Trigger and Webhook of the workflows and runs them, one execution per workflow at a time, until SIGINT/SIGTERM.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.stderr, "n8n-go serve: expected at least one workflow file")
		return exitInvalid
	}
	var wfs []*workflow.Workflow
	for _, f := range fs.Args() {
		w, err := workflow.LoadFileMax(f, ef.pick, ef.maxWorkflowMiB<<20)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
			return exitInvalid
		}
		wfs = append(wfs, w)
	}
	// Secrets we hold never reach the log or the executions store.
	var scrub *credentials.Scrubber
	if !sandbox {
		base, err := loadCredentials(ef.credentials, env)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
			return exitInvalid
		}
		scrub = scrubberFor(base)
		env.stderr = scrub.Writer(env.stderr)
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
			fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
			return exitFailed
		}
		defer stop()
		x = extra{endpoints: eps, credentials: sc}
		if !fs.Changed("notion-rate") {
			ef.notionRate = 0
		}
	}
	eng, err := ef.build(env, x)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
		return exitInvalid
	}
	creds := x.credentials
	if creds == nil {
		creds, err = loadCredentials(ef.credentials, env)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
			return exitInvalid
		}
	}
	store, err := server.OpenStore(execDir, keep)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
		return exitFailed
	}
	tz := ef.timezone
	if tz == "" {
		tz = env.getenv("GENERIC_TIMEZONE")
	}
	if baseURL == "" {
		baseURL = env.getenv("WEBHOOK_URL")
	}
	if baseURL == "" {
		baseURL = "http://" + listen
	}
	srv, err := server.New(server.Options{
		Engine: eng, Credentials: creds, Logger: log, BaseURL: baseURL, Timezone: tz, Store: store,
		MaxBodyBytes: maxBodyMiB << 20, MaxBodyMemory: bodyMemMiB << 20, QueueSize: queue, QueueTimeout: queueWait,
		Scrub: scrubOrNil(scrub),
	}, wfs)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
		return exitInvalid
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go serve: %v\n", err)
		return exitFailed
	}
	hs := server.NewHTTPServer(listen, srv.Handler())
	srv.Start()
	for _, r := range srv.Routes() {
		log.Info("webhook activated", "route", r)
	}
	log.Info("serving", "listen", ln.Addr().String(), "workflows", len(wfs), "executions", execDir)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
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
