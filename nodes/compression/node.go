// Package compression is n8n's Compression node (1, 1.1): binary files
// into a zip or gzip archive, and zip or gzip archives back into files.
//
// n8n uses fflate; n8n-go uses Go's archive/zip and compress/gzip with the
// same container fields (no extra fields, DOS time of now in local time,
// gzip OS byte Unix, level 6 or stored). The deflate streams themselves
// differ from fflate's, so archives n8n-go writes are not byte-equal to
// n8n's (nor to each other's across runs: both stamp the current time);
// what they unpack to is. Archives are streamed through the binary store,
// never held whole.
package compression

import (
	"context"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

// Type is the n8n type name.
const Type = "n8n-nodes-base.compression"

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: Type, Versions: []float64{1, 1.1},
		Defaults: func(v float64) map[string]any {
			format := "zip"
			if v == 1 {
				format = ""
			}
			return map[string]any{"operation": "decompress", "binaryPropertyName": "data", "outputFormat": format,
				"fileName": "", "binaryPropertyOutput": "data"}
		},
		Check: func(p engine.Params, _ float64) []string {
			switch op := p.String("operation"); op {
			case "compress", "decompress":
			default:
				return []string{fmt.Sprintf("parameter operation: unknown value %q (compress or decompress)", op)}
			}
			return nil
		},
	}
}

// alreadyCompressed are the extensions n8n stores in a zip without
// deflating them again.
var alreadyCompressed = map[string]bool{
	"7z": true, "aifc": true, "bz2": true, "doc": true, "docx": true, "gif": true, "gz": true,
	"heic": true, "heif": true, "jpg": true, "jpeg": true, "mov": true, "mp3": true, "mp4": true,
	"pdf": true, "png": true, "ppt": true, "pptx": true, "rar": true, "webm": true, "webp": true,
	"xls": true, "xlsx": true, "zip": true,
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	op, err := ex.ParamString("operation", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	for i, it := range ex.Input(0) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var res []data.Item
		var err error
		switch op {
		case "decompress":
			res, err = decompress(ctx, ex, i, it)
		case "compress":
			res, err = compress(ctx, ex, i, it)
		}
		if err != nil {
			failed, err := ex.FailItem(err, i)
			if err != nil {
				return nil, err
			}
			out = append(out, failed)
			continue
		}
		out = append(out, res...)
	}
	return [][]data.Item{out}, nil
}

// names splits a comma-separated list of binary field names.
func names(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func param(ex *engine.Exec, name string, i int, def string) (string, error) {
	v, err := ex.ParamOr(name, i, def)
	if err != nil {
		return "", err
	}
	return jsvalue.ToString(v), nil
}

// firstPart is JavaScript's name?.split('.')[0] ("undefined" when the
// file has no name, as n8n's template string prints it).
func firstPart(bin *data.Object) string {
	name, ok := bin.Value("fileName").(string)
	if !ok {
		return "undefined"
	}
	first, _, _ := strings.Cut(name, ".")
	return first
}

func decompress(ctx context.Context, ex *engine.Exec, i int, it data.Item) ([]data.Item, error) {
	list, err := param(ex, "binaryPropertyName", 0, "data")
	if err != nil {
		return nil, err
	}
	prefix, err := param(ex, "outputPrefix", 0, "file_")
	if err != nil {
		return nil, err
	}
	result := data.NewObject(0)
	zipIndex := 0
	for index, prop := range names(list) {
		bin, err := ex.AssertBinary(i, prop)
		if err != nil {
			return nil, err
		}
		ext := strings.ToLower(jsvalue.ToString(bin.Value("fileExtension")))
		if v := bin.Value("fileExtension"); v == nil || data.IsUndefined(v) || ext == "" {
			return nil, engine.OperationError(i, "File extension not found for binary data %s", prop)
		}
		switch ext {
		case "zip":
			files, err := unzip(ctx, ex.Binary(), bin)
			if err != nil {
				return nil, err
			}
			for name, meta := range files.All() {
				if strings.Contains(name, "__MACOSX") {
					// macOS archives duplicate their files there.
					continue
				}
				result.Set(fmt.Sprintf("%s%d", prefix, zipIndex), meta)
				zipIndex++
			}
		case "gz", "gzip":
			meta, err := gunzip(ctx, ex.Binary(), bin)
			if err != nil {
				return nil, err
			}
			result.Set(fmt.Sprintf("%s%d", prefix, index), meta)
		}
	}
	return []data.Item{{JSON: it.JSON, Binary: result, Paired: data.One(i)}}, nil
}

func compress(ctx context.Context, ex *engine.Exec, i int, it data.Item) ([]data.Item, error) {
	// Version 1 reads the per-item parameters of the first item.
	pi := 0
	if ex.Version() > 1 {
		pi = i
	}
	list, err := param(ex, "binaryPropertyName", pi, "data")
	if err != nil {
		return nil, err
	}
	format, err := ex.ParamString("outputFormat", 0)
	if err != nil {
		return nil, err
	}
	var entries []zipEntry
	result := data.NewObject(0)
	for index, prop := range names(list) {
		bin, err := ex.AssertBinary(i, prop)
		if err != nil {
			return nil, err
		}
		switch format {
		case "zip":
			ext, _ := bin.Value("fileExtension").(string)
			name, ok := bin.Value("fileName").(string)
			if !ok {
				name = "undefined"
			}
			entries = append(entries, zipEntry{name: name, bin: bin, store: alreadyCompressed[ext]})
		case "gzip":
			var field, filePath string
			if ex.Version() > 1 {
				out, err := param(ex, "binaryPropertyOutput", i, "data")
				if err != nil {
					return nil, err
				}
				field = out
				if index > 0 {
					field = fmt.Sprintf("%s%d", out, index)
				}
				name, err := param(ex, "fileName", i, "")
				if err != nil {
					return nil, err
				}
				if name == "" {
					name = firstPart(bin)
				} else {
					// JavaScript's replace with a string: the first
					// occurrence only, ".gz" before ".gzip".
					name = strings.Replace(strings.Replace(name, ".gz", "", 1), ".gzip", "", 1)
				}
				ext := ""
				if e, ok := bin.Value("fileExtension").(string); ok && e != "" {
					ext = "." + strings.ToLower(e)
				}
				filePath = name + ext + ".gz"
			} else {
				out, err := param(ex, "outputPrefix", 0, "data")
				if err != nil {
					return nil, err
				}
				field = fmt.Sprintf("%s%d", out, index)
				filePath = firstPart(bin) + ".gzip"
			}
			meta, err := gzipFile(ctx, ex.Binary(), bin, filePath, ex.Now())
			if err != nil {
				return nil, err
			}
			result.Set(field, meta)
		}
	}
	switch format {
	case "zip":
		name, err := param(ex, "fileName", pi, "")
		if err != nil {
			return nil, err
		}
		field, err := param(ex, "binaryPropertyOutput", pi, "data")
		if err != nil {
			return nil, err
		}
		meta, err := zipFiles(ctx, ex.Binary(), entries, name, ex.Now())
		if err != nil {
			return nil, err
		}
		return []data.Item{{JSON: it.JSON, Binary: data.ObjectOf(field, meta), Paired: data.One(i)}}, nil
	case "gzip":
		return []data.Item{{JSON: it.JSON, Binary: result, Paired: data.One(i)}}, nil
	}
	// Version 1 without an output format outputs nothing for the item.
	return nil, nil
}
