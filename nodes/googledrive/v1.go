package googledrive

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// typeVersions 1 and 2 (n8n's GoogleDriveV1): files (copy, delete,
// download, list, share, update, upload), folders (create, delete,
// share) and shared drives, with the old transport (request options,
// Content-Type application/json on every call). The versions differ in
// the default authentication (service account in 1) and in file list,
// which in 1 returns after the first item.

// operationsV1 lists GoogleDriveV1's operations; the first is n8n's
// default.
var operationsV1 = map[string][]string{
	"file":   {"upload", "copy", "delete", "download", "list", "share", "update"},
	"folder": {"create", "delete", "share"},
	"drive":  {"create", "delete", "get", "list", "update"},
}

func v1Defaults(v float64) map[string]any {
	a := "serviceAccount"
	if v >= 2 {
		a = "oAuth2"
	}
	return map[string]any{"authentication": a, "resource": "file"}
}

// executeV1 is GoogleDriveV1.execute. A download adds the file to the
// input item; every other operation's items replace the input.
func (n node) executeV1(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	r := &run{ex: ex, tokens: n.tokens}
	var err error
	if r.resource, err = ex.ParamString("resource", 0); err != nil {
		return nil, err
	}
	if _, ok := ex.Params().Get("operation"); ok {
		if r.op, err = ex.ParamString("operation", 0); err != nil {
			return nil, err
		}
	} else if ops := operationsV1[r.resource]; len(ops) > 0 {
		r.op = ops[0]
	}
	items := append([]data.Item(nil), ex.Input(0)...)
	download := r.resource == "file" && r.op == "download"
	out := []data.Item{}
	for i := range items {
		res, stop, err := r.itemV1(ctx, i, items)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			msg := engine.AsNodeError(err).Message
			if download {
				items[i].JSON = data.ObjectOf("error", msg)
			} else {
				out = append(out, data.Item{JSON: data.ObjectOf("error", msg)})
			}
			continue
		}
		if stop {
			return [][]data.Item{res}, nil
		}
		out = append(out, res...)
	}
	if download {
		return [][]data.Item{items}, nil
	}
	return [][]data.Item{out}, nil
}

// callV1 is the old googleApiRequest: Content-Type application/json on
// every request (the upload's own headers replace it).
func (r *run) callV1(ctx context.Context, rq request, i int) (*response, error) {
	rq.anyAccept = true
	if rq.raw == nil {
		rq.contentType = "application/json"
	}
	return r.call(ctx, rq, i)
}

// queryFieldsV1 is the options.fields list as the fields parameter.
func queryFieldsV1(options *data.Object) string {
	fields, ok := options.Value("fields").([]any)
	if !truthy(options.Value("fields")) || !ok {
		return "id, name"
	}
	for _, f := range fields {
		if f == "*" {
			return "*"
		}
	}
	parts := make([]string, len(fields))
	for j, f := range fields {
		parts[j] = jsString(f)
	}
	return strings.Join(parts, ", ")
}

func (r *run) itemV1(ctx context.Context, i int, items []data.Item) ([]data.Item, bool, error) {
	options, err := r.coll("options", i)
	if err != nil {
		return nil, false, err
	}
	fields := queryFieldsV1(options)
	one := func(v any, err error) ([]data.Item, bool, error) {
		if err != nil {
			return nil, false, err
		}
		return jsonArray(v, i), false, nil
	}
	switch r.resource {
	case "drive":
		if r.op == "delete" {
			r.op = "deleteDrive"
			defer func() { r.op = "delete" }()
		}
		if r.op == "list" {
			return one(r.listDrivesV1(ctx, options, i))
		}
		return one(r.driveOp(ctx, i))
	case "file":
		switch r.op {
		case "copy":
			return one(r.copyV1(ctx, options, fields, i))
		case "download":
			return nil, false, r.downloadV1(ctx, i, items)
		case "list":
			files, err := r.listV1(ctx, options, fields, i)
			if err != nil {
				return nil, false, err
			}
			return jsonArray(files, i), r.ex.Version() == 1, nil
		case "upload":
			return one(r.uploadV1(ctx, fields, i))
		case "update":
			return one(r.updateV1(ctx, options, fields, i))
		}
	case "folder":
		if r.op == "create" {
			name, err := r.value("name", i, "")
			if err != nil {
				return nil, false, err
			}
			parents := options.Value("parents")
			if !truthy(parents) {
				parents = []any{}
			}
			body := data.ObjectOf("name", name, "mimeType", "application/vnd.google-apps.folder", "parents", parents)
			resp, err := r.callV1(ctx, request{method: "POST", path: "/drive/v3/files", body: body,
				qs: data.ObjectOf("fields", fields, "supportsAllDrives", true)}, i)
			if err != nil {
				return nil, false, err
			}
			return one(resp.value, nil)
		}
	}
	if r.resource == "file" || r.resource == "folder" {
		re := fileURLRe()
		if r.resource == "folder" {
			re = folderURLRe()
		}
		switch r.op {
		case "delete":
			id, err := r.locator("fileId", i, nil, re)
			if err != nil {
				return nil, false, err
			}
			if _, err := r.callV1(ctx, request{method: "DELETE", path: "/drive/v3/files/" + jsString(id),
				qs: data.ObjectOf("supportsTeamDrives", true)}, i); err != nil {
				return nil, false, err
			}
			return one(data.ObjectOf("fileId", id, "success", true), nil)
		case "share":
			id, err := r.locator("fileId", i, nil, re)
			if err != nil {
				return nil, false, err
			}
			perms, err := r.coll("permissionsUi", i)
			if err != nil {
				return nil, false, err
			}
			body := data.NewObject(4)
			if pv, ok := perms.Value("permissionsValues").(*data.Object); ok {
				// n8n fills a shown field the workflow leaves out with its
				// default, ahead of the fields given (recorded: an "anyone"
				// share sends allowFileDiscovery:false first).
				typ := pv.Value("type")
				for _, f := range []struct {
					key   string
					def   any
					shown bool
				}{
					{"emailAddress", "", typ == "user" || typ == "group"},
					{"domain", "", typ == "domain"},
					{"allowFileDiscovery", false, typ == "domain" || typ == "anyone"},
				} {
					if _, given := pv.Get(f.key); f.shown && !given {
						body.Set(f.key, f.def)
					}
				}
				for k, v := range pv.All() {
					body.Set(k, v)
				}
			}
			qs := data.ObjectOf("supportsTeamDrives", true)
			for k, v := range options.All() {
				qs.Set(k, v)
			}
			resp, err := r.callV1(ctx, request{method: "POST", path: "/drive/v3/files/" + jsString(id) + "/permissions", body: body, qs: qs}, i)
			if err != nil {
				return nil, false, err
			}
			return one(resp.value, nil)
		}
	}
	return nil, false, nil
}

func (r *run) listDrivesV1(ctx context.Context, options *data.Object, i int) (any, error) {
	returnAll, err := r.value("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	qs := options.Clone()
	if truthy(returnAll) {
		if !truthy(qs.Value("maxResults")) {
			qs.Set("maxResults", 100.0)
		}
		if !truthy(qs.Value("pageSize")) {
			qs.Set("pageSize", 100.0)
		}
		var out []any
		for page := 0; page < 10000; page++ {
			resp, err := r.callV1(ctx, request{method: "GET", path: "/drive/v3/drives", qs: qs}, i)
			if err != nil {
				return nil, err
			}
			m, _ := resp.value.(*data.Object)
			if l, ok := m.Value("drives").([]any); ok {
				out = append(out, l...)
			}
			// n8n's old helper never sends the page token on: a second
			// page would repeat the first, so one is all it can read.
			next, ok := m.Value("nextPageToken").(string)
			if !ok || next == "" {
				break
			}
			return nil, engine.OperationError(i, "more than one page of shared drives: n8n's typeVersion 1 helper loops on the first page")
		}
		return nonNil(out), nil
	}
	limit, err := r.value("limit", i, 100.0)
	if err != nil {
		return nil, err
	}
	qs.Set("pageSize", limit)
	resp, err := r.callV1(ctx, request{method: "GET", path: "/drive/v3/drives", qs: qs}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	l, _ := m.Value("drives").([]any)
	return nonNil(l), nil
}

func nonNil(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

func (r *run) copyV1(ctx context.Context, options *data.Object, fields string, i int) (any, error) {
	id, err := r.locator("fileId", i, nil, fileURLRe())
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("fields", fields)
	for _, k := range []string{"name", "parents"} {
		if v, ok := options.Get(k); ok && !data.IsUndefined(v) {
			body.Set(k, v)
		}
	}
	resp, err := r.callV1(ctx, request{method: "POST", path: "/drive/v3/files/" + jsString(id) + "/copy", body: body,
		qs: data.ObjectOf("supportsAllDrives", true)}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

// downloadV1 replaces input item i by {json, binary + the file}.
func (r *run) downloadV1(ctx context.Context, i int, items []data.Item) error {
	id, err := r.locator("fileId", i, nil, fileURLRe())
	if err != nil {
		return err
	}
	options, err := r.coll("options", i)
	if err != nil {
		return err
	}
	fid := jsString(id)
	resp, err := r.callV1(ctx, request{method: "GET", path: "/drive/v3/files/" + fid,
		qs: data.ObjectOf("fields", "mimeType,name", "supportsTeamDrives", true)}, i)
	if err != nil {
		return err
	}
	file, _ := resp.value.(*data.Object)
	fmime, ok := file.Value("mimeType").(string)
	if !ok {
		return engine.OperationError(i, "Cannot read properties of undefined (reading 'includes')")
	}
	var content *response
	if strings.Contains(fmime, "vnd.google-apps") {
		const key = "options.googleFileConversion.conversion"
		parts := strings.Split(fmime, ".")
		typ := ""
		if len(parts) > 2 {
			typ = parts[2]
		}
		var mt any
		switch typ {
		case "document":
			mt, err = r.ex.ParamOr(key+".docsToFormat", i, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		case "presentation":
			mt, err = r.ex.ParamOr(key+".slidesToFormat", i, "application/vnd.openxmlformats-officedocument.presentationml.presentation")
		case "spreadsheet":
			mt, err = r.ex.ParamOr(key+".sheetsToFormat", i, "application/x-vnd.oasis.opendocument.spreadsheet")
		default:
			mt, err = r.ex.ParamOr(key+".drawingsToFormat", i, "image/jpeg")
		}
		if err != nil {
			return err
		}
		content, err = r.callV1(ctx, request{method: "GET", path: "/drive/v3/files/" + fid + "/export", binary: true,
			qs: data.ObjectOf("mimeType", mt)}, i)
	} else {
		content, err = r.callV1(ctx, request{method: "GET", path: "/drive/v3/files/" + fid, binary: true,
			qs: data.ObjectOf("alt", "media")}, i)
	}
	if err != nil {
		return err
	}
	mimeType := content.header.Get("Content-Type")
	if mimeType == "" {
		mimeType = fmime
	}
	fileName := jsString(file.Value("name"))
	if v, ok := options.Get("fileName"); ok && v != nil && !data.IsUndefined(v) {
		fileName = jsString(v)
	}
	prop, err := r.str("binaryPropertyName", i, "data")
	if err != nil {
		return err
	}
	meta, err := r.ex.Binary().Prepare(ctx, content.body, fileName, mimeType)
	if err != nil {
		return err
	}
	bin := data.NewObject(1)
	if items[i].Binary != nil {
		for k, v := range items[i].Binary.All() {
			bin.Set(k, v)
		}
	}
	bin.Set(prop, meta)
	items[i] = data.Item{JSON: items[i].JSON, Binary: bin}
	return nil
}

// listV1 is the old file list: one page of limit files, newest change
// last (orderBy modifiedTime), filtered by the query string or by name
// and MIME type filters.
func (r *run) listV1(ctx context.Context, options *data.Object, fields string, i int) (any, error) {
	spaces := ""
	if list, ok := options.Value("spaces").([]any); ok && truthy(options.Value("spaces")) {
		all := false
		parts := make([]string, len(list))
		for j, s := range list {
			parts[j] = jsString(s)
			all = all || s == "*"
		}
		spaces = strings.Join(parts, ", ")
		if all {
			spaces = "appDataFolder, drive, photos"
		}
	}
	q := ""
	useQS, err := r.value("useQueryString", i, false)
	if err != nil {
		return nil, err
	}
	if truthy(useQS) {
		if q, err = r.str("queryString", i, ""); err != nil {
			return nil, err
		}
	} else {
		filters, err := r.coll("queryFilters", i)
		if err != nil {
			return nil, err
		}
		var parts []string
		if names, ok := filters.Value("name").([]any); ok {
			for _, nf := range names {
				f, _ := nf.(*data.Object)
				op := jsString(f.Value("operation"))
				switch op {
				case "is":
					op = "="
				case "isNot":
					op = "!="
				}
				parts = append(parts, "name "+op+" '"+jsString(f.Value("value"))+"'")
			}
			q += strings.Join(parts, " or ")
		}
		parts = parts[:0]
		if mimes, ok := filters.Value("mimeType").([]any); ok {
			for _, mf := range mimes {
				f, _ := mf.(*data.Object)
				mt := f.Value("mimeType")
				if mt == "custom" {
					mt = f.Value("customMimeType")
				}
				parts = append(parts, "mimeType = '"+jsString(mt)+"'")
			}
			if len(parts) > 0 {
				if q != "" {
					q += " and "
				}
				q += strings.Join(parts, " or ")
			}
		}
	}
	limit, err := r.value("limit", i, 50.0)
	if err != nil {
		return nil, err
	}
	// includeItemsFromAllDrives and supportsAllDrives: n8n compares the
	// driveId option (undefined when not set or "") with "", always true.
	qs := data.ObjectOf("pageSize", limit, "orderBy", "modifiedTime", "fields", "nextPageToken, files("+fields+")",
		"spaces", spaces, "q", q, "includeItemsFromAllDrives", true, "supportsAllDrives", true)
	resp, err := r.callV1(ctx, request{method: "GET", path: "/drive/v3/files", qs: qs}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	files, _ := m.Value("files").([]any)
	return nonNil(files), nil
}

// uploadV1 sends the content (binary property or text) in one media
// upload, then names and places the file with a PATCH.
func (r *run) uploadV1(ctx context.Context, fields string, i int) (any, error) {
	resolve, err := r.value("resolveData", 0, false)
	if err != nil {
		return nil, err
	}
	isBinary, err := r.value("binaryData", i, false)
	if err != nil {
		return nil, err
	}
	var content []byte
	mimeType := "text/plain"
	var originalFilename any = data.Undefined
	if truthy(isBinary) {
		prop, err := r.str("binaryPropertyName", i, "data")
		if err != nil {
			return nil, err
		}
		meta, err := r.ex.AssertBinary(i, prop)
		if err != nil {
			return nil, err
		}
		if content, err = r.ex.Binary().Bytes(meta); err != nil {
			return nil, err
		}
		if v, ok := meta.Get("fileName"); ok {
			originalFilename = v
		}
		mt, ok := meta.Get("mimeType")
		if !ok {
			mt = data.Undefined
		}
		mimeType = jsString(mt)
	} else {
		text, err := r.str("fileContent", i, "")
		if err != nil {
			return nil, err
		}
		content = []byte(text)
	}
	name, err := r.value("name", i, "")
	if err != nil {
		return nil, err
	}
	parentsV, err := r.value("parents", i, []any{})
	if err != nil {
		return nil, err
	}
	parents, ok := parentsV.([]any)
	if !ok {
		return nil, engine.OperationError(i, "parents.join is not a function")
	}
	up, err := r.callV1(ctx, request{method: "POST", path: "/upload/drive/v3/files", raw: content, contentType: mimeType,
		qs: data.ObjectOf("fields", fields, "uploadType", "media"), binary: true}, i)
	if err != nil {
		return nil, err
	}
	parsed, perr := data.ParseJSON(up.body)
	if perr != nil {
		return nil, engine.OperationError(i, "Unexpected token in JSON")
	}
	uploadID := jsString(obj(parsed).Value("id"))
	body := data.ObjectOf("mimeType", mimeType, "name", name, "originalFilename", originalFilename)
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	props := keyValues(options, "propertiesUi", "propertyValues")
	if len(props) > 0 {
		body.Set("properties", reduceKV(props))
		body.Set("appProperties", reduceKV(keyValues(options, "appPropertiesUi", "appPropertyValues")))
	}
	joined := make([]string, len(parents))
	for j, p := range parents {
		if p != nil && !data.IsUndefined(p) {
			joined[j] = jsString(p)
		}
	}
	resp, err := r.callV1(ctx, request{method: "PATCH", path: "/drive/v3/files/" + uploadID, body: body,
		qs: data.ObjectOf("addParents", strings.Join(joined, ","), "supportsAllDrives", true)}, i)
	if err != nil {
		return nil, err
	}
	if truthy(resolve) {
		id := jsString(obj(resp.value).Value("id"))
		if resp, err = r.callV1(ctx, request{method: "GET", path: "/drive/v3/files/" + id, qs: data.ObjectOf("fields", "*")}, i); err != nil {
			return nil, err
		}
	}
	return resp.value, nil
}

func obj(v any) *data.Object { o, _ := v.(*data.Object); return o }

func keyValues(options *data.Object, ui, values string) []any {
	l, _ := obj(options.Value(ui)).Value(values).([]any)
	return l
}

func reduceKV(list []any) *data.Object {
	m := data.NewObject(len(list))
	for _, e := range list {
		o := obj(e)
		m.Set(jsString(o.Value("key")), o.Value("value"))
	}
	return m
}

func (r *run) updateV1(ctx context.Context, options *data.Object, fields string, i int) (any, error) {
	id, err := r.locator("fileId", i, nil, fileURLRe())
	if err != nil {
		return nil, err
	}
	uf, err := r.coll("updateFields", i)
	if err != nil {
		return nil, err
	}
	qs := data.ObjectOf("supportsAllDrives", true)
	for k, v := range options.All() {
		qs.Set(k, v)
	}
	qs.Set("fields", fields)
	body := data.NewObject(2)
	if v := uf.Value("fileName"); truthy(v) {
		body.Set("name", v)
	}
	if v, ok := uf.Get("trashed"); ok {
		body.Set("trashed", v)
	}
	if v := uf.Value("parentId"); truthy(v) {
		qs.Set("addParents", v)
	}
	resp, err := r.callV1(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(id), body: body, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}
