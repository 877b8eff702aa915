// Package telegram is n8n's Telegram node (n8n-nodes-base.telegram, 1, 1.1
// and 1.2): messages (send text, photo, document, audio, video, animation,
// sticker, location, chat action; edit, delete, pin, unpin), chats (get,
// administrators, member, leave, set title/description), callback answers
// and file get, through the Bot API with n8n's request bodies — the
// attribution appended to sent messages and the reply markups included —
// and its output items (the API's whole answer).
package telegram

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// CredentialType is the credential the node uses.
const CredentialType = "telegramApi"

// Type is the node's type name.
const Type = "n8n-nodes-base.telegram"

// operations lists every resource's operations; the first is n8n's default.
var operations = map[string][]string{
	"message": {"sendMessage", "deleteMessage", "editMessageText", "pinChatMessage", "sendAnimation", "sendAudio",
		"sendChatAction", "sendDocument", "sendLocation", "sendMediaGroup", "sendPhoto", "sendSticker", "sendVideo", "unpinChatMessage"},
	"chat":     {"get", "administrators", "member", "leave", "setDescription", "setTitle"},
	"callback": {"answerQuery", "answerInlineQuery"},
	"file":     {"get"},
}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     Type,
		Versions: []float64{1, 1.1, 1.2},
		Defaults: func(float64) map[string]any {
			return map[string]any{"resource": "message", "replyMarkup": "none", "binaryData": false,
				"binaryPropertyName": "data", "messageType": "message", "additionalFields": map[string]any{}, "download": true}
		},
		Credentials: func(engine.Params, float64) []string { return []string{CredentialType} },
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, op := resourceOp(p)
			if res == "message" && len(op) > 4 && op[:4] == "send" {
				return "sends the message again"
			}
			return ""
		},
		Check: func(p engine.Params, _ float64) []string {
			res, _ := p.Value("resource").(string)
			if isExpr(p.Value("resource")) {
				return nil
			}
			ops, ok := operations[res]
			if !ok {
				return []string{fmt.Sprintf("parameter resource: unknown value %q", res)}
			}
			op, present := p.Get("operation")
			if !present || isExpr(op) {
				return nil
			}
			s, _ := op.(string)
			if s == "sendAndWait" {
				return []string{"parameter operation: \"sendAndWait\" (send and wait for a response) is not supported by n8n-go"}
			}
			for _, o := range ops {
				if o == s {
					return nil
				}
			}
			return []string{fmt.Sprintf("parameter operation: %q is not an operation of resource %q", s, res)}
		},
	}
}

func resourceOp(p engine.Params) (string, string) {
	res, _ := p.Value("resource").(string)
	if res == "" {
		res = "message"
	}
	op, ok := p.Value("operation").(string)
	if !ok && len(operations[res]) > 0 {
		op = operations[res][0]
	}
	return res, op
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// Execute runs the operation once per input item, as n8n does.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	r := &run{ex: ex}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	if ex.Params().Has("operation") {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	} else if ops := operations[r.resource]; len(ops) > 0 {
		r.op = ops[0]
	}
	if r.resource == "message" && r.op == "sendAndWait" {
		return nil, engine.OperationError(-1, "The operation \"Send and Wait for Response\" is not supported by n8n-go")
	}
	if r.binary, err = ex.ParamBool("binaryData", 0); err != nil {
		return nil, err
	}
	out := []data.Item{}
	for i := range items {
		got, err := r.item(ctx, i)
		if err != nil {
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", errorText(err)), Paired: data.One(i)})
				continue
			}
			return nil, err
		}
		out = append(out, got...)
	}
	return [][]data.Item{out}, nil
}

// errorText is n8n's error.description ?? error.message.
func errorText(err error) string {
	if ne, ok := err.(*engine.NodeError); ok {
		if ne.Description != "" {
			return ne.Description
		}
		return ne.Message
	}
	return err.Error()
}

// jsonArray is returnJsonArray + constructExecutionMetaData.
func jsonArray(resp any, i int) []data.Item {
	list, ok := resp.([]any)
	if !ok {
		list = []any{resp}
	}
	out := make([]data.Item, 0, len(list))
	for _, e := range list {
		m, ok := e.(*data.Object)
		if !ok || m == nil {
			m = data.NewObject(0)
		} else if inner, has := m.Value("json").(*data.Object); has && inner != nil {
			m = inner
		}
		out = append(out, data.Item{JSON: m, Paired: data.One(i)})
	}
	return out
}
