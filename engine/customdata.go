package engine

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// customDataLimit is n8n's KV_LIMIT: keys beyond it are dropped silently.
const customDataLimit = 10

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var customKeyChars = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z0-9_]*$`)
})

// setCustomData is n8n's setWorkflowExecutionMetadata.
func (r *run) setCustomData(key, value any) error {
	if r.customData == nil {
		r.customData = data.NewObject(0)
	}
	// n8n checks the limit first, with the key as given ("in" converts it).
	if !r.customData.Has(jsvalue.ToString(key)) && r.customData.Len() >= customDataLimit {
		return nil
	}
	k, isString := key.(string)
	if !isString {
		return &NodeError{Name: "InvalidExecutionMetadataError", ItemIndex: -1, Message: fmt.Sprintf(`Custom data keys must be a string (key "%s")`, jsvalue.ToString(key))}
	}
	if !customKeyChars().MatchString(k) {
		return &NodeError{Name: "InvalidExecutionMetadataError", ItemIndex: -1, Message: fmt.Sprintf(`Custom date key can only contain characters "A-Za-z0-9_" (key "%s")`, k)}
	}
	switch value.(type) {
	case string, float64, int, int64:
	default:
		return &NodeError{Name: "InvalidExecutionMetadataError", ItemIndex: -1, Message: fmt.Sprintf(`Custom data values must be a string (key "%s")`, k)}
	}
	r.customData.Set(truncateUTF16(k, 50), truncateUTF16(jsvalue.ToString(value), 512))
	return nil
}

// truncateUTF16 is JavaScript's s.slice(0, n).
func truncateUTF16(s string, n int) string {
	u := data.EncodeUTF16(s)
	if len(u) <= n {
		return s
	}
	return data.DecodeUTF16(u[:n])
}

// SetCustomData stores one pair of custom execution data for the running
// execution ($execution.customData.set); see scope.CustomData.
func (ex *Exec) SetCustomData(key, value any) error { return ex.run.setCustomData(key, value) }

// StrictCustomData reports whether refused pairs are errors (manual mode).
func (ex *Exec) StrictCustomData() bool { return ex.run.mode == "manual" }

func (p *proxy) SetCustomData(key, value any) error { return p.ex.run.setCustomData(key, value) }
func (p *proxy) StrictCustomData() bool             { return p.ex.run.mode == "manual" }
func (p *proxy) CustomData() *data.Object {
	if p.ex.run.customData == nil {
		return data.NewObject(0)
	}
	return p.ex.run.customData.Clone()
}
