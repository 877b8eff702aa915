package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/httprecord"
	"github.com/n8n-go/n8n-go/internal/httpx"
	"github.com/n8n-go/n8n-go/internal/n8napi"
)

// n8nFlags say how to reach a running n8n's public API: pull, test new,
// and run/validate/serve with n8n:// references or --from-n8n.
type n8nFlags struct {
	url, key string
	// record/replay the API's answers (internal/httprecord format); the
	// recorder script records, CI tests replay.
	record, replay string

	session *httpSession
}

func (f *n8nFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "n8n-url", "", "base `URL` of the n8n instance, e.g. http://localhost:5678 (env N8N_URL)")
	fs.StringVar(&f.key, "api-key", "", "n8n API `KEY` (env N8N_API_KEY; n8n: Settings → n8n API)")
	fs.StringVar(&f.record, "n8n-record-http", "", "save the n8n API's answers to `FILE` (the API key redacted)")
	fs.StringVar(&f.replay, "n8n-replay-http", "", "answer the n8n API requests from `FILE` (made with --n8n-record-http) instead of the network")
}

// client builds the API client: the shared HTTP transport (timeouts, 429
// handling), recording or replaying when asked.
func (f *n8nFlags) client(env cliEnv) (*n8napi.Client, error) {
	u, key := f.url, f.key
	if u == "" {
		u = env.getenv("N8N_URL")
	}
	if key == "" {
		key = env.getenv("N8N_API_KEY")
	}
	if f.replay != "" && key == "" {
		key = "replayed" // a replay asks no server; the key was redacted anyway
	}
	if f.record != "" && f.replay != "" {
		return nil, fmt.Errorf("--n8n-record-http and --n8n-replay-http exclude each other")
	}
	secrets := &httprecord.Secrets{}
	secrets.AddValues(key)
	s := &httpSession{recordPath: f.record}
	var tr http.RoundTripper
	switch {
	case f.replay != "":
		rec, err := httprecord.Load(f.replay)
		if err != nil {
			return nil, fmt.Errorf("--n8n-replay-http: %w", err)
		}
		s.replayer = httprecord.NewReplayer(rec, secrets)
		tr = s.replayer
	case f.record != "":
		if err := checkWritable("--n8n-record-http", f.record); err != nil {
			return nil, err
		}
		s.recorder = httprecord.NewRecorder(nil, nil, secrets)
		tr = s.recorder
	}
	h, err := httpx.New(httpx.Options{Transport: tr})
	if err != nil {
		return nil, err
	}
	c, err := n8napi.New(u, key, h.For("n8nApi"))
	if err != nil {
		return nil, err
	}
	f.session = s
	return c, nil
}

// finish saves a recording; call it when the command is done with the API.
func (f *n8nFlags) finish() error {
	if f.session == nil {
		return nil
	}
	return f.session.save()
}

// isRef reports whether arg names a workflow on the n8n instance.
func isRef(arg string) bool {
	_, ok := n8napi.ParseRef(arg)
	return ok
}

// loadRef fetches the workflow an n8n://ID reference names.
func (f *n8nFlags) loadRef(ctx context.Context, env cliEnv, ref string) (*workflow.Workflow, []byte, error) {
	id, _ := n8napi.ParseRef(ref)
	c, err := f.client(env)
	if err != nil {
		return nil, nil, err
	}
	b, err := c.Workflow(ctx, id)
	if ferr := f.finish(); err == nil {
		err = ferr
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := workflow.Parse(b, "")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ref, err)
	}
	return w, b, nil
}

// writeFileAtomic writes b to path through a temporary file in the same
// folder, so a reader (serve following a folder) never sees half a file.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".n8n-go-*.tmp")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
