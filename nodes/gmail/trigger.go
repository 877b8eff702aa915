package gmail

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/cron"
)

// TriggerType is the Gmail Trigger's n8n type name.
const TriggerType = "n8n-nodes-base.gmailTrigger"

// triggerFilterKeys is the Gmail Trigger's filters collection in n8n's
// order.
var triggerFilterKeys = []string{"includeSpamTrash", "includeDrafts", "labelIds", "q", "readStatus", "sender"}

// trigger is the Gmail Trigger (typeVersions 1–1.3), a polling trigger:
// each poll lists the messages received since the last one it saw.
type trigger struct{ tokens *auth.GoogleTokens }

// NewTrigger returns the Gmail Trigger node.
func NewTrigger() engine.Node { return trigger{tokens: &auth.GoogleTokens{}} }

func (trigger) Describe() engine.Description {
	return engine.Description{
		Type: TriggerType, Versions: []float64{1, 1.1, 1.2, 1.3}, Kind: engine.KindTrigger,
		Defaults: func(float64) map[string]any {
			return map[string]any{"authentication": "oAuth2", "event": "messageReceived", "simple": true,
				"filters": map[string]any{}, "options": map[string]any{}, "pollTimes": cron.PollTimesDefault()}
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Credentials: func(p engine.Params, _ float64) []string {
			if a, _ := p.Value("authentication").(string); a == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{OAuth2Type}
		},
		Check: func(p engine.Params, _ float64) []string {
			if _, err := cron.PollSchedules(data.ToMap(p.Object), nil); err != nil {
				return []string{err.Error()}
			}
			return nil
		},
	}
}

// Execute passes on the items a poll started the run with.
func (trigger) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// Poll is n8n's GmailTrigger.poll: messages received after lastTimeChecked
// (the newest in a manual run), drafts and (1.3) sent-only messages left
// out, simplified or parsed; the ids of the newest ones are remembered so
// the next poll (whose after: includes that second) skips them.
func (t trigger) Poll(ctx context.Context, ex *engine.Exec) ([]data.Item, error) {
	r := &run{ex: ex, tokens: t.tokens}
	manual := ex.PollManual()
	st := ex.StaticData()
	if ex.Version() > 1 {
		// 1.1+ keep their data under the node's name inside it.
		name := ex.Name()
		o, ok := st.Value(name).(*data.Object)
		if !ok {
			o = data.NewObject(0)
			st.Set(name, o)
		}
		st = o
	}
	now := float64(ex.Now().Unix())
	if !manual && !truthyDefined(st, "lastTimeChecked") {
		st.Set("lastTimeChecked", now)
	}
	startDate := now
	if v, ok := st.Value("lastTimeChecked").(float64); ok {
		startDate = v
	}
	simple, err := r.boolParam("simple", 0, true)
	if err != nil {
		return nil, err
	}
	options := data.NewObject(0)
	if !simple {
		// options are shown only when simple is off; n8n drops them
		// otherwise.
		if options, err = r.coll("options", 0, getOptionKeys); err != nil {
			return nil, err
		}
	}
	filters, err := r.coll("filters", 0, triggerFilterKeys)
	if err != nil {
		return nil, err
	}
	var items []data.Item
	var fetched []*data.Object
	if err := func() error {
		qs := data.NewObject(8)
		all := filters.Clone()
		if manual {
			qs.Set("maxResults", 1.0)
		} else {
			all.Set("receivedAfter", startDate)
		}
		q, err := r.prepareQuery(all, 0)
		if err != nil {
			return err
		}
		for k, v := range q.All() {
			qs.Set(k, v)
		}
		for k, v := range options.All() {
			qs.Set(k, v)
		}
		resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages", nil, qs, 0)
		if err != nil {
			return err
		}
		m, _ := resp.(*data.Object)
		refs, _ := m.Value("messages").([]any)
		if len(refs) == 0 {
			return nil
		}
		if simple {
			qs.Set("format", "metadata")
			qs.Set("metadataHeaders", metadataHeaders)
		} else {
			qs.Set("format", "raw")
		}
		includeDrafts := ex.Version() <= 1.1
		if v, ok := filters.Get("includeDrafts"); ok && v != nil && v != data.Undefined {
			includeDrafts = truthy(v)
		}
		qs.Delete("includeDrafts")
		var list []any
		for _, ref := range refs {
			o, _ := ref.(*data.Object)
			resp, err := r.call(ctx, "GET", "/gmail/v1/users/me/messages/"+jsString(o.Value("id")), nil, qs, 0)
			if err != nil {
				return err
			}
			msg, _ := resp.(*data.Object)
			if msg == nil {
				msg = data.NewObject(0)
			}
			fetched = append(fetched, msg)
			labels, _ := msg.Value("labelIds").([]any)
			if !includeDrafts && slices.Contains(labels, any("DRAFT")) {
				continue
			}
			if ex.Version() > 1.2 && slices.Contains(labels, any("SENT")) && !slices.Contains(labels, any("INBOX")) {
				continue
			}
			if simple {
				list = append(list, msg)
				continue
			}
			it, err := r.parseRaw(ctx, msg, options, 0)
			if err != nil {
				return err
			}
			items = append(items, it)
		}
		if simple {
			out, err := r.simplify(ctx, list, 0)
			if err != nil {
				return err
			}
			for _, x := range out {
				if o, ok := x.(*data.Object); ok {
					items = append(items, data.Item{JSON: o})
				}
			}
		}
		return nil
	}(); err != nil {
		if manual || !truthyDefined(st, "lastTimeChecked") {
			return nil, err
		}
		// n8n logs the failure and keeps what it fetched.
		ex.Logger().Error(fmt.Sprintf("There was a problem in '%s' node in workflow '%s'", ex.Name(), ex.WorkflowID()), "error", engine.AsNodeError(err).Description)
	}
	if len(fetched) == 0 {
		return nil, nil
	}
	invalid := []any{}
	dateOf := func(m *data.Object) float64 {
		if d, ok := emailDate(m); ok {
			return d
		}
		if !slices.Contains(invalid, m.Value("id")) {
			invalid = append(invalid, m.Value("id"))
		}
		return startDate
	}
	last := 0.0
	for _, m := range fetched {
		last = math.Max(last, dateOf(m))
	}
	next := invalid
	for _, m := range fetched {
		if dateOf(m) <= last {
			next = append(next, m.Value("id"))
		}
	}
	if seen, ok := st.Value("possibleDuplicates").([]any); ok && len(seen) > 0 {
		kept := items[:0]
		for _, it := range items {
			id, ok := it.JSON.Value("id").(string)
			if ok && !slices.Contains(seen, any(id)) {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	st.Set("possibleDuplicates", next)
	st.Set("lastTimeChecked", last)
	if len(items) == 0 {
		return nil, nil
	}
	return items, nil
}

// truthyDefined is `o[k]` being neither undefined nor null nor 0.
func truthyDefined(o *data.Object, k string) bool { return truthy(o.Value(k)) }

// emailDate is a message's date in seconds: internalDate (ms), else a
// date field, as n8n's getEmailDateAsSeconds.
func emailDate(m *data.Object) (float64, bool) {
	if s := m.Value("internalDate"); truthy(s) {
		var ms float64
		if _, err := fmt.Sscan(jsString(s), &ms); err == nil && ms != 0 {
			return ms / 1000, true
		}
		return 0, false
	}
	for _, v := range []any{m.Value("date"), nestedDate(m)} {
		if s, ok := v.(string); ok && s != "" {
			for _, layout := range []string{time.RFC3339Nano, time.RFC1123Z, time.RFC1123} {
				if t, err := time.Parse(layout, s); err == nil && t.Unix() != 0 {
					return float64(t.UnixMilli()) / 1000, true
				}
			}
			return 0, false
		}
	}
	return 0, false
}

func nestedDate(m *data.Object) any {
	if h, ok := m.Value("headers").(*data.Object); ok {
		return h.Value("date")
	}
	return nil
}
