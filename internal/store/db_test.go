package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/store/pgtest"
)

var pg pgtest.Cluster

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// databases runs a test on SQLite and on PostgreSQL: the same suite for
// both.
func databases(t *testing.T, test func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, filepath.Join(t.TempDir(), "db.sqlite")) })
	t.Run("postgres", func(t *testing.T) { test(t, pg.URL(t)) })
}

func open(t *testing.T, cfg Config) *DB {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestBeginSaveListGet(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		start := time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)
		var ids []string
		for i := range 3 {
			id, err := s.Begin(ctx, Record{WorkflowID: "wf1", WorkflowName: "W", Mode: "webhook", Trigger: "Webhook", StartedAt: start})
			if err != nil {
				t.Fatal(err)
			}
			if want := strconv.Itoa(i + 1); id != want {
				t.Fatalf("id %s, want %s", id, want)
			}
			ids = append(ids, id)
		}
		if list, _ := s.List(ctx, ListOptions{Status: "running"}); len(list) != 3 {
			t.Fatalf("running %+v", list)
		}
		data := `{"resultData":{"runData":{"Webhook":[{"b":2,"a":1}]}}}`
		rec := Record{ID: ids[1], WorkflowID: "wf1", WorkflowName: "W", Mode: "webhook", Trigger: "Webhook", Status: "success",
			StartedAt: start, StoppedAt: start.Add(1500 * time.Millisecond), Data: json.RawMessage(data)}
		if err := s.Save(ctx, rec); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, ids[1])
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Data) != data || got.Status != "success" || !got.StartedAt.Equal(start) || got.StoppedAt.Sub(got.StartedAt) != 1500*time.Millisecond {
			t.Fatalf("got %+v", got)
		}
		list, err := s.List(ctx, ListOptions{Limit: 2})
		if err != nil || len(list) != 2 || list[0].ID != "3" || list[1].ID != "2" || list[1].Data != nil {
			t.Fatalf("list %+v %v", list, err)
		}
		if _, err := s.Get(ctx, "99"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get 99: %v", err)
		}
		if _, err := s.Get(ctx, "x"); err == nil || !strings.Contains(err.Error(), "not a number") {
			t.Fatalf("Get x: %v", err)
		}
	})
}

// Run data is stored compressed.
func TestRunDataIsCompressed(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		id, _ := s.Begin(ctx, Record{WorkflowName: "W"})
		data := "[" + strings.Repeat(`{"json":{"name":"Ada Lovelace","email":"ada@example.com"}},`, 2000) + "1]"
		if err := s.Save(ctx, Record{ID: id, Status: "success", Data: json.RawMessage(data)}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.SQL().QueryRow(`SELECT length(data) FROM execution_data`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n*10 > len(data) {
			t.Fatalf("stored %d bytes for %d", n, len(data))
		}
	})
}

// Issue 21 item 14: run data nested ~9,990 deep is stored and read back.
func TestDeepRunDataIsStored(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
		id, _ := s.Begin(ctx, Record{WorkflowName: "deep"})
		if err := s.Save(ctx, Record{ID: id, WorkflowName: "deep", Status: "success", Data: json.RawMessage(deep)}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, id)
		if err != nil || string(got.Data) != deep {
			t.Fatalf("Get: %v (%d bytes)", err, len(got.Data))
		}
	})
}

// Issue 21 item 14: a damaged record does not break the list; show names
// the execution.
func TestDamagedRunDataIsReportedNotFatal(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		for range 3 {
			id, _ := s.Begin(ctx, Record{WorkflowName: "w"})
			if err := s.Save(ctx, Record{ID: id, WorkflowName: "w", Status: "success", Data: json.RawMessage(`{"x":1}`)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SQL().Exec(`UPDATE execution_data SET data = $1 WHERE execution_id = 2`, []byte{0x1f, 0x8b, 8, 0, 1, 2}); err != nil {
			t.Fatal(err)
		}
		list, err := s.List(ctx, ListOptions{})
		if err != nil || len(list) != 3 {
			t.Fatalf("List: %v %+v", err, list)
		}
		r, err := s.Get(ctx, "2")
		if err == nil || !strings.Contains(err.Error(), "execution 2: the stored run data is damaged") || r.Status != "success" {
			t.Fatalf("Get 2: %+v %v", r, err)
		}
		if r, err := s.Get(ctx, "3"); err != nil || string(r.Data) != `{"x":1}` {
			t.Fatalf("Get 3: %+v %v", r, err)
		}
	})
}

// Issue 21 item 14: after SIGKILL an execution id was reused. A process
// that dies leaves its execution "running" and its heartbeat stops; the
// next instance marks it crashed as n8n does, and ids continue after it.
func TestKilledInstanceExecutionsCrashAndIDsAreNotReused(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s1, err := Open(ctx, Config{URL: url, StaleAfter: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		id, err := s1.Begin(ctx, Record{WorkflowName: "w", Mode: "webhook"})
		if err != nil || id != "1" {
			t.Fatalf("Begin %q %v", id, err)
		}
		// The highest id is deleted (pruned) before the kill: a store
		// that derived ids from max(id) would hand it out again.
		id2, _ := s1.Begin(ctx, Record{WorkflowName: "w"})
		s1.SQL().Exec(`DELETE FROM executions WHERE id = $1`, id2)
		// SIGKILL: no Close, no heartbeat any more. A live instance
		// opened at once leaves the execution alone (it may be running).
		s2 := open(t, Config{URL: url, StaleAfter: time.Second})
		if r, _ := s2.Get(ctx, "1"); r.Status != "running" {
			t.Fatalf("record 1 marked %q while its instance may be alive", r.Status)
		}
		time.Sleep(1100 * time.Millisecond)
		n, err := s2.RecoverCrashed(ctx)
		if err != nil || n != 1 {
			t.Fatalf("RecoverCrashed %d %v", n, err)
		}
		r, err := s2.Get(ctx, "1")
		if err != nil || r.Status != "crashed" || r.Error != CrashedMessage || r.StoppedAt.IsZero() {
			t.Fatalf("record 1: %+v %v", r, err)
		}
		if next, _ := s2.Begin(ctx, Record{WorkflowName: "w"}); next != "3" {
			t.Fatalf("next id %s, want 3", next)
		}
		s1.SQL().Close()
	})
}

// A store closed with executions still running (abandoned at shutdown)
// has them marked crashed by the next instance at once.
func TestClosedInstanceExecutionsCrashAtOnce(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s1, _ := Open(ctx, Config{URL: url})
		s1.Begin(ctx, Record{WorkflowName: "w"})
		s1.Close()
		s2 := open(t, Config{URL: url})
		if r, _ := s2.Get(ctx, "1"); r.Status != "crashed" {
			t.Fatalf("record 1: %+v", r)
		}
	})
}

// Issue 21 item 14: a full disk. The summary is kept with the reason and
// Save reports the error (serve keeps the record to retry).
func TestFullDatabaseKeepsTheSummary(t *testing.T) {
	ctx := context.Background()
	s := open(t, Config{URL: filepath.Join(t.TempDir(), "db.sqlite"), SQLitePragmas: []string{"max_page_count(40)"}})
	id, err := s.Begin(ctx, Record{WorkflowName: "w"})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 0, 1<<20)
	big = append(big, '"')
	for i := 0; len(big) < 1<<20; i++ {
		big = strconv.AppendInt(big, int64(i*7919%100003), 36)
	}
	big = append(big, '"')
	err = s.Save(ctx, Record{ID: id, WorkflowName: "w", Status: "success", Data: big})
	if err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("Save: %v", err)
	}
	r, _ := s.Get(ctx, id)
	if r.Status != "success" || !strings.Contains(r.Error, "run data not stored") {
		t.Fatalf("record %+v", r)
	}
}

func TestPrune(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		now := time.Now().UTC()
		for i := range 6 {
			id, _ := s.Begin(ctx, Record{WorkflowName: "w"})
			status := "success"
			if i == 0 {
				status = "waiting"
			}
			stopped := now.Add(-time.Duration(6-i) * 24 * time.Hour) // 6 … 1 days ago
			if err := s.Save(ctx, Record{ID: id, Status: status, StartedAt: stopped, StoppedAt: stopped, Data: json.RawMessage(`1`)}); err != nil {
				t.Fatal(err)
			}
		}
		s.Begin(ctx, Record{WorkflowName: "running"}) // 7, never pruned
		if n, _ := s.Prune(ctx, Policy{Enabled: false, MaxAge: time.Hour, MaxCount: 1}, now); n != 0 {
			t.Fatalf("pruned %d while disabled", n)
		}
		// Older than 4 days: 2 and 3 (1 is waiting).
		if n, err := s.Prune(ctx, Policy{Enabled: true, MaxAge: 4*24*time.Hour - time.Minute}, now); n != 2 || err != nil {
			t.Fatalf("by age: %d %v", n, err)
		}
		// Keep the 2 newest finished: 5, 6; 4 goes.
		if n, err := s.Prune(ctx, Policy{Enabled: true, MaxCount: 2}, now); n != 1 || err != nil {
			t.Fatalf("by count: %d %v", n, err)
		}
		list, _ := s.List(ctx, ListOptions{})
		var ids []string
		for _, r := range list {
			ids = append(ids, r.ID)
		}
		if strings.Join(ids, ",") != "7,6,5,1" {
			t.Fatalf("left %v", ids)
		}
		var n int
		s.SQL().QueryRow(`SELECT count(*) FROM execution_data`).Scan(&n)
		if n != 3 {
			t.Fatalf("%d run data rows left, want 3 (pruned with their execution)", n)
		}
	})
}

func TestPolicyFromEnv(t *testing.T) {
	env := map[string]string{"EXECUTIONS_DATA_PRUNE": "false", "EXECUTIONS_DATA_MAX_AGE": "24", "EXECUTIONS_DATA_PRUNE_MAX_COUNT": "5"}
	p, err := PolicyFromEnv(func(k string) string { return env[k] })
	if err != nil || p != (Policy{Enabled: false, MaxAge: 24 * time.Hour, MaxCount: 5}) {
		t.Fatalf("%+v %v", p, err)
	}
	if p, _ := PolicyFromEnv(func(string) string { return "" }); p != DefaultPolicy() {
		t.Fatalf("defaults %+v", p)
	}
	env["EXECUTIONS_DATA_MAX_AGE"] = "two weeks"
	if _, err := PolicyFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "EXECUTIONS_DATA_MAX_AGE") {
		t.Fatalf("err %v", err)
	}
}

func TestURLFromEnv(t *testing.T) {
	env := map[string]string{"DB_TYPE": "postgresdb", "DB_POSTGRESDB_HOST": "db", "DB_POSTGRESDB_USER": "n8n",
		"DB_POSTGRESDB_PASSWORD": "p@ss", "DB_POSTGRESDB_SCHEMA": "flows"}
	u, err := URLFromEnv(func(k string) string { return env[k] }, "/data")
	if err != nil || u != "postgres://n8n:p%40ss@db:5432/n8n?search_path=flows&sslmode=disable" {
		t.Fatalf("%s %v", u, err)
	}
	if strings.Contains(Redact(u), "p%40ss") {
		t.Fatalf("Redact kept the password: %s", Redact(u))
	}
	if u, _ := URLFromEnv(func(k string) string { return map[string]string{"DB_TYPE": "sqlite"}[k] }, "/data"); u != "/data/database.sqlite" {
		t.Fatal(u)
	}
	if _, err := URLFromEnv(func(k string) string { return map[string]string{"DB_TYPE": "mysqldb"}[k] }, "/data"); err == nil {
		t.Fatal("mysqldb accepted")
	}
}

func TestStaticData(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, Config{URL: url})
		if d, err := s.StaticData(ctx, "wf"); d != nil || err != nil {
			t.Fatalf("%s %v", d, err)
		}
		s.SetStaticData(ctx, "wf", json.RawMessage(`{"lastId":1}`))
		s.SetStaticData(ctx, "wf", json.RawMessage(`{"lastId":2}`))
		if d, _ := s.StaticData(ctx, "wf"); string(d) != `{"lastId":2}` {
			t.Fatalf("%s", d)
		}
	})
}

// The old executions folder is imported once, ids kept, and ids continue
// after the imported ones.
func TestImportFolderOnce(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		dir := t.TempDir()
		f, _ := OpenFolder(dir, 10)
		for range 3 {
			f.Save(Record{ID: f.NextID(), WorkflowName: "old", Status: "success", StartedAt: time.Now(), StoppedAt: time.Now(), Data: json.RawMessage(`{"old":true}`)})
		}
		f.Begin(Record{WorkflowName: "old"}) // 4, left running by a killed process
		s := open(t, Config{URL: url})
		if n, err := s.ImportFolder(ctx, dir); n != 4 || err != nil {
			t.Fatalf("import: %d %v", n, err)
		}
		if n, err := s.ImportFolder(ctx, dir); n != 0 || err != nil {
			t.Fatalf("second import: %d %v", n, err)
		}
		if r, err := s.Get(ctx, "2"); err != nil || string(r.Data) != `{"old":true}` {
			t.Fatalf("imported 2: %+v %v", r, err)
		}
		if r, _ := s.Get(ctx, "4"); r.Status != "crashed" {
			t.Fatalf("imported 4: %+v", r)
		}
		if id, _ := s.Begin(ctx, Record{WorkflowName: "new"}); id != "5" {
			t.Fatalf("next id %s, want 5", id)
		}
	})
}

// Several instances migrating one database at once.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	url := pg.URL(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), Config{URL: url})
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// A SIGKILLed serve restarted on the same host: its process is gone, so
// its running executions are crashed at startup without waiting for the
// heartbeat to go stale.
func TestDeadLocalProcessExecutionsCrashAtStartup(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s1 := open(t, Config{URL: url})
		cmd := exec.Command("true")
		if err := cmd.Run(); err != nil {
			t.Skip("no `true` to get a dead pid")
		}
		dead := fmt.Sprintf("%s/%d/0000", s1.host, cmd.Process.Pid)
		s1.SQL().Exec(`INSERT INTO instances (id, heartbeat_at) VALUES ($1, $2)`, dead, s1.ts(time.Now()))
		id, _ := s1.Begin(ctx, Record{WorkflowName: "w"})
		s1.SQL().Exec(`UPDATE executions SET owner = $1 WHERE id = $2`, dead, id)
		s2 := open(t, Config{URL: url})
		if r, _ := s2.Get(ctx, id); r.Status != "crashed" {
			t.Fatalf("record: %+v", r)
		}
	})
}
