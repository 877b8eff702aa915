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
	"path/filepath"
	"sort"
	"strings"
	"sync"

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

// Store resolves credential references. It is safe for concurrent use; the
// only change after New is Update (refreshed OAuth2 tokens).
type Store struct {
	mu    sync.RWMutex
	creds []Credential
	env   map[string]string
	short []EnvShortcut
	// path is the export file Load read; Update writes it back.
	path string
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
	s := New(creds, env)
	s.path = path
	return s, nil
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
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, data, err := s.find(typ, ref)
	if err != nil {
		return nil, err
	}
	if i >= 0 {
		return copyData(s.creds[i].Data), nil
	}
	return data, nil
}

// Update replaces the data of the credential Resolve(typ, ref) finds and,
// when the store was loaded from a file, writes the file back atomically
// (a temporary file in the same folder renamed over it), so a refreshed
// OAuth2 token survives the run as n8n keeps it in its database.
func (s *Store) Update(typ string, ref *workflow.CredentialRef, data map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _, err := s.find(typ, ref)
	if err != nil {
		return err
	}
	if i < 0 {
		return fmt.Errorf("credential of type %s comes from the environment and cannot be updated", typ)
	}
	creds := append([]Credential(nil), s.creds...)
	creds[i].Data = copyData(data)
	if s.path != "" {
		if err := writeAtomic(s.path, creds); err != nil {
			return fmt.Errorf("credentials: write back %s: %w", s.path, err)
		}
	}
	s.creds = creds
	return nil
}

func writeAtomic(path string, creds []Credential) error {
	b, err := json.MarshalIndent(creds, "", "  ")
	if err != nil {
		return err
	}
	mode := os.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credentials-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// find locates the credential: its index, or -1 with the data of an
// environment shortcut.
func (s *Store) find(typ string, ref *workflow.CredentialRef) (int, map[string]any, error) {
	var ofType []int
	for i, c := range s.creds {
		if c.Type == typ {
			ofType = append(ofType, i)
		}
	}
	var tried []string
	if ref != nil && ref.ID != "" {
		for _, i := range ofType {
			if s.creds[i].ID == ref.ID {
				return i, nil, nil
			}
		}
		tried = append(tried, fmt.Sprintf("id %q", ref.ID))
	}
	if ref != nil && ref.Name != "" {
		var hits []int
		for _, i := range ofType {
			if s.creds[i].Name == ref.Name {
				hits = append(hits, i)
			}
		}
		if len(hits) == 1 {
			return hits[0], nil, nil
		}
		if len(hits) > 1 {
			return 0, nil, fmt.Errorf("credential name %q matches %d credentials of type %s; give the node the credential's id", ref.Name, len(hits), typ)
		}
		tried = append(tried, fmt.Sprintf("name %q", ref.Name))
	}
	if len(ofType) == 1 {
		return ofType[0], nil, nil
	}
	if len(ofType) > 1 {
		names := make([]string, len(ofType))
		for n, i := range ofType {
			names[n] = fmt.Sprintf("%q (id %q)", s.creds[i].Name, s.creds[i].ID)
		}
		return 0, nil, fmt.Errorf("no credential of type %s matches (tried %s), and there are %d of that type to choose from: %s",
			typ, joinOr(tried, "nothing"), len(ofType), strings.Join(names, ", "))
	}
	tried = append(tried, "the only credential of the type (none loaded)")
	for _, sh := range s.short {
		if sh.Type != typ {
			continue
		}
		if v := s.env[sh.Var]; v != "" {
			return -1, map[string]any{sh.Field: v}, nil
		}
		tried = append(tried, "environment variable "+sh.Var+" (unset)")
	}
	return 0, nil, fmt.Errorf("no credential of type %s found: tried %s; %s",
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
	s.mu.RLock()
	defer s.mu.RUnlock()
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
