package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/n8napi"
)

type pullOptions struct {
	n8n         n8nFlags
	ids         []string
	tags        []string
	name        string
	active      string
	dir         string
	credentials string
	asJSON      bool
	pageSize    int
}

func newPullCmd(env cliEnv) *cobra.Command {
	var o pullOptions
	cmd := &cobra.Command{
		Use:   "pull [flags]",
		Short: "Fetch workflows from a running n8n (its public API) into files n8n-go runs",
		Long: `Fetches workflows from an n8n instance's public API (/api/v1, X-N8N-API-KEY) and
writes each to DIR/<id>.json, the file name and form of n8n's
export:workflow --backup (JSON indented by two spaces, n8n's key order), so
a git diff shows what was edited in n8n. Without --id every workflow the
filters select is pulled, page by page.

Credentials are never in the API's answers: for each workflow pull lists the
credentials its nodes use and whether the local credentials file has them.

Exit codes: 0 pulled (credentials may be missing: see the lines), 1 the API
failed, 2 usage error.`,
		Example: `  n8n-go pull --n8n-url http://localhost:5678 --api-key "$N8N_API_KEY" -o workflows
  N8N_URL=… N8N_API_KEY=… n8n-go pull --id 8tKcWy9BsD8AM2zE -o workflows
  n8n-go pull --tag production --active true --credentials creds.json -o workflows`,
		Args: exactArgs(0, "no arguments (workflows are chosen with --id, --tag, --active, --name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exitWith(pullWorkflows(&o, env))
		},
	}
	fs := cmd.Flags()
	o.n8n.register(fs)
	fs.StringArrayVar(&o.ids, "id", nil, "pull the workflow with this `ID` (repeatable; default: every workflow the filters select)")
	fs.StringArrayVar(&o.tags, "tag", nil, "only workflows with this `TAG` (repeatable: all of them)")
	fs.StringVar(&o.name, "name", "", "only workflows whose name contains `TEXT` (the API's name filter)")
	fs.StringVar(&o.active, "active", "", "only active (`true`) or inactive (false) workflows")
	fs.StringVarP(&o.dir, "output", "o", ".", "`DIR` to write <id>.json files to")
	fs.StringVar(&o.credentials, "credentials", "", "credentials `FILE` to check the pulled workflows' credentials against")
	fs.BoolVar(&o.asJSON, "json", false, "print what was pulled as JSON on stdout")
	fs.IntVar(&o.pageSize, "page-size", n8napi.DefaultPageSize, "workflows asked for per page of the API's listing (1–250)")
	return cmd
}

// pulled is what pull reports per workflow.
type pulled struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	File        string       `json:"file"`
	Change      string       `json:"change"` // new, changed, unchanged
	Active      bool         `json:"active"`
	Credentials []neededCred `json:"credentials"`
	Problems    []string     `json:"problems,omitempty"`
}

// neededCred is one credential a workflow's nodes use.
type neededCred struct {
	Type  string   `json:"type"`
	ID    string   `json:"id,omitempty"`
	Name  string   `json:"name,omitempty"`
	Nodes []string `json:"nodes"`
	Found bool     `json:"found"`
	Error string   `json:"error,omitempty"`
}

func pullWorkflows(o *pullOptions, env cliEnv) int {
	var filter n8napi.Filter
	switch o.active {
	case "":
	case "true", "false":
		b := o.active == "true"
		filter.Active = &b
	default:
		fmt.Fprintf(env.stderr, "n8n-go pull: --active: %q; use true or false\n", o.active)
		return exitInvalid
	}
	if len(o.ids) > 0 && (len(o.tags) > 0 || o.name != "" || o.active != "") {
		fmt.Fprintln(env.stderr, "n8n-go pull: --id and the filters (--tag, --name, --active) exclude each other")
		return exitInvalid
	}
	filter.Tags, filter.Name = o.tags, o.name
	if st, err := os.Stat(o.dir); err != nil || !st.IsDir() {
		if err := os.MkdirAll(o.dir, 0o755); err != nil {
			fmt.Fprintf(env.stderr, "n8n-go pull: -o %s: %v\n", o.dir, unwrapPath(err))
			return exitInvalid
		}
	}
	creds, err := loadCredentials(o.credentials, env)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go pull: --credentials: %v\n", err)
		return exitInvalid
	}
	if o.pageSize < 1 || o.pageSize > 250 {
		fmt.Fprintf(env.stderr, "n8n-go pull: --page-size %d: use 1 to 250\n", o.pageSize)
		return exitInvalid
	}
	c, err := o.n8n.client(env)
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go pull: %v\n", err)
		return exitInvalid
	}
	c.PageSize = o.pageSize
	raws, err := fetchWorkflows(env.ctx, c, o.ids, filter)
	// The recording is saved either way: a refused key is recorded too.
	ferr := o.n8n.finish()
	if err != nil {
		fmt.Fprintf(env.stderr, "n8n-go pull: %v\n", err)
		return exitFailed
	}
	if err := ferr; err != nil {
		fmt.Fprintf(env.stderr, "n8n-go pull: %v\n", err)
		return exitFailed
	}
	var out []pulled
	for _, raw := range raws {
		p, err := writePulled(o.dir, raw, creds)
		if err != nil {
			fmt.Fprintf(env.stderr, "n8n-go pull: %v\n", err)
			return exitFailed
		}
		out = append(out, p)
	}
	if o.asJSON {
		if out == nil {
			out = []pulled{}
		}
		writeJSON(env.stdout, out)
		return exitOK
	}
	missing := 0
	for _, p := range out {
		fmt.Fprintf(env.stderr, "%-9s %s  %q (%s)\n", p.Change, p.File, p.Name, p.ID)
		for _, c := range p.Credentials {
			state := "found"
			if !c.Found {
				state, missing = "MISSING", missing+1
			}
			fmt.Fprintf(env.stderr, "          credential %s %q (id %s), used by %s: %s\n", c.Type, c.Name, c.ID, nodeList(c.Nodes), state)
		}
		for _, pr := range p.Problems {
			fmt.Fprintf(env.stderr, "          note: %s\n", pr)
		}
	}
	fmt.Fprintf(env.stderr, "%d workflow(s) pulled into %s", len(out), o.dir)
	if missing > 0 {
		fmt.Fprintf(env.stderr, "; %d credential(s) missing from the local credentials (export them with n8n export:credentials --decrypted, or give --credentials)", missing)
	}
	fmt.Fprintln(env.stderr)
	return exitOK
}

// fetchWorkflows reads the workflows ids names, or else those the filter
// selects: the listing (every page) selects, and each workflow is then
// read whole (the listing leaves out columns such as description).
func fetchWorkflows(ctx context.Context, c *n8napi.Client, ids []string, filter n8napi.Filter) ([]json.RawMessage, error) {
	if len(ids) == 0 {
		list, err := c.Workflows(ctx, filter)
		if err != nil {
			return nil, err
		}
		for _, raw := range list {
			var head struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &head); err != nil || head.ID == "" {
				return nil, fmt.Errorf("a workflow in the listing has no id: %.100s", raw)
			}
			ids = append(ids, head.ID)
		}
	}
	raws := make([]json.RawMessage, 0, len(ids))
	for _, id := range ids {
		b, err := c.Workflow(ctx, id)
		if err != nil {
			return nil, err
		}
		raws = append(raws, b)
	}
	return raws, nil
}

// nodeList names up to three nodes and counts the rest.
func nodeList(s []string) string {
	var b strings.Builder
	for i, v := range s {
		if i == 3 {
			fmt.Fprintf(&b, " and %d more", len(s)-3)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", v)
	}
	return b.String()
}

// writePulled writes one API workflow as DIR/<id>.json in export form.
func writePulled(dir string, raw json.RawMessage, creds engine.CredentialStore) (pulled, error) {
	b, err := exportForm(raw)
	if err != nil {
		return pulled{}, err
	}
	w, err := workflow.Parse(b, "")
	if err != nil {
		return pulled{}, fmt.Errorf("workflow from the API: %w", err)
	}
	if w.ID == "" || strings.ContainsAny(w.ID, `/\`) || w.ID == "." || w.ID == ".." {
		return pulled{}, fmt.Errorf("workflow %q: the API gave no usable id (%q)", w.Name, w.ID)
	}
	p := pulled{ID: w.ID, Name: w.Name, Active: w.Active, File: filepath.Join(dir, w.ID+".json")}
	old, err := os.ReadFile(p.File)
	switch {
	case err != nil:
		p.Change = "new"
	case bytes.Equal(old, b):
		p.Change = "unchanged"
	default:
		p.Change = "changed"
	}
	if p.Change != "unchanged" {
		if err := writeFileAtomic(p.File, b); err != nil {
			return pulled{}, fmt.Errorf("write %s: %w", p.File, err)
		}
	}
	p.Credentials = neededCredentials(w, creds)
	if p.Credentials == nil {
		p.Credentials = []neededCred{}
	}
	return p, nil
}

// neededCredentials lists the credentials the enabled nodes of w use, each
// once, and whether creds resolves it.
func neededCredentials(w *workflow.Workflow, creds engine.CredentialStore) []neededCred {
	var out []neededCred
	idx := map[string]int{}
	for _, n := range w.Nodes {
		if n.Disabled {
			continue
		}
		types := make([]string, 0, len(n.Credentials))
		for t := range n.Credentials {
			types = append(types, t)
		}
		sort.Strings(types)
		for _, t := range types {
			ref := n.Credentials[t]
			key := t + "\x00" + ref.ID + "\x00" + ref.Name
			if i, ok := idx[key]; ok {
				out[i].Nodes = append(out[i].Nodes, n.Name)
				continue
			}
			nc := neededCred{Type: t, ID: ref.ID, Name: ref.Name, Nodes: []string{n.Name}}
			if _, err := creds.Resolve(t, &ref); err == nil {
				nc.Found = true
			} else {
				nc.Error = err.Error()
			}
			idx[key] = len(out)
			out = append(out, nc)
		}
	}
	return out
}
