// Package converttofile is n8n's Convert to File node (1, 1.1): items to a
// CSV, XLSX, XLS (BIFF8), ODS, HTML or RTF file, JSON to a file, a text or
// base64 field to a file.
package converttofile

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/sheet"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

var operations = map[string]bool{"csv": true, "xlsx": true, "xls": true, "ods": true, "html": true, "rtf": true,
	"toJson": true, "toText": true, "toBinary": true, "iCal": true}

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.convertToFile", Versions: []float64{1, 1.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "csv", "binaryPropertyName": "data", "mode": "once", "sourceProperty": "",
				"title": "", "start": "", "end": "", "allDay": false, "additionalFields": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && !operations[op] {
				return []string{fmt.Sprintf("parameter operation: n8n-go converts to csv, xlsx, xls, ods, html, rtf, iCal, toJson, toText and toBinary; %q is not supported yet", op)}
			}
			return nil
		},
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	items := ex.Input(0)
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	switch op {
	case "csv", "xlsx", "xls", "ods", "html", "rtf":
		out, err = ToSheet(ctx, ex, items, op, "File")
	case "toJson":
		out, err = toJSON(ctx, ex, items)
	case "toText", "toBinary":
		out, err = fieldToFile(ctx, ex, items, op)
	case "iCal":
		out, err = toICal(ctx, ex, items)
	default:
		return nil, engine.OperationError(0, "The operation %q is not supported", op)
	}
	if err != nil {
		return nil, err
	}
	return [][]data.Item{out}, nil
}

func allPaired(n int) data.Paired {
	ps := make([]data.PairedItem, n)
	for i := range ps {
		ps[i].Item = i
	}
	return data.Many(ps...)
}

func options(ex *engine.Exec, i int) (*data.Object, error) {
	v, err := ex.Param("options", i)
	if err != nil {
		return nil, err
	}
	o, _ := v.(*data.Object)
	return o, nil
}

func optString(o *data.Object, k string) (string, bool) {
	v, ok := o.Get(k)
	if !ok || data.IsUndefined(v) {
		return "", false
	}
	return jsvalue.ToString(v), true
}

// failed is one item's error under continueOnFail, or the node's error.
func failed(ex *engine.Exec, item int, paired data.Paired, err error) (data.Item, error) {
	if !ex.ContinueOnFail() {
		ne := engine.AsNodeError(err)
		if ne.ItemIndex < 0 && item >= 0 {
			ne.ItemIndex = item
		}
		return data.Item{}, ne
	}
	return data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: paired}, nil
}

// ToSheet is n8n's convertJsonToSpreadsheetBinary: the items as one
// spreadsheet file of the format, named defaultName.<format> unless the
// fileName option says otherwise. The Spreadsheet File node writes
// through it too.
func ToSheet(ctx context.Context, ex *engine.Exec, items []data.Item, format, defaultName string) ([]data.Item, error) {
	paired := allPaired(len(items))
	res, err := func() (data.Item, error) {
		o, err := options(ex, 0)
		if err != nil {
			return data.Item{}, err
		}
		prop, err := ex.ParamString("binaryPropertyName", 0)
		if err != nil {
			return data.Item{}, err
		}
		rows := make([]*data.Object, len(items))
		for i, it := range items {
			rows[i] = it.JSON
		}
		delim, _ := optString(o, "delimiter")
		name, ok := optString(o, "fileName")
		if !ok {
			name = defaultName + "." + format
		}
		noHeader := o.Value("headerRow") == false
		compress := jsvalue.Truthy(o.Value("compression"))
		sheetName, _ := optString(o, "sheetName")
		if sheetName == "" {
			sheetName = "Sheet"
		}
		if format == "xlsx" || format == "xls" || format == "ods" {
			// SheetJS checks the workbook's sheet name before writing.
			if err := sheet.CheckSheetName(sheetName); err != nil {
				return data.Item{}, err
			}
		}
		// The file streams into the binary store: beyond its memory limit
		// it goes to a file and is never held whole.
		pr, pw := io.Pipe()
		go func() {
			var err error
			switch format {
			case "csv":
				err = sheet.WriteCSV(pw, rows, sheet.CSVOptions{Delimiter: delim, NoHeader: noHeader})
			case "xlsx":
				err = sheet.WriteXLSX(pw, sheet.NewTable(rows, noHeader), sheetName)
			case "xls":
				err = sheet.WriteXLS(pw, sheet.NewTable(rows, noHeader), sheetName)
			case "ods":
				err = sheet.WriteODSCompressed(pw, sheet.NewTable(rows, noHeader), sheetName, compress)
			case "html":
				err = sheet.WriteHTML(pw, sheet.NewTable(rows, noHeader))
			case "rtf":
				err = sheet.WriteRTF(pw, sheet.NewTable(rows, noHeader))
			default:
				err = fmt.Errorf("writing %s files is not supported by n8n-go", format)
			}
			pw.CloseWithError(err)
		}()
		bin, err := ex.Binary().PrepareReader(ctx, pr, name, "")
		pr.CloseWithError(io.ErrClosedPipe)
		if err != nil {
			return data.Item{}, err
		}
		return data.Item{JSON: data.NewObject(0), Binary: data.ObjectOf(prop, bin), Paired: paired}, nil
	}()
	if err != nil {
		it, err := failed(ex, -1, paired, err)
		if err != nil {
			return nil, err
		}
		return []data.Item{it}, nil
	}
	return []data.Item{res}, nil
}

// fileOptions are createBinaryFromJson's.
type fileOptions struct {
	sourceKey, fileName, mimeType, encoding string
	dataIsBase64, addBOM, format            bool
	item                                    int
}

// fromJSON is n8n's createBinaryFromJson.
func fromJSON(ctx context.Context, ex *engine.Exec, value any, o fileOptions) (*data.Object, error) {
	if o.sourceKey != "" {
		v, ok := jsvalue.Get(value, o.sourceKey)
		if !ok {
			v = data.Undefined
		}
		value = v
	}
	if data.IsUndefined(value) {
		return nil, engine.OperationError(o.item, "The value in \"%s\" is not set", o.sourceKey)
	}
	var b []byte
	if !o.dataIsBase64 {
		var s string
		switch value.(type) {
		case *data.Object, []any, nil:
			o.mimeType = "application/json"
			raw, err := data.MarshalValue(value)
			if err != nil {
				return nil, err
			}
			if o.format {
				var ind bytes.Buffer
				if err := json.Indent(&ind, raw, "", "  "); err != nil {
					return nil, err
				}
				raw = ind.Bytes()
			}
			s = string(raw)
		default:
			s = jsvalue.ToString(value)
		}
		enc, err := encode(s, o.encoding)
		if err != nil {
			return nil, engine.OperationError(o.item, "%s", err.Error())
		}
		if o.addBOM {
			enc = append(bom(o.encoding), enc...)
		}
		b = enc
	} else {
		// Buffer.from(value, 'base64') skips what is not base64.
		b = decodeLenient(jsvalue.ToString(value))
	}
	bin, err := ex.Binary().Prepare(ctx, b, o.fileName, o.mimeType)
	if err != nil {
		return nil, err
	}
	if !bin.Has("fileName") {
		name := "file"
		if e, ok := bin.Value("fileExtension").(string); ok && e != "" {
			name += "." + e
		}
		bin.Set("fileName", name)
	}
	return bin, nil
}

func toJSON(ctx context.Context, ex *engine.Exec, items []data.Item) ([]data.Item, error) {
	mode, err := ex.ParamString("mode", 0)
	if err != nil {
		return nil, err
	}
	one := func(i int, value any) (*data.Object, string, error) {
		o, err := options(ex, i)
		if err != nil {
			return nil, "", err
		}
		prop, err := ex.ParamString("binaryPropertyName", i)
		if err != nil {
			return nil, "", err
		}
		fo := fileOptions{mimeType: "application/json", item: i,
			addBOM: jsvalue.Truthy(o.Value("addBOM")), format: jsvalue.Truthy(o.Value("format"))}
		fo.fileName, _ = optString(o, "fileName")
		fo.encoding, _ = optString(o, "encoding")
		bin, err := fromJSON(ctx, ex, value, fo)
		return bin, prop, err
	}
	if mode == "once" {
		rows := make([]any, len(items))
		for i, it := range items {
			rows[i] = it.JSON
		}
		bin, prop, err := one(0, rows)
		if err != nil {
			// n8n pushes the error item under continueOnFail and then
			// throws anyway.
			ne := engine.AsNodeError(err)
			ne.Name = "NodeOperationError"
			return nil, ne
		}
		return []data.Item{{JSON: data.NewObject(0), Binary: data.ObjectOf(prop, bin), Paired: allPaired(len(items))}}, nil
	}
	var out []data.Item
	for i, it := range items {
		bin, prop, err := one(i, it.JSON)
		if err != nil {
			fi, err := failed(ex, i, data.One(i), err)
			if err != nil {
				return nil, err
			}
			out = append(out, fi)
			continue
		}
		out = append(out, data.Item{JSON: data.NewObject(0), Binary: data.ObjectOf(prop, bin), Paired: data.One(i)})
	}
	return out, nil
}

func fieldToFile(ctx context.Context, ex *engine.Exec, items []data.Item, op string) ([]data.Item, error) {
	var out []data.Item
	for i, it := range items {
		bin, prop, err := func() (*data.Object, string, error) {
			o, err := options(ex, i)
			if err != nil {
				return nil, "", err
			}
			prop, err := ex.ParamString("binaryPropertyName", i)
			if err != nil {
				return nil, "", err
			}
			src, err := ex.ParamString("sourceProperty", i)
			if err != nil {
				return nil, "", err
			}
			fo := fileOptions{sourceKey: src, item: i, addBOM: jsvalue.Truthy(o.Value("addBOM"))}
			fo.fileName, _ = optString(o, "fileName")
			fo.encoding, _ = optString(o, "encoding")
			if op == "toText" {
				if fo.fileName == "" {
					fo.fileName = "file.txt"
				}
				fo.mimeType = "text/plain"
			} else {
				fo.mimeType, _ = optString(o, "mimeType")
				fo.dataIsBase64 = true
				if ex.Version() == 1 {
					fo.dataIsBase64 = o.Value("dataIsBase64") != false
				}
			}
			bin, err := fromJSON(ctx, ex, it.JSON, fo)
			return bin, prop, err
		}()
		if err != nil {
			fi, err := failed(ex, i, data.One(i), err)
			if err != nil {
				return nil, err
			}
			out = append(out, fi)
			continue
		}
		out = append(out, data.Item{JSON: data.NewObject(0), Binary: data.ObjectOf(prop, bin), Paired: data.One(i)})
	}
	return out, nil
}

// decodeLenient is Node's Buffer.from(s, "base64"): padding optional,
// URL-safe letters accepted, other characters skipped.
func decodeLenient(s string) []byte {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-':
			clean = append(clean, '+')
		case c == '_':
			clean = append(clean, '/')
		case c == '=':
			i = len(s)
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	b, _ := base64.RawStdEncoding.DecodeString(string(clean))
	return b
}
