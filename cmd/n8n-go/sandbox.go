package main

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

// sandboxExtra starts the in-process fake Notion and Clockify APIs seeded
// with the demo workspace (internal/sandbox.Demo) for `run --sandbox`. It
// returns the host → base URL mapping and credentials that make the
// template run unchanged against them, a report of what the run changed in
// Clockify, and stop, which shuts the fakes down.
func sandboxExtra(ctx context.Context, stderr io.Writer) (endpoints map[string]string, creds engine.CredentialStore, report func(io.Writer), stop func(), err error) {
	r, err := sandbox.Start(ctx, sandbox.Demo())
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	hosts := make([]string, 0, len(r.Endpoints))
	for h := range r.Endpoints {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	fmt.Fprintln(stderr, "Sandbox: fake APIs seeded with a demo workspace (4 Notion clients, 4 projects, 4 tasks; 3 of each already in Clockify)")
	for _, h := range hosts {
		fmt.Fprintf(stderr, "  %s -> %s\n", h, r.Endpoints[h])
	}
	return r.Endpoints, sandbox.Credentials{}, r.Report, r.Stop, nil
}
