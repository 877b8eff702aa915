package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/internal/store/pgtest"
)

var pg pgtest.Cluster

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// databases runs a test against SQLite and PostgreSQL.
func databases(t *testing.T, test func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, filepath.Join(t.TempDir(), "db.sqlite")) })
	t.Run("postgres", func(t *testing.T) { test(t, pg.URL(t)) })
}

func health(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h map[string]any
	json.NewDecoder(resp.Body).Decode(&h)
	return h
}

// runOnFullStore fills the store (SQLite for real, max_page_count;
// PostgreSQL refuses the run data through a constraint, the same failure
// as seen from serve), runs the webhook w of the server at url with a
// large random body, checks /healthz says degraded, frees the store and
// returns the body.
func runOnFullStore(t *testing.T, st *store.DB, url string) string {
	t.Helper()
	db := st.SQL()
	fill, free := `PRAGMA max_page_count = 1`, `PRAGMA max_page_count = 1073741823`
	if st.Dialect() == "postgres" {
		fill, free = `ALTER TABLE execution_data ADD CONSTRAINT full_disk CHECK (length(data) < 0)`, `ALTER TABLE execution_data DROP CONSTRAINT full_disk`
	} else {
		var pages int
		db.QueryRow(`PRAGMA page_count`).Scan(&pages)
		fill = "PRAGMA max_page_count = " + strconv.Itoa(pages)
	}
	if _, err := db.Exec(fill); err != nil {
		t.Fatal(err)
	}
	// Random text: compressed, it still needs new pages.
	raw := make([]byte, 64<<10)
	rand.Read(raw)
	body := hex.EncodeToString(raw)
	if code, b := postBody(t, url+"/webhook/w", `{"pad":"`+body+`"}`); code != 200 {
		t.Fatalf("%d %s", code, b)
	}
	if h := health(t, url); h["status"] != "degraded" {
		t.Fatalf("healthz %v", h)
	}
	if _, err := db.Exec(free); err != nil {
		t.Fatal(err)
	}
	return body
}

// Issue 21 item 14: a full disk was only logged. Records the store refuses
// are kept, reported on /healthz and written once the store works again.
// SQLite fills for real (max_page_count); PostgreSQL refuses the run data
// through a constraint, the same failure as seen from serve.
func TestUnsavedRecordsAreReportedAndRetried(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		s, st := newTestServerOn(t, url, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		body := runOnFullStore(t, st, ts.URL)
		post(t, ts.URL+"/webhook/w")
		recs := waitRecords(t, st, 2)
		if len(recs) != 2 {
			t.Fatalf("records %+v", recs)
		}
		if h := s.storeHealth(); h != nil {
			t.Fatalf("store health %v after recovery", h)
		}
		full, err := st.Get(context.Background(), recs[1].ID)
		if err != nil || !strings.Contains(string(full.Data), body) {
			t.Fatalf("retried record: %v (%d bytes)", err, len(full.Data))
		}
	})
}

// A record the store refused is written back while the instance is idle:
// a queue worker that lost PostgreSQL as executions finished kept their
// final records, and with no later job it left them "running" in the
// store (TestQueueFaultPostgresRestart failed so under load).
func TestUnsavedRecordsAreRetriedWhileIdle(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		s, st := newTestServerOn(t, url, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		body := runOnFullStore(t, st, ts.URL)
		// No other execution comes: only the retry loop can write it.
		deadline := time.Now().Add(10 * time.Second)
		for s.unsavedCount() > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("record still kept after 10 s: %v", s.storeHealth())
			}
			time.Sleep(20 * time.Millisecond)
		}
		recs := waitRecords(t, st, 1)
		full, err := st.Get(context.Background(), recs[0].ID)
		if err != nil || recs[0].Status != "success" || !strings.Contains(string(full.Data), body) {
			t.Fatalf("record %+v (%d bytes of data), %v", recs[0], len(full.Data), err)
		}
	})
}

// Issue 21 item 17: secrets we hold never reach the executions store.
func TestStoredRecordsAreScrubbed(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		const secret = "SECRET-0123456789"
		s, st := newTestServerOn(t, url, nil, Options{Scrub: credentials.NewScrubber(secret)}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		postBody(t, ts.URL+"/webhook/w?k="+secret, `{"key":"`+secret+`"}`)
		recs := waitRecords(t, st, 1)
		full, err := st.Get(context.Background(), recs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(full.Data), secret) || !strings.Contains(string(full.Data), credentials.Hidden) {
			t.Fatalf("stored data: %s", full.Data)
		}
	})
}

// Issue 21 item 14, end to end: a webhook body nested 9,990 deep runs and
// its execution is stored.
func TestDeepWebhookBodyIsStored(t *testing.T) {
	databases(t, func(t *testing.T, url string) {
		s, st := newTestServerOn(t, url, nil, Options{}, wf("w", webhookNode(`{"path":"w","httpMethod":"POST","responseMode":"lastNode"}`)))
		ts := httptest.NewServer(s.Handler())
		defer ts.Close()
		deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
		postBody(t, ts.URL+"/webhook/w", deep)
		recs := waitRecords(t, st, 1)
		full, err := st.Get(context.Background(), recs[0].ID)
		if err != nil || recs[0].Status != "success" || len(full.Data) < 9990*5 {
			t.Fatalf("record %+v (%d bytes of data), %v", recs[0], len(full.Data), err)
		}
	})
}

func postBody(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
