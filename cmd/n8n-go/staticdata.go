package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/n8n-go/n8n-go/engine/data"
)

// staticFile is run --static-data: the workflow's static data read before
// the run and written back when the run changed it (n8n saves it in its
// database after every execution that is not manual).
type staticFile struct {
	path   string
	obj    *data.Object
	before []byte
}

func loadStaticFile(path string) (*staticFile, error) {
	f := &staticFile{path: path, obj: data.NewObject(0)}
	raw, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		f.before = []byte("{}")
		return f, nil
	case err != nil:
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		v, err := data.ParseJSON(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		o, ok := v.(*data.Object)
		if !ok {
			return nil, fmt.Errorf("%s: expected a JSON object, as n8n's static data", path)
		}
		f.obj = o
	}
	f.before, _ = data.MarshalValue(f.obj)
	return f, nil
}

// save writes the data when it changed, through a temporary file so that
// a crash never leaves half a file.
func (f *staticFile) save() error {
	if f == nil {
		return nil
	}
	after, err := data.MarshalValue(f.obj)
	if err != nil {
		return err
	}
	if bytes.Equal(after, f.before) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".static-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(after, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
