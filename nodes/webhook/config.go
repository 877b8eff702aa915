package webhook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Methods n8n's webhooks accept.
var methods = map[string]bool{"DELETE": true, "GET": true, "HEAD": true, "PATCH": true, "POST": true, "PUT": true}

// Config is a Webhook node as the server registers it.
type Config struct {
	Node    string
	Version float64
	// Methods the node listens to, upper case. More than one means one
	// output per method.
	Methods []string
	// Path is the node's path parameter without leading/trailing slashes.
	Path string
	// Route is the path after /webhook/ that n8n registers: Path (the
	// webhookId when Path is empty), or webhookId/Path when Path has
	// parameters (":id").
	Route string
	// Dynamic is set for paths with parameters; Segments are Path split on
	// "/" (":name" segments capture).
	Dynamic   bool
	WebhookID string
	Segments  []string

	Auth string
	// ResponseMode is onReceived, lastNode, responseNode or streaming.
	ResponseMode string
	ResponseCode int
	// ResponseData is n8n's evaluated responseData: for lastNode one of
	// allEntries, firstEntryJson, firstEntryBinary, noData; for onReceived
	// the options.responseData text or "noData"; "" when undefined.
	ResponseData           string
	ResponseBinaryProperty string
	ResponseContentType    string
	// ResponsePropertyName is options.responsePropertyName (lastNode,
	// firstEntryJson); HasResponseProperty tells whether it was set.
	ResponsePropertyName string
	HasResponseProperty  bool
	// ResponseHeaders are options.responseHeaders.entries, names lower-cased.
	ResponseHeaders [][2]string

	RawBody            bool
	BinaryData         bool // v1 "Binary File"
	BinaryPropertyName string
	IgnoreBots         bool
	IPWhitelist        []string
	// AllowedOrigins is options.allowedOrigins (CORS), default "*".
	AllowedOrigins string
}

// ConfigFor reads a Webhook node's configuration. params are the node's
// parameters with the type's defaults applied (engine Description.Defaults
// overlaid by the node's own).
func ConfigFor(params map[string]any, node *workflow.Node) (Config, error) {
	return parseConfig(params, node.TypeVersion, node.Name, node.WebhookID)
}

func parseConfig(p map[string]any, version float64, name, webhookID string) (Config, error) {
	c := Config{Node: name, Version: version, WebhookID: webhookID}
	str := func(key, def string) (string, error) {
		v, ok := p[key]
		if !ok || v == nil {
			return def, nil
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("parameter %s must be a string, got %v", key, v)
		}
		if strings.HasPrefix(s, "=") {
			return "", fmt.Errorf("parameter %s: expressions are not supported in webhook settings", key)
		}
		return s, nil
	}
	// Methods: a string or, with multipleMethods, a list.
	switch m := p["httpMethod"].(type) {
	case nil:
		c.Methods = []string{"GET"}
	case string:
		if strings.HasPrefix(m, "=") {
			return c, fmt.Errorf("parameter httpMethod: expressions are not supported in webhook settings")
		}
		for _, part := range strings.Split(m, ",") {
			if part = strings.ToUpper(strings.TrimSpace(part)); part != "" {
				c.Methods = append(c.Methods, part)
			}
		}
	case []any:
		for _, e := range m {
			s, _ := e.(string)
			c.Methods = append(c.Methods, strings.ToUpper(s))
		}
	default:
		return c, fmt.Errorf("parameter httpMethod must be a method or a list of methods, got %v", m)
	}
	if len(c.Methods) == 0 {
		c.Methods = []string{"GET"}
	}
	for _, m := range c.Methods {
		if !methods[m] {
			return c, fmt.Errorf("unsupported HTTP method %q (expected DELETE, GET, HEAD, PATCH, POST or PUT)", m)
		}
	}
	path, err := str("path", "")
	if err != nil {
		return c, err
	}
	path = strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/")
	c.Path = path
	c.Dynamic = (strings.HasPrefix(path, ":") || strings.Contains(path, "/:")) && webhookID != ""
	switch {
	case c.Dynamic:
		c.Route = webhookID + "/" + path
		c.Segments = strings.Split(path, "/")
	case path == "":
		c.Route = webhookID
	default:
		c.Route = path
	}
	if c.Route == "" {
		return c, fmt.Errorf("the webhook has no path and no webhookId")
	}
	if c.Auth, err = str("authentication", "none"); err != nil {
		return c, err
	}
	switch c.Auth {
	case "none", "basicAuth", "headerAuth", "jwtAuth", "bearerAuth":
	default:
		return c, fmt.Errorf("unsupported authentication %q (expected none, basicAuth, headerAuth or jwtAuth)", c.Auth)
	}
	if c.ResponseMode, err = str("responseMode", "onReceived"); err != nil {
		return c, err
	}
	switch c.ResponseMode {
	case "onReceived", "lastNode", "responseNode":
	case "streaming":
		return c, fmt.Errorf("response mode streaming is not supported by n8n-go")
	default:
		return c, fmt.Errorf("The response mode '%s' is not valid!", c.ResponseMode)
	}
	opts, _ := p["options"].(map[string]any)
	if opts == nil {
		opts = map[string]any{}
	}
	// Response code: v1 parameter, v2 option {values:{responseCode, customCode}}.
	c.ResponseCode = 200
	if version < 2 {
		if n, ok := number(p["responseCode"]); ok && n != 0 {
			c.ResponseCode = n
		}
	} else if rc, ok := opts["responseCode"].(map[string]any); ok {
		if vals, ok := rc["values"].(map[string]any); ok {
			if n, ok := number(vals["customCode"]); ok && n != 0 {
				c.ResponseCode = n
			} else if n, ok := number(vals["responseCode"]); ok {
				c.ResponseCode = n
			}
		}
	}
	// Response data, as n8n's getResponseData.
	if c.ResponseMode == "lastNode" {
		c.ResponseData, _ = p["responseData"].(string)
	}
	if c.ResponseData == "" && c.ResponseMode == "onReceived" {
		c.ResponseData, _ = opts["responseData"].(string)
	}
	if c.ResponseData == "" && truthy(opts["noResponseBody"]) {
		c.ResponseData = "noData"
	}
	c.ResponseBinaryProperty, _ = p["responseBinaryPropertyName"].(string)
	if c.ResponseBinaryProperty == "" {
		c.ResponseBinaryProperty = "data"
	}
	c.ResponseContentType, _ = opts["responseContentType"].(string)
	if v, ok := opts["responsePropertyName"].(string); ok {
		c.ResponsePropertyName, c.HasResponseProperty = v, true
	}
	if rh, ok := opts["responseHeaders"].(map[string]any); ok {
		entries, _ := rh["entries"].([]any)
		for _, e := range entries {
			m, _ := e.(map[string]any)
			n, _ := m["name"].(string)
			v := fmt.Sprint(m["value"])
			if m["value"] == nil {
				v = ""
			}
			c.ResponseHeaders = append(c.ResponseHeaders, [2]string{strings.ToLower(n), v})
		}
	}
	c.RawBody = truthy(opts["rawBody"])
	c.BinaryData = version < 2 && truthy(opts["binaryData"])
	c.BinaryPropertyName, _ = opts["binaryPropertyName"].(string)
	c.IgnoreBots = truthy(opts["ignoreBots"])
	switch wl := opts["ipWhitelist"].(type) {
	case string:
		if wl != "" {
			for _, e := range strings.Split(wl, ",") {
				c.IPWhitelist = append(c.IPWhitelist, strings.TrimSpace(e))
			}
		}
	case []any:
		for _, e := range wl {
			c.IPWhitelist = append(c.IPWhitelist, strings.TrimSpace(fmt.Sprint(e)))
		}
	}
	c.AllowedOrigins = "*"
	if o, ok := opts["allowedOrigins"].(string); ok {
		c.AllowedOrigins = o
	}
	return c, nil
}

func number(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), true
	case int:
		return x, true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(x))
		return n, err == nil
	}
	return 0, false
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x != "" && x != "false"
	case float64:
		return x != 0
	}
	return false
}

// Match reports whether a request path (after /webhook/, without trailing
// slash) reaches this dynamic webhook, and returns the path parameters, as
// n8n's dynamic lookup: the first segment is the webhookId, the segment
// count must match, and every static segment must occur somewhere in the
// request (n8n does not compare positions). It also returns the number of
// static segments, used to prefer the most specific webhook.
func (c *Config) Match(path string) (params map[string]string, specificity int, ok bool) {
	if !c.Dynamic {
		return nil, 0, false
	}
	segs := strings.Split(path, "/")
	if len(segs) < 1 || segs[0] != c.WebhookID || len(segs)-1 != len(c.Segments) {
		return nil, 0, false
	}
	rest := segs[1:]
	have := make(map[string]bool, len(rest))
	for _, s := range rest {
		have[s] = true
	}
	params = map[string]string{}
	for i, s := range c.Segments {
		if strings.HasPrefix(s, ":") {
			params[s[1:]] = rest[i]
			continue
		}
		if !have[s] {
			return nil, 0, false
		}
		specificity++
	}
	return params, specificity, true
}

// URL is the webhookUrl the item carries: base + "/webhook/" + the route
// with its parameter names (n8n does not substitute them).
func (c *Config) URL(base string) string {
	return strings.TrimSuffix(base, "/") + "/webhook/" + c.Route
}

// WaitConfig reads the webhook a Wait node (resume "webhook") listens on
// at /webhook-waiting/<executionId>[/suffix]. The Wait node is n8n's
// Webhook node with other parameter names: incomingAuthentication for
// authentication, options.webhookSuffix for the path, and a top-level
// responseData that counts in lastNode mode only (onReceived answers n8n's
// default message).
func WaitConfig(params map[string]any, node *workflow.Node) (Config, error) {
	p := make(map[string]any, len(params))
	for k, v := range params {
		p[k] = v
	}
	p["authentication"] = params["incomingAuthentication"]
	suffix := ""
	if opts, ok := params["options"].(map[string]any); ok {
		if s, ok := opts["webhookSuffix"].(string); ok {
			suffix = s
		}
		o := make(map[string]any, len(opts))
		for k, v := range opts {
			o[k] = v
		}
		delete(o, "responseData")
		p["options"] = o
	}
	p["path"] = suffix
	if p["responseMode"] != "lastNode" {
		delete(p, "responseData")
	}
	id := node.WebhookID
	if id == "" {
		// Only the item's webhookUrl shows it (n8n: workflowId/node name).
		id = strings.ToLower(node.Name)
	}
	c, err := parseConfig(p, node.TypeVersion, node.Name, id)
	if err != nil {
		return c, err
	}
	c.Path = strings.Trim(suffix, "/")
	c.Dynamic, c.Segments = false, nil
	return c, nil
}
