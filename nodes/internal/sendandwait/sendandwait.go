// Package sendandwait is n8n's "send and wait for a response" machinery
// (utils/sendAndWait) shared by the nodes that have the operation: the
// message with its signed approval links, the limit of the wait, and the
// answer to the click that resumes the execution at
// /webhook-waiting/<executionId>/<nodeId>.
//
// n8n-go supports the Approval response type; Free Text and Custom Form
// (a response form served at the same URL) are refused by Check.
package sendandwait

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/wait"
)

// Operation is n8n's SEND_AND_WAIT_OPERATION.
const Operation = "sendAndWait"

// Unsupported is the reason Check gives for a response type n8n-go does
// not serve ("" when it does).
func Unsupported(responseType any) string {
	if rt, ok := responseType.(string); ok && (rt == "freeText" || rt == "customForm") {
		return `parameter responseType: "` + rt + `" (a response form at the resume URL) is not supported by n8n-go; only "approval" is`
	}
	return ""
}

// Button is one link of the message.
type Button struct{ Label, URL, Style string }

// Config is getSendAndWaitConfig: the message's title and text and its
// buttons.
type Config struct {
	Title, Message string
	Buttons        []Button
	// Attribution is options.appendAttribution !== false.
	Attribution bool
}

// BuildConfig reads the operation's parameters (item 0, as n8n) and signs
// the resume links.
func BuildConfig(ex *engine.Exec) (Config, error) {
	var c Config
	msg, err := str(ex, "message", "")
	if err != nil {
		return c, err
	}
	c.Message = strings.ReplaceAll(strings.ReplaceAll(unescapeHTML(strings.TrimSpace(msg)), `\n`, "\n"), "<br>", "\n")
	subject, err := str(ex, "subject", "")
	if err != nil {
		return c, err
	}
	c.Title = unescapeHTML(subject)
	appr, err := ex.ParamOr("approvalOptions.values", 0, data.NewObject(0))
	if err != nil {
		return c, err
	}
	ao, _ := appr.(*data.Object)
	if ao == nil {
		ao = data.NewObject(0)
	}
	opts, err := ex.ParamOr("options", 0, data.NewObject(0))
	if err != nil {
		return c, err
	}
	o, _ := opts.(*data.Object)
	c.Attribution = o == nil || o.Value("appendAttribution") != false
	rt, err := str(ex, "responseType", "approval")
	if err != nil {
		return c, err
	}
	approved, err := ex.SignedResumeURL([][2]string{{"approved", "true"}})
	if err != nil {
		return c, err
	}
	or := func(v any, def string) string {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
		if v != nil && !data.IsUndefined(v) && v != false && v != "" {
			return jsString(v)
		}
		return def
	}
	switch {
	case rt == "freeText" || rt == "customForm":
		label, err := ex.ParamOr("options.messageButtonLabel", 0, "Respond")
		if err != nil {
			return c, err
		}
		c.Buttons = append(c.Buttons, Button{Label: jsString(label), URL: approved, Style: "primary"})
	case ao.Value("approvalType") == "double":
		declined, err := ex.SignedResumeURL([][2]string{{"approved", "false"}})
		if err != nil {
			return c, err
		}
		c.Buttons = append(c.Buttons,
			Button{Label: unescapeHTML(or(ao.Value("disapproveLabel"), "Disapprove")), URL: declined, Style: or(ao.Value("buttonDisapprovalStyle"), "secondary")},
			Button{Label: unescapeHTML(or(ao.Value("approveLabel"), "Approve")), URL: approved, Style: or(ao.Value("buttonApprovalStyle"), "primary")})
	default:
		c.Buttons = append(c.Buttons, Button{Label: unescapeHTML(or(ao.Value("approveLabel"), "Approve")), URL: approved, Style: or(ao.Value("buttonApprovalStyle"), "primary")})
	}
	return c, nil
}

func str(ex *engine.Exec, name, def string) (string, error) {
	v, err := ex.ParamOr(name, 0, def)
	if err != nil {
		return "", err
	}
	if v == nil || data.IsUndefined(v) {
		return def, nil
	}
	return jsString(v), nil
}

func jsString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := data.MarshalValue(v)
	if err != nil {
		return ""
	}
	return strings.Trim(string(b), `"`)
}

// unescapeHTML is n8n's escapeHtml, which turns the five entities back
// into characters (its name notwithstanding).
func unescapeHTML(s string) string {
	return entityRe().ReplaceAllStringFunc(s, func(m string) string {
		switch m {
		case "&amp;":
			return "&"
		case "&lt;":
			return "<"
		case "&gt;":
			return ">"
		case "&#39;":
			return "'"
		}
		return `"`
	})
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var entityRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`&amp;|&lt;|&gt;|&#39;|&quot;`)
})

// LimitTime is configureWaitTillDate for options.limitWaitTime.values:
// zero (indefinitely) without a limit.
func LimitTime(ex *engine.Exec) (time.Time, error) {
	if ex.ResumedRun() {
		return ex.ParkedUntil(), nil
	}
	v, err := ex.ParamOr("options.limitWaitTime.values", 0, data.NewObject(0))
	if err != nil {
		return time.Time{}, err
	}
	lim, _ := v.(*data.Object)
	if lim == nil || lim.Len() == 0 {
		return time.Time{}, nil
	}
	fail := func(desc string) error {
		e := engine.OperationError(-1, "Could not configure Limit Wait Time")
		e.Description = desc
		return e
	}
	if lim.Value("limitType") == "afterTimeInterval" {
		amount, ok := lim.Value("resumeAmount").(float64)
		if !ok {
			return time.Time{}, fail("Invalid date format")
		}
		switch lim.Value("resumeUnit") {
		case "minutes":
			amount *= 60
		case "hours":
			amount *= 3600
		case "days":
			amount *= 86400
		}
		return ex.Now().Add(time.Duration(amount * float64(time.Second))), nil
	}
	t, err := time.Parse(time.RFC3339Nano, jsString(lim.Value("maxDateAndTime")))
	if err != nil {
		if t, err = time.ParseInLocation("2006-01-02T15:04:05", jsString(lim.Value("maxDateAndTime")), ex.Location()); err != nil {
			return time.Time{}, fail("Invalid date format")
		}
	}
	return t, nil
}

// Await parks the execution until the approval link is followed (or the
// limit passes: the node then passes its input on, as n8n resumes it at
// waitTill). The call's answer is n8n's "Got it, thanks" page and the
// node's output {"data": {"approved": …}}; a bot's request (a link
// preview) gets an empty answer and does not resume it.
func Await(ctx context.Context, ex *engine.Exec, until time.Time) ([][]data.Item, error) {
	cw := &wait.CustomWait{
		Path:    ex.Node().ID,
		Methods: []string{http.MethodGet, http.MethodPost},
		Signed:  true,
		Handle:  approvalAnswer,
	}
	items, err := wait.Park(ctx, ex, wait.Parked{Until: until, Custom: cw})
	switch {
	case err == wait.ErrParkedRun:
		return nil, nil
	case err != nil:
		return nil, err
	case items == nil:
		return [][]data.Item{ex.Input(0)}, nil
	}
	return [][]data.Item{items}, nil
}

func approvalAnswer(r *http.Request, _ []byte) (wait.CustomAnswer, []data.Item) {
	if IsBot(r.UserAgent()) {
		return wait.CustomAnswer{Status: 200, ContentType: "text/html; charset=utf-8"}, nil
	}
	q, _ := url.ParseQuery(r.URL.RawQuery)
	approved := q.Get("approved") == "true"
	item := data.Item{JSON: data.ObjectOf("data", data.ObjectOf("approved", approved))}
	return wait.CustomAnswer{Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(actionRecordedPage)}, []data.Item{item}
}

var botRe = sync.OnceValue(func() *regexp2.Regexp {
	return regexp2.MustCompile(botPattern, regexp2.IgnoreCase|regexp2.ECMAScript)
})

// IsBot is isbot 3's check: a non-empty user agent matching its pattern.
func IsBot(ua string) bool {
	if ua == "" {
		return false
	}
	ok, err := botRe().MatchString(ua)
	return err == nil && ok
}

// button is createButton.
func button(b Button) string {
	style := buttonStylePrimary
	if b.Style == "secondary" {
		style = buttonStyleSecondary
	}
	return `<a href="` + b.URL + `" target="_blank" style="` + style + `">` + b.Label + `</a>`
}

// EmailHTML is the message's HTML body (createEmail): the text, the
// buttons and, unless turned off, n8n's attribution with the instance id.
func EmailHTML(c Config, instanceID string) string {
	bs := make([]string, len(c.Buttons))
	for i, b := range c.Buttons {
		bs[i] = button(b)
	}
	tpl := emailWithoutAttribution
	if c.Attribution {
		tpl = emailWithAttribution
		if instanceID == "" {
			tpl = strings.Replace(tpl, "&utm_campaign=\x01IID\x01", "", 1)
		} else {
			tpl = strings.Replace(tpl, "\x01IID\x01", instanceID, 1)
		}
	}
	// One pass, so that text in the message is never taken for a
	// placeholder.
	return strings.NewReplacer("\x01MSG\x01", c.Message, "\x01BTN\x01", strings.Join(bs, "\n")).Replace(tpl)
}
