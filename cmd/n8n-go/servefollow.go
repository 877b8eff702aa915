package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/n8napi"
	"github.com/n8n-go/n8n-go/internal/server"
)

// wfSource loads the workflows serve runs: from files, or the active
// workflows of an n8n instance. It is called at start and on each reload.
type wfSource struct {
	load func(ctx context.Context) ([]*workflow.Workflow, error)
	// files are the workflow files (nil for n8n): watched for changes.
	files []string
	what  string
}

// fileSource reads the workflow files given to serve.
func (o *serveOptions) fileSource(args []string) *wfSource {
	ef := &o.ef
	return &wfSource{files: args, what: "files", load: func(context.Context) ([]*workflow.Workflow, error) {
		var wfs []*workflow.Workflow
		for _, f := range args {
			w, err := workflow.LoadFileMax(f, ef.pick, ef.maxWorkflowMiB<<20)
			if err != nil {
				return nil, err
			}
			if probs := checkReferences(w); len(probs) > 0 {
				return nil, fmt.Errorf("%s: %s", f, probs[0])
			}
			wfs = append(wfs, w)
		}
		return wfs, nil
	}}
}

// n8nSource reads the active workflows (with all of --tag) of the n8n
// instance. One client serves every reload.
func (o *serveOptions) n8nSource(env cliEnv) (*wfSource, error) {
	c, err := o.ef.n8n.client(env)
	if err != nil {
		return nil, err
	}
	active := true
	filter := n8napi.Filter{Active: &active, Tags: o.tags}
	return &wfSource{what: "n8n " + c.Base(), load: func(ctx context.Context) ([]*workflow.Workflow, error) {
		raws, err := fetchWorkflows(ctx, c, nil, filter)
		if err != nil {
			return nil, err
		}
		wfs := make([]*workflow.Workflow, 0, len(raws))
		for _, raw := range raws {
			w, err := workflow.Parse(publishedVersion(raw), "")
			if err != nil {
				return nil, fmt.Errorf("workflow from n8n: %w", err)
			}
			if probs := checkReferences(w); len(probs) > 0 {
				return nil, fmt.Errorf("workflow %q: %s", w.Name, probs[0])
			}
			wfs = append(wfs, w)
		}
		return wfs, nil
	}}, nil
}

// publishedVersion is the workflow n8n runs for triggers: its
// activeVersion's nodes and connections when the API gives them (n8n 1.123
// keeps the published version apart from the one being edited), else the
// workflow as it is.
func publishedVersion(raw []byte) []byte {
	v, err := data.ParseJSON(raw)
	if err != nil {
		return raw
	}
	w, _ := v.(*data.Object)
	if w == nil {
		return raw
	}
	av, _ := w.Value("activeVersion").(*data.Object)
	if av == nil || !av.Has("nodes") || !av.Has("connections") {
		return raw
	}
	w.Set("nodes", av.Value("nodes"))
	w.Set("connections", av.Value("connections"))
	if vid, ok := av.Value("versionId").(string); ok {
		w.Set("versionId", vid)
	}
	b, err := data.MarshalValue(w)
	if err != nil {
		return raw
	}
	return b
}

// follow re-reads the source every interval (and, for files, when one
// changes) and hands what it read to the server, until ctx ends. A
// source that cannot be read leaves the served versions as they are.
func follow(ctx context.Context, src *wfSource, srv *server.Server, interval time.Duration, log *slog.Logger) {
	var tick <-chan time.Time
	if interval > 0 {
		t := time.NewTicker(interval)
		defer t.Stop()
		tick = t.C
	}
	var events <-chan fsnotify.Event
	if len(src.files) > 0 {
		if w, err := watchFiles(src.files); err != nil {
			log.Warn("workflow files are not watched; changes are read every --reload-interval only", "error", err)
		} else {
			defer w.Close()
			events = w.Events
		}
	}
	names := map[string]bool{}
	for _, f := range src.files {
		if abs, err := filepath.Abs(f); err == nil {
			names[abs] = true
		}
	}
	// Editors save in bursts (write, rename, chmod): changes are read once
	// the burst is over.
	var settle <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if abs, err := filepath.Abs(ev.Name); err == nil && names[abs] {
				settle = time.After(200 * time.Millisecond)
			}
			continue
		case <-settle:
			settle = nil
		case <-tick:
		}
		reloadOnce(ctx, src, srv, log)
	}
}

// reloadOnce reads the source once and applies it.
func reloadOnce(ctx context.Context, src *wfSource, srv *server.Server, log *slog.Logger) {
	wfs, err := src.load(ctx)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			log.Warn("workflows not reloaded; the served versions stay", "source", src.what, "error", err)
		}
		return
	}
	changes, errs := srv.Reload(wfs)
	for _, e := range errs {
		log.Warn("reload", "error", e)
	}
	if len(changes) > 0 {
		for _, r := range srv.Routes() {
			log.Info("webhook activated", "route", r)
		}
	}
}

// watchFiles watches the folders of the files (editors often replace a
// file rather than write it, which a watch on the file itself loses).
func watchFiles(files []string) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	dirs := map[string]bool{}
	for _, f := range files {
		d, err := filepath.Abs(filepath.Dir(f))
		if err != nil {
			w.Close()
			return nil, err
		}
		if !dirs[d] {
			dirs[d] = true
			if err := w.Add(d); err != nil {
				w.Close()
				return nil, err
			}
		}
	}
	return w, nil
}
