// Package credentials is n8n-go's engine.CredentialStore: credentials read
// from the file `n8n export:credentials --decrypted` writes, plus
// environment shortcuts (NOTION_API_KEY, CLOCKIFY_API_KEY). A node's
// reference is matched by id, then by name, then as the only credential of
// its type. Secret values never appear in errors or log output.
package credentials

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Credential is one exported n8n credential.
type Credential struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Type string         `json:"type"`
	Data map[string]any `json:"data"`
}

// String never shows the data.
func (c Credential) String() string {
	return fmt.Sprintf("credential %q (id %q, type %s)", c.Name, c.ID, c.Type)
}

// GoString keeps %#v from printing secrets.
func (c Credential) GoString() string { return c.String() }

// LogValue keeps slog from printing secrets.
func (c Credential) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", c.ID), slog.String("name", c.Name), slog.String("type", c.Type))
}

// EnvShortcut turns one environment variable into a credential of a type
// when the file has none that matches.
type EnvShortcut struct {
	Var   string
	Type  string
	Field string
}

// DefaultEnv is the environment shortcuts n8n-go knows.
var DefaultEnv = []EnvShortcut{
	{Var: "NOTION_API_KEY", Type: "notionApi", Field: "apiKey"},
	{Var: "CLOCKIFY_API_KEY", Type: "clockifyApi", Field: "apiKey"},
}

// Store resolves credential references. It is read-only after New and safe
// for concurrent use.
type Store struct {
	creds []Credential
	env   map[string]string
	short []EnvShortcut
}

// New returns a store of creds with environment shortcuts read from env
// (pass the process environment as a map; the store never reads os.Getenv).
func New(creds []Credential, env map[string]string) *Store {
	return &Store{creds: append([]Credential(nil), creds...), env: env, short: DefaultEnv}
}

// Load reads an export file (a JSON list of {id,name,type,data}, or one
// such object) and returns a store over it and env.
func Load(path string, env map[string]string) (*Store, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	creds, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("credentials: %s: %w", path, err)
	}
	return New(creds, env), nil
}

// Parse decodes an export document. Errors never quote the document,
// because it holds secrets.
func Parse(b []byte) ([]Credential, error) {
	trimmed := strings.TrimSpace(string(b))
	var list []Credential
	if strings.HasPrefix(trimmed, "{") {
		var one Credential
		if err := json.Unmarshal(b, &one); err != nil {
			return nil, fmt.Errorf("not a credentials export: %s", safeJSONError(err))
		}
		list = []Credential{one}
	} else if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("not a credentials export (expected a JSON list of {id, name, type, data}): %s", safeJSONError(err))
	}
	for i, c := range list {
		if c.Type == "" {
			return nil, fmt.Errorf("credential %d (%q) has no type", i, c.Name)
		}
		if c.Data == nil {
			// `export:credentials` without --decrypted writes data as an
			// encrypted string, which fails to decode into a map above.
			return nil, fmt.Errorf("credential %q (type %s) has no decrypted data; export with --decrypted", c.Name, c.Type)
		}
	}
	return list, nil
}

// safeJSONError describes a decode error without echoing input values.
func safeJSONError(err error) string {
	switch e := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("invalid JSON at byte %d", e.Offset)
	case *json.UnmarshalTypeError:
		if e.Field == "data" {
			return "field data is not an object (was it exported without --decrypted?)"
		}
		return fmt.Sprintf("field %q has the wrong type (%s)", e.Field, e.Value)
	}
	return "invalid JSON"
}

// Resolve implements engine.CredentialStore. The returned map is a copy.
func (s *Store) Resolve(typ string, ref *workflow.CredentialRef) (map[string]any, error) {
	var ofType []Credential
	for _, c := range s.creds {
		if c.Type == typ {
			ofType = append(ofType, c)
		}
	}
	var tried []string
	if ref != nil && ref.ID != "" {
		for _, c := range ofType {
			if c.ID == ref.ID {
				return copyData(c.Data), nil
			}
		}
		tried = append(tried, fmt.Sprintf("id %q", ref.ID))
	}
	if ref != nil && ref.Name != "" {
		var hits []Credential
		for _, c := range ofType {
			if c.Name == ref.Name {
				hits = append(hits, c)
			}
		}
		if len(hits) == 1 {
			return copyData(hits[0].Data), nil
		}
		if len(hits) > 1 {
			return nil, fmt.Errorf("credential name %q matches %d credentials of type %s; give the node the credential's id", ref.Name, len(hits), typ)
		}
		tried = append(tried, fmt.Sprintf("name %q", ref.Name))
	}
	if len(ofType) == 1 {
		return copyData(ofType[0].Data), nil
	}
	if len(ofType) > 1 {
		names := make([]string, len(ofType))
		for i, c := range ofType {
			names[i] = fmt.Sprintf("%q (id %q)", c.Name, c.ID)
		}
		return nil, fmt.Errorf("no credential of type %s matches (tried %s), and there are %d of that type to choose from: %s",
			typ, joinOr(tried, "nothing"), len(ofType), strings.Join(names, ", "))
	}
	tried = append(tried, "the only credential of the type (none loaded)")
	for _, sh := range s.short {
		if sh.Type != typ {
			continue
		}
		if v := s.env[sh.Var]; v != "" {
			return map[string]any{sh.Field: v}, nil
		}
		tried = append(tried, "environment variable "+sh.Var+" (unset)")
	}
	return nil, fmt.Errorf("no credential of type %s found: tried %s; %s",
		typ, strings.Join(tried, ", "), s.inventory())
}

func joinOr(list []string, none string) string {
	if len(list) == 0 {
		return none
	}
	return strings.Join(list, ", ")
}

// inventory summarises what is loaded (types only).
func (s *Store) inventory() string {
	if len(s.creds) == 0 {
		return "no credentials file loaded (use --credentials FILE)"
	}
	count := map[string]int{}
	for _, c := range s.creds {
		count[c.Type]++
	}
	types := make([]string, 0, len(count))
	for t, n := range count {
		types = append(types, fmt.Sprintf("%s×%d", t, n))
	}
	sort.Strings(types)
	return "loaded: " + strings.Join(types, ", ")
}

func copyData(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Secrets returns every non-empty string value of every credential and
// environment shortcut, for redacting text that might contain them.
func (s *Store) Secrets() []string {
	var out []string
	for _, c := range s.creds {
		for _, v := range c.Data {
			if str, ok := v.(string); ok && str != "" {
				out = append(out, str)
			}
		}
	}
	for _, sh := range s.short {
		if v := s.env[sh.Var]; v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Redact replaces every known secret in text with **hidden**.
func (s *Store) Redact(text string) string {
	secrets := s.Secrets()
	// Longest first, so a secret containing another is hidden whole.
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, sec := range secrets {
		text = strings.ReplaceAll(text, sec, "**hidden**")
	}
	return text
}
