package formtrigger_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/server"
	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/nodes/formtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/respondtowebhook"
)

const testdata = "../../testdata/formtrigger"

// serve activates the workflow files on a fresh server with an SQLite
// store and returns its base URL and store.
func serve(t *testing.T, opts server.Options, files ...string) (string, *store.DB) {
	t.Helper()
	reg, err := engine.NewRegistry(formtrigger.New(), noop.New(), respondtowebhook.New())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Options{Registry: reg, Credentials: opts.Credentials, Expressions: expression.New(expression.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{URL: filepath.Join(t.TempDir(), "db.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
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
	opts.Engine, opts.Store = eng, st
	s, err := server.New(opts, wfs)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
	})
	return hs.URL, st
}

// waitRecord polls the store until an execution finished.
func waitRecord(t *testing.T, st *store.DB) store.Record {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		list, err := st.List(context.Background(), store.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) > 0 && list[0].Status != "running" {
			rec, err := st.Get(context.Background(), list[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return rec
		}
		if time.Now().After(deadline) {
			t.Fatalf("no finished execution (%d records)", len(list))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// requestFromFile builds the request record-serve.sh -r sent to n8n from
// the same file of curl arguments (--form-string, -F name=@file;type=…,
// -X, and the URL).
func requestFromFile(t *testing.T, path, base string) *http.Request {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Dir(path))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	method, url := "GET", ""
	sc := bufio.NewScanner(bytes.NewReader(raw))
	var lines []string
	for sc.Scan() {
		l := strings.ReplaceAll(strings.ReplaceAll(sc.Text(), "{{BASE}}", base), "{{DIR}}", dir)
		lines = append(lines, l)
	}
	for i := 0; i < len(lines); i++ {
		switch lines[i] {
		case "-X":
			i++
			method = lines[i]
		case "--form-string":
			i++
			k, v, _ := strings.Cut(lines[i], "=")
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		case "-F":
			i++
			k, v, _ := strings.Cut(lines[i], "=")
			file, typ, _ := strings.Cut(strings.TrimPrefix(v, "@"), ";type=")
			content, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="`+k+`"; filename="`+filepath.Base(file)+`"`)
			h.Set("Content-Type", typ)
			pw, err := mw.CreatePart(h)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = pw.Write(content)
		default:
			url = lines[i]
		}
	}
	_ = mw.Close()
	req, err := http.NewRequest(method, url, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

var submittedAt = regexp.MustCompile(`"submittedAt":\s*"([^"]*)"`)

// maskSubmittedAt checks the submission time's form (Luxon's toISO in the
// workflow's zone: Europe/Berlin in December is +01:00) and replaces it.
func maskSubmittedAt(t *testing.T, who string, doc []byte) []byte {
	t.Helper()
	form := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$`)
	for _, m := range submittedAt.FindAllSubmatch(doc, -1) {
		if !form.Match(m[1]) {
			t.Errorf("%s: submittedAt %q is not an ISO time with milliseconds and offset", who, m[1])
		}
	}
	return submittedAt.ReplaceAll(doc, []byte(`"submittedAt":"<time>"`))
}

func TestGoldenContactForm(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(testdata, "contact.n8n.json"))
	if err != nil {
		t.Skip("golden not recorded: ", err)
	}
	base, st := serve(t, server.Options{}, filepath.Join(testdata, "contact.workflow.json"))
	req := requestFromFile(t, filepath.Join(testdata, "contact.request"), base)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(answer) != `{"status":200}` {
		t.Errorf("answer %d %s, want n8n's 200 {\"status\":200}", res.StatusCode, answer)
	}
	rec := waitRecord(t, st)
	got := maskSubmittedAt(t, "n8n-go", rec.Data)
	want = maskSubmittedAt(t, "n8n", want)
	for _, d := range golden.CompareRuns(want, got, golden.Options{}) {
		t.Error(d)
	}
}
