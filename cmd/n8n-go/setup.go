package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/internal/httpx"
	"github.com/n8n-go/n8n-go/nodes"
)

// engineFlags are the flags every command that loads a workflow shares.
type engineFlags struct {
	pick        string
	credentials string
	endpoints   []string
	timezone    string
	allowEnv    bool
	notionRate  float64
	// unlimited drops the credential rules' rate limits (fakes and
	// replays do not limit); an explicit --notion-rate still applies.
	unlimited bool
	// noRateLimit is --no-rate-limit: no token bucket at all.
	noRateLimit bool
	logFormat   string
	verbose     bool
	// execution timeouts in seconds; 0 takes EXECUTIONS_TIMEOUT /
	// EXECUTIONS_TIMEOUT_MAX from the environment.
	execTimeout, execTimeoutMax int
	requestTimeout              time.Duration
	maxWorkflowMiB              int64
	maxResponseMiB              int64
	// workflows is --workflows: a folder or export file of workflows that
	// Execute Workflow nodes call by id.
	workflows string
	// n8n is the instance n8n://ID references are fetched from.
	n8n n8nFlags
}

func (f *engineFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.pick, "workflow", "", "pick one workflow (`NAME|ID`) from a file that holds several")
	fs.Int64Var(&f.maxWorkflowMiB, "max-workflow-size", workflow.DefaultMaxFileBytes>>20, "limit in `MiB` on a workflow file")
	f.registerEngine(fs)
	f.n8n.register(fs)
}

// registerEngine registers the flags that shape the engine (not --workflow,
// which eval uses for the file itself).
func (f *engineFlags) registerEngine(fs *pflag.FlagSet) {
	fs.StringVar(&f.credentials, "credentials", "", "credentials `FILE` as n8n export:credentials --decrypted writes it (a list of {id, name, type, data})")
	fs.StringArrayVar(&f.endpoints, "endpoint", nil, "send requests for a host to another base URL: `HOST=BASE_URL` (repeatable; env N8N_GO_ENDPOINTS, comma-separated)")
	fs.StringVar(&f.timezone, "timezone", "", "default time `ZONE` (IANA name) when the workflow sets none (env GENERIC_TIMEZONE; n8n's default America/New_York)")
	fs.BoolVar(&f.allowEnv, "allow-env", false, "let expressions read $env (n8n blocks it by default)")
	fs.Float64Var(&f.notionRate, "notion-rate", auth.Must("notionApi").Rate.PerSecond, "requests per second to the Notion API per credential, after a burst of "+strconv.Itoa(auth.Must("notionApi").Rate.Burst)+" (0: unlimited; with --sandbox or --replay-http no API is limited unless this is given)")
	fs.BoolVar(&f.noRateLimit, "no-rate-limit", false, "send requests without the APIs' rate limits, --notion-rate included (for local fakes and test servers)")
	fs.StringVar(&f.logFormat, "log-format", "text", "log `FORMAT` on stderr: text or json")
	fs.BoolVarP(&f.verbose, "verbose", "V", false, "log each node start and end, HTTP retry and rate-limit wait (info level)")
	fs.DurationVar(&f.requestTimeout, "request-timeout", httpx.DefaultRequestTimeout, "limit on one outbound API request, retry waits included")
	fs.Int64Var(&f.maxResponseMiB, "max-response", httpx.DefaultMaxResponseBytes>>20, "limit in MiB on one API answer's body")
	fs.IntVar(&f.execTimeout, "execution-timeout", 0, "seconds an execution may run when its workflow sets no executionTimeout (env EXECUTIONS_TIMEOUT; -1: none, the default)")
	fs.StringVar(&f.workflows, "workflows", "", "workflows Execute Workflow nodes call by id: a `PATH` to a folder of workflow files or an n8n export:workflow --all file")
	fs.IntVar(&f.execTimeoutMax, "execution-timeout-max", 0, "upper bound in seconds of any execution timeout (env EXECUTIONS_TIMEOUT_MAX; default 3600)")
}

// timeouts resolves the execution timeout flags and environment as n8n's
// EXECUTIONS_TIMEOUT (default -1: none) and EXECUTIONS_TIMEOUT_MAX (3600).
func (f *engineFlags) timeouts(env cliEnv) (def, max time.Duration, err error) {
	secs := func(flag int, name string, fallback int) (time.Duration, error) {
		v := flag
		if v == 0 {
			v = fallback
			if e := strings.TrimSpace(env.getenv(name)); e != "" {
				n, err := strconv.Atoi(e)
				if err != nil {
					return 0, fmt.Errorf("%s=%q: expected a number of seconds", name, e)
				}
				v = n
			}
		}
		if v <= 0 {
			return 0, nil
		}
		return time.Duration(v) * time.Second, nil
	}
	if def, err = secs(f.execTimeout, "EXECUTIONS_TIMEOUT", -1); err != nil {
		return 0, 0, err
	}
	if max, err = secs(f.execTimeoutMax, "EXECUTIONS_TIMEOUT_MAX", 3600); err != nil {
		return 0, 0, err
	}
	return def, max, nil
}

// load reads the workflow file named by args, or fetches the workflow an
// n8n://ID reference names from the n8n instance (--n8n-url/N8N_URL).
func (f *engineFlags) load(env cliEnv, args []string) (*workflow.Workflow, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("expected one workflow file, got %d arguments", len(args))
	}
	if isRef(args[0]) {
		w, _, err := f.n8n.loadRef(env.ctx, env, args[0])
		return w, err
	}
	return workflow.LoadFileMax(args[0], f.pick, f.maxWorkflowMiB<<20)
}

func (f *engineFlags) logger(env cliEnv) *slog.Logger {
	level := slog.LevelWarn
	if f.verbose {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if f.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}

// preflight checks the flags (and the environment they fall back to) that
// would otherwise fail late or silently: time zone, log format, endpoints,
// the credentials file. One line per problem.
func (f *engineFlags) preflight(env cliEnv) []string {
	var probs []string
	switch f.logFormat {
	case "text", "json":
	default:
		probs = append(probs, fmt.Sprintf("--log-format: %q is not a log format; use text or json", f.logFormat))
	}
	if tz, src := f.timezoneSource(env); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			probs = append(probs, fmt.Sprintf("%s: %q is not a time zone; use an IANA name such as Europe/Berlin or America/New_York", src, tz))
		}
	}
	if e := env.getenv("N8N_GO_ENDPOINTS"); e != "" {
		for _, s := range strings.Split(e, ",") {
			if strings.TrimSpace(s) == "" {
				continue
			}
			if _, _, err := httpx.ParseEndpoint(s); err != nil {
				probs = append(probs, "N8N_GO_ENDPOINTS: "+err.Error())
			}
		}
	}
	for _, s := range f.endpoints {
		if _, _, err := httpx.ParseEndpoint(s); err != nil {
			probs = append(probs, "--endpoint: "+err.Error())
		}
	}
	if f.notionRate < 0 {
		probs = append(probs, fmt.Sprintf("--notion-rate: %v is negative; use 0 for unlimited", f.notionRate))
	}
	if f.credentials != "" {
		if _, err := loadCredentials(f.credentials, env); err != nil {
			probs = append(probs, "--credentials: "+err.Error())
		}
	}
	return probs
}

// timezoneSource is the default time zone and where it came from.
func (f *engineFlags) timezoneSource(env cliEnv) (tz, source string) {
	if f.timezone != "" {
		return f.timezone, "--timezone"
	}
	return env.getenv("GENERIC_TIMEZONE"), "GENERIC_TIMEZONE"
}

// endpointMap merges N8N_GO_ENDPOINTS with --endpoint flags (flags win).
func (f *engineFlags) endpointMap(env cliEnv) (map[string]string, error) {
	m := map[string]string{}
	var specs []string
	if e := env.getenv("N8N_GO_ENDPOINTS"); e != "" {
		specs = append(specs, strings.Split(e, ",")...)
	}
	specs = append(specs, f.endpoints...)
	for _, s := range specs {
		if strings.TrimSpace(s) == "" {
			continue
		}
		host, base, err := httpx.ParseEndpoint(s)
		if err != nil {
			return nil, err
		}
		m[host] = base
	}
	return m, nil
}

// extra lets a command (the sandbox) add endpoints and credentials.
type extra struct {
	endpoints   map[string]string
	credentials engine.CredentialStore
	// now fixes the clock ($now, $today) and instantRetries skips the waits
	// between "Retry on fail" tries: both for `n8n-go test` cases.
	now            func() time.Time
	instantRetries bool
	// transport, when set, is the HTTP transport under httpx (recording
	// or replaying HTTP). It gets each request with the URL the node asked
	// for, and mapURL to apply the endpoint mapping itself.
	transport func(mapURL func(*url.URL) *url.URL) http.RoundTripper
	// requests, when set, counts the HTTP requests sent (progress).
	requests *atomic.Int64
	// webhookBase is the public base of webhook URLs (serve's --base-url),
	// for $execution.resumeUrl.
	webhookBase string
}

// build makes the engine the flags describe.
func (f *engineFlags) build(env cliEnv, x extra) (*engine.Engine, error) {
	all := nodes.All
	if env.nodes != nil {
		all = env.nodes
	}
	reg, err := engine.NewRegistry(all()...)
	if err != nil {
		return nil, err
	}
	eps, err := f.endpointMap(env)
	if err != nil {
		return nil, err
	}
	for h, b := range x.endpoints {
		eps[h] = b
	}
	log := f.logger(env)
	limits, bursts := f.rateLimits()
	hopts := httpx.Options{Endpoints: eps, Limits: limits, Bursts: bursts, Logger: log,
		RequestTimeout: f.requestTimeout, MaxResponseBytes: f.maxResponseMiB << 20}
	if x.transport != nil {
		mapper, err := httpx.New(httpx.Options{Endpoints: eps})
		if err != nil {
			return nil, err
		}
		hopts.Endpoints = nil
		hopts.Transport = x.transport(mapper.MapURL)
	}
	if x.requests != nil {
		base := hopts.Transport
		if base == nil {
			base = httpx.NewTransport(0)
		}
		ct := countingTransport{next: base, n: x.requests}
		if f.verbose {
			ct.log = log
		}
		hopts.Transport = ct
	}
	h, err := httpx.New(hopts)
	if err != nil {
		return nil, err
	}
	creds := x.credentials
	if creds == nil {
		creds, err = loadCredentials(f.credentials, env)
		if err != nil {
			return nil, err
		}
	}
	tz := f.timezone
	if tz == "" {
		tz = env.getenv("GENERIC_TIMEZONE")
	}
	envMap := map[string]string{}
	if f.allowEnv {
		for _, kv := range env.environ {
			if k, v, ok := strings.Cut(kv, "="); ok {
				envMap[k] = v
			}
		}
	}
	opts := engine.Options{
		Registry:    reg,
		Expressions: expression.New(expression.Options{AllowEnv: f.allowEnv}),
		Credentials: creds,
		HTTP:        h,
		Logger:      log,
		Timezone:    tz,
		Env:         envMap,
		AllowEnv:    f.allowEnv,
		Now:         x.now,

		WebhookBaseURL: x.webhookBase,
		// n8n derives its instance id from the encryption key; nodes put
		// it in what they send (the Gmail node's attribution link).
		InstanceID: engine.InstanceIDFromKey(env.getenv("N8N_ENCRYPTION_KEY")),
		// Resume URLs of "send and wait" operations are signed as n8n
		// signs them, so links n8n sent stay valid.
		HMACSecret: env.getenv("N8N_HMAC_SIGNATURE_SECRET"),
	}
	if opts.HMACSecret == "" {
		opts.HMACSecret = engine.HMACSecretFromKey(env.getenv("N8N_ENCRYPTION_KEY"))
	}
	if opts.ExecutionTimeout, opts.MaxExecutionTimeout, err = f.timeouts(env); err != nil {
		return nil, err
	}
	if f.workflows != "" {
		lib, err := workflow.LoadLibrary(f.workflows)
		if err != nil {
			return nil, fmt.Errorf("--workflows: %w", err)
		}
		opts.Workflows = lib
	}
	for _, p := range strings.Split(env.getenv("N8N_RESTRICT_FILE_ACCESS_TO"), ";") {
		if p = strings.TrimSpace(p); p != "" {
			opts.AllowedPaths = append(opts.AllowedPaths, p)
		}
	}
	// n8n's filesystem binary data mode: files beyond the memory limit go
	// to N8N_BINARY_DATA_STORAGE_PATH and are streamed from there.
	if env.getenv("N8N_DEFAULT_BINARY_DATA_MODE") == "filesystem" {
		opts.BinaryDir = env.getenv("N8N_BINARY_DATA_STORAGE_PATH")
		if opts.BinaryDir == "" {
			opts.BinaryDir = filepath.Join(os.TempDir(), "n8n-go-binary-data")
		}
	}
	if x.instantRetries {
		opts.Sleep = func(interface{ Done() <-chan struct{} }, time.Duration) error { return nil }
	}
	return engine.New(opts)
}

// rateLimits are the token buckets per credential type: each rule's rate
// and burst (internal/auth), Notion's rate from --notion-rate.
func (f *engineFlags) rateLimits() (map[string]float64, map[string]int) {
	limits, bursts := map[string]float64{}, map[string]int{}
	if f.noRateLimit {
		return limits, bursts
	}
	if !f.unlimited {
		for typ, r := range auth.Limits() {
			limits[typ], bursts[typ] = r.PerSecond, r.Burst
		}
	}
	delete(limits, "notionApi")
	if f.notionRate > 0 {
		limits["notionApi"], bursts["notionApi"] = f.notionRate, auth.Must("notionApi").Rate.Burst
	}
	return limits, bursts
}
