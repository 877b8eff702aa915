package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	fakeapis "github.com/n8n-go/n8n-go/internal/fakes/apis"
)

// Demo is the workspace `n8n-go run --sandbox` starts from: some entities
// already synced, some new in Notion, one rename, one client archived,
// one project done and one task obsolete in Notion.
func Demo() *Scenario {
	return &Scenario{
		Description: "demo workspace for n8n-go run --sandbox",
		Clockify: ClockifyState{
			Workspace: "Demo Agency",
			Clients: []ClockifyEntry{
				{Ref: "acme", Name: "Acme Corp"},
				{Ref: "globex", Name: "Globex"},
				{Ref: "initech", Name: "Initech"},
			},
			Projects: []ClockifyEntry{
				{Ref: "web", Name: "Website Relaunch", Parent: "acme"},
				{Ref: "app", Name: "Mobile App", Parent: "acme"},
				{Ref: "crm", Name: "CRM Migration", Parent: "initech"},
			},
			Tasks: []ClockifyEntry{
				{Ref: "wire", Name: "Wireframes", Parent: "web"},
				{Ref: "launch", Name: "Launch checklist", Parent: "web"},
				{Ref: "export", Name: "Data export", Parent: "crm"},
			},
		},
		Notion: NotionState{
			Clients: []NotionEntry{
				{Ref: "acme", Name: "Acme Corp", Clockify: "acme"},
				{Ref: "globex", Name: "Globex", Archive: true, Clockify: "globex"},
				{Ref: "initech", Name: "Initech Ltd", Clockify: "initech"},
				{Ref: "umbrella", Name: "Umbrella Inc"},
			},
			Projects: []NotionEntry{
				{Ref: "web", Name: "Website Relaunch", Relations: []string{"acme"}, Clockify: "web"},
				{Ref: "app", Name: "Mobile App", Status: "Done", Relations: []string{"acme"}, Clockify: "app"},
				{Ref: "crm", Name: "CRM Migration", Relations: []string{"initech"}, Clockify: "crm"},
				{Ref: "brand", Name: "Brand Refresh", Status: "Backlog", Relations: []string{"umbrella"}},
			},
			Tasks: []NotionEntry{
				{Ref: "wire", Name: "Wireframes", Relations: []string{"web"}, Clockify: "wire"},
				{Ref: "launch", Name: "Launch checklist", Status: "Obsolete", Relations: []string{"web"}, Clockify: "launch"},
				{Ref: "export", Name: "Data export", Relations: []string{"crm"}, Clockify: "export"},
				{Ref: "copy", Name: "Copywriting", Relations: []string{"web"}},
			},
		},
	}
}

// Running is a started sandbox: both fakes served on loopback.
type Running struct {
	*Fakes
	// Endpoints map the real hosts to the fakes' base URLs.
	Endpoints map[string]string
	servers   []*http.Server
}

// Start builds the fakes for sc and serves each on its own loopback port
// (plain HTTP; n8n-go maps the hosts there).
func Start(ctx context.Context, sc *Scenario) (*Running, error) {
	f, err := Build(sc)
	if err != nil {
		return nil, err
	}
	r := &Running{Fakes: f, Endpoints: map[string]string{}}
	for _, host := range []string{fakeapis.NotionHost, fakeapis.ClockifyHost} {
		var lc net.ListenConfig
		ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
		if err != nil {
			r.Stop()
			return nil, fmt.Errorf("sandbox: listen: %w", err)
		}
		srv := &http.Server{Handler: f.Handlers[host], ReadHeaderTimeout: 10 * time.Second}
		r.servers = append(r.servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				_ = err // the run's requests fail and say so
			}
		}()
		r.Endpoints[host] = "http://" + ln.Addr().String()
	}
	return r, nil
}

// Stop shuts the servers down.
func (r *Running) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, s := range r.servers {
		_ = s.Shutdown(ctx)
	}
}
