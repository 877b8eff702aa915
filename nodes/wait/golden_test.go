package wait_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes"
)

const testdata = "../../testdata/wait"

// n8nBase is the base URL n8n had when the goldens were recorded
// (record-serve.sh runs it on port 5699): $execution.resumeUrl and the
// items' webhookUrl contain it.
const n8nBase = "http://localhost:5699"

// serveFiles activates the workflow files on a fresh server with an
// SQLite store.
func serveFiles(t testing.TB, opts server.Options, files ...string) (string, *store.DB) {
	t.Helper()
	base, st, stop := serveFilesAt(t, filepath.Join(t.TempDir(), "db.sqlite"), opts, files...)
	t.Cleanup(stop)
	return base, st
}

// serveFilesAt is serveFiles on the store file dbPath; stop shuts the
// server down and closes the store (serve stopped, to be started again).
func serveFilesAt(t testing.TB, dbPath string, opts server.Options, files ...string) (string, *store.DB, func()) {
	t.Helper()
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Credentials: opts.Credentials, Timezone: "UTC",
		Expressions: expression.New(expression.Options{}), WebhookBaseURL: n8nBase})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{URL: dbPath})
	if err != nil {
		t.Fatal(err)
	}
	var wfs []*workflow.Workflow
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w, err := workflow.Parse(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		wfs = append(wfs, w)
	}
	opts.Engine, opts.Store, opts.BaseURL = eng, st, n8nBase
	s, err := server.New(opts, wfs)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	hs := httptest.NewServer(s.Handler())
	var once sync.Once
	return hs.URL, st, func() {
		once.Do(func() {
			hs.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = s.Shutdown(ctx)
			st.Close()
		})
	}
}

// waitStatus polls the store until the newest execution has one of the
// statuses.
func waitStatus(t testing.TB, st *store.DB, statuses ...string) store.Record {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := st.List(context.Background(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) > 0 {
			for _, s := range statuses {
				if list[0].Status == s {
					rec, err := st.Get(context.Background(), list[0].ID)
					if err != nil {
						t.Fatal(err)
					}
					return rec
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no execution with status %v (%d records)", statuses, len(list))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requestFromFile builds the request record-serve.sh -r sent to n8n from
// the same file of curl arguments (-X, -H, -d and the URL; {{BASE}} and
// {{EXEC}} replaced). Go's client adds no header curl did not send: no
// User-Agent when curl's is removed, no Accept-Encoding.
func requestFromFile(t testing.TB, path, base, exec string) *http.Request {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		lines = append(lines, strings.NewReplacer("{{BASE}}", base, "{{EXEC}}", exec).Replace(sc.Text()))
	}
	method, url, body := "GET", "", ""
	header := http.Header{}
	for i := 0; i < len(lines); i++ {
		switch lines[i] {
		case "-X":
			i++
			method = lines[i]
		case "-H":
			i++
			k, v, _ := strings.Cut(lines[i], ":")
			header[http.CanonicalHeaderKey(k)] = []string{strings.TrimSpace(v)}
		case "-d":
			i++
			body = lines[i]
		default:
			url = lines[i]
		}
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		switch {
		case k == "Content-Length":
		case v[0] == "" && k == "User-Agent":
			req.Header[k] = []string{""} // Go then sends none
		case v[0] != "":
			req.Header[k] = v
		}
	}
	req.Host = "127.0.0.1:5699" // n8n's host, as curl sent it
	return req
}

type answer struct {
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Body        string `json:"body"`
}

var client = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func send(t testing.TB, req *http.Request) answer {
	t.Helper()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: string(b)}
}

// TestGoldenWebhookResume: a webhook starts the workflow, a Wait parks it
// until a call to $execution.resumeUrl; the call's request is the Wait's
// output and the run goes on. Both answers and the whole execution are
// n8n's (record-serve.sh with two requests).
func TestGoldenWebhookResume(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdata, "webhook.n8n.json"))
	if err != nil {
		t.Skip("golden not recorded: ", err)
	}
	var wantAnswers []answer
	raw, err := os.ReadFile(filepath.Join(testdata, "webhook.answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &wantAnswers); err != nil {
		t.Fatal(err)
	}
	base, st := serveFiles(t, server.Options{}, filepath.Join(testdata, "webhook.workflow.json"))
	var got []answer
	got = append(got, send(t, requestFromFile(t, filepath.Join(testdata, "webhook.start.request"), base, "")))
	parked := waitStatus(t, st, "waiting")
	if parked.WaitTill == nil || parked.WaitTill.Year() != 3000 {
		t.Errorf("waiting record's waitTill = %v, want n8n's WAIT_INDEFINITELY (3000-01-01)", parked.WaitTill)
	}
	got = append(got, send(t, requestFromFile(t, filepath.Join(testdata, "webhook.resume.request"), base, parked.ID)))
	for i := range wantAnswers {
		if i >= len(got) || got[i] != wantAnswers[i] {
			t.Errorf("answer %d: got %+v, want n8n's %+v", i, got[i], wantAnswers[i])
		}
	}
	rec := waitStatus(t, st, "success", "error")
	for _, d := range golden.CompareRuns(want, rec.Data, golden.Options{}) {
		t.Error(d)
	}
}

// TestGoldenWebhookResumeAfterRestart: as TestGoldenWebhookResume, but
// serve is stopped while the execution waits for its call and started
// again on the same store: the execution is parked there (as n8n keeps it
// in its database) and the call resumes it with n8n's answers and run
// data.
func TestGoldenWebhookResumeAfterRestart(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdata, "webhook.n8n.json"))
	if err != nil {
		t.Skip("golden not recorded: ", err)
	}
	var wantAnswers []answer
	raw, err := os.ReadFile(filepath.Join(testdata, "webhook.answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &wantAnswers); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	wf := filepath.Join(testdata, "webhook.workflow.json")
	base, st, stop := serveFilesAt(t, dbPath, server.Options{}, wf)
	t.Cleanup(stop)
	got := []answer{send(t, requestFromFile(t, filepath.Join(testdata, "webhook.start.request"), base, ""))}
	parked := waitStatus(t, st, "waiting")
	stop()

	base, st, stop = serveFilesAt(t, dbPath, server.Options{}, wf)
	t.Cleanup(stop)
	if r, err := st.Get(context.Background(), parked.ID); err != nil || r.Status != "waiting" || r.WaitTill == nil || r.WaitTill.Year() != 3000 {
		t.Fatalf("after the restart: %+v, %v; want waiting until 3000-01-01", r.WaitTill, err)
	}
	got = append(got, send(t, requestFromFile(t, filepath.Join(testdata, "webhook.resume.request"), base, parked.ID)))
	for i := range wantAnswers {
		if i >= len(got) || got[i] != wantAnswers[i] {
			t.Errorf("answer %d: got %+v, want n8n's %+v", i, got[i], wantAnswers[i])
		}
	}
	rec := waitStatus(t, st, "success", "error")
	if rec.ID != parked.ID {
		t.Fatalf("finished execution %s, want %s", rec.ID, parked.ID)
	}
	for _, d := range golden.CompareRuns(want, rec.Data, golden.Options{}) {
		t.Error(d)
	}
	// A second call finds it finished, as n8n answers.
	if a := send(t, requestFromFile(t, filepath.Join(testdata, "webhook.resume.request"), base, parked.ID)); a.Status != http.StatusConflict {
		t.Errorf("second call: %+v", a)
	}
}
