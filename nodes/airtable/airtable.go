// Package airtable is n8n's Airtable node, typeVersions 1, 2 and 2.1
// (n8n-nodes-base.airtable): records — create, upsert, update, delete,
// get, search (filterByFormula, view, sort, fields, returnAll paging with
// offset) — in bases and tables given by id, URL or list, with n8n's
// request bodies, query strings and output items (search and get
// flattened, writes as Airtable answers).
package airtable

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Type is the node's type name.
const Type = "n8n-nodes-base.airtable"

// BaseURL is n8n's Airtable API base.
const BaseURL = "https://api.airtable.com/v0/"

var operations = []string{"get", "create", "upsert", "deleteRecord", "search", "update"}

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     Type,
		Versions: []float64{1, 2, 2.1},
		Defaults: func(v float64) map[string]any {
			if v < 2 {
				return v1Defaults()
			}
			return map[string]any{"authentication": "airtableTokenApi", "resource": "record", "operation": "get",
				"options": map[string]any{}, "filterByFormula": "", "returnAll": true, "limit": float64(100), "sort": map[string]any{}, "id": ""}
		},
		Credentials: func(p engine.Params, v float64) []string {
			if a, _ := p.Value("authentication").(string); a != "" {
				if a == "airtableApi" && v < 2 {
					return nil // refused before any credential is read
				}
				return []string{a}
			}
			return []string{"airtableTokenApi"}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			if op := p.Value("operation"); op == "create" || op == "append" {
				return "creates the record again"
			}
			return ""
		},
		Check: func(p engine.Params, v float64) []string {
			if v < 2 {
				op, _ := p.Value("operation").(string)
				if op != "" && !isExpr(op) && !slices.Contains(v1Operations, op) {
					return []string{fmt.Sprintf("parameter operation: unknown value %q", op)}
				}
				if op == "list" && p.Value("downloadAttachments") == true {
					return []string{"parameter downloadAttachments: downloading attachments is not supported by n8n-go"}
				}
				return nil
			}
			if r, _ := p.Value("resource").(string); r != "" && r != "record" {
				return []string{fmt.Sprintf("parameter resource: %q is not supported by n8n-go (supported: record)", r)}
			}
			op, _ := p.Value("operation").(string)
			if op != "" && !isExpr(op) && !slices.Contains(operations, op) {
				return []string{fmt.Sprintf("parameter operation: unknown value %q", op)}
			}
			return nil
		},
	}
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

// run is one execution of the node.
type run struct {
	ex         *engine.Exec
	op         string
	auth       string
	base       string
	table      string // encodeURI'd
	cl         *client
	dataMode   string
	matchingOn []string
}

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	baseURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https://airtable.com/([a-zA-Z0-9]{2,})`)
	})
	tableURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https://airtable.com/[a-zA-Z0-9]{2,}/([a-zA-Z0-9]{2,})`)
	})
	viewURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https://airtable.com/[a-zA-Z0-9]{2,}/[a-zA-Z0-9]{2,}/([a-zA-Z0-9]{2,})`)
	})
)

// locator is getNodeParameter(name, i, undefined, {extractValue: true}).
func (r *run) locator(name string, i int, urlRe *regexp.Regexp) (string, error) {
	v, err := r.ex.Param(name, i)
	if err != nil {
		return "", err
	}
	rl, ok := v.(*data.Object)
	if !ok {
		return jsString(v), nil
	}
	val := jsString(rl.Value("value"))
	if rl.Value("mode") == "url" {
		m := urlRe.FindStringSubmatch(val)
		if m == nil {
			return "", engine.OperationError(i, "ERROR: %s parameter's value is invalid. Please enter a valid URL.", name)
		}
		return m[1], nil
	}
	return val, nil
}

// Execute is n8n's router: base and table from item 0, then the
// operation over the items.
func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex}
	if ex.Version() < 2 {
		out, err := r.executeV1(ctx)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = []data.Item{}
		}
		return [][]data.Item{out}, nil
	}
	var err error
	if r.op, err = ex.ParamString("operation", 0); err != nil {
		return nil, err
	}
	if r.auth, err = ex.ParamString("authentication", 0); err != nil {
		return nil, err
	}
	if r.base, err = r.locator("base", 0, baseURLRe()); err != nil {
		return nil, err
	}
	table, err := r.locator("table", 0, tableURLRe())
	if err != nil {
		return nil, err
	}
	r.table = encodeURI(table)
	var out []data.Item
	switch r.op {
	case "create":
		out, err = r.create(ctx)
	case "search":
		out, err = r.search(ctx)
	case "get", "deleteRecord":
		out, err = r.getOrDelete(ctx)
	case "update":
		out, err = r.update(ctx)
	case "upsert":
		out, err = r.upsert(ctx)
	default:
		return nil, engine.OperationError(-1, "The operation \"%s\" is not supported!", r.op)
	}
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []data.Item{}
	}
	return [][]data.Item{out}, nil
}

// encodeURI is JavaScript's encodeURI.
func encodeURI(s string) string {
	const keep = "-_.!~*'();/?:@&=+$,#"
	var b []byte
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || slices.Contains([]byte(keep), c) {
			b = append(b, c)
			continue
		}
		b = fmt.Appendf(b, "%%%02X", c)
	}
	return string(b)
}
