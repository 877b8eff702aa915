package httprequest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// statusMessages is n8n's STATUS_CODE_MESSAGES (NodeApiError): the message
// an API error gets from its HTTP status.
var statusMessages = map[string]string{
	"4XX": "Your request is invalid or could not be processed by the service",
	"400": "Bad request - please check your parameters",
	"401": "Authorization failed - please check your credentials",
	"402": "Payment required - perhaps check your payment details?",
	"403": "Forbidden - perhaps check your credentials?",
	"404": "The resource you are requesting could not be found",
	"405": "Method not allowed - please check you are using the right HTTP method",
	"429": "The service is receiving too many requests from you",
	"5XX": "The service failed to process your request",
	"500": "The service was not able to process your request",
	"502": "Bad gateway - the service failed to handle your request",
	"503": "Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)",
	"504": "Gateway timed out - perhaps try again later?",
}

// StatusMessage returns n8n's message for an HTTP status code.
func StatusMessage(status int) string {
	code := strconv.Itoa(status)
	if m, ok := statusMessages[code]; ok {
		return m
	}
	switch code[0] {
	case '4':
		return statusMessages["4XX"]
	case '5':
		return statusMessages["5XX"]
	}
	return "UNKNOWN ERROR - check the detailed error for more information"
}

// errorKeys is where NodeApiError looks for a description in an error
// body, in order (POSSIBLE_ERROR_MESSAGE_KEYS), and nestedKeys where it
// descends.
var (
	errorKeys = []string{"cause", "error", "message", "Message", "msg", "messages", "description", "reason",
		"detail", "details", "errors", "errorMessage", "errorMessages", "ErrorMessage", "error_message",
		"_error_message", "errorDescription", "error_description", "error_summary", "error_info", "title",
		"text", "field", "err", "type"}
	nestedKeys = []string{"Error", "error", "err", "response", "body", "data"}
)

// findDescription is NodeApiError.findProperty over the parsed body.
func findDescription(v any, depth int) string {
	m, ok := v.(*data.Object)
	if !ok || depth > 5 {
		return ""
	}
	for _, k := range errorKeys {
		switch x := m.Value(k).(type) {
		case string:
			if x != "" {
				return x
			}
		case []any:
			var parts []string
			for _, e := range x {
				if s, ok := e.(string); ok {
					parts = append(parts, s)
				} else if d := findDescription(e, depth+1); d != "" {
					parts = append(parts, d)
				}
			}
			if len(parts) > 0 {
				out := parts[0]
				for _, p := range parts[1:] {
					out += " | " + p
				}
				return out
			}
		}
	}
	for _, k := range nestedKeys {
		if d := findDescription(m.Value(k), depth+1); d != "" {
			return d
		}
	}
	return ""
}

// StatusError is the NodeApiError n8n raises for a non-2xx answer: the
// message comes from the status code, the description from the body's
// message (or error.message, or the first known error key).
func StatusError(status int, body []byte, item int) *engine.NodeError {
	parsed, perr := data.ParseJSON(body)
	desc := ""
	if perr == nil {
		if m, ok := parsed.(*data.Object); ok {
			if s, ok := m.Value("message").(string); ok && s != "" {
				desc = s
			} else if e, ok := m.Value("error").(*data.Object); ok {
				desc, _ = e.Value("message").(string)
			}
		}
		if desc == "" {
			desc = findDescription(parsed, 0)
		}
	} else if len(body) > 0 {
		desc = string(body)
	}
	msg := StatusMessage(status)
	if desc == msg {
		desc = ""
	}
	ne := engine.APIError(item, strconv.Itoa(status), msg, desc, nil)
	ne.Context = map[string]any{}
	if item >= 0 {
		ne.Context["itemIndex"] = item
	}
	if m, ok := parsed.(*data.Object); ok {
		ne.Context["data"] = m
	}
	return ne
}

// TransportError is the NodeApiError for a request that got no answer.
func TransportError(err error, item int) *engine.NodeError {
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		msg = ue.Err.Error()
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		msg = "timeout exceeded"
	case errors.Is(err, context.Canceled):
		msg = "The operation was canceled"
	}
	out := engine.APIError(item, "", msg, "", err)
	out.Context = map[string]any{}
	if item >= 0 {
		out.Context["itemIndex"] = item
	}
	return out
}

// timeoutError names the configured timeout as axios does.
func timeoutError(ms float64, item int, cause error) *engine.NodeError {
	out := engine.APIError(item, "", fmt.Sprintf("timeout of %gms exceeded", ms), "", cause)
	out.Context = map[string]any{"itemIndex": item}
	return out
}
