package googlesheets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	fakegoogleoauth "github.com/n8n-go/n8n-go/internal/fakes/googleoauth"
)

// Hosts are the names real n8n reaches the pair under.
var Hosts = []string{"sheets.googleapis.com", "oauth2.googleapis.com", "www.googleapis.com", "docs.google.com"}

// Pair is the Sheets fake with its token endpoint, served on one address
// and told apart by Host (oauth2.googleapis.com and
// www.googleapis.com/oauth2/… go to the token endpoint), as the recording
// needs them behind one HTTPS port. Its seed and dump are
// {"oauth": googleoauth.State, "sheets": State}.
type Pair struct {
	Sheets *Server
	OAuth  *fakegoogleoauth.Server
}

// NewPair returns a Sheets fake whose tokens the OAuth fake checks.
func NewPair(opts Options) *Pair {
	o := fakegoogleoauth.New(fakegoogleoauth.Options{})
	opts.Tokens = o
	return &Pair{Sheets: New(opts), OAuth: o}
}

// ServeHTTP dispatches by host.
func (p *Pair) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host := strings.ToLower(r.Host)
	if i := strings.LastIndex(host, ":"); i >= 0 {
		host = host[:i]
	}
	if host == "oauth2.googleapis.com" || strings.HasPrefix(r.URL.Path, "/oauth2/") || r.URL.Path == "/token" {
		p.OAuth.ServeHTTP(w, r)
		return
	}
	p.Sheets.ServeHTTP(w, r)
}

type pairDoc struct {
	OAuth  json.RawMessage `json:"oauth"`
	Sheets json.RawMessage `json:"sheets"`
}

// Seed seeds both fakes.
func (p *Pair) Seed(doc []byte) error {
	var d pairDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return fmt.Errorf("fakegooglesheets: seed: %w", err)
	}
	if len(d.OAuth) > 0 {
		if err := p.OAuth.Seed(d.OAuth); err != nil {
			return err
		}
	}
	if len(d.Sheets) > 0 {
		return p.Sheets.Seed(d.Sheets)
	}
	return nil
}

// Dump writes both states.
func (p *Pair) Dump() []byte {
	var b bytes.Buffer
	b.WriteString("{\n\"oauth\": ")
	b.Write(p.OAuth.Dump())
	b.WriteString(",\n\"sheets\": ")
	b.Write(p.Sheets.Dump())
	b.WriteString("\n}")
	var out bytes.Buffer
	if json.Indent(&out, b.Bytes(), "", "  ") != nil {
		return b.Bytes()
	}
	return out.Bytes()
}

// PairRequests is both request logs.
type PairRequests struct {
	OAuth  []fakegoogleoauth.Request `json:"oauth"`
	Sheets []Request                 `json:"sheets"`
}

// Requests returns both logs.
func (p *Pair) Requests() PairRequests {
	return PairRequests{OAuth: p.OAuth.Requests(), Sheets: p.Sheets.Requests()}
}
