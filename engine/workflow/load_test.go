package workflow

import (
	"os"
	"strings"
	"testing"
)

const one = `{"id":"w1","name":"One","nodes":[{"name":"A","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[0,0],"parameters":{}}],"connections":{},"settings":{"executionOrder":"v1"},"staticData":null,"meta":{"x":1}}`

func TestParseForms(t *testing.T) {
	tests := []struct {
		name, in, pick, wantName, wantErr string
	}{
		{name: "object", in: one, wantName: "One"},
		{name: "object picked by id", in: one, pick: "w1", wantName: "One"},
		{name: "object wrong pick", in: one, pick: "nope", wantErr: `--workflow "nope": the file holds one workflow`},
		{name: "array of one", in: "[" + one + "]", wantName: "One"},
		{name: "array pick by name", in: `[` + one + `,{"id":"w2","name":"Two","nodes":[],"connections":{}}]`, pick: "Two", wantName: "Two"},
		{name: "array needs pick", in: `[` + one + `,{"id":"w2","name":"Two","nodes":[],"connections":{}}]`, wantErr: "choose one with --workflow NAME|ID"},
		{name: "array pick missing", in: `[` + one + `,{"id":"w2","name":"Two","nodes":[],"connections":{}}]`, pick: "Three", wantErr: `--workflow "Three" matches none of`},
		{name: "template record", in: `{"id":3177,"workflow":{"id":3177,"workflow":` + one + `}}`, wantName: "One"},
		{name: "empty", in: "  ", wantErr: "empty file"},
		{name: "not json", in: "{nodes", wantErr: "not valid JSON"},
		{name: "no nodes", in: `{"name":"x"}`, wantErr: `no "nodes" key`},
		{name: "scalar", in: `42`, wantErr: "expected an n8n workflow JSON object or array"},
		{name: "bad shape", in: `{"nodes":{"a":1}}`, wantErr: "does not have n8n's shape"},
		{name: "null node", in: `{"nodes":[null]}`, wantErr: "nodes[0] is null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Parse([]byte(tc.in), tc.pick)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w.Name != tc.wantName {
				t.Fatalf("name = %q, want %q", w.Name, tc.wantName)
			}
		})
	}
}

func TestParseKeepsUnknownKeys(t *testing.T) {
	w, err := Parse([]byte(one), "")
	if err != nil {
		t.Fatal(err)
	}
	if string(w.Extra["meta"]) != `{"x":1}` || string(w.Extra["staticData"]) != "null" {
		t.Fatalf("extra = %v", w.Extra)
	}
	if w.Settings.ExecutionOrder != "v1" {
		t.Fatalf("settings = %+v", w.Settings)
	}
}

func TestTemplateBothForms(t *testing.T) {
	a, err := LoadFile("../../workflows/notion-clockify-sync.json", "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadFile("../../../shared/templates/n8n-io-3177.json", "")
	if os.IsNotExist(errUnwrap(err)) {
		t.Skip("shared/ not beside the checkout")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Nodes) != 68 || len(b.Nodes) != 68 {
		t.Fatalf("nodes: %d and %d, want 68", len(a.Nodes), len(b.Nodes))
	}
	if a.Settings.ExecutionOrder != "v1" {
		t.Fatalf("executionOrder %q", a.Settings.ExecutionOrder)
	}
	// Parents are indexed per input: Merge has 3 inputs, Compare Datasets 2.
	if got := len(a.Parents("Merge")); got != 3 {
		t.Fatalf("Merge inputs = %d, want 3", got)
	}
	if got := len(a.Parents("Update Client in Clockify")[0]); got != 3 {
		t.Fatalf("Update Client in Clockify has %d parents on input 0, want 3", got)
	}
	if !a.IsAncestor("Globals", "Create Task in Clockify") || a.IsAncestor("Create Task in Clockify", "Globals") {
		t.Fatal("ancestry is wrong")
	}
}

func errUnwrap(err error) error {
	for err != nil {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
	return err
}

// Older exports and templates name a node's credential with a plain
// string; n8n's editor imports them, so the loader must too.
func TestCredentialAsString(t *testing.T) {
	w, err := Parse([]byte(`{"name":"w","nodes":[{"name":"A","type":"n8n-nodes-base.airtable","typeVersion":1,"position":[0,0],"parameters":{},
		"credentials":{"airtableApi":"Airtable account","slackApi":{"id":"7","name":"Slack"}}}],"connections":{}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	got := w.Node("A").Credentials
	if got["airtableApi"] != (CredentialRef{Name: "Airtable account"}) || got["slackApi"] != (CredentialRef{ID: "7", Name: "Slack"}) {
		t.Fatalf("credentials = %+v", got)
	}
	if _, err := Parse([]byte(`{"nodes":[{"name":"A","type":"t","typeVersion":1,"position":[0,0],"credentials":{"x":7}}],"connections":{}}`), ""); err == nil {
		t.Fatal("a number as credential reference was accepted")
	}
}

// Parameters keep the order they were written in, as n8n's editor does.
func TestParametersKeepOrder(t *testing.T) {
	w, err := Parse([]byte(`{"nodes":[{"name":"A","type":"t","typeVersion":1,"position":[0,0],"parameters":{"z":1,"a":{"y":2,"b":3}}}],"connections":{}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := w.Node("A").Parameters.MarshalJSON()
	if string(b) != `{"z":1,"a":{"y":2,"b":3}}` {
		t.Fatalf("parameters = %s", b)
	}
}
