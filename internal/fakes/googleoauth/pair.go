package googleoauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

// API is a Google API fake a Pair serves next to the token endpoint.
type API interface {
	fakekit.Fake
}

// Pair serves an API fake and the token endpoint on one address, told
// apart by Host (oauth2.googleapis.com, or a /token or /oauth2/ path on
// www.googleapis.com go to the token endpoint), as a recording of real
// n8n needs them behind one HTTPS port. Its seed and dump are
// {"oauth": State, Name: the API's own document}.
type Pair struct {
	Name  string
	API   API
	OAuth *Server
}

// NewPair returns a pair of api (named name in seeds, dumps and logs)
// with a new token endpoint; the API fake should check tokens with
// OAuth.Check.
func NewPair(name string, api API, oauth *Server) *Pair {
	return &Pair{Name: name, API: api, OAuth: oauth}
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
	p.API.ServeHTTP(w, r)
}

// Seed seeds both fakes from {"oauth": …, Name: …}.
func (p *Pair) Seed(doc []byte) error {
	var d map[string]json.RawMessage
	if err := json.Unmarshal(doc, &d); err != nil {
		return fmt.Errorf("googleoauth pair: seed: %w", err)
	}
	if b := d["oauth"]; len(b) > 0 {
		if err := p.OAuth.Seed(b); err != nil {
			return err
		}
	}
	if b := d[p.Name]; len(b) > 0 {
		return p.API.Seed(b)
	}
	return nil
}

// Dump writes both states as {"oauth": …, Name: …}.
func (p *Pair) Dump() []byte {
	var b bytes.Buffer
	b.WriteString(`{"oauth": `)
	b.Write(p.OAuth.Dump())
	name, _ := json.Marshal(p.Name)
	b.WriteString(",\n")
	b.Write(name)
	b.WriteString(": ")
	b.Write(p.API.Dump())
	b.WriteString("}")
	var out bytes.Buffer
	if json.Indent(&out, b.Bytes(), "", "  ") != nil {
		return b.Bytes()
	}
	return out.Bytes()
}
