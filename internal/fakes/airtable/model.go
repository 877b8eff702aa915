package airtable

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/n8n-go/n8n-go/engine/data"
)

// State is the fake's whole state, as seeded and dumped.
type State struct {
	// Now is every new record's createdTime (a fixed clock keeps
	// recordings comparable); NextID numbers new records.
	Now    string  `json:"now"`
	NextID float64 `json:"nextId"`
	Bases  []*Base `json:"bases"`
}

// Base is an Airtable base.
type Base struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	PermissionLevel string   `json:"permissionLevel"`
	Tables          []*Table `json:"tables"`
}

// Table is a table with its schema and records.
type Table struct {
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	PrimaryFieldID string  `json:"primaryFieldId"`
	Fields         []Field `json:"fields"`
	Views          []View  `json:"views"`
	// Records are {id, createdTime, fields} in table order; fields hold
	// no empty values (Airtable leaves them out).
	Records []*data.Object `json:"records"`
}

// Field is a column.
type Field struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Options any    `json:"options,omitempty"`
}

// View is a view; Records lists the record ids it shows in its order (nil:
// all records in table order).
type View struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Records []string `json:"records,omitempty"`
}

func emptyState() State { return State{Now: "2026-01-01T00:00:00.000Z", NextID: 1} }

// Seed replaces the whole state with a State document.
func (s *Server) Seed(doc []byte) error {
	st := emptyState()
	if err := json.Unmarshal(doc, &st); err != nil {
		return fmt.Errorf("fakeairtable: seed: %w", err)
	}
	for _, b := range st.Bases {
		for _, t := range b.Tables {
			for _, r := range t.Records {
				if !r.Has("createdTime") {
					r.Set("createdTime", st.Now)
				}
			}
		}
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// Dump returns the whole state as a State document.
func (s *Server) Dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.MarshalIndent(s.st, "", "  ")
	return b
}

func (s *Server) base(id string) *Base {
	for _, b := range s.st.Bases {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// table finds a table by id or name.
func (b *Base) table(idOrName string) *Table {
	for _, t := range b.Tables {
		if t.ID == idOrName || t.Name == idOrName {
			return t
		}
	}
	return nil
}

func (t *Table) field(name string) *Field {
	for i := range t.Fields {
		if t.Fields[i].Name == name || t.Fields[i].ID == name {
			return &t.Fields[i]
		}
	}
	return nil
}

func (t *Table) record(id string) (int, *data.Object) {
	for i, r := range t.Records {
		if r.Value("id") == id {
			return i, r
		}
	}
	return -1, nil
}

func (t *Table) view(idOrName string) *View {
	for i := range t.Views {
		if t.Views[i].ID == idOrName || t.Views[i].Name == idOrName {
			return &t.Views[i]
		}
	}
	return nil
}

func (s *Server) newRecordID() string {
	id := fmt.Sprintf("rec%014.0f", s.st.NextID)
	s.st.NextID++
	return id
}

// validRecordID is Airtable's id shape: "rec" and 14 characters.
func validRecordID(id string) bool {
	if len(id) != 17 || !strings.HasPrefix(id, "rec") {
		return false
	}
	for _, r := range id[3:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
