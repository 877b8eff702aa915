package googledrive

import (
	"strings"
	"testing"
)

// TestDocsBatchUpdate: insertText at an index and at the end of a stored
// Google Document, and the Docs API's refusals.
func TestDocsBatchUpdate(t *testing.T) {
	f, base := newTestFake(t, Options{})
	cases := []struct {
		name, id, body string
		code           int
		contains       string
	}{
		{"end", "D1", `{"requests":[{"insertText":{"text":"!","endOfSegmentLocation":{"segmentId":""}}}]}`, 200, `"documentId": "D1"`},
		{"index", "D1", `{"requests":[{"insertText":{"text":"the ","location":{"index":1}}}]}`, 200, `"replies": [{}]`},
		{"not a document", "A2", `{"requests":[]}`, 400, "not supported for this document"},
		{"missing", "nope", `{"requests":[]}`, 404, "NOT_FOUND"},
		{"other request", "D1", `{"requests":[{"deleteContentRange":{}}]}`, 400, "only insertText"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body, _ := do(t, "POST", base+"/v1/documents/"+c.id+":batchUpdate", "application/json", c.body)
			if code != c.code || !strings.Contains(body, c.contains) {
				t.Errorf("%d %s; want %d with %q", code, body, c.code, c.contains)
			}
		})
	}
	if got := string(f.file("D1").Content); got != "the plan!" {
		t.Errorf("document text %q, want %q", got, "the plan!")
	}
}
