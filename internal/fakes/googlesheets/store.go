package googlesheets

import (
	"encoding/json"
	"fmt"
	"strings"
)

// State is the fake's whole state, as seeded and dumped.
type State struct {
	Spreadsheets []*Spreadsheet `json:"spreadsheets"`
	// NextID numbers new spreadsheets and sheets so runs compare.
	NextID int `json:"nextId"`
}

// Spreadsheet is one document.
type Spreadsheet struct {
	SpreadsheetID string   `json:"spreadsheetId"`
	Title         string   `json:"title"`
	Locale        string   `json:"locale"`
	AutoRecalc    string   `json:"autoRecalc"`
	TimeZone      string   `json:"timeZone"`
	Sheets        []*Sheet `json:"sheets"`
	// Revisions are kept only for a spreadsheet seeded with a
	// "revisions" list (an empty one starts at the seeded cells).
	Revisions []*Revision `json:"revisions,omitempty"`
}

// Sheet is one tab: its grid size and its cells, row by row. A cell is a
// string, a number or a boolean (nil or "" is empty); a string starting
// with "=" entered as USER_ENTERED is a formula, kept as text (the fake
// does not calculate).
type Sheet struct {
	SheetID     int     `json:"sheetId"`
	Title       string  `json:"title"`
	Index       int     `json:"index"`
	Hidden      bool    `json:"hidden,omitempty"`
	RightToLeft bool    `json:"rightToLeft,omitempty"`
	TabColor    any     `json:"tabColor,omitempty"`
	RowCount    int     `json:"rowCount"`
	ColumnCount int     `json:"columnCount"`
	Values      [][]any `json:"values"`
}

func (sp *Spreadsheet) sheetByTitle(t string) *Sheet {
	for _, s := range sp.Sheets {
		if s.Title == t {
			return s
		}
	}
	// The API matches titles case-insensitively when no exact match.
	for _, s := range sp.Sheets {
		if strings.EqualFold(s.Title, t) {
			return s
		}
	}
	return nil
}

func (sp *Spreadsheet) sheetByID(id int) *Sheet {
	for _, s := range sp.Sheets {
		if s.SheetID == id {
			return s
		}
	}
	return nil
}

func (s *State) spreadsheet(id string) *Spreadsheet {
	for _, sp := range s.Spreadsheets {
		if sp.SpreadsheetID == id {
			return sp
		}
	}
	return nil
}

// normalize fills defaults and trims trailing empty cells; s.mu is held.
func (s *Server) normalize() {
	if s.st.NextID == 0 {
		s.st.NextID = 1
	}
	for _, sp := range s.st.Spreadsheets {
		if sp.SpreadsheetID == "" {
			sp.SpreadsheetID = s.newSpreadsheetID()
		}
		if sp.Locale == "" {
			sp.Locale = "en_US"
		}
		if sp.AutoRecalc == "" {
			sp.AutoRecalc = "ON_CHANGE"
		}
		if sp.TimeZone == "" {
			sp.TimeZone = "Etc/GMT"
		}
		for i, sh := range sp.Sheets {
			sh.Index = i
			if sh.RowCount == 0 {
				sh.RowCount = 1000
			}
			if sh.ColumnCount == 0 {
				sh.ColumnCount = 26
			}
			sh.trim()
		}
		if sp.Revisions != nil && len(sp.Revisions) == 0 {
			sp.snapshot()
		}
	}
}

func (s *Server) newSpreadsheetID() string {
	id := fmt.Sprintf("1FakeSpreadsheet%028d", s.st.NextID)
	s.st.NextID++
	return id
}

func (s *Server) newSheetID() int {
	id := 100000 + s.st.NextID
	s.st.NextID++
	return id
}

// empty reports a cell the API leaves out of answers.
func empty(v any) bool { return v == nil || v == "" }

// trim drops trailing empty cells and rows, so dumps and answers agree.
func (sh *Sheet) trim() {
	for r := range sh.Values {
		row := sh.Values[r]
		n := len(row)
		for n > 0 && empty(row[n-1]) {
			n--
		}
		sh.Values[r] = row[:n]
	}
	n := len(sh.Values)
	for n > 0 && len(sh.Values[n-1]) == 0 {
		n--
	}
	sh.Values = sh.Values[:n]
	if sh.Values == nil {
		sh.Values = [][]any{}
	}
	for r := range sh.Values {
		if sh.Values[r] == nil {
			sh.Values[r] = []any{}
		}
	}
}

func (sh *Sheet) get(r, c int) any {
	if r < len(sh.Values) && c < len(sh.Values[r]) {
		return sh.Values[r][c]
	}
	return nil
}

func (sh *Sheet) set(r, c int, v any) {
	for len(sh.Values) <= r {
		sh.Values = append(sh.Values, []any{})
	}
	for len(sh.Values[r]) <= c {
		sh.Values[r] = append(sh.Values[r], nil)
	}
	sh.Values[r][c] = v
}

// Seed replaces the state with a State document.
func (s *Server) Seed(doc []byte) error {
	var st State
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakegooglesheets: seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.normalize()
	return nil
}

// Dump returns the state as a State document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}
