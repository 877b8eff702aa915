package googledrive

import (
	"encoding/json"
	"strconv"
	"strings"
)

// DocsHost is the Google Docs API's host; the fake answers its
// documents.batchUpdate on the text of Google Documents it stores.
const DocsHost = "docs.googleapis.com"

const documentType = "application/vnd.google-apps.document"

// docsPrefix is where documents.batchUpdate lives:
// POST /v1/documents/{id}:batchUpdate.
const docsPrefix = "/v1/documents/"

// docsError is the Docs API's error body ({"error":{"code","message","status"}}).
func docsError(code int, msg, status string) reply {
	b, _ := json.MarshalIndent(map[string]any{"error": map[string]any{"code": code, "message": msg, "status": status}}, "", "  ")
	return reply{status: code, bytes: b, ctype: "application/json; charset=UTF-8"}
}

// docsBatchUpdate applies insertText requests (at an index of the
// document's text, 1 being its start, or at the end of the body) to a
// stored Google Document, as one new version; other requests are refused.
func (s *Server) docsBatchUpdate(id string, raw []byte) reply {
	f := s.file(id)
	if f == nil {
		return docsError(404, "Requested entity was not found.", "NOT_FOUND")
	}
	if f.MimeType != documentType {
		return docsError(400, "This operation is not supported for this document", "FAILED_PRECONDITION")
	}
	var body struct {
		Requests []map[string]json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return docsError(400, "Invalid JSON payload received.", "INVALID_ARGUMENT")
	}
	text := string(f.Content)
	for i, rq := range body.Requests {
		ins, ok := rq["insertText"]
		if !ok || len(rq) != 1 {
			return docsError(400, "Invalid requests["+strconv.Itoa(i)+"]: only insertText is supported by the fake", "INVALID_ARGUMENT")
		}
		var it struct {
			Text     string `json:"text"`
			Location *struct {
				Index int `json:"index"`
			} `json:"location"`
			End *struct{} `json:"endOfSegmentLocation"`
		}
		if err := json.Unmarshal(ins, &it); err != nil {
			return docsError(400, "Invalid requests["+strconv.Itoa(i)+"].insertText", "INVALID_ARGUMENT")
		}
		switch {
		case it.Location != nil:
			// Index 1 is the first character of the body.
			at := it.Location.Index - 1
			if at < 0 || at > len(text) {
				return docsError(400, "Invalid requests["+strconv.Itoa(i)+"].insertText: Index "+strconv.Itoa(it.Location.Index)+" must be less than the end index of the referenced segment, "+strconv.Itoa(len(text)+2)+".", "INVALID_ARGUMENT")
			}
			text = text[:at] + it.Text + text[at:]
		case it.End != nil:
			text += it.Text
		default:
			return docsError(400, "Invalid requests["+strconv.Itoa(i)+"].insertText: Must specify either a location or an end of segment location.", "INVALID_ARGUMENT")
		}
	}
	f.Content = []byte(text)
	s.touch(f)
	replies := strings.Repeat("{},", len(body.Requests))
	out := "{\n  \"replies\": [" + strings.TrimSuffix(replies, ",") + "],\n  \"writeControl\": {\n    \"requiredRevisionId\": \"fake-revision-" +
		strconv.Itoa(f.Version) + "\"\n  },\n  \"documentId\": " + strconv.Quote(f.ID) + "\n}\n"
	return reply{status: 200, bytes: []byte(out), ctype: "application/json; charset=UTF-8"}
}
