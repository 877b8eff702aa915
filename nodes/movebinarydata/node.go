// Package movebinarydata is n8n's legacy Move Binary Data node (1, 1.1):
// binary data to JSON and JSON to binary data.
package movebinarydata

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.moveBinaryData", Versions: []float64{1, 1.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"mode": "binaryToJson", "setAllData": true, "convertAllData": true,
				"sourceKey": "data", "destinationKey": "data", "options": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			opts, _ := p.Value("options").(*data.Object)
			if e, ok := opts.Value("encoding").(string); ok && !isUTF8(e) {
				return []string{fmt.Sprintf("parameter options.encoding: n8n-go reads and writes utf8 only, got %q", e)}
			}
			return nil
		},
	}
}

func isUTF8(e string) bool {
	e = strings.ToLower(strings.ReplaceAll(e, "-", ""))
	return e == "" || e == "utf8" || strings.HasPrefix(e, "=")
}

func (node) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	for i, it := range ex.Input(0) {
		ov, err := ex.Param("options", i)
		if err != nil {
			return nil, err
		}
		opts, _ := ov.(*data.Object)
		var res *data.Item
		switch mode {
		case "binaryToJson":
			res, err = toJSON(ex, i, it, opts)
		case "jsonToBinary":
			res, err = toBinary(ex, i, it, opts)
		default:
			err = engine.OperationError(i, "The operation \"%s\" is not known!", mode)
		}
		if err != nil {
			return nil, err
		}
		if res != nil {
			out = append(out, *res)
		}
	}
	return [][]data.Item{out}, nil
}

func decode(b []byte, stripBOM bool) string {
	if stripBOM {
		b = []byte(strings.TrimPrefix(string(b), "\ufeff"))
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func parseJSON(i int, s string) (any, error) {
	v, err := data.ParseJSONString(s)
	if err != nil {
		return nil, engine.OperationError(i, "%s", err.Error())
	}
	return v, nil
}

func toJSON(ex *engine.Exec, i int, it data.Item, opts *data.Object) (*data.Item, error) {
	setAll, err := ex.ParamBool("setAllData", i)
	if err != nil {
		return nil, err
	}
	key, err := ex.ParamString("sourceKey", i)
	if err != nil {
		return nil, err
	}
	v, ok := jsvalue.Get(it.Binary, key)
	if !ok || data.IsUndefined(v) {
		return nil, nil // no data: the item is skipped
	}
	bin, _ := v.(*data.Object)
	b, err := ex.Binary().Bytes(bin)
	if err != nil {
		return nil, err
	}
	strip := opts.Value("stripBOM") != false
	out := data.Item{Paired: data.One(i)}
	if setAll {
		parsed, err := parseJSON(i, decode(b, strip))
		if err != nil {
			return nil, err
		}
		js, _ := parsed.(*data.Object)
		if js == nil {
			js = data.NewObject(0)
		}
		out.JSON = js
	} else {
		out.JSON = data.CloneObject(it.JSON)
		var val any
		if jsvalue.Truthy(opts.Value("keepAsBase64")) && opts.Value("keepAsBase64") == true {
			val = base64.StdEncoding.EncodeToString(b)
		} else {
			val = decode(b, strip)
		}
		if jsvalue.Truthy(opts.Value("jsonParse")) {
			if val, err = parseJSON(i, jsvalue.ToString(val)); err != nil {
				return nil, err
			}
		}
		dest, err := ex.ParamOr("destinationKey", i, "")
		if err != nil {
			return nil, err
		}
		jsvalue.Set(out.JSON, jsvalue.ToString(dest), val)
	}
	if opts.Value("keepSource") == true {
		out.Binary = it.Binary
	} else {
		out.Binary = data.CloneObject(it.Binary)
		jsvalue.Unset(out.Binary, key)
	}
	return &out, nil
}

func toBinary(ex *engine.Exec, i int, it data.Item, opts *data.Object) (*data.Item, error) {
	all, err := ex.ParamBool("convertAllData", i)
	if err != nil {
		return nil, err
	}
	dest, err := ex.ParamString("destinationKey", i)
	if err != nil {
		return nil, err
	}
	var value any = it.JSON
	if !all {
		key, err := ex.ParamString("sourceKey", i)
		if err != nil {
			return nil, err
		}
		v, ok := jsvalue.Get(it.JSON, key)
		if !ok {
			v = data.Undefined
		}
		value = v
	}
	if data.IsUndefined(value) {
		return nil, nil
	}
	out := data.Item{Paired: data.One(i)}
	if it.Binary != nil {
		out.Binary = data.CloneObject(it.Binary)
	} else {
		out.Binary = data.NewObject(1)
	}
	mimeType, _ := opts.Value("mimeType").(string)
	var b []byte
	if opts.Value("dataIsBase64") != true {
		s, isStr := value.(string)
		_, isObj := value.(*data.Object)
		_, isArr := value.([]any)
		if opts.Value("useRawData") != true || isObj || isArr || value == nil {
			raw, err := data.MarshalValue(value)
			if err != nil {
				return nil, err
			}
			s = string(raw)
			if mimeType == "" {
				mimeType = "application/json"
			}
		} else if !isStr {
			s = jsvalue.ToString(value)
		}
		// iconv-lite writes no BOM for utf8 even with addBOM (recorded in
		// move-binary-data-json).
		b = []byte(s)
	} else {
		b, _ = base64.StdEncoding.DecodeString(jsvalue.ToString(value))
	}
	if mimeType == "" && ex.Version() == 1 {
		mimeType = "application/json"
	}
	name, _ := opts.Value("fileName").(string)
	bin, err := ex.Binary().Prepare(ex.Context(), b, name, mimeType)
	if err != nil {
		return nil, err
	}
	if !bin.Has("fileName") && ex.Version() > 1 {
		n := "file"
		if e, ok := bin.Value("fileExtension").(string); ok && e != "" {
			n += "." + e
		}
		bin.Set("fileName", n)
	}
	jsvalue.Set(out.Binary, dest, bin)
	switch {
	case opts.Value("keepSource") == true:
		out.JSON = it.JSON
	case all:
		out.JSON = data.NewObject(0)
	default:
		out.JSON = data.CloneObject(it.JSON)
		key, err := ex.ParamString("sourceKey", i)
		if err != nil {
			return nil, err
		}
		jsvalue.Unset(out.JSON, key)
	}
	return &out, nil
}
