// Package spreadsheetfile is n8n's legacy Spreadsheet File node (v1, v2).
// Its operations moved to Extract from File (read) and Convert to File
// (write); this node runs their code: fromFile as Extract from File v1 with
// the file format as operation, toFile as Convert to File v1 with the
// legacy default file name spreadsheet.<format>. Formats n8n-go reads: CSV,
// XLSX, XLS, ODS, HTML and RTF (told apart by content, as SheetJS does); writes: CSV, XLSX, XLS (the
// toFile default), ODS, HTML and RTF.
package spreadsheetfile

import (
	"context"
	"errors"
	"fmt"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/converttofile"
	"github.com/n8n-go/n8n-go/nodes/extractfromfile"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.spreadsheetFile"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 2},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "fromFile", "binaryPropertyName": "data", "options": map[string]any{}}
		},
		Check: func(p engine.Params, v float64) []string {
			op := p.String("operation")
			format := fileFormat(p, op, v)
			switch {
			case op == "fromFile" && (format == "autodetect" || format == "csv" || format == "xlsx" || format == "ods" ||
				format == "xls" || format == "html" || format == "rtf"):
			case op == "toFile" && writable[format]:
			case op == "fromFile" || op == "toFile":
				return []string{fmt.Sprintf("parameter fileFormat: n8n-go reads CSV, XLSX, XLS, ODS, HTML and RTF and writes CSV, XLSX, XLS, ODS, HTML and RTF; %q is not supported yet", format)}
			default:
				return []string{fmt.Sprintf("parameter operation: unknown value %q", op)}
			}
			return nil
		},
	}
}

var writable = map[string]bool{"csv": true, "xlsx": true, "xls": true, "ods": true, "html": true, "rtf": true}

// fileFormat is the format a run uses: v1 reads whatever the file is
// (autodetect); toFile defaults to xls, v2's fromFile to autodetect.
func fileFormat(p engine.Params, op string, v float64) string {
	f, ok := p.Get("fileFormat")
	s, _ := f.(string)
	if ok && s != "" && !(op == "fromFile" && v < 2) {
		return s
	}
	if op == "toFile" {
		return "xls"
	}
	return "autodetect"
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	params := ex.Params().Object.Clone()
	switch op {
	case "fromFile":
		format := fileFormat(ex.Params(), op, ex.Version())
		label := format
		if ex.Version() < 2 {
			label = ""
		}
		if format == "autodetect" {
			format = detect(ex)
			if format == "csv" && label != "" {
				label = "csv"
			}
		}
		params.Set("operation", format)
		if format == "csv" && ex.Version() < 2 {
			// Version 1 reads CSV with SheetJS too (typed cells), not
			// with csv-parse.
			format = "prn"
		}
		target := extractfromfile.New()
		// Version 1's readAsString hands SheetJS a UTF-8 string; version
		// 2's a binary string, which reads as the bytes do.
		out, err := extractfromfile.Sheet(ctx, ex.As(1, params, target.Describe().Defaults(1)), format, label, ex.Version() < 2)
		if err != nil {
			return nil, err
		}
		return [][]data.Item{out}, nil
	case "toFile":
		format, err := ex.ParamString("fileFormat", 0)
		if err != nil {
			return nil, err
		}
		if format == "" {
			format = "xls"
		}
		if !writable[format] {
			return nil, engine.OperationError(-1, "Spreadsheet File: writing %q files is not supported by n8n-go", format)
		}
		if ex.Version() < 2 {
			// Version 1 writes CSV with commas whatever the options say.
			opts, _ := params.Value("options").(*data.Object)
			if opts != nil && opts.Has("delimiter") {
				opts = opts.Clone()
				opts.Delete("delimiter")
				params.Set("options", opts)
			}
		}
		out, err := converttofile.ToSheet(ctx, ex.As(ex.Version(), params, nil), ex.Input(0), format, "spreadsheet")
		if err != nil {
			// Unlike Convert to File, this node throws SheetJS's errors
			// as they are: plain Errors, without a class name.
			var ne *engine.NodeError
			if errors.As(err, &ne) && ne.Name == "NodeOperationError" && ne.Err != nil && !errors.As(ne.Err, new(*engine.NodeError)) {
				ne.Name = ""
			}
			return nil, err
		}
		return [][]data.Item{out}, nil
	}
	return nil, engine.OperationError(-1, "The operation %q is not known", op)
}

// detect is fromFile's autodetect: CSV when the first item's binary is
// text/csv (or text/plain named .csv), else a workbook.
func detect(ex *engine.Exec) string {
	items := ex.Input(0)
	if len(items) == 0 {
		return "xlsx"
	}
	prop, _ := ex.ParamString("binaryPropertyName", 0)
	bin, ok := items[0].Binary.Value(prop).(*data.Object)
	if !ok {
		return "xlsx"
	}
	mime := jsvalue.ToString(bin.Value("mimeType"))
	ext := jsvalue.ToString(bin.Value("fileExtension"))
	if mime == "text/csv" || (mime == "text/plain" && ext == "csv") {
		return "csv"
	}
	return "xlsx"
}
