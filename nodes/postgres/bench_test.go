package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/postgres"
)

func benchEngine(b *testing.B, credPath string) *engine.Engine {
	store, err := credentials.Load(credPath, nil)
	if err != nil {
		b.Fatal(err)
	}
	return enginetest.Engine(b, enginetest.Options{
		Nodes:       []engine.Node{postgres.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
	})
}

func benchWorkflow(b *testing.B, params string) *workflow.Workflow {
	return benchWorkflowVersion(b, "2.6", params)
}

func benchWorkflowVersion(b *testing.B, version, params string) *workflow.Workflow {
	wf := `{"name":"bench","nodes":[{"parameters":` + params + `,"name":"PG","type":"n8n-nodes-base.postgres","typeVersion":` + version + `,"position":[0,0],"id":"pg","credentials":{"postgres":{"id":"pg-test","name":"Postgres test"}}}],"connections":{}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	return w
}

func execSQL(b *testing.B, dsn, sql string) {
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkInsert10k inserts 10,000 items (auto-mapped, RETURNING *) in
// one run of the node: one multi-statement query, as n8n sends it.
func BenchmarkInsert10k(b *testing.B) {
	u := seeded(b)
	eng := benchEngine(b, credsFile(b, u))
	w := benchWorkflow(b, `{"schema":{"__rl":true,"mode":"list","value":"public"},"table":{"__rl":true,"mode":"name","value":"bench"},"columns":{"mappingMode":"autoMapInputData","value":{},"matchingColumns":[],"schema":[]},"options":{}}`)
	execSQL(b, u.String(), "CREATE TABLE bench (id serial PRIMARY KEY, name text, amount numeric, n integer, meta jsonb)")
	items := make([]data.Item, 10000)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("name", fmt.Sprintf("row %d", i), "amount", float64(i)/4, "n", float64(i), "meta", data.ObjectOf("k", float64(i)))}
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "PG", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != "success" {
			b.Fatalf("run status %s", res.Status)
		}
	}
}

// BenchmarkSelect100k selects 100,000 rows of mixed types (returnAll).
func BenchmarkSelect100k(b *testing.B) {
	u := seeded(b)
	eng := benchEngine(b, credsFile(b, u))
	execSQL(b, u.String(), `CREATE TABLE big AS SELECT g AS id, 'name '||g AS name, (g/7.0)::numeric(12,4) AS amount, g::bigint*1000 AS big,
		timestamptz '2024-01-01' + g * interval '1 minute' AS created, jsonb_build_object('g', g, 'even', g % 2 = 0) AS meta
		FROM generate_series(1, 100000) g`)
	w := benchWorkflow(b, `{"operation":"select","schema":{"__rl":true,"mode":"list","value":"public"},"table":{"__rl":true,"mode":"name","value":"big"},"returnAll":true,"options":{}}`)
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "PG", StartItems: []data.Item{{JSON: data.NewObject(0)}}})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != "success" {
			b.Fatalf("run status %s", res.Status)
		}
	}
}

// BenchmarkInsertV1_10k inserts 10,000 items with typeVersion 1 (one
// pg-promise multi-row INSERT built from the column list, with a cast).
func BenchmarkInsertV1_10k(b *testing.B) {
	u := seeded(b)
	eng := benchEngine(b, credsFile(b, u))
	w := benchWorkflowVersion(b, "1", `{"table":"bench1","columns":"name, amount, n:int, meta","returnFields":"id"}`)
	execSQL(b, u.String(), "CREATE TABLE bench1 (id serial PRIMARY KEY, name text, amount numeric, n integer, meta jsonb)")
	items := make([]data.Item, 10000)
	for i := range items {
		items[i] = data.Item{JSON: data.ObjectOf("name", fmt.Sprintf("row %d", i), "amount", float64(i)/4, "n", float64(i), "meta", data.ObjectOf("k", float64(i)))}
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli", Start: "PG", StartItems: items})
		if err != nil {
			b.Fatal(err)
		}
		if res.Status != "success" {
			b.Fatalf("run status %s", res.Status)
		}
	}
}
