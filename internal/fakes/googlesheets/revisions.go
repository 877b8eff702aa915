package googlesheets

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// XLSXMimeType is the export format the Sheets Trigger reads revisions in.
const XLSXMimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ExportPath is where a revision's export link points (on
// docs.google.com): /spreadsheets/export?id=…&revision=…&exportFormat=xlsx.
const ExportPath = "/spreadsheets/export"

// Revision is one saved version of a spreadsheet's cells. Drive keeps a
// revision per edit session; the fake keeps one per write (values update,
// append, clear, batchUpdate), so a test knows exactly which revision
// holds what.
type Revision struct {
	ID     string          `json:"id"`
	Sheets []RevisionSheet `json:"sheets"`
}

// RevisionSheet is one tab of a revision.
type RevisionSheet struct {
	Title  string  `json:"title"`
	Values [][]any `json:"values"`
}

// snapshot records the spreadsheet's cells as a new revision when the
// spreadsheet keeps revisions (seeded with a "revisions" list); s.mu is
// held.
func (sp *Spreadsheet) snapshot() {
	if sp.Revisions == nil {
		return
	}
	id := 1
	if n := len(sp.Revisions); n > 0 {
		last, _ := strconv.Atoi(sp.Revisions[n-1].ID)
		id = last + 1
	}
	sp.Revisions = append(sp.Revisions, sp.current(strconv.Itoa(id)))
}

// current is the spreadsheet's cells as a revision with the id given.
func (sp *Spreadsheet) current(id string) *Revision {
	rev := &Revision{ID: id, Sheets: make([]RevisionSheet, 0, len(sp.Sheets))}
	for _, sh := range sp.Sheets {
		vals := make([][]any, len(sh.Values))
		for i, row := range sh.Values {
			vals[i] = append([]any{}, row...)
		}
		rev.Sheets = append(rev.Sheets, RevisionSheet{Title: sh.Title, Values: vals})
	}
	return rev
}

// revisions is what files/{id}/revisions lists: the kept revisions, or
// for a spreadsheet that keeps none its current cells as revision "1".
func (sp *Spreadsheet) revisions() []*Revision {
	if len(sp.Revisions) > 0 {
		return sp.Revisions
	}
	return []*Revision{sp.current("1")}
}

// exportLinks are a Sheets revision's export links, in the order Drive
// lists them.
func exportLinks(docID, rev string) map[string]string {
	base := "https://docs.google.com/spreadsheets/export?id=" + docID + "&revision=" + rev + "&exportFormat="
	return map[string]string{
		"application/x-vnd.oasis.opendocument.spreadsheet": base + "ods",
		"text/tab-separated-values":                        base + "tsv",
		"application/pdf":                                  base + "pdf",
		XLSXMimeType:                                       base + "xlsx",
		"text/csv":                                         base + "csv",
		"application/zip":                                  base + "zip",
		"application/vnd.oasis.opendocument.spreadsheet": base + "ods",
	}
}

// driveRevisions is GET /drive/v3/files/{id}/revisions: Drive's
// revisions.list (pageSize, pageToken as an offset), each revision with
// its id and export links (the fields n8n asks for).
func (s *Server) driveRevisions(id string, q url.Values) fakekit.Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.st.spreadsheet(id)
	if sp == nil {
		return fakekit.Answer{Status: 404, Body: driveError(404, "File not found: "+id+".", "notFound", "fileId")}
	}
	revs := sp.revisions()
	size := 200
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return fakekit.Answer{Status: 400, Body: driveError(400, "Invalid value '"+v+"'. Values must be within the range: [1, 1000]", "invalid", "pageSize")}
		}
		size = n
	}
	start := 0
	if tok := q.Get("pageToken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n > len(revs) {
			return fakekit.Answer{Status: 400, Body: driveError(400, "Invalid Value", "invalid", "pageToken")}
		}
		start = n
	}
	end := min(start+size, len(revs))
	var b bytes.Buffer
	b.WriteString("{\n  \"revisions\": [")
	for i, r := range revs[start:end] {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n    {\n      \"id\": " + quote(r.ID) + ",\n      \"exportLinks\": {")
		links := exportLinks(sp.SpreadsheetID, r.ID)
		for j, k := range exportLinkOrder {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n        " + quote(k) + ": " + quote(links[k]))
		}
		b.WriteString("\n      }\n    }")
	}
	b.WriteString("\n  ]")
	if end < len(revs) {
		b.WriteString(",\n  \"nextPageToken\": " + quote(strconv.Itoa(end)))
	}
	b.WriteString("\n}\n")
	return fakekit.Answer{Status: 200, Body: b.Bytes()}
}

var exportLinkOrder = []string{
	"application/x-vnd.oasis.opendocument.spreadsheet", "text/tab-separated-values", "application/pdf",
	XLSXMimeType, "text/csv", "application/zip", "application/vnd.oasis.opendocument.spreadsheet",
}

// export is GET docs.google.com/spreadsheets/export?id=…&revision=…&
// exportFormat=xlsx: the revision as an xlsx workbook (one worksheet per
// sheet, cells typed as stored; formulas stay text). Other formats are
// not served.
func (s *Server) export(q url.Values) fakekit.Answer {
	s.mu.Lock()
	sp := s.st.spreadsheet(q.Get("id"))
	var rev *Revision
	if sp != nil {
		for _, r := range sp.revisions() {
			if r.ID == q.Get("revision") {
				rev = r
			}
		}
	}
	s.mu.Unlock()
	if rev == nil {
		return fakekit.Answer{Status: 404, Body: []byte("Not Found"), Header: map[string]string{"Content-Type": "text/html; charset=utf-8"}}
	}
	if f := q.Get("exportFormat"); f != "xlsx" {
		return fakekit.Answer{Status: 400, Body: []byte("unsupported exportFormat " + f), Header: map[string]string{"Content-Type": "text/plain"}}
	}
	b, err := workbook(rev)
	if err != nil {
		return fakekit.Answer{Status: 500, Body: ErrorBody(500, false)}
	}
	return fakekit.Answer{Status: 200, Body: b, Header: map[string]string{
		"Content-Type":        XLSXMimeType,
		"Content-Disposition": `attachment; filename="export.xlsx"`,
	}}
}

// workbook writes a revision as xlsx.
func workbook(rev *Revision) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range rev.Sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.Title); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.Title); err != nil {
			return nil, err
		}
		for r, row := range sh.Values {
			for c, v := range row {
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, err
				}
				switch x := v.(type) {
				case float64:
					err = f.SetCellFloat(sh.Title, ref, x, -1, 64)
				case json.Number:
					n, _ := x.Float64()
					err = f.SetCellFloat(sh.Title, ref, n, -1, 64)
				case bool:
					err = f.SetCellBool(sh.Title, ref, x)
				case string:
					if x != "" {
						err = f.SetCellStr(sh.Title, ref, x)
					}
				}
				if err != nil {
					return nil, err
				}
			}
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// driveRevisionsID is the file id of a revisions list path.
func driveRevisionsID(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, drivePrefix)
	if !ok {
		return "", false
	}
	id, ok := strings.CutSuffix(rest, "/revisions")
	return id, ok && id != "" && !strings.Contains(id, "/")
}
