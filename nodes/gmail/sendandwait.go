package gmail

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/nodes/internal/sendandwait"
)

// sendAndWait is the message operation "Send and Wait for Response": one
// HTML message (item 0's parameters, whatever the number of items) with
// signed links to /webhook-waiting/<executionId>/<nodeId>, then the
// execution waits for the click (or the limit). A run resumed after a
// restart does not send the message again.
func (r *run) sendAndWait(ctx context.Context) ([][]data.Item, error) {
	if !r.ex.ResumedRun() {
		if err := r.sendApproval(ctx); err != nil {
			return nil, err
		}
	}
	until, err := sendandwait.LimitTime(r.ex)
	if err != nil {
		return nil, err
	}
	return sendandwait.Await(ctx, r.ex, until)
}

// sendApproval is n8n's createEmail and the messages.send call.
func (r *run) sendApproval(ctx context.Context) error {
	to, err := r.str("sendTo", 0, "")
	if err != nil {
		return err
	}
	to = strings.TrimSpace(to)
	if n := strings.Count(to, "@"); n != 1 {
		e := engine.OperationError(0, "Invalid email address")
		e.Description = "The email address '" + to + "' in the 'To' field isn't valid or contains multiple addresses. Please provide only a single email address."
		return e
	}
	c, err := sendandwait.BuildConfig(r.ex)
	if err != nil {
		return err
	}
	e := email{to: to, subject: c.Title, html: sendandwait.EmailHTML(c, r.ex.InstanceID())}
	_, err = r.call(ctx, "POST", "/gmail/v1/users/me/messages/send", data.ObjectOf("raw", r.encode(e)), nil, 0)
	return err
}
