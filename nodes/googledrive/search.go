package googledrive

import (
	"context"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

const folderType = "application/vnd.google-apps.folder"

func (r *run) search(ctx context.Context, i int) (any, error) {
	method, err := r.str("searchMethod", i, "name")
	if err != nil {
		return nil, err
	}
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	qstr, err := r.str("queryString", i, "")
	if err != nil {
		return nil, err
	}
	var query []string
	if method == "name" {
		query = append(query, "name contains '"+qstr+"'")
	} else {
		query = append(query, qstr)
	}
	filter, err := r.coll("filter", i)
	if err != nil {
		return nil, err
	}
	driveID, folderID := any(""), any("")
	var types []string
	if filter.Len() > 0 {
		if fv := filter.Value("folderId"); truthy(fv) {
			if folderID, err = extract(fv, folderURLRe(), "filter.folderId", i); err != nil {
				return nil, err
			}
		}
		if truthy(folderID) && folderID != "root" {
			query = append(query, "'"+jsString(folderID)+"' in parents")
		}
		if dv := filter.Value("driveId"); truthy(dv) {
			if driveID, err = extract(dv, folderURLRe(), "filter.driveId", i); err != nil {
				return nil, err
			}
		}
		what := filter.Value("whatToSearch")
		if !truthy(what) {
			what = "all"
		}
		if what == "folders" {
			query = append(query, "mimeType = '"+folderType+"'")
		} else {
			if what == "files" {
				query = append(query, "mimeType != '"+folderType+"'")
			}
			if ft, ok := filter.Value("fileTypes").([]any); ok && len(ft) > 0 && !containsAny(ft, "*") {
				for _, t := range ft {
					types = append(types, "mimeType = '"+jsString(t)+"'")
				}
			}
		}
		if !truthy(filter.Value("includeTrashed")) {
			query = append(query, "trashed = false")
		}
	}
	if len(types) > 0 {
		query = append(query, "("+strings.Join(types, " or ")+")")
	}
	var kept []string
	for _, q := range query {
		if q != "" {
			kept = append(kept, q)
		}
	}
	fields := "id, name"
	if f, ok := options.Value("fields").([]any); ok && truthy(options.Value("fields")) {
		fields = queryFields(f)
	}
	qs := data.ObjectOf("fields", "nextPageToken, files("+fields+")", "q", strings.Join(kept, " and "))
	for k, v := range allDrivesQS().All() {
		qs.Set(k, v)
	}
	if truthy(driveID) {
		if driveID == "My Drive" {
			qs.Set("includeItemsFromAllDrives", false)
			qs.Set("supportsAllDrives", false)
			qs.Set("spaces", "appDataFolder, drive")
			qs.Set("corpora", "user")
		} else {
			qs.Set("driveId", driveID)
			qs.Set("corpora", "drive")
		}
	}
	if !truthy(driveID) && folderID == "root" {
		qs.Set("corpora", "user")
		qs.Set("spaces", "drive")
		qs.Set("includeItemsFromAllDrives", false)
		qs.Set("supportsAllDrives", false)
	}
	returnAll, err := r.value("returnAll", i, false)
	if err != nil {
		return nil, err
	}
	if truthy(returnAll) {
		return r.all(ctx, "files", "/drive/v3/files", qs, i)
	}
	limit, err := r.value("limit", i, 50.0)
	if err != nil {
		return nil, err
	}
	qs.Set("pageSize", limit)
	resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/files", qs: qs}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	list, _ := m.Value("files").([]any)
	if list == nil {
		return []any{}, nil
	}
	return list, nil
}

func containsAny(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// all is googleApiRequestAllItems: maxResults and pageSize 100 (unless
// set), pageToken from each answer until there is none.
func (r *run) all(ctx context.Context, prop, path string, qs *data.Object, i int) ([]any, error) {
	if !truthy(qs.Value("maxResults")) {
		qs.Set("maxResults", 100.0)
	}
	if !truthy(qs.Value("pageSize")) {
		qs.Set("pageSize", 100.0)
	}
	out := []any{}
	for page := 0; page < 100000; page++ {
		resp, err := r.call(ctx, request{method: "GET", path: path, qs: qs}, i)
		if err != nil {
			return nil, err
		}
		m, _ := resp.value.(*data.Object)
		if l, ok := m.Value(prop).([]any); ok {
			out = append(out, l...)
		}
		next, ok := m.Value("nextPageToken").(string)
		if ok && next != "" {
			qs.Set("pageToken", next)
			continue
		}
		break
	}
	return out, nil
}

func (r *run) createFolder(ctx context.Context, i int) (any, error) {
	name, err := r.value("name", i, "")
	if err != nil {
		return nil, err
	}
	if !truthy(name) {
		name = "Untitled"
	}
	driveID, err := r.locator("driveId", i, myDrive, folderURLRe())
	if err != nil {
		return nil, err
	}
	folderID, err := r.locator("folderId", i, rootFolder, folderURLRe())
	if err != nil {
		return nil, err
	}
	body := data.ObjectOf("name", name, "mimeType", folderType, "parents", []any{parentFolder(folderID, driveID)})
	color, err := r.ex.ParamOr("options.folderColorRgb", i, "")
	if err != nil {
		return nil, err
	}
	if truthy(color) {
		body.Set("folderColorRgb", color)
	}
	simplify, err := r.ex.ParamOr("options.simplifyOutput", i, true)
	if err != nil {
		return nil, err
	}
	var fields any = data.Undefined
	if !truthy(simplify) {
		fields = "*"
	}
	qs := data.ObjectOf("fields", fields)
	for k, v := range allDrivesQS().All() {
		qs.Set(k, v)
	}
	resp, err := r.call(ctx, request{method: "POST", path: "/drive/v3/files", body: body, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

func (r *run) driveOp(ctx context.Context, i int) (any, error) {
	switch r.op {
	case "create":
		name, err := r.value("name", i, "")
		if err != nil {
			return nil, err
		}
		options, err := r.coll("options", i)
		if err != nil {
			return nil, err
		}
		body := data.ObjectOf("name", name)
		for k, v := range options.All() {
			body.Set(k, v)
		}
		id, err := uuid()
		if err != nil {
			return nil, err
		}
		resp, err := r.call(ctx, request{method: "POST", path: "/drive/v3/drives", body: body, qs: data.ObjectOf("requestId", id)}, i)
		if err != nil {
			return nil, err
		}
		return resp.value, nil
	case "deleteDrive", "get", "update":
		id, err := r.locator("driveId", i, nil, folderURLRe())
		if err != nil {
			return nil, err
		}
		options, err := r.coll("options", i)
		if err != nil {
			return nil, err
		}
		path := "/drive/v3/drives/" + jsString(id)
		switch r.op {
		case "deleteDrive":
			if _, err := r.call(ctx, request{method: "DELETE", path: path}, i); err != nil {
				return nil, err
			}
			return data.ObjectOf("success", true), nil
		case "get":
			qs := data.NewObject(1)
			for k, v := range options.All() {
				qs.Set(k, v)
			}
			resp, err := r.call(ctx, request{method: "GET", path: path, qs: qs}, i)
			if err != nil {
				return nil, err
			}
			return resp.value, nil
		}
		body := data.NewObject(2)
		for k, v := range options.All() {
			body.Set(k, v)
		}
		resp, err := r.call(ctx, request{method: "PATCH", path: path, body: body}, i)
		if err != nil {
			return nil, err
		}
		return resp.value, nil
	case "list":
		returnAll, err := r.value("returnAll", i, false)
		if err != nil {
			return nil, err
		}
		options, err := r.coll("options", i)
		if err != nil {
			return nil, err
		}
		qs := data.NewObject(2)
		for k, v := range options.All() {
			qs.Set(k, v)
		}
		if truthy(returnAll) {
			return r.all(ctx, "drives", "/drive/v3/drives", qs, i)
		}
		limit, err := r.value("limit", i, 100.0)
		if err != nil {
			return nil, err
		}
		qs.Set("pageSize", limit)
		resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/drives", qs: qs}, i)
		if err != nil {
			return nil, err
		}
		m, _ := resp.value.(*data.Object)
		list, _ := m.Value("drives").([]any)
		if list == nil {
			list = []any{}
		}
		return list, nil
	}
	return nil, engine.OperationError(i, "The operation %q is not supported for resource %q", r.op, r.resource)
}
