package set

import (
	"math"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// executeV1 is Set 1 and 2: values.boolean, then values.number, then
// values.string are written in that order; keepOnlySet starts from {}.
func executeV1(ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	if len(items) == 0 {
		items = []data.Item{{JSON: data.NewObject(0), Paired: data.One(0)}}
	}
	out := make([]data.Item, 0, len(items))
	for i, in := range items {
		keepOnly, err := ex.ParamBool("keepOnlySet", i)
		if err != nil {
			return nil, err
		}
		ov, err := ex.Param("options", i)
		if err != nil {
			return nil, err
		}
		opts, _ := ov.(*data.Object)
		dot := true
		if b, ok := opts.Value("dotNotation").(bool); ok && !b {
			dot = false
		}
		it := data.Item{JSON: data.NewObject(0), Paired: ex.One(i)}
		if !keepOnly {
			if in.Binary != nil {
				it.Binary = in.Binary.Clone()
			}
			if in.JSON != nil {
				it.JSON = data.CloneObject(in.JSON)
			}
		}
		write := func(name string, v any) {
			if dot {
				jsvalue.Set(it.JSON, name, v)
			} else {
				it.JSON.Set(name, v)
			}
		}
		for _, group := range []string{"boolean", "number", "string"} {
			lv, err := ex.Param("values."+group, i)
			if err != nil {
				return nil, err
			}
			list, _ := lv.([]any)
			for _, e := range list {
				m, _ := e.(*data.Object)
				name := "propertyName"
				if n, ok := m.Get("name"); ok {
					name = jsvalue.ToString(orEmpty(n))
				}
				if dot {
					if err := jsvalue.CheckPath(name); err != nil {
						return nil, engine.OperationError(i, "Field name %s", err.Error())
					}
				}
				value, has := m.Get("value")
				switch group {
				case "boolean":
					if !has {
						value = false
					}
					write(name, jsvalue.Truthy(value))
				case "number":
					if !has {
						value = 0.0
					}
					if s, ok := value.(string); ok && ex.Version() >= 2 {
						if f := jsvalue.StringToNumber(s); !math.IsNaN(f) {
							value = f
						}
					}
					write(name, value)
				default:
					if !has {
						value = ""
					}
					write(name, value)
				}
			}
		}
		out = append(out, it)
	}
	return [][]data.Item{out}, nil
}
