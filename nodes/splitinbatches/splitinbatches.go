// Package splitinbatches is n8n's Loop Over Items node (splitInBatches,
// typeVersions 1, 2 and 3). It hands its input out in batches, one batch per
// run, keeping the rest in its node context; the loop back into its input
// starts the next run. v1 has one output and stops returning data when the
// items are used up; v2 and v3 also collect what comes back and emit it on
// a "done" output (v2: loop 0, done 1; v3: done 0, loop 1).
package splitinbatches

import (
	"context"
	"math"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.splitInBatches", Versions: []float64{1, 2, 3},
		Defaults: func(v float64) map[string]any {
			size := 10.0
			if v >= 3 {
				size = 1
			}
			return map[string]any{"batchSize": size, "options": map[string]any{}}
		},
		Outputs: func(_ engine.Params, v float64) int {
			if v < 2 {
				return 1
			}
			return 2
		},
	}
}

// State keys in the node context (Go values expressions do not see).
const (
	keyItems     = "items"
	keyProcessed = "processedItems"
	keySource    = "sourceData"
)

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	in := ex.Input(0)
	items := make([]data.Item, len(in))
	copy(items, in)
	nc := ex.NodeContext()
	size, err := ex.ParamNumber("batchSize", 0)
	if err != nil {
		return nil, err
	}
	opts, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	reset := false
	if o, ok := opts.(*data.Object); ok {
		// n8n tests options.reset === true: only a real boolean resets.
		reset, _ = o.Value("reset").(bool)
	}
	version := ex.Version()

	var batch []data.Item
	if _, started := nc.State[keyItems]; !started || reset {
		src := source(ex.InputSource(0))
		nc.Values.Set("currentRunIndex", 0.0)
		nc.Values.Set("maxRunIndex", math.Ceil(float64(len(items))/size))
		nc.Values.Set(keySource, sourceValue(src))
		n := spliceCount(size, len(items))
		batch = items[:n]
		nc.State[keyItems] = items[n:]
		nc.State[keySource] = src
		if version >= 2 {
			nc.State[keyProcessed] = []data.Item{}
		}
	} else {
		cur, _ := nc.Values.Value("currentRunIndex").(float64)
		nc.Values.Set("currentRunIndex", cur+1)
		left, _ := nc.State[keyItems].([]data.Item)
		n := spliceCount(size, len(left))
		batch = make([]data.Item, n)
		copy(batch, left[:n])
		nc.State[keyItems] = left[n:]
		first, _ := nc.State[keySource].(*data.Source)
		if version >= 2 {
			// What came back: each item points at the run that sent it.
			back := source(ex.InputSource(0))
			processed, _ := nc.State[keyProcessed].([]data.Item)
			processed = append(processed[:len(processed):len(processed)], make([]data.Item, 0, len(items))...)
			for i, it := range items {
				it.Paired = data.MakePaired([]data.PairedItem{{Item: i, SourceOverwrite: back, OverwriteFirst: true}}, data.PairedObject)
				processed = append(processed, it)
			}
			nc.State[keyProcessed] = processed
		}
		for i := range batch {
			batch[i].Paired = overwrite(batch[i].Paired, first)
		}
	}
	left, _ := nc.State[keyItems].([]data.Item)
	nc.Values.Set("noItemsLeft", len(left) == 0)

	if len(batch) == 0 {
		if version < 2 {
			// No data left: the branch stops here.
			return nil, nil
		}
		nc.Values.Set("done", true)
		processed, _ := nc.State[keyProcessed].([]data.Item)
		if processed == nil {
			processed = []data.Item{}
		}
		if version >= 3 {
			return [][]data.Item{processed, {}}, nil
		}
		return [][]data.Item{{}, processed}, nil
	}
	if version >= 2 {
		nc.Values.Set("done", false)
	}
	if version >= 3 {
		return [][]data.Item{{}, batch}, nil
	}
	if version >= 2 {
		return [][]data.Item{batch, {}}, nil
	}
	return [][]data.Item{batch}, nil
}

// spliceCount is how many items JavaScript's splice(0, size) removes.
func spliceCount(size float64, n int) int {
	if math.IsNaN(size) || size <= 0 {
		return 0
	}
	if size >= float64(n) {
		return n
	}
	return int(size)
}

func source(s *engine.TaskSource) *data.Source {
	if s == nil {
		return nil
	}
	return &data.Source{PreviousNode: s.PreviousNode, PreviousNodeOutput: s.PreviousNodeOutput, PreviousNodeRun: s.PreviousNodeRun}
}

func sourceValue(s *data.Source) any {
	if s == nil {
		return nil
	}
	o := data.ObjectOf("previousNode", s.PreviousNode)
	if s.PreviousNodeOutput != 0 {
		o.Set("previousNodeOutput", float64(s.PreviousNodeOutput))
	}
	if s.PreviousNodeRun != 0 {
		o.Set("previousNodeRun", float64(s.PreviousNodeRun))
	}
	return o
}

// overwrite points an item of a later batch at the run that fed the first
// one, keeping its own pairedItem entries.
func overwrite(p data.Paired, src *data.Source) data.Paired {
	if !p.IsSet() || len(p.List()) == 0 {
		return data.MakePaired([]data.PairedItem{{Item: 0, SourceOverwrite: src}}, data.PairedObject)
	}
	list := make([]data.PairedItem, len(p.List()))
	for i, e := range p.List() {
		e.SourceOverwrite, e.OverwriteFirst = src, false
		list[i] = e
	}
	shape := p.Shape
	if shape == data.PairedNumber {
		shape = data.PairedObject
	}
	return data.MakePaired(list, shape)
}
