package wait

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/webhook"
)

// Parked is an execution waiting at a Wait node for a call to
// /webhook-waiting/<ExecutionID>.
type Parked struct {
	ExecutionID string
	// Mode is the execution mode ("webhook", "manual", …).
	Mode string
	Node *workflow.Node
	// Hook is the webhook the call must match (method, suffix,
	// authentication, response options).
	Hook webhook.Config
	// Until is when the wait ends without a call (zero: never; n8n's
	// WAIT_INDEFINITELY).
	Until time.Time
	// Now is the run's clock when the execution parked: the wait lasts
	// Until - Now on the server's clock.
	Now time.Time
	// Form is set when a form page or a form ending waits (the Form node)
	// at /form-waiting/<ExecutionID>; Hook is then unused.
	Form *FormWait
	// Custom is set when the node answers its own resume calls (n8n's
	// restartWebhook webhook methods, as "send and wait" operations have);
	// Hook is then unused.
	Custom *CustomWait
	// Snapshot, when set, is the execution parked at this node (the run
	// could park: nothing of it lives only in memory). serve stores it so
	// a restart does not lose the wait, and Await may then return
	// ErrParked instead of waiting on.
	Snapshot *engine.Result
}

// ErrParked is what Await returns when the process stops waiting for an
// execution that has a Snapshot (serve shuts down): the node parks the
// execution, which ends "waiting" in the store and is resumed from there.
var ErrParked = errors.New("the execution stays parked in the store")

// farFuture is n8n's WAIT_INDEFINITELY.
var farFuture = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)

// await parks the execution through w: with a snapshot when the run can
// park, and ends the run "waiting" when serve lets it go (ErrParked).
// parked tells the caller to return no output.
func await(ctx context.Context, ex *engine.Exec, w Waiter, p Parked) (items []data.Item, parked bool, err error) {
	if ex.CanPark() {
		until := p.Until
		if until.IsZero() {
			until = farFuture
		}
		p.Snapshot = ex.ParkedResult(until)
	}
	items, err = w.Await(ctx, p)
	if errors.Is(err, ErrParked) && p.Snapshot != nil {
		ex.Park(*p.Snapshot.WaitTill)
		return nil, true, nil
	}
	return items, false, err
}

// limitPassed tells whether a resumed execution's limit time has passed:
// it goes on without waiting again (n8n resumes it at waitTill).
func limitPassed(ex *engine.Exec, until time.Time) bool {
	return ex.ResumedRun() && !until.IsZero() && !until.After(ex.Now())
}

// FormWait is a form page or ending waiting for its submission.
type FormWait struct {
	// Page is the page to show (nil for an ending).
	Page *formtrigger.Config
	// Query pre-fills the page (the trigger's formQueryParameters).
	Query url.Values
	// Ending is the completion page of a Form node's "Form Ending".
	Ending *Ending
	// FormMode is the trigger's formMode ("production" or "test").
	FormMode string
	// Location is the workflow's time zone, for submittedAt.
	Location *time.Location
	// NextPage is set when another form page follows this one: its post
	// is answered {"formWaitingUrl": …} at once (n8n's formPage mode).
	NextPage bool
	// FieldsError is why the page's fields (given as JSON) could not be
	// read: n8n parses them per request, so the execution waits and each
	// request of the page fails with it.
	FieldsError string
}

// CustomWait is a wait whose node answers the calls to
// /webhook-waiting/<ExecutionID>/<Path> itself.
type CustomWait struct {
	// Path is the suffix calls must have (the node's id).
	Path string
	// Methods are the accepted HTTP methods.
	Methods []string
	// Signed makes calls carry a valid signature parameter (n8n's
	// validateSignature), refused with 401 otherwise.
	Signed bool
	// Handle answers a call: the page to send (status, content type,
	// body) and the items the execution resumes with (nil: the call does
	// not resume it).
	Handle func(r *http.Request, body []byte) (CustomAnswer, []data.Item)
}

// CustomAnswer is a custom wait's answer to a call.
type CustomAnswer struct {
	Status      int
	ContentType string
	Body        []byte
	Header      [][2]string
}

// Ending is a Form node's "Form Ending" page.
type Ending struct {
	// RespondWith is text, redirect, showText or returnBinary.
	RespondWith                    string
	Title, Message, FormTitle      string
	RedirectURL, ResponseText, CSS string
	AppendAttribution              bool
	// Binary is the file a "Return Binary File" ending hands the page
	// (encodeURIComponent of its JSON); Error, when set, is why it could
	// not be read: n8n fails the page's request with it.
	Binary, Error string
}

// Waiter is what `serve` gives a run: it parks the execution until a
// matching call arrives and returns the items the call makes (nil when
// Until passed first).
type Waiter interface {
	Await(ctx context.Context, p Parked) ([]data.Item, error)
}

type waiterKey struct{}

// WithWaiter returns a context whose runs can wait for calls through w.
func WithWaiter(ctx context.Context, w Waiter) context.Context {
	return context.WithValue(ctx, waiterKey{}, w)
}

func waiterFrom(ctx context.Context) Waiter {
	w, _ := ctx.Value(waiterKey{}).(Waiter)
	return w
}

// webhookParams are the parameters the resume webhook reads.
var webhookParams = []string{"httpMethod", "incomingAuthentication", "responseMode", "responseCode", "responseData", "responseBinaryPropertyName", "options"}

// awaitCall is resume "webhook": the execution waits for a call to its
// resume URL, or until the limit time, as n8n's configureAndPutToWait.
func awaitCall(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	until, err := limitTime(ex)
	if err != nil {
		return nil, err
	}
	p := map[string]any{}
	for _, k := range webhookParams {
		v, err := ex.Param(k, 0)
		if err != nil {
			return nil, err
		}
		if v != nil && v != data.Undefined {
			p[k] = data.ToPlain(v)
		}
	}
	hook, err := webhook.WaitConfig(p, ex.Node())
	if err != nil {
		return nil, opErr(err.Error())
	}
	w := waiterFrom(ex.Context())
	if w == nil {
		if until.IsZero() {
			return nil, opErr("This Wait node resumes on a webhook call, which only `n8n-go serve` receives (at $execution.resumeUrl); `run` cannot wait for it")
		}
		// Nothing can call: the run waits out the limit, as n8n resumes
		// an execution whose waitTill passed.
		if err := ex.Sleep(until.Sub(ex.Now())); err != nil {
			return nil, err
		}
		ex.Resumed()
		return [][]data.Item{ex.Input(0)}, nil
	}
	if limitPassed(ex, until) {
		ex.Resumed()
		return [][]data.Item{ex.Input(0)}, nil
	}
	items, parked, err := await(ctx, ex, w, Parked{ExecutionID: ex.ExecutionID(), Mode: ex.Mode(), Node: ex.Node(), Hook: hook, Until: until, Now: ex.Now()})
	if err != nil || parked {
		return nil, err
	}
	ex.Resumed()
	if items == nil {
		// The limit passed: n8n runs the node again disabled, which passes
		// its input on.
		return [][]data.Item{ex.Input(0)}, nil
	}
	return [][]data.Item{items}, nil
}

// LimitTime is the end of a wait for a call or a form: limitWaitTime with
// an interval or a date, else zero (indefinitely).
func LimitTime(ex *engine.Exec) (time.Time, error) { return limitTime(ex) }

// Park parks the execution through the Waiter in ctx (none: `run`, which
// cannot receive calls) and marks the node's run as resumed.
func Park(ctx context.Context, ex *engine.Exec, p Parked) ([]data.Item, error) {
	w := waiterFrom(ex.Context())
	if w == nil && p.Custom != nil {
		return nil, opErr("This node waits for a response at its resume URL (/webhook-waiting/<executionId>/<nodeId>), which only `n8n-go serve` receives; `run` cannot wait for it")
	}
	if w == nil {
		return nil, opErr("This node waits for a form submission, which only `n8n-go serve` receives (at $execution.resumeFormUrl); `run` cannot wait for it")
	}
	p.ExecutionID, p.Mode, p.Node, p.Now = ex.ExecutionID(), ex.Mode(), ex.Node(), ex.Now()
	if limitPassed(ex, p.Until) {
		ex.Resumed()
		return nil, nil
	}
	items, parked, err := await(ctx, ex, w, p)
	if err != nil {
		return nil, err
	}
	if parked {
		return nil, ErrParkedRun
	}
	ex.Resumed()
	return items, nil
}

// ErrParkedRun is what Park returns when the run parked the execution
// (serve shuts down): the node then returns no output and no error.
var ErrParkedRun = errors.New("the run parked the execution")

func limitTime(ex *engine.Exec) (time.Time, error) {
	if ex.ResumedRun() {
		// Resumed after a restart: the limit set when it parked.
		return ex.ParkedUntil(), nil
	}
	limit, err := ex.Param("limitWaitTime", 0)
	if err != nil {
		return time.Time{}, err
	}
	if limit != true {
		return time.Time{}, nil
	}
	typ, err := ex.ParamString("limitType", 0)
	if err != nil {
		return time.Time{}, err
	}
	if typ == "atSpecifiedTime" {
		v, err := ex.Param("maxDateAndTime", 0)
		if err != nil {
			return time.Time{}, err
		}
		t, ok := parseDateTime(v, ex.Location())
		if !ok {
			// new Date(invalid): n8n waits until an invalid date, which
			// its wait tracker never reaches.
			return time.Time{}, nil
		}
		return t, nil
	}
	amount, err := ex.ParamNumber("resumeAmount", 0)
	if err != nil {
		return time.Time{}, err
	}
	unit, err := ex.ParamString("resumeUnit", 0)
	if err != nil {
		return time.Time{}, err
	}
	per := map[string]float64{"minutes": 60, "hours": 3600, "days": 86400}[unit]
	if per == 0 {
		per = 1 // n8n multiplies only for minutes, hours and days
	}
	return ex.Now().Add(time.Duration(amount * per * float64(time.Second))), nil
}

// formParams are the parameters of a wait for a form submission.
var formParams = []string{"formTitle", "formDescription", "formFields", "responseMode", "options"}

// awaitForm is resume "form": the execution waits for the node's form to
// be submitted at $execution.resumeFormUrl (/form-waiting/<id>), or until
// the limit time. The submission is the node's output, as n8n's
// formWebhook makes it.
func awaitForm(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	until, err := limitTime(ex)
	if err != nil {
		return nil, err
	}
	p := map[string]any{}
	for _, k := range formParams {
		v, err := ex.Param(k, 0)
		if err != nil {
			return nil, err
		}
		if v != nil && v != data.Undefined {
			p[k] = data.ToPlain(v)
		}
	}
	cfg, err := formtrigger.ConfigFor(p, ex.Node())
	if err != nil {
		return nil, opErr(err.Error())
	}
	mode := "production"
	if ex.Mode() == "manual" {
		mode = "test"
	}
	w := ex.Workflow()
	next := formtrigger.HasNextPage(descendants(w, ex.Name()), func(name string) (string, string) {
		n := w.Node(name)
		if n == nil || n.Disabled {
			return "", ""
		}
		resume, _ := n.Parameters.Value("resume").(string)
		return n.Type, resume
	})
	items, err := Park(ctx, ex, Parked{Until: until, Form: &FormWait{Page: &cfg, FormMode: mode, Location: ex.Location(), NextPage: next}})
	if errors.Is(err, ErrParkedRun) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if items == nil {
		return [][]data.Item{ex.Input(0)}, nil
	}
	return [][]data.Item{items}, nil
}

func descendants(w *workflow.Workflow, start string) []string {
	seen := map[string]bool{start: true}
	queue := []string{start}
	var out []string
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, outs := range w.Outputs(cur) {
			for _, c := range outs {
				if !seen[c.Node] {
					seen[c.Node] = true
					out = append(out, c.Node)
					queue = append(queue, c.Node)
				}
			}
		}
	}
	return out
}
