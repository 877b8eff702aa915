package server

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

type route struct {
	cfg  webhook.Config
	wf   *active
	node *workflow.Node
	// hook is set for a trigger registered with an outside service
	// (engine.HookTrigger): it checks calls and builds the items itself.
	hook engine.HookTrigger
	ctx  *engine.Hook
}

// routeTable finds webhooks as n8n does: static paths by exact match, then
// dynamic ones by webhookId and segment count.
type routeTable struct {
	static  map[string]*route // "METHOD route"
	dynamic []*route
	paths   map[string][]string   // route → methods (static)
	forms   map[string]*formRoute // Form Triggers by /form/ path
}

func newRouteTable() *routeTable {
	return &routeTable{static: map[string]*route{}, paths: map[string][]string{}, forms: map[string]*formRoute{}}
}

func (t *routeTable) add(r *route) error {
	for _, m := range r.cfg.Methods {
		if r.cfg.Dynamic {
			for _, o := range t.dynamic {
				if o.cfg.Route == r.cfg.Route && contains(o.cfg.Methods, m) {
					return conflict(r, o, m)
				}
			}
			continue
		}
		key := m + " " + r.cfg.Route
		if o, dup := t.static[key]; dup {
			return conflict(r, o, m)
		}
		t.static[key] = r
		t.paths[r.cfg.Route] = append(t.paths[r.cfg.Route], m)
	}
	if r.cfg.Dynamic {
		t.dynamic = append(t.dynamic, r)
	}
	return nil
}

func conflict(r, o *route, m string) error {
	return fmt.Errorf("the URL path that the %q node uses (%s /webhook/%s) is already taken by node %q of workflow %q", r.node.Name, m, r.cfg.Route, o.node.Name, o.wf.wf.Name)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (t *routeTable) find(method, path string) (*route, map[string]string) {
	if r := t.static[method+" "+path]; r != nil {
		return r, nil
	}
	var best *route
	var bestParams map[string]string
	bestSpec := -1
	for _, r := range t.dynamic {
		if !contains(r.cfg.Methods, method) {
			continue
		}
		if p, spec, ok := r.cfg.Match(path); ok && spec > bestSpec {
			best, bestParams, bestSpec = r, p, spec
		}
	}
	return best, bestParams
}

// methods lists the methods registered for a path (for CORS and 404s).
func (t *routeTable) methods(path string) []string {
	if ms := t.paths[path]; len(ms) > 0 {
		return ms
	}
	var out []string
	for _, r := range t.dynamic {
		if _, _, ok := r.cfg.Match(path); ok {
			for _, m := range r.cfg.Methods {
				if !contains(out, m) {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

func (t *routeTable) list() []string {
	var out []string
	for k := range t.static {
		m, p, _ := strings.Cut(k, " ")
		out = append(out, m+" /webhook/"+p)
	}
	for _, r := range t.dynamic {
		for _, m := range r.cfg.Methods {
			out = append(out, m+" /webhook/"+r.cfg.Route)
		}
	}
	sort.Strings(out)
	return out
}

// Handler serves /webhook/…, GET /healthz (liveness), GET
// /healthz/readiness (the database answers; n8n's readiness check) and GET
// /metrics (Prometheus).
func (s *Server) Handler() http.Handler {
	mux := s.opsMux()
	mux.HandleFunc("/webhook/", s.metrics.instrument(s.serveWebhook))
	mux.HandleFunc("/webhook-waiting/", s.metrics.instrument(s.serveWaiting))
	mux.HandleFunc("/form-waiting/", s.metrics.instrument(s.serveFormWaiting))
	mux.HandleFunc("/form/", s.metrics.instrument(s.serveForm))
	mux.HandleFunc("/form-test/", s.metrics.instrument(s.serveForm))
	return mux
}

// OpsHandler serves only GET /healthz, /healthz/readiness and /metrics (a
// worker's).
func (s *Server) OpsHandler() http.Handler { return s.opsMux() }

func (s *Server) opsMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		status, code := "ok", http.StatusOK
		body := data.NewObject(2)
		body.Set("status", "ok")
		if st := s.storeHealth(); st != nil {
			status = "degraded"
			body.Set("executionsStore", st)
		}
		if !s.accepting.Load() {
			status, code = "shutting down", http.StatusServiceUnavailable
		}
		body.Set("status", status)
		writeJSON(w, code, body)
	})
	mux.HandleFunc("/healthz/readiness", s.serveReadiness)
	mux.Handle("/metrics", s.metrics.handler())
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	if v == nil {
		return
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		b = []byte(`{"code":0,"message":"response could not be encoded"}`)
	}
	_, _ = w.Write(b)
}

// errorResponse is n8n's sendErrorResponse body.
func errorResponse(w http.ResponseWriter, code int, msg, hint string) {
	body := data.ObjectOf("code", float64(0), "message", msg)
	if code != http.StatusInternalServerError {
		body.Set("code", float64(code))
	}
	if hint != "" {
		body.Set("hint", hint)
	}
	writeJSON(w, code, body)
}

var webhookMethods = map[string]bool{"DELETE": true, "GET": true, "HEAD": true, "PATCH": true, "POST": true, "PUT": true}

func (s *Server) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodOptions && !webhookMethods[r.Method] {
		errorResponse(w, http.StatusInternalServerError, fmt.Sprintf("The method %s is not supported.", r.Method), "")
		return
	}
	path := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/webhook/"), "/")
	if r.Header.Get("Origin") != "" {
		s.cors(w, r, path)
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !s.accepting.Load() {
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	routes := s.routeTable()
	rt, params := routes.find(r.Method, path)
	if rt == nil {
		ms := routes.methods(path)
		if len(ms) > 0 {
			list := ms[0]
			if len(ms) > 1 {
				list = strings.Join(ms[:len(ms)-1], ", ") + " or " + ms[len(ms)-1]
			}
			errorResponse(w, http.StatusNotFound, fmt.Sprintf("This webhook is not registered for %s requests. Did you mean to make a %s request?", r.Method, list), "")
			return
		}
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The requested webhook \"%s %s\" is not registered.", r.Method, path),
			"The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor. Note that unlike test URL calls, production URL calls aren't shown on the canvas (only in the executions list)")
		return
	}
	// The caller is checked before its body is read: a wrong token must
	// not make the server hold a 16 MiB body (100 such calls took 1.7 GB).
	if rt.hook == nil {
		if err := rt.cfg.Admit(r, rt.node, s.opts.Credentials); err != nil {
			s.reject(w, rt, err)
			return
		}
	}
	body, ok := s.receiveBody(w, r)
	if !ok {
		return
	}
	items, err := s.receive(r, rt, body, params)
	if err != nil {
		s.reject(w, rt, err)
		return
	}
	if s.opts.Queue != nil && len(items) == 1 {
		s.enqueueWebhook(w, r, rt, items[0])
		return
	}
	// Webhook executions run concurrently, as in n8n; only the server's
	// concurrency limit (if set) makes a call wait for a slot.
	if err := s.limit.Acquire(r.Context(), s.track.closing, s.opts.QueueSize, s.opts.QueueTimeout); err != nil {
		if errors.Is(err, errStopping) {
			s.log.Warn("queued webhook call refused: shutting down", "workflow", rt.wf.wf.Name, "node", rt.node.Name)
			errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
			return
		}
		s.log.Warn("webhook call refused: the concurrency limit is reached", "workflow", rt.wf.wf.Name, "node", rt.node.Name, "limit", s.opts.Concurrency)
		errorResponse(w, http.StatusTooManyRequests, s.busyMessage(), "")
		return
	}
	// A call that waited in the queue while shutdown began is refused
	// before anyone is told the workflow started.
	if !s.track.begin() {
		s.limit.Release()
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	for _, h := range rt.cfg.ResponseHeaders {
		w.Header().Set(h[0], h[1])
	}
	switch rt.cfg.ResponseMode {
	case "onReceived":
		s.respondOnReceived(w, &rt.cfg)
		go func() {
			defer s.track.end()
			defer s.limit.Release()
			s.execute(s.runCtx, rt.wf, rt.node.Name, "webhook", items)
		}()
	case "lastNode":
		defer s.track.end()
		defer s.limit.Release()
		res := s.execute(s.runCtx, rt.wf, rt.node.Name, "webhook", items)
		s.respondLastNode(w, &rt.cfg, res)
	case "responseNode":
		s.respondViaNode(w, rt, items, "webhook")
	}
}

// receive turns a call into the items the run starts with: the Webhook
// node's item, or what a HookTrigger makes of it.
func (s *Server) receive(r *http.Request, rt *route, body []byte, params map[string]string) ([]data.Item, error) {
	if rt.hook != nil {
		return rt.hook.ReceiveHook(r.Context(), rt.ctx, r, body)
	}
	item, err := rt.cfg.Receive(r.Context(), webhook.Request{HTTP: r, Body: body, Params: params, WebhookURL: rt.cfg.URL(s.opts.BaseURL), Mode: "webhook"}, rt.node, s.opts.Credentials)
	if err != nil {
		return nil, err
	}
	return []data.Item{item}, nil
}

// reject answers a call the webhook refused (a *webhook.Rejection) or
// could not take.
func (s *Server) reject(w http.ResponseWriter, rt *route, err error) {
	var rej *webhook.Rejection
	if errors.As(err, &rej) {
		for k, vs := range rej.Header {
			w.Header()[k] = vs
		}
		if rej.JSON != nil {
			writeJSON(w, rej.Code, rej.JSON)
			return
		}
		w.WriteHeader(rej.Code)
		_, _ = io.WriteString(w, rej.Message)
		return
	}
	s.log.Error("webhook failed", "workflow", rt.wf.wf.Name, "node", rt.node.Name, "error", err)
	errorResponse(w, http.StatusInternalServerError, "Workflow Webhook Error: Workflow could not be started!", "")
}

// receiveBody reads a call's body under the server's limits: the bodies
// being read at once (a 503 with Retry-After when they are exhausted) and
// MaxBodyBytes (a 413). It answers the call itself when it returns false.
func (s *Server) receiveBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	reserved := bodyReservation(r.ContentLength, s.opts.MaxBodyBytes)
	if !s.bodies.reserve(reserved) {
		s.log.Warn("webhook call refused: too many request bodies being read", "path", r.URL.Path)
		w.Header().Set("Retry-After", "1")
		errorResponse(w, http.StatusServiceUnavailable, "Too many webhook requests are being received at once; try again", "")
		return nil, false
	}
	body, err := s.readBody(w, r)
	s.bodies.release(reserved)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			errorResponse(w, http.StatusRequestEntityTooLarge, "request entity too large", "")
			return nil, false
		}
		errorResponse(w, http.StatusBadRequest, "request body could not be read: "+err.Error(), "")
		return nil, false
	}
	return body, true
}

func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limited := http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes)
	var src io.Reader = limited
	switch strings.ToLower(r.Header.Get("Content-Encoding")) {
	case "gzip":
		zr, err := gzip.NewReader(limited)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		src = zr
	case "deflate":
		zr := flate.NewReader(limited)
		defer zr.Close()
		src = zr
	}
	// The decompressed size is limited too.
	b, err := io.ReadAll(io.LimitReader(src, s.opts.MaxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > s.opts.MaxBodyBytes {
		return nil, &http.MaxBytesError{Limit: s.opts.MaxBodyBytes}
	}
	return b, nil
}

// cors sets n8n's CORS headers for a request with an Origin.
func (s *Server) cors(w http.ResponseWriter, r *http.Request, path string) {
	routes := s.routeTable()
	ms := routes.methods(path)
	if len(ms) == 0 {
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", strings.Join(append([]string{"OPTIONS"}, ms...), ", "))
	method := r.Method
	if method == http.MethodOptions {
		method = r.Header.Get("Access-Control-Request-Method")
	}
	if method == "" {
		return
	}
	origin := r.Header.Get("Origin")
	allowed := "*"
	if rt, _ := routes.find(method, path); rt != nil {
		allowed = rt.cfg.AllowedOrigins
	}
	if allowed != "" && allowed != "*" && allowed != origin {
		list := strings.Split(allowed, ",")
		if contains(list, origin) {
			w.Header().Set("Access-Control-Allow-Origin", origin)
		} else {
			w.Header().Set("Access-Control-Allow-Origin", list[0])
		}
	} else {
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Max-Age", "300")
		if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
			w.Header().Set("Access-Control-Allow-Headers", h)
		}
	}
}

// sendBody answers as Express does for n8n: strings with res.send (HTML
// content type unless set), other values as JSON, nil as an empty body.
func sendBody(w http.ResponseWriter, code int, body any) {
	switch b := body.(type) {
	case nil:
		w.WriteHeader(code)
	case string:
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, b)
	case []byte:
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/octet-stream")
		}
		w.WriteHeader(code)
		_, _ = w.Write(b)
	default:
		enc, err := data.MarshalValue(body)
		if err != nil {
			errorResponse(w, http.StatusInternalServerError, "response could not be encoded", "")
			return
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		}
		w.WriteHeader(code)
		_, _ = w.Write(enc)
	}
}

// respondOnReceived is n8n's extractWebhookOnReceivedResponse.
func (s *Server) respondOnReceived(w http.ResponseWriter, cfg *webhook.Config) {
	switch cfg.ResponseData {
	case "noData":
		w.WriteHeader(cfg.ResponseCode)
	case "":
		sendBody(w, cfg.ResponseCode, data.ObjectOf("message", "Workflow was started"))
	default:
		sendBody(w, cfg.ResponseCode, cfg.ResponseData)
	}
}

// respondLastNode answers from the last executed node's data, as n8n's
// extractWebhookLastNodeResponse.
func (s *Server) respondLastNode(w http.ResponseWriter, cfg *webhook.Config, res *engine.Result) {
	if res == nil || res.Data.ResultData.Error != nil {
		sendBody(w, http.StatusInternalServerError, data.ObjectOf("message", "Error in workflow"))
		return
	}
	runs := res.Data.ResultData.RunData[res.Data.ResultData.LastNodeExecuted]
	if len(runs) == 0 {
		sendBody(w, cfg.ResponseCode, data.ObjectOf("message", "Workflow executed successfully but the last node did not return any data"))
		return
	}
	task := runs[len(runs)-1]
	if task.Error != nil {
		sendBody(w, http.StatusInternalServerError, data.ObjectOf("message", "Error in workflow"))
		return
	}
	var first []data.Item
	if task.Data != nil && len(task.Data.Main) > 0 {
		first = task.Data.Main[0]
	}
	switch cfg.ResponseData {
	case "noData":
		w.WriteHeader(cfg.ResponseCode)
	case "firstEntryJson", "":
		if len(first) == 0 {
			errorResponse(w, http.StatusInternalServerError, "No item to return was found", "")
			return
		}
		var body any = first[0].JSON
		if cfg.HasResponseProperty {
			body = lookup(first[0].JSON, cfg.ResponsePropertyName)
		}
		if cfg.ResponseContentType != "" {
			w.Header().Set("Content-Type", cfg.ResponseContentType)
		}
		if body == nil {
			w.WriteHeader(cfg.ResponseCode)
			return
		}
		sendBody(w, cfg.ResponseCode, body)
	case "firstEntryBinary":
		if len(first) == 0 {
			errorResponse(w, http.StatusInternalServerError, "No item was found to return", "")
			return
		}
		if first[0].Binary == nil {
			errorResponse(w, http.StatusInternalServerError, "No binary data was found to return", "")
			return
		}
		bin, _ := first[0].Binary.Value(cfg.ResponseBinaryProperty).(*data.Object)
		if bin == nil {
			errorResponse(w, http.StatusInternalServerError, fmt.Sprintf("The binary property '%s' which should be returned does not exist", cfg.ResponseBinaryProperty), "")
			return
		}
		raw, err := decodeBinary(bin)
		if err != nil {
			errorResponse(w, http.StatusInternalServerError, err.Error(), "")
			return
		}
		if mt, _ := bin.Value("mimeType").(string); mt != "" {
			w.Header().Set("Content-Type", mt)
		}
		sendBody(w, cfg.ResponseCode, raw)
	default: // allEntries
		list := make([]any, len(first))
		for i, it := range first {
			list[i] = it.JSON
		}
		sendBody(w, cfg.ResponseCode, list)
	}
}

// lookup is lodash get with a dotted path.
func lookup(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		m, ok := v.(*data.Object)
		if !ok {
			return nil
		}
		v = m.Value(p)
	}
	return v
}

// respondViaNode runs the workflow and answers when a Respond to Webhook
// node sends its response (or, if none does, when the run ends: n8n then
// resolves the pending response with an empty body).
func (s *Server) respondViaNode(w http.ResponseWriter, rt *route, items []data.Item, mode string) {
	s.respondViaNodeWith(w, rt, items, mode, nil)
}

// respondViaNodeWith is respondViaNode with the node's response rewritten
// by adapt first (nil: as it is).
func (s *Server) respondViaNodeWith(w http.ResponseWriter, rt *route, items []data.Item, mode string, adapt func(*respondtowebhook.Response)) {
	writeNodeResponse := func(w http.ResponseWriter, resp respondtowebhook.Response) {
		if adapt != nil {
			adapt(&resp)
		}
		writeNodeResponse(w, resp)
	}
	got := make(chan respondtowebhook.Response, 1)
	ctx := respondtowebhook.WithResponder(s.runCtx, func(resp respondtowebhook.Response) { got <- resp })
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer s.track.end()
		defer s.limit.Release()
		s.execute(ctx, rt.wf, rt.node.Name, mode, items)
	}()
	select {
	case resp := <-got:
		writeNodeResponse(w, resp)
	case <-done:
		select {
		case resp := <-got:
			writeNodeResponse(w, resp)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}
}

func writeNodeResponse(w http.ResponseWriter, resp respondtowebhook.Response) {
	for k, v := range resp.Headers {
		w.Header().Set(k, v)
	}
	if resp.Binary != nil {
		sendBody(w, resp.Code, resp.Binary)
		return
	}
	sendBody(w, resp.Code, resp.Body)
}

func decodeBinary(bin *data.Object) ([]byte, error) {
	s, _ := bin.Value("data").(string)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("binary data is not base64: %w", err)
	}
	return b, nil
}

// NewHTTPServer returns the HTTP server for h with timeouts that keep slow
// clients from holding connections.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr: addr, Handler: h,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute,
		MaxHeaderBytes: 1 << 20,
	}
}

// pinger is a store that can tell whether its database answers.
type pinger interface {
	Ping(context.Context) error
}

// serveReadiness answers 200 when the server takes work and its database
// answers, else 503, as n8n's /healthz/readiness.
func (s *Server) serveReadiness(w http.ResponseWriter, r *http.Request) {
	body := data.NewObject(2)
	code := http.StatusOK
	body.Set("status", "ok")
	if p, ok := s.opts.Store.(pinger); ok {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := p.Ping(ctx)
		cancel()
		if err != nil {
			code = http.StatusServiceUnavailable
			body.Set("status", "error")
			body.Set("database", "unreachable")
		}
	}
	if !s.accepting.Load() {
		code = http.StatusServiceUnavailable
		body.Set("status", "shutting down")
	}
	writeJSON(w, code, body)
}
