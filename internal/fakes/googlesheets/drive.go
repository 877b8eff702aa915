package googlesheets

import (
	"encoding/json"
	"net/http"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// drivePrefix is where n8n deletes a spreadsheet: through the Drive API
// (www.googleapis.com/drive/v3/files/{id}), a spreadsheet being a Drive
// file. The pair answers only that call; the Drive fake is elsewhere.
const drivePrefix = "/drive/v3/files/"

// driveDelete is files.delete on a spreadsheet: 204 with no body, or
// Drive's 404 (its error shape, not the Sheets API's).
func (s *Server) driveDelete(r *http.Request) fakekit.Answer {
	id := strings.TrimPrefix(r.URL.EscapedPath(), drivePrefix)
	if r.Method != http.MethodDelete || id == "" || strings.Contains(id, "/") {
		return fakekit.Answer{Status: 404, Body: driveError(404, "Not Found", "notFound", "")}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sp := range s.st.Spreadsheets {
		if sp.SpreadsheetID == id {
			s.st.Spreadsheets = append(s.st.Spreadsheets[:i], s.st.Spreadsheets[i+1:]...)
			return fakekit.Answer{Status: 204}
		}
	}
	return fakekit.Answer{Status: 404, Body: driveError(404, "File not found: "+id+".", "notFound", "fileId")}
}

// driveError is the Drive API's error body (fields in its order).
func driveError(code int, msg, reason, location string) []byte {
	item := `{"message":` + quote(msg) + `,"domain":"global","reason":` + quote(reason)
	if location != "" {
		item += `,"location":` + quote(location) + `,"locationType":"parameter"`
	}
	item += "}"
	b, _ := json.Marshal(code)
	return []byte(`{"error":{"code":` + string(b) + `,"message":` + quote(msg) + `,"errors":[` + item + `]}}`)
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }
