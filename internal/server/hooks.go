package server

import (
	"context"
	"errors"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// hookRoute is the route of a node whose type is an engine.HookTrigger
// (nil for other nodes): n8n's production URL
// /webhook/<webhookId>/<path>, answered on receipt.
func (s *Server) hookRoute(a *active, n *workflow.Node) (*route, error) {
	reg := s.opts.Engine.Registry()
	a.wf.SettleVersions(reg.DefaultVersion)
	nd, _, err := reg.Lookup(n.Type, n.TypeVersion)
	if err != nil {
		return nil, nil
	}
	ht, ok := nd.(engine.HookTrigger)
	if !ok {
		return nil, nil
	}
	if n.WebhookID == "" {
		return nil, errors.New("the trigger has no webhookId (export the workflow from n8n with its webhookId)")
	}
	method, path := ht.HookRoute(n.TypeVersion)
	cfg := webhook.Config{Node: n.Name, Version: n.TypeVersion, Methods: []string{method}, Path: path,
		Route: n.WebhookID + "/" + strings.Trim(path, "/"), WebhookID: n.WebhookID,
		ResponseMode: "onReceived", ResponseCode: 200, AllowedOrigins: "*"}
	eng := s.opts.Engine
	hk := &engine.Hook{Node: n, WorkflowID: a.wf.ID, URL: cfg.URL(s.opts.BaseURL), Params: s.params(n),
		Credentials: func(typ string) (map[string]any, error) { return eng.HookCredentials(n, typ) },
		HTTP:        eng.HTTPClient}
	return &route{cfg: cfg, wf: a, node: n, hook: ht, ctx: hk}, nil
}

// createHooks registers every HookTrigger with its service.
func (s *Server) createHooks(ctx context.Context) {
	for _, a := range s.actives() {
		s.createHooksOf(ctx, a)
	}
}

// createHooksOf registers a's HookTriggers (at start, and when Reload
// activates a new version).
func (s *Server) createHooksOf(ctx context.Context, a *active) {
	for _, rt := range a.hooks {
		if rt.hook == nil {
			continue
		}
		if err := rt.hook.CreateHook(ctx, rt.ctx); err != nil {
			s.log.Error("trigger could not be registered with its service", "workflow", a.wf.Name, "node", rt.node.Name, "error", err)
			continue
		}
		s.log.Info("trigger registered", "workflow", a.wf.Name, "node", rt.node.Name, "url", rt.ctx.URL)
	}
}

// deleteHooks undoes createHooks; failures are logged (n8n ignores them).
func (s *Server) deleteHooks(ctx context.Context) {
	for _, a := range s.actives() {
		s.deleteHooksOf(ctx, a)
	}
}

// deleteHooksOf removes a's HookTriggers from their services.
func (s *Server) deleteHooksOf(ctx context.Context, a *active) {
	for _, rt := range a.hooks {
		if rt.hook == nil {
			continue
		}
		if err := rt.hook.DeleteHook(context.WithoutCancel(ctx), rt.ctx); err != nil {
			s.log.Warn("trigger could not be removed from its service", "workflow", a.wf.Name, "node", rt.node.Name, "error", err)
		}
	}
}
