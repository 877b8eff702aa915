package googledrive

import (
	"regexp"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// Package-level regexps are compiled on first use (sync.OnceValue), not at
// package init, which every invocation of the binary would pay for.

var (
	fileURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https:\/\/(?:drive|docs)\.google\.com(?:\/.*|)\/d\/([0-9a-zA-Z\-_]+)(?:\/.*|)`)
	})
	folderURLRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`https:\/\/drive\.google\.com(?:\/.*|)\/folders\/([0-9a-zA-Z\-_]+)(?:\/.*|)`)
	})
)

// Defaults of the resource locators n8n's description gives per
// operation (parameters equal to their default are not exported).
var (
	myDrive    = data.ObjectOf("__rl", true, "mode", "list", "value", "My Drive")
	rootFolder = data.ObjectOf("__rl", true, "mode", "list", "value", "root", "cachedResultName", "/ (Root folder)")
)

func (r *run) has(name string) bool {
	_, ok := r.ex.Params().Get(name)
	return ok
}

func (r *run) value(name string, i int, def any) (any, error) {
	if !r.has(name) {
		return def, nil
	}
	return r.ex.Param(name, i)
}

func (r *run) str(name string, i int, def string) (string, error) {
	v, err := r.value(name, i, def)
	if err != nil {
		return "", err
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	return jsString(v), nil
}

func (r *run) coll(name string, i int) (*data.Object, error) {
	v, err := r.value(name, i, nil)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*data.Object)
	if m == nil {
		return data.NewObject(0), nil
	}
	return m, nil
}

// locator is getNodeParameter(name, i, def, {extractValue: true}).
func (r *run) locator(name string, i int, def any, urlRe *regexp.Regexp) (any, error) {
	v, err := r.value(name, i, def)
	if err != nil {
		return nil, err
	}
	return extract(v, urlRe, name, i)
}

func extract(v any, urlRe *regexp.Regexp, name string, i int) (any, error) {
	rl, ok := v.(*data.Object)
	if !ok {
		return v, nil
	}
	value := rl.Value("value")
	if rl.Value("mode") != "url" {
		return value, nil
	}
	m := urlRe.FindStringSubmatch(jsString(value))
	if m == nil {
		return nil, engine.OperationError(i, "ERROR: %s parameter's value is invalid. This is likely because the URL entered is incorrect", name)
	}
	return m[1], nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, data.UndefinedType:
		return false
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x != ""
	}
	return true
}

// parentFolder is setParentFolder.
func parentFolder(folderID, driveID any) any {
	if folderID != "root" {
		return folderID
	}
	if truthy(driveID) && driveID != "My Drive" {
		return driveID
	}
	return "root"
}

// fileProperties is setFileProperties.
func fileProperties(body, options *data.Object) {
	for _, k := range []struct{ ui, values, key string }{{"propertiesUi", "propertyValues", "properties"}, {"appPropertiesUi", "appPropertyValues", "appProperties"}} {
		ui, ok := options.Value(k.ui).(*data.Object)
		if !truthy(options.Value(k.ui)) {
			continue
		}
		m := data.NewObject(2)
		if ok {
			list, _ := ui.Value(k.values).([]any)
			for _, x := range list {
				o, _ := x.(*data.Object)
				if o != nil {
					m.Set(jsString(o.Value("key")), o.Value("value"))
				}
			}
		}
		body.Set(k.key, m)
	}
}

// commonParams is setUpdateCommonParams.
func commonParams(qs, options *data.Object) {
	for _, k := range []string{"keepRevisionForever", "ocrLanguage", "useContentAsIndexableText"} {
		if v := options.Value(k); truthy(v) {
			qs.Set(k, v)
		}
	}
}

func allDrivesQS() *data.Object {
	return data.ObjectOf("includeItemsFromAllDrives", true, "supportsAllDrives", true, "spaces", "appDataFolder, drive", "corpora", "allDrives")
}
