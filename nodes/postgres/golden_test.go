package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/store/pgtest"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/postgres"
)

// goldenDir holds workflows run by real n8n 1.123.81 against a database
// seeded with seed.sql (record.sh there): NAME.n8n.json is the run,
// NAME.tables.json the tables afterwards.
const goldenDir = "../../testdata/postgres"

var cluster pgtest.Cluster

func TestMain(m *testing.M) {
	// The recordings ran with TZ=UTC; node-postgres reads dates in the
	// process time zone, and so does the node (time.Local).
	time.Local = time.UTC
	code := m.Run()
	cluster.Stop()
	os.Exit(code)
}

// seeded returns the address of a fresh database loaded from seed.sql,
// in time zone UTC as record.sh makes it.
func seeded(t testing.TB) *url.URL {
	t.Helper()
	raw := cluster.URL(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(goldenDir, "seed.sql"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	db := strings.TrimPrefix(u.Path, "/")
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+db+" SET timezone TO 'UTC'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "SET timezone TO 'UTC';"+string(seed)).ReadAll(); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return u
}

// credsFile writes a credentials file with a postgres credential for u.
func credsFile(t testing.TB, u *url.URL) string {
	t.Helper()
	cred := []map[string]any{{"id": "pg-test", "name": "Postgres test", "type": "postgres", "data": map[string]any{
		"host": u.Hostname(), "port": json.Number(u.Port()), "database": strings.TrimPrefix(u.Path, "/"),
		"user": "postgres", "password": "", "ssl": "disable", "maxConnections": 5}}}
	b, err := json.Marshal(cred)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runWorkflow(t testing.TB, u *url.URL, wfJSON []byte) []byte {
	t.Helper()
	store, err := credentials.Load(credsFile(t, u), nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), code.New(), postgres.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// dumpTables is record.sh's dump: every table's rows as jsonb sorted by
// their text, in one object keyed schema.table.
func dumpTables(t testing.TB, u *url.URL) []byte {
	t.Helper()
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	res, err := conn.Exec(ctx, "SELECT table_schema||'.'||table_name FROM information_schema.tables WHERE table_schema IN ('public','other') AND table_type='BASE TABLE' ORDER BY 1").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("{")
	for i, row := range res[0].Rows {
		name := string(row[0])
		parts := strings.SplitN(name, ".", 2)
		q := "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text), '[]') FROM " + parts[0] + "." + parts[1] + " t"
		r, err := conn.Exec(ctx, q).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			b.WriteString(",")
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteString(":")
		b.Write(r[0].Rows[0][0])
	}
	b.WriteString("}")
	return []byte(b.String())
}

// TestGoldensFromN8n runs every recorded workflow through n8n-go on a
// freshly seeded database and compares the run (key order included) and
// the tables afterwards with what real n8n did.
func TestGoldensFromN8n(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.workflow.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows in %s", goldenDir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/postgres/record.sh %s", name)
			}
			wfJSON, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			u := seeded(t)
			got := runWorkflow(t, u, wfJSON)
			if diffs := golden.CompareRuns(golden.DropErrorTimestamps(want), golden.DropErrorTimestamps(got), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			wantTables, err := os.ReadFile(filepath.Join(goldenDir, name+".tables.json"))
			if err != nil {
				t.Fatal(err)
			}
			if diffs := golden.Compare(wantTables, dumpTables(t, u), golden.Options{NoDefaultDrop: true}); len(diffs) > 0 {
				t.Errorf("tables after the run differ from n8n's run:\n  %s", strings.Join(diffs, "\n  "))
			}
		})
	}
}

// TestConnectionFailures checks n8n's wording of connection failures
// (parsePostgresError) and that an SSH tunnel is refused clearly.
func TestConnectionFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close() // nothing listens there now
	wf := []byte(`{"name":"c","nodes":[{"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0]},
		{"parameters":{"operation":"executeQuery","query":"SELECT 1","options":{}},"name":"PG","type":"n8n-nodes-base.postgres","typeVersion":2.6,"position":[200,0],"credentials":{"postgres":{"id":"pg-test","name":"Postgres test"}}}],
		"connections":{"Start":{"main":[[{"node":"PG","type":"main","index":0}]]}}}`)
	tests := []struct {
		name, data, message, description string
	}{
		{"refused", fmt.Sprintf(`{"host":"127.0.0.1","port":%d,"database":"x","user":"u","password":"p","ssl":"disable"}`, port),
			"Connection refused", fmt.Sprintf("127.0.0.1:%d", port)},
		{"ssh tunnel", `{"host":"127.0.0.1","port":5432,"sshTunnel":true}`,
			"n8n-go does not support the postgres credential's SSH tunnel: connect to the database directly or through a tunnel opened outside n8n-go", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "creds.json")
			if err := os.WriteFile(p, []byte(`[{"id":"pg-test","name":"Postgres test","type":"postgres","data":`+tt.data+`}]`), 0o600); err != nil {
				t.Fatal(err)
			}
			store, err := credentials.Load(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			w, err := workflow.Parse(wf, "")
			if err != nil {
				t.Fatal(err)
			}
			eng := enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{manualtrigger.New(), postgres.New()},
				Expressions: expression.New(expression.Options{}), Credentials: store})
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(res)
			doc, _ := data.ParseJSON(b)
			e, _ := doc.(*data.Object).Value("data").(*data.Object).Value("resultData").(*data.Object).Value("error").(*data.Object)
			if e == nil {
				t.Fatalf("no error in %s", b)
			}
			if e.Value("message") != tt.message {
				t.Errorf("message = %v, want %q", e.Value("message"), tt.message)
			}
			if d, _ := e.Value("description").(string); d != tt.description {
				t.Errorf("description = %q, want %q", d, tt.description)
			}
		})
	}
}

// TestSSLAgainstPlainServer: ssl "require" against the test server, which
// has no certificate, fails with node-postgres' message.
func TestSSLAgainstPlainServer(t *testing.T) {
	u := seeded(t)
	p := filepath.Join(t.TempDir(), "creds.json")
	creds := fmt.Sprintf(`[{"id":"pg-test","name":"Postgres test","type":"postgres","data":{"host":"127.0.0.1","port":%s,"database":%q,"user":"postgres","password":"","ssl":"require"}}]`,
		u.Port(), strings.TrimPrefix(u.Path, "/"))
	if err := os.WriteFile(p, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	store, err := credentials.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse([]byte(`{"name":"s","nodes":[{"parameters":{},"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0]},
		{"parameters":{"operation":"executeQuery","query":"SELECT 1","options":{}},"name":"PG","type":"n8n-nodes-base.postgres","typeVersion":2.6,"position":[200,0],"credentials":{"postgres":{"id":"pg-test","name":"Postgres test"}}}],
		"connections":{"Start":{"main":[[{"node":"PG","type":"main","index":0}]]}}}`), "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{Nodes: []engine.Node{manualtrigger.New(), postgres.New()},
		Expressions: expression.New(expression.Options{}), Credentials: store})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	if !strings.Contains(string(b), "The server does not support SSL connections") {
		t.Errorf("run = %s", b)
	}
}
