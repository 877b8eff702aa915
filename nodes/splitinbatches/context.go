package splitinbatches

import (
	"encoding/json"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// The node's context as n8n keeps it in contextData, for an execution
// parked between batches (a Wait inside the loop): currentRunIndex,
// maxRunIndex, sourceData, then the items still to hand out and those that
// came back, then noItemsLeft and done.

// EncodeContext implements engine.ContextCodec.
func (node) EncodeContext(c *engine.NodeContext) (*data.Object, error) {
	out := data.NewObject(c.Values.Len() + 2)
	state := func() error {
		for _, k := range []string{keyItems, keyProcessed} {
			v, ok := c.State[k]
			if !ok {
				continue
			}
			items, _ := v.([]data.Item)
			if items == nil {
				items = []data.Item{}
			}
			b, err := json.Marshal(items)
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			list, err := data.ParseJSON(b)
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			out.Set(k, list)
		}
		return nil
	}
	done := false
	for k, v := range c.Values.All() {
		out.Set(k, v)
		if k == keySource {
			if err := state(); err != nil {
				return nil, err
			}
			done = true
		}
	}
	if !done {
		if err := state(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeContext implements engine.ContextCodec.
func (node) DecodeContext(o *data.Object) (*engine.NodeContext, error) {
	c := &engine.NodeContext{Values: data.NewObject(o.Len()), State: map[string]any{}}
	for k, v := range o.All() {
		switch k {
		case keyItems, keyProcessed:
			b, err := data.MarshalValue(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			var items []data.Item
			if err := json.Unmarshal(b, &items); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if items == nil {
				items = []data.Item{}
			}
			c.State[k] = items
			continue
		case keySource:
			var src *data.Source
			if s, ok := v.(*data.Object); ok {
				name, _ := s.Value("previousNode").(string)
				out, _ := s.Value("previousNodeOutput").(float64)
				run, _ := s.Value("previousNodeRun").(float64)
				src = &data.Source{PreviousNode: name, PreviousNodeOutput: int(out), PreviousNodeRun: int(run)}
			}
			c.State[keySource] = src
		}
		c.Values.Set(k, v)
	}
	return c, nil
}
