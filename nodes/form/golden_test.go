package form_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
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

const testdata = "../../testdata/form"

// n8nBase is the base URL n8n had when the goldens were recorded
// (record-serve.sh runs it on port 5699).
const n8nBase = "http://localhost:5699"

// serveFiles serves the workflow files; with ownBase the server's public
// base URL is its own (a browser follows it), else n8n's at recording.
func serveFiles(t *testing.T, ownBase bool, files ...string) (string, *store.DB) {
	t.Helper()
	base, st, stop := serveFilesAt(t, filepath.Join(t.TempDir(), "db.sqlite"), ownBase, files...)
	t.Cleanup(stop)
	return base, st
}

// serveFilesAt is serveFiles on the store file dbPath; stop shuts the
// server down and closes the store (serve stopped, to be started again).
func serveFilesAt(t *testing.T, dbPath string, ownBase bool, files ...string) (string, *store.DB, func()) {
	t.Helper()
	hs := httptest.NewUnstartedServer(nil)
	base := n8nBase
	if ownBase {
		base = "http://" + hs.Listener.Addr().String()
	}
	reg, err := nodes.Registry()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Timezone: "UTC",
		Expressions: expression.New(expression.Options{}), WebhookBaseURL: base})
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
	s, err := server.New(server.Options{Engine: eng, Store: st, BaseURL: base}, wfs)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	hs.Config.Handler = s.Handler()
	hs.Start()
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

// newest polls the store until the newest execution has one of the
// statuses.
func newest(t *testing.T, st *store.DB, statuses ...string) store.Record {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := st.List(context.Background(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range statuses {
			if len(list) > 0 && list[0].Status == s {
				rec, err := st.Get(context.Background(), list[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				return rec
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no execution with status %v (%d records)", statuses, len(list))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requestFromFile builds the request record-serve.sh -r sent to n8n from
// the same file of curl arguments (-X, -H, -d, --form-string, the URL;
// {{BASE}} and {{EXEC}} replaced).
func requestFromFile(t *testing.T, path, base, exec string) *http.Request {
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
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	method, url, contentType := "GET", "", ""
	for i := 0; i < len(lines); i++ {
		switch lines[i] {
		case "-X":
			i++
			method = lines[i]
		case "-H":
			i++
			if k, v, _ := strings.Cut(lines[i], ":"); strings.EqualFold(k, "content-type") {
				contentType = strings.TrimSpace(v)
			}
		case "-d":
			i++
			body.WriteString(lines[i])
		case "--form-string":
			i++
			k, v, _ := strings.Cut(lines[i], "=")
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
			contentType = mw.FormDataContentType()
		default:
			url = lines[i]
		}
	}
	if strings.HasPrefix(contentType, "multipart/") {
		_ = mw.Close()
	}
	req, err := http.NewRequest(method, url, &body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

type answer struct {
	Status      int    `json:"status"`
	ContentType string `json:"contentType"`
	Body        string `json:"body"`
}

func send(t *testing.T, req *http.Request) answer {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: string(b)}
}

var submittedAt = regexp.MustCompile(`"submittedAt":\s*"([^"]*)"`)

// maskSubmittedAt checks the submission times' form (Luxon's toISO in
// the workflow's zone, Europe/Berlin) and replaces them.
func maskSubmittedAt(t *testing.T, who string, doc []byte) []byte {
	t.Helper()
	form := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00$`)
	for _, m := range submittedAt.FindAllSubmatch(doc, -1) {
		if !form.Match(m[1]) {
			t.Errorf("%s: submittedAt %q is not an ISO time in Europe/Berlin", who, m[1])
		}
	}
	return submittedAt.ReplaceAll(doc, []byte(`"submittedAt":"<time>"`))
}

// TestGoldenTwoPageForm: a Form Trigger, a second page (Form node), a Set
// and a Form ending, submitted as n8n's pages post them: the trigger's
// page, the second page at /form-waiting/<id>, and the ending page's post
// when it loads. The answers and the execution are n8n's.
func TestGoldenTwoPageForm(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdata, "twopage.n8n.json"))
	if err != nil {
		t.Skip("golden not recorded: ", err)
	}
	var wantAnswers []answer
	raw, err := os.ReadFile(filepath.Join(testdata, "twopage.answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &wantAnswers); err != nil {
		t.Fatal(err)
	}
	base, st := serveFiles(t, false, filepath.Join(testdata, "twopage.workflow.json"))
	var got []answer
	exec := ""
	for i := 1; i <= 3; i++ {
		if i == 2 {
			// A page's request waits for the execution to reach it.
			exec = newest(t, st, "running", "waiting").ID
		}
		got = append(got, send(t, requestFromFile(t, filepath.Join(testdata, "twopage."+string(rune('0'+i))+".request"), base, exec)))
	}
	for i := range wantAnswers {
		if i >= len(got) || got[i] != wantAnswers[i] {
			t.Errorf("answer %d: got %+v, want n8n's %+v", i, got[i], wantAnswers[i])
		}
	}
	rec := newest(t, st, "success", "error")
	for _, d := range golden.CompareRuns(maskSubmittedAt(t, "n8n", want), maskSubmittedAt(t, "n8n-go", rec.Data), golden.Options{}) {
		t.Error(d)
	}
}

// TestGoldenTwoPageFormAcrossRestarts: TestGoldenTwoPageForm with serve
// stopped and started again (same store) while the execution waits at the
// second page and again while it waits at the ending: each wait is parked
// in the store, as n8n keeps it in its database, and the next request
// resumes it. The answers and the execution are still n8n's.
func TestGoldenTwoPageFormAcrossRestarts(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdata, "twopage.n8n.json"))
	if err != nil {
		t.Skip("golden not recorded: ", err)
	}
	var wantAnswers []answer
	raw, err := os.ReadFile(filepath.Join(testdata, "twopage.answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &wantAnswers); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "db.sqlite")
	wf := filepath.Join(testdata, "twopage.workflow.json")
	var got []answer
	exec := ""
	// parkedAt waits until the execution is stored waiting at node.
	parkedAt := func(st *store.DB, node string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			rec := newest(t, st, "running", "waiting")
			exec = rec.ID
			if rec.Status == "waiting" && strings.Contains(string(rec.Data), `"nodeExecutionStack":[{"node":{"name":"`+node+`"}`) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("execution not parked at %s: %s", node, rec.Status)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	for i, node := range []string{"Page two", "Done", ""} {
		base, st, stop := serveFilesAt(t, dbPath, false, wf)
		t.Cleanup(stop)
		got = append(got, send(t, requestFromFile(t, filepath.Join(testdata, "twopage."+string(rune('1'+i))+".request"), base, exec)))
		if node == "" {
			rec := newest(t, st, "success", "error")
			for _, d := range golden.CompareRuns(maskSubmittedAt(t, "n8n", want), maskSubmittedAt(t, "n8n-go", rec.Data), golden.Options{}) {
				t.Error(d)
			}
			break
		}
		parkedAt(st, node)
		stop()
	}
	for i := range wantAnswers {
		if i >= len(got) || got[i] != wantAnswers[i] {
			t.Errorf("answer %d: got %+v, want n8n's %+v", i, got[i], wantAnswers[i])
		}
	}
}
