package googledrive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) file(id string) *File {
	if id == "root" {
		id = RootID
	}
	for _, f := range s.st.Files {
		if f.ID == id {
			return f
		}
	}
	return nil
}

func (s *Server) findFile(id string) (*File, *apiError) {
	f := s.file(id)
	if f == nil {
		return nil, fileNotFound(id)
	}
	return f, nil
}

// resolveParent maps "root" (and a shared drive's id) to the folder id
// files keep in parents.
func (s *Server) resolveParent(id string) string {
	if id == "root" {
		return RootID
	}
	return id
}

// fileSelector is the fields parameter of a file answer.
func fileSelector(q url.Values) *selector {
	if q.Has("fields") {
		return parseFields(q.Get("fields"))
	}
	return defaultFields
}

func (s *Server) render(f *File, sel *selector) ordered { return pick(s.full(f), sel) }

func (s *Server) now() string {
	s.st.Clock++
	return time.Unix(s.st.Clock, 0).UTC().Format("2006-01-02T15:04:05.000Z")
}

func (s *Server) touch(f *File) {
	f.ModifiedTime = s.now()
	f.Version++
}

func (s *Server) list(q url.Values) (reply, *apiError) {
	c, err := s.compileQ(q.Get("q"))
	if err != nil {
		return reply{}, invalid("Invalid Value", "q")
	}
	driveID := ""
	if q.Get("corpora") == "drive" {
		driveID = q.Get("driveId")
	}
	var all []*File
	for _, f := range s.st.Files {
		if f.ID == RootID {
			continue
		}
		if driveID != "" && f.DriveID != driveID {
			continue
		}
		if driveID == "" && f.DriveID != "" && q.Get("includeItemsFromAllDrives") != "true" {
			continue
		}
		if c(f) {
			all = append(all, f)
		}
	}
	if ob := q.Get("orderBy"); ob != "" {
		sortFiles(all, ob)
	}
	size := 100
	if v := q.Get("pageSize"); v != "" {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 1 || n > 1000 {
			return reply{}, invalid(fmt.Sprintf("Invalid value '%s'. Values must be within the range: [1, 1000]", v), "pageSize")
		}
		size = n
	}
	from := 0
	if t := q.Get("pageToken"); t != "" {
		n, perr := strconv.Atoi(strings.TrimPrefix(t, "page-"))
		if perr != nil || n < 0 {
			return reply{}, invalid("Invalid Value", "pageToken")
		}
		from = min(n, len(all))
	}
	to := min(from+size, len(all))
	var sel, filesSel *selector
	if q.Has("fields") {
		sel = parseFields(q.Get("fields"))
		if sel != nil {
			filesSel = sel.subs["files"]
		}
	} else {
		sel = parseFields("kind,nextPageToken,incompleteSearch,files")
		filesSel = defaultFields
	}
	files := make([]any, 0, to-from)
	for _, f := range all[from:to] {
		files = append(files, s.render(f, filesSel))
	}
	top := []field{{"kind", "drive#fileList"}}
	if to < len(all) {
		top = append(top, field{"nextPageToken", "page-" + strconv.Itoa(to)})
	}
	top = append(top, field{"incompleteSearch", false}, field{"files", files})
	return reply{status: 200, value: pick(top, sel)}, nil
}

func sortFiles(list []*File, orderBy string) {
	keys := strings.Split(orderBy, ",")
	sort.SliceStable(list, func(i, j int) bool {
		for _, k := range keys {
			k = strings.TrimSpace(k)
			desc := strings.HasSuffix(k, " desc")
			k = strings.TrimSuffix(k, " desc")
			var a, b string
			switch k {
			case "name", "name_natural":
				a, b = strings.ToLower(list[i].Name), strings.ToLower(list[j].Name)
			case "modifiedTime":
				a, b = list[i].ModifiedTime, list[j].ModifiedTime
			case "createdTime":
				a, b = list[i].CreatedTime, list[j].CreatedTime
			case "folder":
				a, b = fmt.Sprint(list[i].MimeType != FolderType), fmt.Sprint(list[j].MimeType != FolderType)
			}
			if a != b {
				return (a < b) != desc
			}
		}
		return false
	})
}

// applyMeta sets the writable metadata of a create or update body.
func (s *Server) applyMeta(f *File, body map[string]any) *apiError {
	for k, v := range body {
		switch k {
		case "name":
			f.Name = fmt.Sprint(v)
		case "mimeType":
			f.MimeType = fmt.Sprint(v)
		case "description":
			f.Description = fmt.Sprint(v)
		case "createdTime", "modifiedTime":
			// Writable in files.create as in Drive (a client importing
			// files keeps their times).
			t, err := time.Parse(time.RFC3339Nano, fmt.Sprint(v))
			if err != nil {
				return invalid("Invalid value for "+k+": "+fmt.Sprint(v), k)
			}
			ts := t.UTC().Format("2006-01-02T15:04:05.000Z")
			if k == "createdTime" {
				f.CreatedTime = ts
			} else {
				f.ModifiedTime = ts
			}
		case "trashed":
			f.Trashed, _ = v.(bool)
		case "starred":
			f.Starred, _ = v.(bool)
		case "originalFilename":
			f.OriginalFilename = fmt.Sprint(v)
		case "copyRequiresWriterPermission":
			f.CopyRequiresWriterPermission, _ = v.(bool)
		case "folderColorRgb":
			f.FolderColorRgb = fmt.Sprint(v)
		case "properties", "appProperties":
			m, _ := v.(map[string]any)
			dst := map[string]string{}
			for pk, pv := range m {
				dst[pk] = fmt.Sprint(pv)
			}
			if k == "properties" {
				f.Properties = dst
			} else {
				f.AppProperties = dst
			}
		case "parents":
			list, _ := v.([]any)
			f.Parents = nil
			for _, p := range list {
				id := s.resolveParent(fmt.Sprint(p))
				if s.file(id) == nil && s.drive(id) == nil {
					return fileNotFound(fmt.Sprint(p))
				}
				f.Parents = append(f.Parents, id)
			}
		}
	}
	return nil
}

// newFile makes a file in My Drive's root (or under a shared drive when
// its parent is one).
func (s *Server) newFile() *File {
	t := s.now()
	f := &File{ID: s.newID(), Name: "Untitled", MimeType: "application/octet-stream", CreatedTime: t, ModifiedTime: t, Version: 1}
	f.Permissions = []*Permission{{Kind: "drive#permission", ID: "owner", Type: "user", Role: "owner", EmailAddress: s.st.Owner}}
	return f
}

func (s *Server) place(f *File) {
	if len(f.Parents) == 0 {
		f.Parents = []string{RootID}
	}
	for _, p := range f.Parents {
		if d := s.drive(p); d != nil {
			f.DriveID = d.ID
		} else if pf := s.file(p); pf != nil && pf.DriveID != "" {
			f.DriveID = pf.DriveID
		}
	}
	s.st.Files = append(s.st.Files, f)
}

func (s *Server) create(r *http.Request, q url.Values, raw []byte, isUpload bool) (reply, *apiError) {
	var meta map[string]any
	var content []byte
	contentType := ""
	switch {
	case !isUpload:
		b, err := jsonBody(raw)
		if err != nil {
			return reply{}, err
		}
		meta = b
	case q.Get("uploadType") == "multipart":
		m, c, ct, err := parseRelated(r.Header.Get("Content-Type"), raw)
		if err != nil {
			return reply{}, invalid("Malformed multipart body.", "")
		}
		meta, content, contentType = m, c, ct
	case q.Get("uploadType") == "media":
		meta, content, contentType = map[string]any{}, raw, r.Header.Get("Content-Type")
	case q.Get("uploadType") == "resumable":
		b, err := jsonBody(raw)
		if err != nil {
			return reply{}, err
		}
		id := "upload-" + strconv.FormatUint(s.next(), 10)
		if mt := r.Header.Get("X-Upload-Content-Type"); mt != "" {
			if _, ok := b["mimeType"]; !ok {
				b["mimeType"] = mt
			}
		}
		s.uploads[id] = &upload{meta: b}
		loc := "https://" + r.Host + "/upload/drive/v3/files?uploadType=resumable&upload_id=" + id
		return reply{status: 200, header: map[string]string{"Location": loc}, bytes: []byte{}, ctype: "text/plain; charset=utf-8"}, nil
	default:
		return reply{}, invalid("Invalid upload type", "uploadType")
	}
	f := s.newFile()
	if contentType != "" {
		f.MimeType = contentType
	}
	if err := s.applyMeta(f, meta); err != nil {
		return reply{}, err
	}
	if content != nil {
		f.Content = content
	}
	s.place(f)
	return reply{status: 200, value: s.render(f, fileSelector(q))}, nil
}

// resume takes the bytes of a resumable upload: a Content-Range that does
// not reach the end answers 308.
func (s *Server) resume(r *http.Request, q url.Values, raw []byte) (reply, *apiError) {
	u := s.uploads[q.Get("upload_id")]
	if u == nil {
		return reply{}, &apiError{404, "Upload session not found", "notFound", "global", ""}
	}
	u.data = append(u.data, raw...)
	if cr := r.Header.Get("Content-Range"); cr != "" {
		var from, to, total int
		if n, _ := fmt.Sscanf(cr, "bytes %d-%d/%d", &from, &to, &total); n == 3 && to+1 < total {
			return reply{status: 308, header: map[string]string{"Range": fmt.Sprintf("bytes=0-%d", to)}}, nil
		}
	}
	delete(s.uploads, q.Get("upload_id"))
	var f *File
	if u.fileID != "" {
		if f = s.file(u.fileID); f == nil {
			return reply{}, fileNotFound(u.fileID)
		}
		s.touch(f)
	} else {
		f = s.newFile()
		if err := s.applyMeta(f, u.meta); err != nil {
			return reply{}, err
		}
		s.place(f)
	}
	f.Content = u.data
	return reply{status: 200, value: s.render(f, defaultFields)}, nil
}

// parseRelated reads a multipart/related upload: JSON metadata, then the
// content with its type.
func parseRelated(ctype string, raw []byte) (map[string]any, []byte, string, error) {
	_, params, err := mime.ParseMediaType(ctype)
	if err != nil || params["boundary"] == "" {
		return nil, nil, "", fmt.Errorf("no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
	meta := map[string]any{}
	var content []byte
	ct := ""
	for n := 0; ; n++ {
		p, err := mr.NextRawPart()
		if err != nil {
			break
		}
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(p)
		if n == 0 {
			if err := json.Unmarshal(buf.Bytes(), &meta); err != nil {
				return nil, nil, "", err
			}
			continue
		}
		content = buf.Bytes()
		ct = p.Header.Get("Content-Type")
	}
	if content == nil {
		content = []byte{}
	}
	return meta, content, ct, nil
}

func (s *Server) get(id string, q url.Values) (reply, *apiError) {
	f, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	if q.Get("alt") == "media" {
		if strings.HasPrefix(f.MimeType, "application/vnd.google-apps.") {
			return reply{}, &apiError{403, "Only files with binary content can be downloaded. Use Export with Docs Editors files.", "fileNotDownloadable", "global", "alt"}
		}
		return reply{status: 200, bytes: append([]byte{}, f.Content...), ctype: f.MimeType}, nil
	}
	return reply{status: 200, value: s.render(f, fileSelector(q))}, nil
}

func (s *Server) export(id string, q url.Values) (reply, *apiError) {
	f, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	if !strings.HasPrefix(f.MimeType, "application/vnd.google-apps.") || f.MimeType == FolderType {
		return reply{}, &apiError{403, "Export only supports Docs Editors files.", "fileNotExportable", "global", ""}
	}
	mt := q.Get("mimeType")
	if mt == "" {
		return reply{}, &apiError{400, "Required parameter: mimeType", "required", "global", "mimeType"}
	}
	return reply{status: 200, bytes: append([]byte{}, f.Content...), ctype: mt}, nil
}

func (s *Server) update(r *http.Request, id string, q url.Values, raw []byte, isUpload bool) (reply, *apiError) {
	f, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	if isUpload {
		switch q.Get("uploadType") {
		case "media":
			f.Content = raw
			if ct := r.Header.Get("Content-Type"); ct != "" {
				f.MimeType = ct
			}
		case "resumable":
			uid := "upload-" + strconv.FormatUint(s.next(), 10)
			s.uploads[uid] = &upload{fileID: f.ID}
			loc := "https://" + r.Host + "/upload/drive/v3/files?uploadType=resumable&upload_id=" + uid
			return reply{status: 200, header: map[string]string{"Location": loc}, bytes: []byte{}, ctype: "text/plain; charset=utf-8"}, nil
		case "multipart":
			meta, c, ct, perr := parseRelated(r.Header.Get("Content-Type"), raw)
			if perr != nil {
				return reply{}, invalid("Malformed multipart body.", "")
			}
			if err := s.applyMeta(f, meta); err != nil {
				return reply{}, err
			}
			f.Content = c
			if ct != "" {
				f.MimeType = ct
			}
		}
	} else {
		body, err := jsonBody(raw)
		if err != nil {
			return reply{}, err
		}
		delete(body, "parents") // parents change through addParents/removeParents
		if err := s.applyMeta(f, body); err != nil {
			return reply{}, err
		}
	}
	if v := q.Get("addParents"); v != "" {
		for _, p := range strings.Split(v, ",") {
			pid := s.resolveParent(strings.TrimSpace(p))
			if s.file(pid) == nil && s.drive(pid) == nil {
				return reply{}, fileNotFound(p)
			}
			if !slices.Contains(f.Parents, pid) {
				f.Parents = append(f.Parents, pid)
			}
		}
	}
	if v := q.Get("removeParents"); v != "" {
		for _, p := range strings.Split(v, ",") {
			pid := s.resolveParent(strings.TrimSpace(p))
			f.Parents = slices.DeleteFunc(f.Parents, func(x string) bool { return x == pid })
		}
	}
	s.touch(f)
	return reply{status: 200, value: s.render(f, fileSelector(q))}, nil
}

func (s *Server) delete(id string) (reply, *apiError) {
	f, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	if f.ID == RootID {
		return reply{}, &apiError{403, "The user does not have sufficient permissions for this file.", "insufficientFilePermissions", "global", ""}
	}
	gone := map[string]bool{f.ID: true}
	for changed := true; changed; {
		changed = false
		for _, x := range s.st.Files {
			if gone[x.ID] {
				continue
			}
			for _, p := range x.Parents {
				if gone[p] {
					gone[x.ID], changed = true, true
					break
				}
			}
		}
	}
	s.st.Files = slices.DeleteFunc(s.st.Files, func(x *File) bool { return gone[x.ID] })
	return reply{status: 204}, nil
}

func (s *Server) copy(id string, q url.Values, raw []byte) (reply, *apiError) {
	src, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	if src.MimeType == FolderType {
		return reply{}, &apiError{403, "This file cannot be copied by the user.", "cannotCopyFile", "global", ""}
	}
	body, err := jsonBody(raw)
	if err != nil {
		return reply{}, err
	}
	f := s.newFile()
	f.Name, f.MimeType, f.Description = "Copy of "+src.Name, src.MimeType, src.Description
	f.Content = append([]byte{}, src.Content...)
	f.Parents = append([]string{}, src.Parents...)
	if ps, ok := body["parents"].([]any); ok && len(ps) == 0 {
		delete(body, "parents")
	}
	if err := s.applyMeta(f, body); err != nil {
		return reply{}, err
	}
	s.place(f)
	return reply{status: 200, value: s.render(f, fileSelector(q))}, nil
}

func (s *Server) share(id string, raw []byte) (reply, *apiError) {
	f, err := s.findFile(id)
	if err != nil {
		return reply{}, err
	}
	body, err := jsonBody(raw)
	if err != nil {
		return reply{}, err
	}
	p := &Permission{Kind: "drive#permission"}
	p.Type, _ = body["type"].(string)
	p.Role, _ = body["role"].(string)
	p.EmailAddress, _ = body["emailAddress"].(string)
	p.Domain, _ = body["domain"].(string)
	if v, ok := body["allowFileDiscovery"].(bool); ok {
		p.AllowFileDiscovery = &v
	}
	switch p.Type {
	case "user", "group":
		if p.EmailAddress == "" {
			return reply{}, &apiError{400, "The permission emailAddress field is required.", "required", "global", "permission.emailAddress"}
		}
		p.ID = "perm-" + strconv.FormatUint(s.next(), 10)
	case "domain":
		p.ID = "perm-domain-" + p.Domain
	case "anyone":
		p.ID = "anyoneWithLink"
		if p.AllowFileDiscovery != nil && *p.AllowFileDiscovery {
			p.ID = "anyone"
		}
	default:
		return reply{}, invalid("The permission type field is required.", "permission.type")
	}
	switch p.Role {
	case "owner", "organizer", "fileOrganizer", "writer", "commenter", "reader":
	default:
		return reply{}, invalid("The permission role field is required.", "permission.role")
	}
	f.Permissions = append(f.Permissions, p)
	s.touch(f)
	out := ordered{{"kind", p.Kind}, {"id", p.ID}, {"type", p.Type}, {"role", p.Role}}
	if p.AllowFileDiscovery != nil {
		out = append(out, field{"allowFileDiscovery", *p.AllowFileDiscovery})
	}
	return reply{status: 200, value: out}, nil
}
