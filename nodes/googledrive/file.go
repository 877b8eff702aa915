package googledrive

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// formData is the form-data library's getBuffer(): parts with their
// content types, a random 24-digit boundary.
func formData(parts []formPart) ([]byte, string) {
	var digits strings.Builder
	for range 24 {
		n, _ := rand.Int(rand.Reader, big.NewInt(10))
		digits.WriteString(n.String())
	}
	boundary := "--------------------------" + digits.String()
	var b []byte
	for _, p := range parts {
		b = append(b, "--"+boundary+"\r\n"...)
		b = append(b, `Content-Disposition: form-data; name="`+p.name+`"`+"\r\n"...)
		if p.contentType != "" {
			b = append(b, "Content-Type: "+p.contentType+"\r\n"...)
		}
		b = append(b, "\r\n"...)
		b = append(b, p.body...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"+boundary+"--\r\n"...)
	return b, boundary
}

type formPart struct {
	name, contentType string
	body              []byte
}

// multipartUpload posts metadata and content to /upload/drive/v3/files.
func (r *run) multipartUpload(ctx context.Context, metadata *data.Object, content []byte, mimeType string, i int) (any, error) {
	meta, err := data.MarshalValue(metadata)
	if err != nil {
		return nil, err
	}
	body, boundary := formData([]formPart{{"metadata", "application/json", meta}, {"data", mimeType, content}})
	resp, err := r.call(ctx, request{method: "POST", path: "/upload/drive/v3/files", raw: body,
		contentType: "multipart/related; boundary=" + boundary,
		qs:          data.ObjectOf("uploadType", "multipart", "supportsAllDrives", true)}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	return m.Value("id"), nil
}

func (r *run) upload(ctx context.Context, i int) (any, error) {
	field, err := r.str("inputDataFieldName", i, "data")
	if err != nil {
		return nil, err
	}
	if field == "" {
		return nil, engine.OperationError(i, "The name of the input field containing the binary file data must be set")
	}
	meta, err := r.ex.AssertBinary(i, field)
	if err != nil {
		return nil, err
	}
	content, err := r.ex.Binary().Bytes(meta)
	if err != nil {
		return nil, err
	}
	original, hasOriginal := meta.Get("fileName")
	mimeType, hasMime := meta.Get("mimeType")
	name, err := r.value("name", i, "")
	if err != nil {
		return nil, err
	}
	if !truthy(name) {
		name = original
		if !hasOriginal {
			name = data.Undefined
		}
	}
	driveID, err := r.locator("driveId", i, myDrive, folderURLRe())
	if err != nil {
		return nil, err
	}
	folderID, err := r.locator("folderId", i, rootFolder, folderURLRe())
	if err != nil {
		return nil, err
	}
	parent := parentFolder(folderID, driveID)
	mt := ""
	if hasMime {
		mt = jsString(mimeType)
	}
	id, err := r.multipartUpload(ctx, data.ObjectOf("name", name, "parents", []any{parent}), content, mt, i)
	if err != nil {
		return nil, err
	}
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	qs := data.ObjectOf("addParents", parent)
	for k, v := range allDrivesQS().All() {
		qs.Set(k, v)
	}
	commonParams(qs, options)
	if !truthy(options.Value("simplifyOutput")) {
		qs.Set("fields", "*")
	}
	body := data.NewObject(3)
	if hasMime {
		body.Set("mimeType", mimeType)
	}
	body.Set("name", name)
	if hasOriginal {
		body.Set("originalFilename", original)
	}
	fileProperties(body, options)
	resp, err := r.call(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(id), body: body, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

func (r *run) createFromText(ctx context.Context, i int) (any, error) {
	name, err := r.value("name", i, "")
	if err != nil {
		return nil, err
	}
	if !truthy(name) {
		name = "Untitled"
	}
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	convert := truthy(options.Value("convertToGoogleDocument"))
	driveID, err := r.locator("driveId", i, myDrive, folderURLRe())
	if err != nil {
		return nil, err
	}
	folderID, err := r.locator("folderId", i, rootFolder, folderURLRe())
	if err != nil {
		return nil, err
	}
	parent := parentFolder(folderID, driveID)
	mime := "text/plain"
	if convert {
		mime = googleDocMime
	}
	metadata := data.ObjectOf("name", name, "parents", []any{parent}, "mimeType", mime)
	props := metadata.Clone()
	fileProperties(props, options)
	qs := allDrivesQS()
	commonParams(qs, options)
	if convert {
		return r.createGoogleDoc(ctx, props, qs, i)
	}
	content, err := r.str("content", i, "")
	if err != nil {
		return nil, err
	}
	id, err := r.multipartUpload(ctx, metadata, []byte(content), "text/plain", i)
	if err != nil {
		return nil, err
	}
	qs.Set("addParents", parent)
	props.Delete("parents")
	resp, err := r.call(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(id), body: props, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	return data.ObjectOf("id", m.Value("id")), nil
}

// googleDocMime is a Google Document's Drive mimeType.
const googleDocMime = "application/vnd.google-apps.document"

// docsURL is the Google Docs API's batchUpdate of a document.
const docsURL = "https://docs.googleapis.com/v1/documents/"

// createGoogleDoc is createFromText's "Convert to Google Document": an
// empty Google Document made through files.create, the text then inserted
// at the end of its body through the Docs API; the output is the
// document's id as the Docs API answers it.
func (r *run) createGoogleDoc(ctx context.Context, props, qs *data.Object, i int) (any, error) {
	resp, err := r.call(ctx, request{method: "POST", path: "/drive/v3/files", body: props, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	doc, _ := resp.value.(*data.Object)
	text, err := r.str("content", i, "")
	if err != nil {
		return nil, err
	}
	insert := data.ObjectOf("insertText", data.ObjectOf("text", text,
		"endOfSegmentLocation", data.ObjectOf("segmentId", "")))
	body := data.ObjectOf("requests", []any{insert})
	upd, err := r.call(ctx, request{method: "POST", url: docsURL + jsString(doc.Value("id")) + ":batchUpdate", body: body}, i)
	if err != nil {
		return nil, err
	}
	m, _ := upd.value.(*data.Object)
	return data.ObjectOf("id", m.Value("documentId")), nil
}

func (r *run) download(ctx context.Context, i int, in data.Item) (data.Item, error) {
	fileID, err := r.locator("fileId", i, data.ObjectOf("__rl", true, "mode", "list", "value", ""), fileURLRe())
	if err != nil {
		return data.Item{}, err
	}
	options, err := r.coll("options", i)
	if err != nil {
		return data.Item{}, err
	}
	id := jsString(fileID)
	resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/files/" + id,
		qs: data.ObjectOf("fields", "mimeType,name", "supportsTeamDrives", true, "supportsAllDrives", true)}, i)
	if err != nil {
		return data.Item{}, err
	}
	file, _ := resp.value.(*data.Object)
	if file == nil {
		file = data.NewObject(0)
	}
	fmime, _ := file.Value("mimeType").(string)
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
			return data.Item{}, err
		}
		content, err = r.call(ctx, request{method: "GET", path: "/drive/v3/files/" + id + "/export", binary: true,
			qs: data.ObjectOf("mimeType", mt, "supportsAllDrives", true)}, i)
	} else {
		content, err = r.call(ctx, request{method: "GET", path: "/drive/v3/files/" + id, binary: true,
			qs: data.ObjectOf("alt", "media", "supportsAllDrives", true)}, i)
	}
	if err != nil {
		return data.Item{}, err
	}
	mimeType := content.header.Get("Content-Type")
	if mimeType == "" {
		mimeType = fmime
	}
	fileName := jsString(file.Value("name"))
	if v, ok := options.Get("fileName"); ok && v != nil {
		fileName = jsString(v)
	}
	prop := "data"
	if v := options.Value("binaryPropertyName"); truthy(v) {
		prop = jsString(v)
	}
	meta, err := r.ex.Binary().Prepare(ctx, content.body, fileName, mimeType)
	if err != nil {
		return data.Item{}, err
	}
	bin := data.NewObject(1)
	if in.Binary != nil {
		for k, v := range in.Binary.All() {
			bin.Set(k, v)
		}
	}
	bin.Set(prop, meta)
	return data.Item{JSON: in.JSON, Binary: bin, Paired: data.One(i)}, nil
}

func (r *run) copy(ctx context.Context, i int) (any, error) {
	file, err := r.value("fileId", i, data.ObjectOf("__rl", true, "mode", "list", "value", ""))
	if err != nil {
		return nil, err
	}
	rl, _ := file.(*data.Object)
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	name, err := r.value("name", i, "")
	if err != nil {
		return nil, err
	}
	if !truthy(name) {
		name = "Copy of " + jsString(rl.Value("cachedResultName"))
		if !rl.Has("cachedResultName") {
			name = "Copy of undefined"
		}
	}
	cp := options.Value("copyRequiresWriterPermission")
	if !truthy(cp) {
		cp = false
	}
	parents := []any{}
	same, err := r.value("sameFolder", i, true)
	if err != nil {
		return nil, err
	}
	if !truthy(same) {
		driveID, err := r.locator("driveId", i, myDrive, folderURLRe())
		if err != nil {
			return nil, err
		}
		folderID, err := r.locator("folderId", i, rootFolder, folderURLRe())
		if err != nil {
			return nil, err
		}
		parents = append(parents, parentFolder(folderID, driveID))
	}
	body := data.ObjectOf("copyRequiresWriterPermission", cp, "parents", parents, "name", name)
	if d := options.Value("description"); truthy(d) {
		body.Set("description", d)
	}
	resp, err := r.call(ctx, request{method: "POST", path: "/drive/v3/files/" + jsString(rl.Value("value")) + "/copy", body: body, qs: allDrivesQS()}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

func (r *run) move(ctx context.Context, i int) (any, error) {
	fileID, err := r.locator("fileId", i, nil, fileURLRe())
	if err != nil {
		return nil, err
	}
	driveID, err := r.locator("driveId", i, myDrive, folderURLRe())
	if err != nil {
		return nil, err
	}
	folderID, err := r.locator("folderId", i, rootFolder, folderURLRe())
	if err != nil {
		return nil, err
	}
	qs := allDrivesQS()
	qs.Set("fields", "parents")
	resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/files/" + jsString(fileID), qs: qs}, i)
	if err != nil {
		return nil, err
	}
	m, _ := resp.value.(*data.Object)
	var parents []string
	if list, ok := m.Value("parents").([]any); ok {
		for _, p := range list {
			parents = append(parents, jsString(p))
		}
	}
	qs = allDrivesQS()
	qs.Set("addParents", parentFolder(folderID, driveID))
	qs.Set("removeParents", strings.Join(parents, ","))
	resp, err = r.call(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(fileID), qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

func (r *run) update(ctx context.Context, i int) (any, error) {
	fileID, err := r.locator("fileId", i, nil, fileURLRe())
	if err != nil {
		return nil, err
	}
	change, err := r.value("changeFileContent", i, false)
	if err != nil {
		return nil, err
	}
	var mimeType any
	if truthy(change) {
		field, err := r.str("inputDataFieldName", i, "data")
		if err != nil {
			return nil, err
		}
		meta, err := r.ex.AssertBinary(i, field)
		if err != nil {
			return nil, err
		}
		content, err := r.ex.Binary().Bytes(meta)
		if err != nil {
			return nil, err
		}
		mimeType = meta.Value("mimeType")
		if _, err := r.call(ctx, request{method: "PATCH", path: "/upload/drive/v3/files/" + jsString(fileID), raw: content,
			contentType: jsString(mimeType), qs: data.ObjectOf("uploadType", "media", "supportsAllDrives", true)}, i); err != nil {
			return nil, err
		}
	}
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	qs := data.ObjectOf("supportsAllDrives", true)
	commonParams(qs, options)
	if f, ok := options.Value("fields").([]any); ok && truthy(options.Value("fields")) {
		qs.Set("fields", queryFields(f))
	}
	if v := options.Value("trashed"); truthy(v) {
		qs.Set("trashed", v)
	}
	body := data.NewObject(2)
	fileProperties(body, options)
	if n, err := r.value("newUpdatedFileName", i, ""); err != nil {
		return nil, err
	} else if truthy(n) {
		body.Set("name", n)
	}
	if truthy(mimeType) {
		body.Set("mimeType", mimeType)
	}
	resp, err := r.call(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(fileID), body: body, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

// queryFields is prepareQueryString.
func queryFields(fields []any) string {
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		if f == "*" {
			return "*"
		}
		parts = append(parts, jsString(f))
	}
	return strings.Join(parts, ", ")
}

func (r *run) share(ctx context.Context, param string, i int) (any, error) {
	re := fileURLRe()
	if param == "folderNoRootId" {
		re = folderURLRe()
	}
	id, err := r.locator(param, i, nil, re)
	if err != nil {
		return nil, err
	}
	perms, err := r.coll("permissionsUi", i)
	if err != nil {
		return nil, err
	}
	options, err := r.coll("options", i)
	if err != nil {
		return nil, err
	}
	body := data.NewObject(3)
	if pv, ok := perms.Value("permissionsValues").(*data.Object); ok {
		// n8n fills the fixed collection's shown fields with their
		// defaults, in the description's order.
		typ := pv.Value("type")
		for _, f := range []struct {
			key   string
			def   any
			shown bool
		}{
			{"role", "", true}, {"type", "", true},
			{"emailAddress", "", typ == "user" || typ == "group"},
			{"domain", "", typ == "domain"},
			{"allowFileDiscovery", false, typ == "domain" || typ == "anyone"},
		} {
			if !f.shown {
				continue
			}
			if v, ok := pv.Get(f.key); ok {
				body.Set(f.key, v)
			} else {
				body.Set(f.key, f.def)
			}
		}
	}
	qs := data.ObjectOf("supportsAllDrives", true)
	for k, v := range options.All() {
		qs.Set(k, v)
	}
	resp, err := r.call(ctx, request{method: "POST", path: "/drive/v3/files/" + jsString(id) + "/permissions", body: body, qs: qs}, i)
	if err != nil {
		return nil, err
	}
	return resp.value, nil
}

// deleteFile trashes (or with deletePermanently deletes) a file or folder.
func (r *run) deleteFile(ctx context.Context, param, idKey string, i int) (any, error) {
	re := fileURLRe()
	if param == "folderNoRootId" {
		re = folderURLRe()
	}
	id, err := r.locator(param, i, nil, re)
	if err != nil {
		return nil, err
	}
	perm, err := r.ex.ParamOr("options.deletePermanently", i, false)
	if err != nil {
		return nil, err
	}
	qs := data.ObjectOf("supportsAllDrives", true)
	if truthy(perm) {
		_, err = r.call(ctx, request{method: "DELETE", path: "/drive/v3/files/" + jsString(id), qs: qs}, i)
	} else {
		_, err = r.call(ctx, request{method: "PATCH", path: "/drive/v3/files/" + jsString(id), body: data.ObjectOf("trashed", true), qs: qs}, i)
	}
	if err != nil {
		return nil, err
	}
	return data.ObjectOf(idKey, id, "success", true), nil
}

var _ = fmt.Sprint
