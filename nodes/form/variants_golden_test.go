package form_test

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/internal/golden"
)

var (
	bodyBinary   = regexp.MustCompile(`const binary = "([^"]*)"`)
	bodyRedirect = regexp.MustCompile(`id=['"]redirectUrl['"] href=['"]([^'"]*)['"]`)
	bodyTitle    = regexp.MustCompile(`<h1[^>]*>([\s\S]*?)</h1>`)
	bodyMessage  = regexp.MustCompile(`<p[^>]*>([\s\S]*?)</p>`)
	bodyText     = regexp.MustCompile(`<body>([\s\S]*?)<script>`)
	spaces       = regexp.MustCompile(`\s+`)
)

// pageMarks is what an HTML answer shows a person, for comparing n8n's
// page with n8n-go's (their markup differs): the ending's text or title
// and message, its redirect and the file it hands over.
func pageMarks(body string) map[string]string {
	m := map[string]string{}
	get := func(key string, re *regexp.Regexp, s string) {
		if g := re.FindStringSubmatch(s); g != nil {
			// Handlebars escapes more than html/template (= as &#x3D;).
			m[key] = html.UnescapeString(strings.TrimSpace(spaces.ReplaceAllString(g[1], " ")))
		}
	}
	get("binary", bodyBinary, body)
	get("redirect", bodyRedirect, body)
	if g := bodyText.FindStringSubmatch(body); g != nil {
		inner := g[1]
		if strings.Contains(inner, "class='container'") || strings.Contains(inner, `class="container"`) {
			get("title", bodyTitle, inner)
			get("message", bodyMessage, inner)
		} else if m["redirect"] == "" {
			m["text"] = strings.TrimSpace(spaces.ReplaceAllString(inner, " "))
		}
	}
	return m
}

func sameAnswer(got, want answer) bool {
	if got.Status != want.Status || got.ContentType != want.ContentType {
		return false
	}
	if strings.HasPrefix(want.Body, "<!DOCTYPE") {
		g, w := pageMarks(got.Body), pageMarks(want.Body)
		if len(g) != len(w) {
			return false
		}
		for k, v := range w {
			if g[k] != v {
				return false
			}
		}
		return true
	}
	return got.Body == withoutStacktrace(want.Body)
}

// withoutStacktrace drops the "stacktrace" n8n adds to a JSON error answer
// outside production (NODE_ENV unset when recording); n8n-go, like n8n in
// production, sends none.
func withoutStacktrace(body string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &m) != nil || m["stacktrace"] == nil {
		return body
	}
	i := strings.Index(body, `,"stacktrace":`)
	if i < 0 {
		return body
	}
	return body[:i] + "}"
}

// TestGoldenFormVariants: forms recorded from n8n with record-serve.sh (a
// request file per step; {{EXEC}} is the waiting execution): a page whose
// fields are given as JSON with expressions, ended by "Show Text"; a page
// in loose JavaScript syntax ended by a redirect; a "Return Binary File"
// ending; a page whose JSON fields n8n refuses and a "Return Binary File"
// ending without the file (each fails the execution at its page's first
// request). The answers (pages by what they show) and the execution are
// n8n's.
func TestGoldenFormVariants(t *testing.T) {
	for _, name := range []string{"jsonpage", "redirect", "binary", "jsonbad", "binarymissing"} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(testdata, name+".n8n.json"))
			if err != nil {
				t.Skip("golden not recorded: ", err)
			}
			var wantAnswers []answer
			raw, err := os.ReadFile(filepath.Join(testdata, name+".answers.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &wantAnswers); err != nil {
				t.Fatal(err)
			}
			requests, _ := filepath.Glob(filepath.Join(testdata, name+".[0-9].request"))
			base, st := serveFiles(t, false, filepath.Join(testdata, name+".workflow.json"))
			exec := ""
			for i, req := range requests {
				if i == 1 {
					exec = newest(t, st, "running", "waiting").ID
				}
				got := send(t, requestFromFile(t, req, base, exec))
				if i >= len(wantAnswers) {
					t.Fatalf("n8n gave %d answers", len(wantAnswers))
				}
				if !sameAnswer(got, wantAnswers[i]) {
					if strings.HasPrefix(wantAnswers[i].Body, "<!DOCTYPE") {
						t.Errorf("answer %d: got %d %s %v, want n8n's %d %s %v", i+1, got.Status, got.ContentType, pageMarks(got.Body),
							wantAnswers[i].Status, wantAnswers[i].ContentType, pageMarks(wantAnswers[i].Body))
					} else {
						t.Errorf("answer %d: got %+v\nwant n8n's %+v", i+1, got, wantAnswers[i])
					}
				}
			}
			var status struct {
				Status string `json:"status"`
			}
			_ = json.Unmarshal(want, &status)
			rec := newest(t, st, status.Status)
			if status.Status == "waiting" {
				return // n8n's waiting document is its own (waitTill, stack)
			}
			for _, d := range golden.CompareRuns(maskSubmittedAt(t, "n8n", want), maskSubmittedAt(t, "n8n-go", rec.Data), golden.Options{}) {
				t.Error(d)
			}
		})
	}
}
