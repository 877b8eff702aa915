// Package googledrive is n8n's Google Drive node (n8n-nodes-base.googleDrive,
// typeVersion 3): files (upload, download with Google Docs export, copy,
// move, update, share, delete, create from text), search of files and
// folders, folders (create, delete, share) and shared drives through the
// Drive v3 REST API, with n8n's requests (multipart uploads, query
// strings) and output items.
package googledrive

import (
	"context"
	"fmt"
	"slices"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
)

// Credential types: OAuth2 (default) or a service account.
const (
	OAuth2Type         = "googleDriveOAuth2Api"
	ServiceAccountType = "googleApi"
)

var operations = map[string][]string{
	"file":       {"upload", "copy", "createFromText", "deleteFile", "download", "move", "share", "update"},
	"fileFolder": {"search"},
	"folder":     {"create", "deleteFolder", "share"},
	"drive":      {"create", "deleteDrive", "get", "list", "update"},
}

// node holds the service-account token cache its runs share.
type node struct{ tokens *auth.GoogleTokens }

// New returns the node.
func New() engine.Node { return node{tokens: &auth.GoogleTokens{}} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type:     "n8n-nodes-base.googleDrive",
		Versions: []float64{1, 2, 3},
		Defaults: func(v float64) map[string]any {
			if v < 3 {
				return v1Defaults(v)
			}
			return map[string]any{"authentication": "oAuth2", "resource": "file"}
		},
		Credentials: func(p engine.Params, _ float64) []string {
			if a, _ := p.Value("authentication").(string); a == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{OAuth2Type}
		},
		NotIdempotent: func(p engine.Params, _ float64) string {
			res, op := resourceOp(p)
			switch op {
			case "upload", "createFromText", "copy", "create":
				return "creates a second " + res
			}
			return ""
		},
		Check: func(p engine.Params, v float64) []string {
			res, _ := p.Value("resource").(string)
			ops, ok := operations[res]
			if v < 3 {
				ops, ok = operationsV1[res]
			}
			if !ok {
				if isExpr(p.Value("resource")) {
					return nil
				}
				return []string{fmt.Sprintf("parameter resource: unknown value %q", res)}
			}
			op, present := p.Get("operation")
			if !present || isExpr(op) {
				return nil
			}
			if s, _ := op.(string); !slices.Contains(ops, s) {
				return []string{fmt.Sprintf("parameter operation: %q is not an operation of resource %q", s, res)}
			}
			return nil
		},
	}
}

func resourceOp(p engine.Params) (string, string) {
	res, _ := p.Value("resource").(string)
	if res == "" {
		res = "file"
	}
	op, ok := p.Value("operation").(string)
	if !ok && len(operations[res]) > 0 {
		op = operations[res][0]
	}
	return res, op
}

func isExpr(v any) bool {
	s, ok := v.(string)
	return ok && len(s) > 0 && s[0] == '='
}

type run struct {
	ex       *engine.Exec
	resource string
	op       string
	cl       *client
	tokens   *auth.GoogleTokens
}

// Execute is n8n's router: the operation per input item; under
// continueOnFail a failed download keeps the item with json {error}.
func (n node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	if ex.Version() < 3 {
		return n.executeV1(ctx, ex)
	}
	r := &run{ex: ex, tokens: n.tokens}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	if _, ok := ex.Params().Get("operation"); ok {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	} else if ops := operations[r.resource]; len(ops) > 0 {
		r.op = ops[0]
	}
	items := ex.Input(0)
	out := []data.Item{}
	for i := range items {
		res, err := r.item(ctx, i, items[i])
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			msg := engine.AsNodeError(err).Message
			if r.resource == "file" && r.op == "download" {
				// n8n replaces the input item's json and drops it from the
				// output (items[i].json = {error}; nothing is pushed).
				continue
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", msg)})
			continue
		}
		out = append(out, res...)
	}
	return [][]data.Item{out}, nil
}

func (r *run) item(ctx context.Context, i int, in data.Item) ([]data.Item, error) {
	var v any
	var err error
	switch r.resource {
	case "file":
		switch r.op {
		case "download":
			it, err := r.download(ctx, i, in)
			if err != nil {
				return nil, err
			}
			return []data.Item{it}, nil
		case "upload":
			v, err = r.upload(ctx, i)
		case "createFromText":
			v, err = r.createFromText(ctx, i)
		case "copy":
			v, err = r.copy(ctx, i)
		case "move":
			v, err = r.move(ctx, i)
		case "update":
			v, err = r.update(ctx, i)
		case "share":
			v, err = r.share(ctx, "fileId", i)
		case "deleteFile":
			v, err = r.deleteFile(ctx, "fileId", "id", i)
		default:
			err = engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
		}
	case "fileFolder":
		v, err = r.search(ctx, i)
	case "folder":
		switch r.op {
		case "create":
			v, err = r.createFolder(ctx, i)
		case "deleteFolder":
			v, err = r.deleteFile(ctx, "folderNoRootId", "fileId", i)
		case "share":
			v, err = r.share(ctx, "folderNoRootId", i)
		default:
			err = engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
		}
	case "drive":
		v, err = r.driveOp(ctx, i)
	default:
		err = engine.OperationError(-1, "The resource \"%s\" is not known", r.resource)
	}
	if err != nil {
		return nil, err
	}
	return jsonArray(v, i), nil
}

// jsonArray is returnJsonArray + constructExecutionMetaData.
func jsonArray(resp any, i int) []data.Item {
	list, ok := resp.([]any)
	if !ok {
		list = []any{resp}
	}
	out := make([]data.Item, 0, len(list))
	for _, e := range list {
		m, _ := e.(*data.Object)
		if m == nil {
			m = data.NewObject(0)
		}
		out = append(out, data.Item{JSON: m, Paired: data.One(i)})
	}
	return out
}
