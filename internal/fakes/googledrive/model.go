package googledrive

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"
)

// FolderType is Drive's folder MIME type.
const FolderType = "application/vnd.google-apps.folder"

// File is a stored file or folder. Content is the file's bytes (Google
// Docs keep their exported text there).
type File struct {
	ID                           string            `json:"id"`
	Name                         string            `json:"name"`
	MimeType                     string            `json:"mimeType"`
	Description                  string            `json:"description,omitempty"`
	Parents                      []string          `json:"parents"`
	Trashed                      bool              `json:"trashed"`
	Starred                      bool              `json:"starred"`
	DriveID                      string            `json:"driveId,omitempty"`
	Properties                   map[string]string `json:"properties,omitempty"`
	AppProperties                map[string]string `json:"appProperties,omitempty"`
	OriginalFilename             string            `json:"originalFilename,omitempty"`
	CopyRequiresWriterPermission bool              `json:"copyRequiresWriterPermission"`
	FolderColorRgb               string            `json:"folderColorRgb,omitempty"`
	CreatedTime                  string            `json:"createdTime"`
	ModifiedTime                 string            `json:"modifiedTime"`
	Version                      int               `json:"version"`
	Content                      []byte            `json:"content,omitempty"`
	Permissions                  []*Permission     `json:"permissions"`
}

// Permission is a file permission.
type Permission struct {
	Kind               string `json:"kind"`
	ID                 string `json:"id"`
	Type               string `json:"type"`
	Role               string `json:"role"`
	EmailAddress       string `json:"emailAddress,omitempty"`
	Domain             string `json:"domain,omitempty"`
	AllowFileDiscovery *bool  `json:"allowFileDiscovery,omitempty"`
}

// Drive is a shared drive.
type Drive struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	CreatedTime string `json:"createdTime"`
	Hidden      bool   `json:"hidden"`
}

// State is the whole store, the format of Seed and Dump. Lists are in
// creation order; NextID numbers new ids and Clock (seconds since the
// epoch) dates them, advancing one second per change so runs compare.
type State struct {
	Owner  string   `json:"owner"`
	NextID uint64   `json:"nextId"`
	Clock  int64    `json:"clock"`
	Files  []*File  `json:"files"`
	Drives []*Drive `json:"drives"`
}

// field is one key of a rendered resource.
type field struct {
	key   string
	value any
}

// full renders every field of f the fake knows, in the API's order.
func (s *Server) full(f *File) []field {
	owner := map[string]any{"kind": "drive#user", "displayName": "Me", "me": true, "permissionId": "owner", "emailAddress": s.st.Owner}
	out := []field{
		{"kind", "drive#file"}, {"copyRequiresWriterPermission", f.CopyRequiresWriterPermission},
		{"writersCanShare", true}, {"viewedByMe", true}, {"mimeType", f.MimeType},
	}
	if len(f.Parents) > 0 {
		out = append(out, field{"parents", f.Parents})
	}
	if f.Description != "" {
		out = append(out, field{"description", f.Description})
	}
	if len(f.Properties) > 0 {
		out = append(out, field{"properties", f.Properties})
	}
	if len(f.AppProperties) > 0 {
		out = append(out, field{"appProperties", f.AppProperties})
	}
	out = append(out,
		field{"iconLink", "https://drive-thirdparty.googleusercontent.com/16/type/" + f.MimeType},
		field{"shared", len(f.Permissions) > 1}, field{"lastModifyingUser", owner}, field{"owners", []any{owner}},
		field{"webViewLink", s.viewLink(f)}, field{"size", ""}, field{"viewersCanCopyContent", true},
		field{"permissions", f.Permissions}, field{"hasThumbnail", false}, field{"spaces", []any{"drive"}},
		field{"folderColorRgb", f.FolderColorRgb}, field{"id", f.ID}, field{"name", f.Name},
		field{"starred", f.Starred}, field{"trashed", f.Trashed}, field{"explicitlyTrashed", f.Trashed},
		field{"createdTime", f.CreatedTime}, field{"modifiedTime", f.ModifiedTime}, field{"modifiedByMeTime", f.ModifiedTime},
		field{"viewedByMeTime", f.ModifiedTime}, field{"quotaBytesUsed", strconv.Itoa(len(f.Content))},
		field{"version", strconv.Itoa(f.Version)}, field{"originalFilename", f.OriginalFilename},
		field{"ownedByMe", true}, field{"fullFileExtension", ext(f.Name)}, field{"fileExtension", ext(f.Name)},
		field{"md5Checksum", md5hex(f.Content)}, field{"isAppAuthorized", true},
	)
	// Folders and Google Docs have no size, extension, checksum or
	// original name; folders have a color.
	var keep []field
	native := strings.HasPrefix(f.MimeType, "application/vnd.google-apps.")
	for _, x := range out {
		switch x.key {
		case "size":
			if native {
				continue
			}
			x.value = strconv.Itoa(len(f.Content))
		case "originalFilename", "fullFileExtension", "fileExtension", "md5Checksum":
			if native || x.value == "" {
				continue
			}
		case "folderColorRgb":
			if f.MimeType != FolderType {
				continue
			}
			if f.FolderColorRgb == "" {
				x.value = "#8f8f8f"
			}
		}
		keep = append(keep, x)
	}
	if f.DriveID != "" {
		keep = append(keep, field{"driveId", f.DriveID})
	}
	return keep
}

func (s *Server) viewLink(f *File) string {
	if f.MimeType == FolderType {
		return "https://drive.google.com/drive/folders/" + f.ID
	}
	return "https://drive.google.com/file/d/" + f.ID + "/view?usp=drivesdk"
}

func ext(name string) string {
	i := strings.LastIndex(name, ".")
	if i <= 0 || i == len(name)-1 {
		return ""
	}
	return name[i+1:]
}

func md5hex(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])
}
