// Package xml is n8n's XML node (1): XML to JSON and JSON to XML with
// xml2js's conventions (merged attributes, "_" for text, single children
// not in arrays; xmlbuilder's pretty output).
package xml

import (
	"context"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.xml", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"mode": "xmlToJson", "dataPropertyName": "data", "options": map[string]any{}}
		},
	}
}

func str(o *data.Object, k, def string) string {
	if v, ok := o.Get(k); ok && !data.IsUndefined(v) {
		return jsvalue.ToString(v)
	}
	return def
}

func boolean(o *data.Object, k string, def bool) bool {
	if v, ok := o.Get(k); ok && !data.IsUndefined(v) {
		return jsvalue.Truthy(v)
	}
	return def
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	prop, err := ex.ParamString("dataPropertyName", 0)
	if err != nil {
		return nil, err
	}
	ov, err := ex.Param("options", 0)
	if err != nil {
		return nil, err
	}
	opts, _ := ov.(*data.Object)
	var out []data.Item
	for i, it := range ex.Input(0) {
		var res data.Item
		switch mode {
		case "xmlToJson":
			po := parseOptions{
				attrKey: str(opts, "attrkey", "$"), charKey: str(opts, "charkey", "_"),
				explicitArray: boolean(opts, "explicitArray", false), explicitRoot: boolean(opts, "explicitRoot", true),
				ignoreAttrs: boolean(opts, "ignoreAttrs", false), mergeAttrs: boolean(opts, "mergeAttrs", true),
				normalize: boolean(opts, "normalize", false), normalizeTags: boolean(opts, "normalizeTags", false),
				trim: boolean(opts, "trim", false),
			}
			v, ok := it.JSON.Get(prop)
			if !ok || data.IsUndefined(v) {
				err = engine.OperationError(i, "Item has no JSON property called \"%s\"", prop)
				break
			}
			var parsed any
			parsed, err = parseXML(jsvalue.ToString(v), po)
			if err != nil {
				break
			}
			js, _ := data.CloneJSON(parsed).(*data.Object)
			if js == nil {
				js = data.NewObject(0)
			}
			// n8n pushes {json} without pairedItem here.
			res = data.Item{JSON: js}
		case "jsonToxml":
			bo := buildOptions{
				attrKey: str(opts, "attrkey", "$"), charKey: str(opts, "charkey", "_"),
				rootName: str(opts, "rootName", "root"), headless: boolean(opts, "headless", false),
				pretty: true, cdata: boolean(opts, "cdata", false),
			}
			// n8n's renderOpts never reach xml2js in a form it reads: the
			// output is always pretty (recorded in xml-more).
			res = data.Item{JSON: data.ObjectOf(prop, buildXML(it.JSON, bo)), Paired: data.One(i)}
		default:
			err = engine.OperationError(i, "The operation \"%s\" is not known!", mode)
		}
		if err != nil {
			if ex.ContinueOnFail() {
				// n8n replaces the input item and pushes nothing.
				continue
			}
			return nil, engine.AsNodeError(fmt.Errorf("%w", err))
		}
		out = append(out, res)
	}
	return [][]data.Item{out}, nil
}
