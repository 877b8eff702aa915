package readwritefile

import (
	"context"
	"os"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

type readBinaryFiles struct{}

// NewReadBinaryFiles returns n8n's legacy Read Binary Files node (1): the
// files a glob selects (evaluated once, for the first item), one item
// each, paired with every input item.
func NewReadBinaryFiles() engine.Node { return readBinaryFiles{} }

func (readBinaryFiles) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.readBinaryFiles", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"fileSelector": "", "dataPropertyName": "data"}
		},
	}
}

func (readBinaryFiles) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	pattern, err := ex.ParamString("fileSelector", 0)
	if err != nil {
		return nil, err
	}
	prop, err := ex.ParamString("dataPropertyName", 0)
	if err != nil {
		return nil, err
	}
	ps := make([]data.PairedItem, len(ex.Input(0)))
	for i := range ps {
		ps[i].Item = i
	}
	files, err := doublestar.FilepathGlob(pattern, doublestar.WithFilesOnly())
	if err != nil {
		return nil, err
	}
	out := make([]data.Item, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resolved, err := resolve(f)
		if err != nil {
			return nil, nodeFSError(err, "realpath", f)
		}
		if err := allowed(ex, resolved); err != nil {
			return nil, err
		}
		fh, err := os.Open(resolved)
		if err != nil {
			return nil, nodeFSError(err, "open", resolved)
		}
		bin, err := ex.Binary().PrepareReader(ctx, fh, f, "")
		fh.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, data.Item{JSON: data.NewObject(0), Binary: data.ObjectOf(prop, bin), Paired: data.Many(ps...)})
	}
	return [][]data.Item{out}, nil
}
