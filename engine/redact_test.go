package engine

import (
	"errors"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

// Issue 21 item 17: request headers echoed into an error's context are
// redacted by name, as in recordings, whatever their value.
func TestErrorContextHeadersAreRedacted(t *testing.T) {
	r := &run{}
	ne := &NodeError{Name: "NodeApiError", Message: "m", ItemIndex: 0, Err: errors.New("x"), Context: map[string]any{
		"data": map[string]any{"headers": map[string]any{"Authorization": "Basic dTpw", "X-Custom-Token": "t", "Accept": "json"},
			"nested": []any{map[string]any{"headers": map[string]any{"cookie": "c=1"}}}}}}
	ed := r.errorData(ne, nil)
	d := ed.Context["data"].(map[string]any)
	h := d["headers"].(map[string]any)
	if h["Authorization"] != redactedValue || h["X-Custom-Token"] != redactedValue || h["Accept"] != "json" {
		t.Fatalf("headers %v", h)
	}
	if c := d["nested"].([]any)[0].(map[string]any)["headers"].(map[string]any)["cookie"]; c != redactedValue {
		t.Fatalf("nested cookie %v", c)
	}
	// The node's own error value is left as it was.
	if ne.Context["data"].(map[string]any)["headers"].(map[string]any)["Authorization"] != "Basic dTpw" {
		t.Fatal("the original context was modified")
	}
}

// The same for error context built from item data (ordered objects).
func TestErrorContextObjectHeadersAreRedacted(t *testing.T) {
	r := &run{}
	ne := &NodeError{Name: "NodeApiError", Message: "m", ItemIndex: 0, Err: errors.New("x"), Context: map[string]any{
		"data": data.ObjectOf("headers", data.ObjectOf("Accept", "json", "Authorization", "Bearer t"))}}
	ed := r.errorData(ne, nil)
	h := ed.Context["data"].(*data.Object).Value("headers").(*data.Object)
	if h.Value("Authorization") != redactedValue || h.Value("Accept") != "json" || h.KeyAt(0) != "Accept" {
		t.Fatalf("headers %v", h)
	}
}
