package credentials

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/workflow"
)

var _ engine.CredentialStore = (*Store)(nil)

const export = `[
 {"id":"c1","name":"Clockify main","type":"clockifyApi","data":{"apiKey":"SECRET-CLOCKIFY-1"},"createdAt":"2024-01-01T00:00:00.000Z"},
 {"id":"c2","name":"Clockify other","type":"clockifyApi","data":{"apiKey":"SECRET-CLOCKIFY-2"}},
 {"id":"n1","name":"Notion","type":"notionApi","data":{"apiKey":"SECRET-NOTION"}}
]`

func TestResolveOrder(t *testing.T) {
	creds, err := Parse([]byte(export))
	if err != nil {
		t.Fatal(err)
	}
	s := New(creds, map[string]string{"CLOCKIFY_API_KEY": "ENV-CLOCKIFY", "NOTION_API_KEY": "ENV-NOTION"})
	cases := []struct {
		name string
		typ  string
		ref  *workflow.CredentialRef
		want string
		err  string
	}{
		{"by id", "clockifyApi", &workflow.CredentialRef{ID: "c2", Name: "Clockify main"}, "SECRET-CLOCKIFY-2", ""},
		{"by name when id misses", "clockifyApi", &workflow.CredentialRef{ID: "credential-id", Name: "Clockify main"}, "SECRET-CLOCKIFY-1", ""},
		{"only of type", "notionApi", &workflow.CredentialRef{ID: "credential-id", Name: "notionApi Credential"}, "SECRET-NOTION", ""},
		{"only of type, no ref", "notionApi", nil, "SECRET-NOTION", ""},
		{"ambiguous", "clockifyApi", &workflow.CredentialRef{ID: "x", Name: "y"}, "",
			`no credential of type clockifyApi matches (tried id "x", name "y"), and there are 2 of that type to choose from: "Clockify main" (id "c1"), "Clockify other" (id "c2")`},
		{"id of another type is not used", "notionApi", &workflow.CredentialRef{ID: "c1"}, "SECRET-NOTION", ""},
	}
	for _, c := range cases {
		got, err := s.Resolve(c.typ, c.ref)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || got["apiKey"] != c.want {
			t.Errorf("%s: got %v, %v; want %s", c.name, got, err, c.want)
		}
	}
}

func TestEnvShortcuts(t *testing.T) {
	s := New(nil, map[string]string{"CLOCKIFY_API_KEY": "ENV-CLOCKIFY"})
	got, err := s.Resolve("clockifyApi", &workflow.CredentialRef{ID: "credential-id", Name: "clockifyApi Credential"})
	if err != nil || got["apiKey"] != "ENV-CLOCKIFY" {
		t.Fatalf("env shortcut: %v %v", got, err)
	}
	// The file wins over the environment.
	creds, _ := Parse([]byte(export))
	s = New(creds, map[string]string{"NOTION_API_KEY": "ENV-NOTION"})
	if got, _ := s.Resolve("notionApi", nil); got["apiKey"] != "SECRET-NOTION" {
		t.Errorf("file credential should win, got %v", got["apiKey"])
	}
}

func TestMissing(t *testing.T) {
	s := New(nil, map[string]string{})
	_, err := s.Resolve("notionApi", &workflow.CredentialRef{ID: "credential-id", Name: "notionApi Credential"})
	want := `no credential of type notionApi found: tried id "credential-id", name "notionApi Credential", the only credential of the type (none loaded), environment variable NOTION_API_KEY (unset); no credentials file loaded (use --credentials FILE)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	creds, _ := Parse([]byte(export))
	_, err = New(creds, nil).Resolve("httpHeaderAuth", nil)
	if err == nil || !strings.Contains(err.Error(), "loaded: clockifyApi×2, notionApi×1") {
		t.Errorf("inventory missing: %v", err)
	}
}

func TestSecretsNeverShown(t *testing.T) {
	creds, _ := Parse([]byte(export))
	s := New(creds, map[string]string{"CLOCKIFY_API_KEY": "ENV-SECRET"})
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	for _, c := range creds {
		log.Info("loaded", "cred", c)
		fmt.Fprintf(&logs, "%v %+v %#v %s\n", c, c, c, c)
	}
	_, err1 := s.Resolve("clockifyApi", &workflow.CredentialRef{ID: "nope"})
	_, err2 := s.Resolve("httpBasicAuth", nil)
	_, err3 := Parse([]byte(`[{"id":"a","name":"b","type":"t","data":"ENCRYPTED-SECRET"}]`))
	_, err4 := Parse([]byte(`[{"id":"a","name":"b","type":"t","data":{"k":"SECRET-X"}} garbage SECRET-Y`))
	text := logs.String()
	for _, e := range []error{err1, err2, err3, err4} {
		if e == nil {
			t.Fatalf("expected an error")
		}
		text += e.Error() + "\n"
	}
	for _, secret := range []string{"SECRET-CLOCKIFY-1", "SECRET-CLOCKIFY-2", "SECRET-NOTION", "ENV-SECRET", "ENCRYPTED-SECRET", "SECRET-X", "SECRET-Y"} {
		if strings.Contains(text, secret) {
			t.Errorf("secret %s leaked:\n%s", secret, text)
		}
	}
	if got := s.Redact("key=SECRET-NOTION&x=ENV-SECRET"); got != "key=**hidden**&x=**hidden**" {
		t.Errorf("Redact: %s", got)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "creds.json")
	os.WriteFile(p, []byte(`{"id":"1","name":"one","type":"clockifyApi","data":{"apiKey":"k"}}`), 0o600)
	s, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Resolve("clockifyApi", nil); err != nil || got["apiKey"] != "k" {
		t.Errorf("single-object export: %v %v", got, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.json"), nil); err == nil {
		t.Error("missing file: no error")
	}
}

func TestMissingFields(t *testing.T) {
	s := New(nil, nil)
	for _, tc := range []struct {
		typ  string
		data map[string]any
		want string
	}{
		{"clockifyApi", map[string]any{"apiKey": "k"}, ""},
		{"clockifyApi", map[string]any{"apiKey": "  "}, "apiKey"},
		{"notionApi", map[string]any{}, "apiKey"},
		{"httpHeaderAuth", map[string]any{"value": "v"}, "name"},
		{"someOtherApi", map[string]any{}, ""},
	} {
		if got := strings.Join(s.MissingFields(tc.typ, tc.data), ","); got != tc.want {
			t.Errorf("%s %v: missing %q, want %q", tc.typ, tc.data, got, tc.want)
		}
	}
}

func TestUpdateWritesBackAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "creds.json")
	doc := `[{"id":"1","name":"a","type":"oAuth2Api","data":{"clientId":"c","oauthTokenData":{"access_token":"old"}}},{"id":"2","name":"b","type":"x","data":{"k":"v"}}]`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	upd := map[string]any{"clientId": "c", "oauthTokenData": map[string]any{"access_token": "new"}}
	if err := s.Update("oAuth2Api", &workflow.CredentialRef{ID: "1"}, upd); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Resolve("oAuth2Api", nil)
	if got["oauthTokenData"].(map[string]any)["access_token"] != "new" {
		t.Errorf("in memory: %v", got)
	}
	again, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = again.Resolve("oAuth2Api", nil)
	if got["oauthTokenData"].(map[string]any)["access_token"] != "new" {
		t.Errorf("on disk: %v", got)
	}
	if other, _ := again.Resolve("x", nil); other["k"] != "v" {
		t.Errorf("other credential lost: %v", other)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".credentials-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := s.Update("none", nil, upd); err == nil {
		t.Error("updating a missing credential succeeded")
	}
}
