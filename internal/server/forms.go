package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// formRoute is an activated Form Trigger.
type formRoute struct {
	cfg  formtrigger.Config
	wf   *active
	node *workflow.Node
}

// formStartError is n8n's answer when a form's webhook function throws
// (an UnexpectedError with the "Form" webhook type).
const formStartError = "Workflow Form Error: Workflow could not be started!"

// formFor plans the form a Form Trigger node serves.
func (s *Server) formFor(a *active, n *workflow.Node) (*formRoute, error) {
	cfg, err := formtrigger.ConfigFor(s.params(n), n)
	if err != nil {
		return nil, fmt.Errorf("node %q: %w", n.Name, err)
	}
	return &formRoute{cfg: cfg, wf: a, node: n}, nil
}

// addForm adds a form to the table unless its path is taken.
func (t *routeTable) addForm(fr *formRoute) error {
	if o, dup := t.forms[fr.cfg.Route]; dup {
		return fmt.Errorf("the URL path that the %q node uses (/form/%s) is already taken by node %q of workflow %q", fr.node.Name, fr.cfg.Route, o.node.Name, o.wf.wf.Name)
	}
	t.forms[fr.cfg.Route] = fr
	return nil
}

// FormRoutes lists the served forms as "/form/route".
func (s *Server) FormRoutes() []string {
	forms := s.routeTable().forms
	out := make([]string, 0, len(forms))
	for r := range forms {
		out = append(out, "/form/"+r)
	}
	sort.Strings(out)
	return out
}

// serveForm serves /form/<path> (production) and /form-test/<path> (test
// mode: n8n's manual executions, formMode "test"): GET shows the page,
// POST takes a submission.
func (s *Server) serveForm(w http.ResponseWriter, r *http.Request) {
	test := strings.HasPrefix(r.URL.Path, "/form-test/")
	prefix := "/form/"
	if test {
		prefix = "/form-test/"
	}
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, prefix), "/")
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("This webhook is not registered for %s requests. Did you mean to make a GET or POST request?", r.Method), "")
		return
	}
	if !s.accepting.Load() {
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	fr := s.routeTable().forms[path]
	if fr == nil {
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		errorResponse(w, http.StatusNotFound, fmt.Sprintf("The requested webhook \"%s %s\" is not registered.", method, path),
			"The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor. Note that unlike test URL calls, production URL calls aren't shown on the canvas (only in the executions list)")
		return
	}
	user, pass, credOK := s.formCredential(fr)
	if !s.formAdmit(r, fr, user, pass, credOK) {
		// n8n answers every refusal of a form (bot, no or wrong
		// credentials, none configured) with an empty 401.
		w.Header().Set("WWW-Authenticate", `Basic realm="Enter credentials"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if err := formtrigger.CheckResponseMode(fr.wf.wf, &fr.cfg, descendants(fr.wf.wf, fr.node.Name)); err != nil {
		msg := formStartError
		if fr.cfg.Version <= 2.1 && strings.HasPrefix(err.Error(), "Unused") {
			msg = err.Error() // a WorkflowConfigurationError keeps its message
		}
		errorResponse(w, http.StatusInternalServerError, msg, "")
		return
	}
	if r.Method != http.MethodPost {
		var buf bytes.Buffer
		token := ""
		if fr.cfg.Version > 1 && fr.cfg.Auth == "basicAuth" && credOK {
			token = fr.cfg.AuthToken(user, pass)
		}
		if err := fr.cfg.Render(&buf, formtrigger.PageOptions{Test: test, Query: r.URL.Query(), AuthToken: token, HasNextPage: hasNextPage(fr)}); err != nil {
			s.log.Error("form page could not be rendered", "workflow", fr.wf.wf.Name, "node", fr.node.Name, "error", err)
			errorResponse(w, http.StatusInternalServerError, formStartError, "")
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(buf.Bytes())
		}
		return
	}
	s.submitForm(w, r, fr, test)
}

// formCredential is the node's httpBasicAuth credential, when it uses one.
func (s *Server) formCredential(fr *formRoute) (user, pass string, ok bool) {
	if fr.cfg.Version <= 1 || fr.cfg.Auth != "basicAuth" || s.opts.Credentials == nil {
		return "", "", false
	}
	var ref *workflow.CredentialRef
	if c, found := fr.node.Credentials["httpBasicAuth"]; found {
		ref = &c
	}
	m, err := s.opts.Credentials.Resolve("httpBasicAuth", ref)
	if err != nil {
		return "", "", false
	}
	user, _ = m["user"].(string)
	pass, _ = m["password"].(string)
	return user, pass, user != "" && pass != ""
}

// formAdmit is the start of n8n's formWebhook: the bot filter and, from
// v2, Basic authentication or the page's x-auth-token.
func (s *Server) formAdmit(r *http.Request, fr *formRoute, user, pass string, credOK bool) bool {
	if fr.cfg.IgnoreBots && webhook.IsBot(r.Header.Get("User-Agent")) {
		return false
	}
	if fr.cfg.Version <= 1 || fr.cfg.Auth != "basicAuth" {
		return true
	}
	if !credOK {
		return false
	}
	if u, p, ok := basicAuth(r); ok {
		return constEqual(u, user) && constEqual(p, pass)
	}
	tok := r.Header.Get("X-Auth-Token")
	return tok != "" && constEqual(tok, fr.cfg.AuthToken(user, pass))
}

func constEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// basicAuth parses an Authorization: Basic header as the basic-auth
// package does (scheme case-insensitive).
func basicAuth(r *http.Request) (user, pass string, ok bool) {
	h := r.Header.Get("Authorization")
	scheme, cred, found := strings.Cut(strings.TrimSpace(h), " ")
	if !found || !strings.EqualFold(scheme, "basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
	if err != nil {
		return "", "", false
	}
	user, pass, ok = strings.Cut(string(raw), ":")
	return user, pass, ok
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request, fr *formRoute, test bool) {
	// In queue mode a form's execution runs on the main instance, as
	// polls do: its pages are served here (see README).
	body, ok := s.receiveBody(w, r)
	if !ok {
		return
	}
	formMode, runMode := "production", "webhook"
	if test {
		formMode, runMode = "test", "manual"
	}
	sub, err := formtrigger.ParseSubmission(r.Header.Get("Content-Type"), body)
	var item data.Item
	if err == nil {
		item, err = fr.cfg.Item(sub, r.URL.RawQuery, formMode, time.Now(), fr.wf.loc)
	}
	if err != nil {
		s.log.Warn("form submission refused", "workflow", fr.wf.wf.Name, "node", fr.node.Name, "error", err)
		errorResponse(w, http.StatusInternalServerError, formStartError, "")
		return
	}
	a := fr.wf
	if err := s.limit.Acquire(r.Context(), s.track.closing, s.opts.QueueSize, s.opts.QueueTimeout); err != nil {
		if errors.Is(err, errStopping) {
			errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
			return
		}
		errorResponse(w, http.StatusTooManyRequests, s.busyMessage(), "")
		return
	}
	if !s.track.begin() {
		s.limit.Release()
		errorResponse(w, http.StatusServiceUnavailable, "n8n-go is shutting down", "")
		return
	}
	items := []data.Item{item}
	if hasNextPage(fr) {
		// n8n's formPage mode: the page is told where the next one will
		// be and polls its status until the execution waits there.
		id, started := s.begin(a, fr.node.Name, runMode)
		sendBody(w, http.StatusOK, data.ObjectOf("formWaitingUrl", s.formWaitingURL(id)))
		go func() {
			defer s.track.end()
			defer s.limit.Release()
			s.run(s.runCtx, id, started, a, fr.node.Name, runMode, items, nil)
		}()
		return
	}
	switch fr.cfg.ResponseMode {
	case "lastNode":
		defer s.track.end()
		defer s.limit.Release()
		res := s.execute(s.runCtx, a, fr.node.Name, runMode, items)
		// responseData is "noData" for lastNode: only the status.
		s.respondLastNode(w, &webhook.Config{ResponseData: "noData", ResponseCode: http.StatusOK}, res)
	case "responseNode":
		s.respondViaNodeWith(w, &route{wf: a, node: fr.node}, items, runMode, formRedirection)
	default:
		// The form's webhookResponse {status: 200} is the answer.
		sendBody(w, http.StatusOK, data.ObjectOf("status", float64(200)))
		go func() {
			defer s.track.end()
			defer s.limit.Release()
			s.execute(s.runCtx, a, fr.node.Name, runMode, items)
		}()
	}
}

// formRedirection is n8n's handleFormRedirectionCase: a redirect sent by
// Respond to Webhook to a form becomes 200 {"redirectURL": …} (the page
// navigates itself; a fetch cannot show a redirect), or 200 with no
// redirect when the location is not a URL.
func formRedirection(resp *respondtowebhook.Response) {
	loc := ""
	for k, v := range resp.Headers {
		if strings.EqualFold(k, "location") {
			loc = v
			delete(resp.Headers, k)
		}
	}
	if loc == "" || resp.Code < 300 || resp.Code > 399 {
		if loc != "" {
			resp.Headers["location"] = loc
		}
		return
	}
	resp.Code = http.StatusOK
	if u, err := url.Parse(loc); err == nil && u.Scheme != "" && u.Host != "" {
		resp.Body = data.ObjectOf("redirectURL", loc)
		resp.Binary = nil
	}
}

// hasNextPage tells whether a Form node (or a Wait on a form) follows the
// trigger: its page then posts for where to go next.
func hasNextPage(fr *formRoute) bool {
	w := fr.wf.wf
	return formtrigger.HasNextPage(descendants(w, fr.node.Name), func(name string) (string, string) {
		n := w.Node(name)
		if n == nil || n.Disabled {
			return "", ""
		}
		resume, _ := n.Parameters.Value("resume").(string)
		return n.Type, resume
	})
}

// formWaitingURL is n8n's formWaitingBaseUrl/<id>.
func (s *Server) formWaitingURL(id string) string {
	return strings.TrimSuffix(s.opts.BaseURL, "/") + "/form-waiting/" + id
}
