package readwritefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type readBinary struct{}

type writeBinary struct{}

// NewReadBinary returns n8n's legacy Read Binary File node (1): one file,
// by path, into each item's binary data beside what it had.
func NewReadBinary() engine.Node { return readBinary{} }

// NewWriteBinary returns n8n's legacy Write Binary File node (1): each
// item's binary file to a path, the path added to the item's JSON.
func NewWriteBinary() engine.Node { return writeBinary{} }

func (readBinary) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.readBinaryFile", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"filePath": "", "dataPropertyName": "data"}
		},
	}
}

func (writeBinary) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.writeBinaryFile", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"fileName": "", "dataPropertyName": "data", "options": map[string]any{}}
		},
	}
}

// legacyLoop runs one item at a time with the legacy nodes' error
// handling: the error's message as the item under continueOnFail, else
// the error as it is.
func legacyLoop(ex *engine.Exec, one func(i int, it data.Item) (data.Item, error)) ([][]data.Item, error) {
	var out []data.Item
	for i, it := range ex.Input(0) {
		if err := ex.Context().Err(); err != nil {
			return nil, err
		}
		res, err := one(i, it)
		if err != nil {
			failed, err := ex.FailItem(err, i)
			if err != nil {
				return nil, err
			}
			out = append(out, failed)
			continue
		}
		out = append(out, res)
	}
	return [][]data.Item{out}, nil
}

func (readBinary) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return legacyLoop(ex, func(i int, it data.Item) (data.Item, error) {
		path, err := ex.ParamString("filePath", i)
		if err != nil {
			return data.Item{}, err
		}
		resolved, err := resolve(path)
		if errors.Is(err, fs.ErrNotExist) {
			resolved = path
		} else if err != nil {
			return data.Item{}, nodeFSError(err, "realpath", path)
		}
		if err := allowed(ex, resolved); err != nil {
			return data.Item{}, err
		}
		f, err := os.Open(resolved)
		if errors.Is(err, fs.ErrNotExist) {
			return data.Item{}, nodeFSError(err, "stat", resolved)
		}
		if err != nil {
			return data.Item{}, nodeFSError(err, "open", resolved)
		}
		defer f.Close()
		prop, err := ex.ParamString("dataPropertyName", i)
		if err != nil {
			return data.Item{}, err
		}
		bin, err := ex.Binary().PrepareReader(ctx, f, path, "")
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return data.Item{}, nodeFSError(err, "read", "")
			}
			return data.Item{}, err
		}
		nb := data.NewObject(1)
		if it.Binary != nil {
			nb = it.Binary.Clone()
		}
		nb.Set(prop, bin)
		return data.Item{JSON: it.JSON, Binary: nb, Paired: data.One(i)}, nil
	})
}

func (writeBinary) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return legacyLoop(ex, func(i int, it data.Item) (data.Item, error) {
		prop, err := ex.ParamString("dataPropertyName", i)
		if err != nil {
			return data.Item{}, err
		}
		name, err := ex.ParamString("fileName", i)
		if err != nil {
			return data.Item{}, err
		}
		ov, err := ex.Param("options", 0)
		if err != nil {
			return data.Item{}, err
		}
		opts, _ := ov.(*data.Object)
		js := data.CloneObject(it.JSON)
		if js == nil {
			js = data.NewObject(1)
		}
		bin, err := ex.AssertBinary(i, prop)
		if err != nil {
			return data.Item{}, err
		}
		resolved, err := resolve(name)
		if errors.Is(err, fs.ErrNotExist) {
			// n8n resolves the folder of a file not yet written: a
			// missing folder is realpath's error on it.
			return data.Item{}, nodeFSError(err, "realpath", filepath.Dir(name))
		} else if err != nil {
			return data.Item{}, nodeFSError(err, "realpath", name)
		}
		if err := allowed(ex, resolved); err != nil {
			return data.Item{}, err
		}
		r, err := ex.Binary().Open(bin)
		if err != nil {
			return data.Item{}, err
		}
		defer r.Close()
		flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if jsvalue.Truthy(opts.Value("append")) {
			flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		}
		f, err := os.OpenFile(resolved, flag, 0o666)
		if err != nil {
			return data.Item{}, nodeFSError(err, "open", resolved)
		}
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return data.Item{}, nodeFSError(err, "write", "")
		}
		out := data.Item{JSON: js, Paired: data.One(i)}
		if it.Binary != nil {
			out.Binary = it.Binary.Clone()
		}
		js.Set("fileName", name)
		return out, nil
	})
}

// errnoText is libuv's code and description of the errors file nodes meet.
var errnoText = map[syscall.Errno][2]string{
	syscall.ENOENT:  {"ENOENT", "no such file or directory"},
	syscall.EACCES:  {"EACCES", "permission denied"},
	syscall.EPERM:   {"EPERM", "operation not permitted"},
	syscall.EISDIR:  {"EISDIR", "illegal operation on a directory"},
	syscall.ENOTDIR: {"ENOTDIR", "not a directory"},
	syscall.EBADF:   {"EBADF", "bad file descriptor"},
	syscall.EEXIST:  {"EEXIST", "file already exists"},
	syscall.ENOSPC:  {"ENOSPC", "no space left on device"},
	syscall.EROFS:   {"EROFS", "read-only file system"},
}

// nodeFSError words a file system error as Node.js does
// ("ENOENT: no such file or directory, open '/x'").
func nodeFSError(err error, syscallName, path string) error {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err
	}
	t, ok := errnoText[errno]
	if !ok {
		return err
	}
	msg := fmt.Sprintf("%s: %s, %s", t[0], t[1], syscallName)
	if path != "" {
		msg += " '" + path + "'"
	}
	return &engine.NodeError{Message: msg, ItemIndex: -1, Err: err}
}
