// Package googlesheets is n8n's Google Sheets node
// (n8n-nodes-base.googleSheets, the 4.x line: 4, 4.1 … 4.7): read rows
// (filters, first match or all), append, append or update, update
// (column to match or row_number), clear, delete rows/columns, create and
// delete sheets, create spreadsheets, through the Sheets API v4 with the
// service account (googleApi) or OAuth2 (googleSheetsOAuth2Api)
// credentials of the shared auth layer.
package googlesheets

import (
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// Versions are the typeVersions this package runs: n8n 1.123.81 runs 1
// and 2 with GoogleSheetsV1 (v1.go), 3 and 4.x with GoogleSheetsV2.
var Versions = []float64{1, 2, 3, 4, 4.1, 4.2, 4.3, 4.4, 4.5, 4.6, 4.7}

var sheetOps = []string{"appendOrUpdate", "append", "clear", "create", "remove", "delete", "read", "update"}

type node struct {
	// tokens caches service-account tokens across runs of the process.
	tokens *auth.GoogleTokens
}

// New returns the node.
func New() engine.Node { return &node{tokens: &auth.GoogleTokens{}} }

func (n *node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.googleSheets",
		Versions: Versions,
		Defaults: func(v float64) map[string]any {
			if v < 3 {
				return v1Defaults(v)
			}
			return map[string]any{"authentication": "oAuth2", "resource": "sheet"}
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if p.String("authentication") == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{OAuth2Type}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			op := p.String("operation")
			if op == "" || op == "read" || op == "lookup" {
				if p.String("resource") == "spreadsheet" {
					return "creates a spreadsheet"
				}
				return ""
			}
			return "changes a sheet (" + op + ")"
		},
		Check: func(p engine.Params, v float64) []string {
			res := p.String("resource")
			op, present := p.Get("operation")
			s, _ := op.(string)
			if !present || isExpr(op) || isExpr(p.Value("resource")) {
				return nil
			}
			switch res {
			case "sheet", "":
				ops := sheetOps
				if v < 3 {
					ops = v1Ops
				}
				for _, o := range ops {
					if o == s {
						return nil
					}
				}
			case "spreadsheet":
				if s == "create" || s == "deleteSpreadsheet" && v >= 3 {
					return nil
				}
			default:
				return []string{fmt.Sprintf("parameter resource: unknown value %q", res)}
			}
			return []string{fmt.Sprintf("parameter operation: %q is not an operation of resource %q", s, res)}
		},
	}
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// run is one execution of the node.
type run struct {
	ex      *engine.Exec
	version float64
	items   []data.Item
	c       *client
}

// Execute is n8n's router: the whole operation runs once (operations loop
// over the items themselves); a failure under continueOnFail gives one
// item with the first input's json and the error.
func (n *node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex, version: ex.Version(), items: ex.Input(0)}
	if r.version < 3 {
		out, err := r.routeV1(ctx, n.tokens)
		if err != nil {
			return nil, err
		}
		if out == nil {
			return [][]data.Item{}, nil
		}
		return [][]data.Item{out}, nil
	}
	out, err := r.route(ctx, n.tokens)
	if err != nil {
		if ex.ContinueOnFail() {
			var js *data.Object
			if len(r.items) > 0 {
				js = r.items[0].JSON
			}
			return [][]data.Item{{{JSON: js, Error: data.ErrorOf(err)}}}, nil
		}
		return nil, err
	}
	if out == nil {
		out = []data.Item{}
	}
	return [][]data.Item{out}, nil
}

func (r *run) str(path string, i int, def string) (string, error) {
	v, err := r.ex.ParamOr(path, i, def)
	if err != nil {
		return "", err
	}
	return jsString(v), nil
}

func (r *run) route(ctx context.Context, tokens *auth.GoogleTokens) ([]data.Item, error) {
	resource, err := r.str("resource", 0, "sheet")
	if err != nil {
		return nil, err
	}
	defOp := "read"
	if resource == "spreadsheet" {
		defOp = "create"
	}
	op, err := r.str("operation", 0, defOp)
	if err != nil {
		return nil, err
	}
	authn, err := r.str("authentication", 0, "oAuth2")
	if err != nil {
		return nil, err
	}
	if r.c, err = newClient(r.ex, authn, tokens); err != nil {
		return nil, err
	}
	if resource == "spreadsheet" {
		switch op {
		case "create":
			return r.createSpreadsheet(ctx)
		case "deleteSpreadsheet":
			return r.deleteSpreadsheet(ctx)
		}
		return nil, engine.OperationError(-1, "The operation \"%s\" is not supported yet", op)
	}
	if resource != "sheet" {
		return nil, engine.OperationError(-1, "The resource \"%s\" is not known", resource)
	}
	docV, err := r.ex.Param("documentId", 0)
	if err != nil {
		return nil, err
	}
	spreadsheetID, err := spreadsheetID(docV)
	if err != nil {
		return nil, err
	}
	sh := &sheet{id: spreadsheetID, c: r.c}
	var sheetIDStr, sheetName string
	if op != "create" {
		mode, value, err := r.sheetLocator()
		if err != nil {
			return nil, err
		}
		props, err := sh.getSheet(ctx, mode, value)
		if err != nil {
			return nil, err
		}
		sheetIDStr = jsString(props.Value("sheetId"))
		sheetName = jsString(props.Value("title"))
	}
	switch op {
	case "create":
		return r.createSheet(ctx, sh)
	case "delete":
		return r.deleteDimension(ctx, sh, sheetIDStr)
	case "remove":
		return r.removeSheet(ctx, spreadsheetID, sheetIDStr)
	case "read":
		return r.read(ctx, sh, sheetName)
	case "append":
		return r.appendRows(ctx, sh, sheetName, sheetIDStr)
	case "update":
		return r.update(ctx, sh, sheetName, sheetIDStr, false)
	case "appendOrUpdate":
		return r.update(ctx, sh, sheetName, sheetIDStr, true)
	case "clear":
		return r.clear(ctx, sh, sheetName)
	}
	return nil, engine.OperationError(-1, "The operation \"%s\" is not known", op)
}

var uiNames = map[string]string{"id": "By ID", "url": "By URL", "list": "From List", "name": "By Name"}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var documentURLRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[-\w]{25,}`)
})

// spreadsheetID is getSpreadsheetId over the documentId locator.
func spreadsheetID(v any) (string, error) {
	rl, _ := v.(*data.Object)
	mode := jsString(rl.Value("mode"))
	value := rl.Value("value")
	if rl == nil {
		mode, value = "undefined", nil
	}
	if !truthy(value) {
		return "", engine.OperationError(-1, "Can not get sheet '%s' with a value of '%s'", uiName(mode), jsUndef(value))
	}
	s := jsString(value)
	if mode == "url" {
		return documentURLRe().FindString(s), nil
	}
	return s, nil
}

func uiName(mode string) string {
	if n, ok := uiNames[mode]; ok {
		return n
	}
	return "undefined"
}

func jsUndef(v any) string {
	if v == nil {
		return "undefined"
	}
	return jsString(v)
}

var sheetURLRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`https://docs\.google\.com/spreadsheets/d/[0-9a-zA-Z\-_]+.*#gid=([0-9]+)`)
})

// sheetLocator is the sheetName locator with extractValue: its mode and
// its value (the URL's gid in url mode).
func (r *run) sheetLocator() (string, any, error) {
	v, err := r.ex.Param("sheetName", 0)
	if err != nil {
		return "", nil, err
	}
	rl, ok := v.(*data.Object)
	if !ok {
		return "", v, nil
	}
	mode := jsString(rl.Value("mode"))
	value := rl.Value("value")
	if mode == "url" {
		m := sheetURLRe().FindStringSubmatch(jsString(value))
		if m == nil {
			return "", nil, engine.OperationError(-1, "ERROR: Sheet parameter's value is invalid. Please enter a valid URL.")
		}
		return mode, m[1], nil
	}
	return mode, value, nil
}
