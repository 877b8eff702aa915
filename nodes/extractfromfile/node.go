// Package extractfromfile is n8n's Extract from File node (1, 1.1): CSV,
// XLSX, XLS, ODS, HTML-table and RTF-table rows, PDF text, iCalendar,
// JSON, text and base64 from an item's binary file.
package extractfromfile

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/nodes/internal/sheet"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

var operations = map[string]bool{"csv": true, "xlsx": true, "ods": true, "xls": true, "html": true, "rtf": true,
	"fromJson": true, "text": true, "xml": true, "binaryToPropery": true, "pdf": true, "fromIcs": true}

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.extractFromFile", Versions: []float64{1, 1.1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "csv", "binaryPropertyName": "data", "destinationKey": "data"}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && !operations[op] {
				return []string{fmt.Sprintf("parameter operation: n8n-go extracts csv, xlsx, xls, ods, html, rtf, pdf, fromIcs, fromJson, text, xml and binaryToPropery; %q is not supported yet", op)}
			}
			return nil
		},
	}
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	switch op {
	case "csv", "xlsx", "ods", "xls", "html", "rtf":
		out, err = sheetRows(ctx, ex, op, op, true, false)
	case "pdf":
		out, err = extractPDF(ctx, ex)
	default:
		out, err = moveTo(ex, op)
	}
	if err != nil {
		return nil, err
	}
	return [][]data.Item{out}, nil
}

func options(ex *engine.Exec, i int) (*data.Object, error) {
	v, err := ex.Param("options", i)
	if err != nil {
		return nil, err
	}
	o, _ := v.(*data.Object)
	return o, nil
}

func num(v any, def int) int {
	if f, ok := jsvalue.AsNumber(v); ok {
		return int(f)
	}
	return def
}

// Sheet is the spreadsheet operations' rows from each item's file of the
// format (csv, or a workbook: xlsx or ods, told apart by content as
// SheetJS does). label is the format an error names: the Spreadsheet File
// node reads through here and names its fileFormat parameter ("autodetect"
// included; "" for none: version 1 reports errors as they are).
// utf8String is Spreadsheet File 1's readAsString: the file given to
// SheetJS as a UTF-8 string.
func Sheet(ctx context.Context, ex *engine.Exec, format, label string, utf8String bool) ([]data.Item, error) {
	return sheetRows(ctx, ex, format, label, false, utf8String)
}

// sheetRows is Sheet; hideOptions drops the options Extract from File's
// description does not show for the operation (n8n never passes them):
// sheetName and range for HTML and RTF, headerRow and includeEmptyCells
// for RTF.
func sheetRows(ctx context.Context, ex *engine.Exec, format, label string, hideOptions, utf8String bool) ([]data.Item, error) {
	var out []data.Item
	items := ex.Input(0)
	for i := range items {
		var ext string
		kept := len(out)
		err := func() error {
			o, err := options(ex, i)
			if err != nil {
				return err
			}
			prop, err := ex.ParamString("binaryPropertyName", i)
			if err != nil {
				return err
			}
			bin, err := ex.AssertBinary(i, prop)
			if err != nil {
				return err
			}
			ext, _ = bin.Value("fileExtension").(string)
			r, err := ex.Binary().Open(bin)
			if err != nil {
				return err
			}
			defer r.Close()
			emitRow := func(noHeader bool) func(row any) error {
				n := 0
				return func(row any) error {
					if n++; n%1024 == 0 {
						if err := ctx.Err(); err != nil {
							return err
						}
					}
					js, _ := row.(*data.Object)
					if noHeader {
						js = data.ObjectOf("row", row)
					}
					out = append(out, data.Item{JSON: js, Paired: data.One(i)})
					return nil
				}
			}
			if hideOptions && (format == "html" || format == "rtf") {
				o = data.CloneObject(o)
				for _, k := range []string{"sheetName", "range"} {
					o.Delete(k)
				}
				if format == "rtf" {
					o.Delete("headerRow")
					o.Delete("includeEmptyCells")
				}
			}
			if format != "csv" {
				xo := sheet.XLSXOptions{NoHeader: o.Value("headerRow") == false,
					IncludeEmptyCells: jsvalue.Truthy(o.Value("includeEmptyCells")),
					Raw:               jsvalue.Truthy(o.Value("rawData")),
					Range:             sheet.ParseRange(o.Value("range")),
					UTF8Text:          utf8String && jsvalue.Truthy(o.Value("readAsString"))}
				if s, ok := o.Value("sheetName").(string); ok {
					xo.Sheet = s
				}
				return sheet.ReadWorkbook(r, xo, emitRow(xo.NoHeader))
			}
			ro := sheet.ReadOptions{
				FromLine:          num(o.Value("fromLine"), 0),
				MaxRows:           num(o.Value("maxRowCount"), -1),
				NoHeader:          o.Value("headerRow") == false,
				IncludeEmptyCells: jsvalue.Truthy(o.Value("includeEmptyCells")),
				RelaxQuotes:       jsvalue.Truthy(o.Value("relaxQuotes")),
			}
			if d, ok := o.Value("delimiter").(string); ok {
				ro.Delimiter = d
			}
			if e, ok := o.Value("encoding").(string); ok {
				ro.Encoding = e
			}
			skipped, maxSkipped := 0, -1.0
			if sk, ok := jsvalue.Get(o, "skipRecordsWithErrors.value"); ok {
				en, _ := jsvalue.Get(sk, "enabled")
				ro.SkipErrors = jsvalue.Truthy(en)
				mv, _ := jsvalue.Get(sk, "maxSkippedRecords")
				if m, ok := jsvalue.AsNumber(mv); ok {
					maxSkipped = m
				}
				ro.Skipped = &skipped
			}
			var rd io.Reader = r
			if jsvalue.Truthy(o.Value("enableBOM")) {
				rd = skipBOM(r)
			}
			err = sheet.ReadCSV(rd, ro, emitRow(ro.NoHeader))
			if err == nil && ro.SkipErrors && maxSkipped > 0 && float64(skipped) > maxSkipped {
				return engine.OperationError(i, "Max number of skipped records exceeded")
			}
			if err != nil && ex.Version() < 1.1 && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				// Version 1 ignores parse errors, keeping the rows before.
				return nil
			}
			return err
		}()
		if err == nil {
			continue
		}
		// n8n adds an item's rows once its file is read: none when it fails.
		out = out[:kept]
		ne := engine.AsNodeError(err)
		if ne.ItemIndex < 0 {
			ne.ItemIndex = i
		}
		if label != "" && ext != "" && ext != label {
			ne.Message = "The file selected in 'Input Binary Field' is not in " + label + " format"
			if label == format {
				ne.Description = "Try to change the operation or select a " + label + " file in 'Input Binary Field'"
			}
		}
		if ex.ContinueOnFail() {
			out = append(out, data.Item{JSON: data.ObjectOf("error", ne.Message), Paired: data.One(i)})
			continue
		}
		return nil, ne
	}
	return out, nil
}

func skipBOM(r io.Reader) io.Reader {
	head := make([]byte, 3)
	n, _ := io.ReadFull(r, head)
	if n == 3 && string(head) == "\ufeff" {
		return r
	}
	return io.MultiReader(strings.NewReader(string(head[:n])), r)
}

// moveTo is n8n's moveTo operation: the file's content into one field.
func moveTo(ex *engine.Exec, op string) ([]data.Item, error) {
	var out []data.Item
	for i, it := range ex.Input(0) {
		item, skip, err := func() (data.Item, bool, error) {
			o, err := options(ex, i)
			if err != nil {
				return data.Item{}, false, err
			}
			prop, err := ex.ParamString("binaryPropertyName", i)
			if err != nil {
				return data.Item{}, false, err
			}
			newItem := data.Item{JSON: data.NewObject(1), Paired: data.One(i)}
			v, _ := jsvalue.Get(it.Binary, prop)
			if !jsvalue.Truthy(v) {
				return data.Item{}, true, nil
			}
			bin, _ := v.(*data.Object)
			b, err := ex.Binary().Bytes(bin)
			if err != nil {
				return data.Item{}, false, err
			}
			keep, _ := o.Value("keepSource").(string)
			if keep != "" && keep != "binary" {
				newItem.JSON = data.CloneObject(it.JSON)
			}
			var value any
			if op == "binaryToPropery" {
				value = base64.StdEncoding.EncodeToString(b)
			} else {
				s := decodeText(b, o.Value("stripBOM") != false)
				value = s
				if op == "fromIcs" {
					if value, err = parseICS(s); err != nil {
						return data.Item{}, false, err
					}
				}
				if op == "fromJson" {
					if s == "" {
						value = data.NewObject(0)
					} else if value, err = data.ParseJSONString(s); err != nil {
						return data.Item{}, false, &engine.NodeError{Name: "NodeOperationError", ItemIndex: i,
							Message:     "The file selected in 'Input Binary Field' is not in JSON format",
							Description: "Try to change the operation or select a JSON file in 'Input Binary Field'"}
					}
				}
			}
			key, err := ex.ParamString("destinationKey", i)
			if err != nil {
				return data.Item{}, false, err
			}
			jsvalue.Set(newItem.JSON, key, value)
			if keep == "binary" || keep == "both" {
				newItem.Binary = it.Binary
			} else {
				nb := data.CloneObject(it.Binary)
				jsvalue.Unset(nb, prop)
				newItem.Binary = nb
			}
			return newItem, false, nil
		}()
		if skip {
			continue
		}
		if err != nil {
			failed, err := ex.FailItem(err, i)
			if err != nil {
				return nil, err
			}
			out = append(out, failed)
			continue
		}
		out = append(out, item)
	}
	return out, nil
}

// decodeText decodes a file as UTF-8 (n8n detects the encoding; UTF-8 and
// ASCII files, the common case, read the same), invalid bytes as U+FFFD.
func decodeText(b []byte, stripBOM bool) string {
	if stripBOM {
		b = []byte(strings.TrimPrefix(string(b), "\ufeff"))
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
