// Package readwritefile is n8n's Read/Write Files from Disk node (1):
// files matching a glob become binary items; an item's binary data is
// written to a path. Paths are confined to the engine's allowed folders
// (n8n's N8N_RESTRICT_FILE_ACCESS_TO).
package readwritefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.readWriteFile", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"operation": "read", "fileSelector": "", "fileName": "", "dataPropertyName": "data", "options": map[string]any{}}
		},
		Check: func(p engine.Params, _ float64) []string {
			if op, ok := p.Value("operation").(string); ok && op != "read" && op != "write" && !strings.HasPrefix(op, "=") {
				return []string{fmt.Sprintf(`parameter operation: expected "read" or "write", got %q`, op)}
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
	for i, it := range ex.Input(0) {
		var res []data.Item
		var path string
		if op == "write" {
			var one data.Item
			one, path, err = write(ctx, ex, i, it)
			res = []data.Item{one}
		} else {
			res, path, err = read(ctx, ex, i)
		}
		if err != nil {
			ne := mapError(err, path, op, i)
			if ex.ContinueOnFail() {
				out = append(out, data.Item{JSON: data.ObjectOf("error", ne.Message), Paired: data.One(i)})
				continue
			}
			// n8n rethrows the original error as a NodeApiError.
			ne.Name = "NodeApiError"
			return nil, ne
		}
		out = append(out, res...)
	}
	return [][]data.Item{out}, nil
}

// mapError is the node's errorMapper: permission errors in its words, the
// rest as they are.
func mapError(err error, path, op string, i int) *engine.NodeError {
	ne := engine.AsNodeError(err)
	if ne.ItemIndex < 0 {
		ne.ItemIndex = i
	}
	if errors.Is(err, fs.ErrPermission) {
		if op == "read" {
			ne.Message = "You don't have the permissions to access " + path
			ne.Description = "Verify that the path specified in 'File(s) Selector' is correct, or change the file(s) permissions if needed"
		} else {
			ne.Message = "You don't have the permissions to write the file " + path
			ne.Description = "Specify another destination folder in 'File Path and Name', or change the permissions of the parent folder"
		}
	}
	return ne
}

// resolve is n8n's resolvePath: symlinks resolved, a missing file's folder
// resolved.
func resolve(p string) (string, error) {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return filepath.Abs(r)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return "", err
	}
	return filepath.Abs(filepath.Join(dir, filepath.Base(p)))
}

// blockedFiles is n8n's default N8N_BLOCK_FILE_PATTERNS (flags "mi"):
// anything inside a .git folder, or the folder itself.
var blockedFiles = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?im)^(?:[^/]*/)*\.git(?:/.*)?$`)
})

// allowed is n8n's isFilePathBlocked check: files matching the blocked
// pattern are refused, then, when allowed folders are configured
// (N8N_RESTRICT_FILE_ACCESS_TO), files outside them.
func allowed(ex *engine.Exec, resolved string) error {
	paths := ex.AllowedPaths()
	if blockedFiles().MatchString(path.Clean(filepath.ToSlash(resolved))) {
		msg := "Access to the file is not allowed."
		if len(paths) > 0 {
			msg += " Allowed paths: " + strings.Join(paths, ", ")
		}
		return &engine.NodeError{Name: "NodeOperationError", ItemIndex: -1, Message: msg}
	}
	if len(paths) == 0 {
		return nil
	}
	for _, a := range paths {
		base, err := filepath.Abs(a)
		if err != nil {
			continue
		}
		if r, err := filepath.EvalSymlinks(base); err == nil {
			base = r
		}
		if rel, err := filepath.Rel(base, resolved); err == nil && filepath.IsLocal(rel) || resolved == base {
			return nil
		}
	}
	return &engine.NodeError{Name: "NodeOperationError", ItemIndex: -1,
		Message: "Access to the file is not allowed. Allowed paths: " + strings.Join(paths, ", ")}
}

func read(ctx context.Context, ex *engine.Exec, i int) ([]data.Item, string, error) {
	sel, err := ex.Param("fileSelector", i)
	if err != nil {
		return nil, "", err
	}
	pattern := jsvalue.ToString(sel)
	ov, err := ex.Param("options", i)
	if err != nil {
		return nil, pattern, err
	}
	opts, _ := ov.(*data.Object)
	prop := "data"
	if p := jsvalue.ToString(opts.Value("dataPropertyName")); jsvalue.Truthy(opts.Value("dataPropertyName")) {
		prop = p
	}
	files, err := doublestar.FilepathGlob(pattern, doublestar.WithFilesOnly())
	if err != nil {
		return nil, pattern, err
	}
	var out []data.Item
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, pattern, err
		}
		resolved, err := resolve(f)
		if err != nil {
			return nil, pattern, err
		}
		if err := allowed(ex, resolved); err != nil {
			return nil, pattern, err
		}
		fh, err := os.Open(resolved)
		if err != nil {
			return nil, pattern, err
		}
		bin, err := ex.Binary().PrepareReader(ctx, fh, f, "")
		fh.Close()
		if err != nil {
			return nil, pattern, err
		}
		for _, k := range []string{"fileName", "fileExtension", "mimeType"} {
			if v, ok := opts.Get(k); ok && !data.IsUndefined(v) {
				bin.Set(k, v)
			}
		}
		js := data.NewObject(5)
		for _, k := range []string{"mimeType", "fileType", "fileName", "fileExtension", "fileSize"} {
			if v, ok := bin.Get(k); ok {
				js.Set(k, v)
			}
		}
		out = append(out, data.Item{JSON: js, Binary: data.ObjectOf(prop, bin), Paired: data.One(i)})
	}
	return out, pattern, nil
}

func write(ctx context.Context, ex *engine.Exec, i int, it data.Item) (data.Item, string, error) {
	prop, err := ex.ParamString("dataPropertyName", i)
	if err != nil {
		return data.Item{}, "", err
	}
	name, err := ex.ParamString("fileName", i)
	if err != nil {
		return data.Item{}, "", err
	}
	ov, err := ex.Param("options", i)
	if err != nil {
		return data.Item{}, name, err
	}
	opts, _ := ov.(*data.Object)
	js := it.JSON.Clone()
	if js == nil {
		js = data.NewObject(1)
	}
	bin, err := ex.AssertBinary(i, prop)
	if err != nil {
		return data.Item{}, name, err
	}
	resolved, err := resolve(name)
	if err != nil {
		return data.Item{}, name, err
	}
	if err := allowed(ex, resolved); err != nil {
		return data.Item{}, name, err
	}
	r, err := ex.Binary().Open(bin)
	if err != nil {
		return data.Item{}, name, err
	}
	defer r.Close()
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if jsvalue.Truthy(opts.Value("append")) {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(resolved, flag, 0o644)
	if err != nil {
		return data.Item{}, name, err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return data.Item{}, name, err
	}
	out := data.Item{JSON: js, Paired: data.One(i)}
	if it.Binary != nil {
		out.Binary = it.Binary.Clone()
	}
	js.Set("fileName", name)
	return out, name, nil
}
