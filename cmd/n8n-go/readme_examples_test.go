package main

import (
	"bufio"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/internal/httprecord"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

// readmeBlock is one fenced block of the README.
type readmeBlock struct {
	lang  string
	lines []string
	line  int // line number of the opening fence
}

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	f, err := os.Open(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var blocks []readmeBlock
	var cur *readmeBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if strings.HasPrefix(l, "```") {
			if cur == nil {
				cur = &readmeBlock{lang: strings.TrimPrefix(l, "```"), line: n}
			} else {
				blocks = append(blocks, *cur)
				cur = nil
			}
			continue
		}
		if cur != nil {
			cur.lines = append(cur.lines, l)
		}
	}
	return blocks
}

// shellWords splits a README command line as sh would for the simple
// forms the README uses: quotes, a trailing # comment, and one pipe
// (returned as rest).
func shellWords(s string) (words []string, rest string) {
	var w strings.Builder
	quote, started := byte(0), false
	flush := func() {
		if started {
			words = append(words, w.String())
		}
		w.Reset()
		started = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '\\' && quote == '"' && i+1 < len(s) && strings.IndexByte(`"\$`, s[i+1]) >= 0 {
				i++
				w.WriteByte(s[i])
			} else {
				w.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, started = c, true
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !started:
			flush()
			return words, ""
		case c == '|' && !started:
			flush()
			return words, strings.TrimSpace(s[i+1:])
		default:
			w.WriteByte(c)
			started = true
		}
	}
	flush()
	return words, ""
}

var (
	durationRe = regexp.MustCompile(`\d+(\.\d+)?(ms|µs|s)\b`)
	addrRe     = regexp.MustCompile(`127\.0\.0\.1:\d+`)
)

func normalizeOutputLine(l string) string {
	return strings.TrimRight(addrRe.ReplaceAllString(durationRe.ReplaceAllString(l, "<d>"), "<addr>"), " ")
}

// TestREADMEExamples runs every command the README's sh blocks show,
// against the sandbox's fake APIs where the README's command would use
// the network (N8N_GO_ENDPOINTS and credentials pointing at them), in a
// scratch folder holding the files the examples name. A text block after
// a sh block is the output of that block's last command: its lines (but
// "…") must appear in order, durations and ports aside.
func TestREADMEExamples(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeBlocks(t)
	dir := t.TempDir()
	setupREADMEFiles(t, repo, dir)
	sb, err := sandbox.Start(t.Context(), sandbox.Demo())
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Stop()
	var eps []string
	for h, u := range sb.Endpoints {
		eps = append(eps, h+"="+u)
	}
	env := map[string]string{"N8N_GO_ENDPOINTS": strings.Join(eps, ","),
		"NOTION_API_KEY": sandbox.NotionKey, "CLOCKIFY_API_KEY": sandbox.ClockifyKey,
		// The round-trip examples talk to "n8n": a server answering from
		// the recordings of a real n8n (testdata/n8napi).
		"N8N_URL": n8nReplayServer(t, repo, "pull-all", "run-template", "execution-template"), "N8N_API_KEY": "replayed"}
	t.Chdir(dir)

	// skipped: what is not an n8n-go command, or runs until stopped.
	skipped := map[string]string{
		"CGO_ENABLED=0 go build -o n8n-go ./cmd/n8n-go                # a static binary: copy it anywhere": "builds the binary the test calls in process",
		"go vet ./... && go test ./...": "the test suite itself",
		"serve":                         "runs until Ctrl-C; internal/server tests cover it",
		"export N8N_URL=http://localhost:5678 N8N_API_KEY=your-api-key": "the environment; the test sets N8N_URL to a replay of a real n8n",
	}
	ran := 0
	var lastOut string
	for _, b := range blocks {
		switch b.lang {
		case "sh":
			for _, line := range b.lines {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				if _, ok := skipped[line]; ok {
					continue
				}
				if strings.HasPrefix(line, "source <(") {
					line = strings.TrimSuffix(strings.SplitN(strings.TrimPrefix(line, "source <("), ")", 2)[0], ")")
				}
				words, pipe := shellWords(line)
				switch {
				case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/n8n-go":
					words = words[3:]
				case len(words) > 0 && (words[0] == "./n8n-go" || words[0] == "n8n-go"):
					words = words[1:]
				default:
					t.Errorf("README line %d: not an n8n-go command and not listed as skipped: %s", b.line, line)
					continue
				}
				if len(words) > 0 && words[0] == "serve" {
					continue
				}
				code, out, errs := runCLI(t, env, words...)
				ran++
				if code != exitOK {
					t.Errorf("README block at line %d: %s\nexit %d\n%s%s", b.line, line, code, out, errs)
				}
				if strings.HasPrefix(pipe, "jq") && !json.Valid([]byte(out)) {
					t.Errorf("README block at line %d: %s: stdout is not JSON for %s:\n%s", b.line, line, pipe, out)
				}
				lastOut = errs + out
			}
		case "text":
			got := strings.Split(lastOut, "\n")
			for i := range got {
				got[i] = normalizeOutputLine(got[i])
			}
			k := 0
			for _, want := range b.lines {
				if strings.TrimSpace(want) == "…" {
					continue
				}
				nw := normalizeOutputLine(want)
				for k < len(got) && got[k] != nw {
					k++
				}
				if k == len(got) {
					t.Errorf("README output block at line %d: line %q not in the output (in order):\n%s", b.line, want, lastOut)
					break
				}
			}
		}
	}
	t.Logf("%d README commands ran", ran)
	if ran < 10 {
		t.Fatalf("only %d README commands ran", ran)
	}
}

// setupREADMEFiles makes the files the README's examples name: the
// template as my-workflow.json and wf.json, a credentials file for the
// sandbox, a copy of testdata/workflowtests (the examples rewrite it) and
// path/to/case.test.json.
func setupREADMEFiles(t *testing.T, repo, dir string) {
	t.Helper()
	tmpl, err := os.ReadFile(filepath.Join(repo, "workflows/notion-clockify-sync.json"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("workflows/notion-clockify-sync.json", tmpl)
	write("my-workflow.json", tmpl)
	write("wf.json", tmpl)
	write("creds.json", []byte(`[{"id":"n","name":"Notion","type":"notionApi","data":{"apiKey":"`+sandbox.NotionKey+`"}},
	 {"id":"c","name":"Clockify","type":"clockifyApi","data":{"apiKey":"`+sandbox.ClockifyKey+`"}}]`))
	src := filepath.Join(repo, "testdata/workflowtests")
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, p)
		write(rel, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"pinned.test.json", "orders.workflow.json"} {
		b, _ := os.ReadFile(filepath.Join(src, "orders", f))
		if f == "pinned.test.json" {
			f = "case.test.json"
		}
		write(filepath.Join("path/to", f), b)
	}
}

// n8nReplayServer serves the n8n API answers of the named recordings
// (testdata/n8napi/rec), in order, as the recorder's n8n did.
func n8nReplayServer(t *testing.T, repo string, names ...string) string {
	t.Helper()
	all := &httprecord.Recording{Version: httprecord.FormatVersion}
	for _, n := range names {
		rec, err := httprecord.Load(filepath.Join(repo, "testdata/n8napi/rec", n+".json"))
		if err != nil {
			t.Fatal(err)
		}
		all.Exchanges = append(all.Exchanges, rec.Exchanges...)
	}
	rp := httprecord.NewReplayer(all, nil)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := r.Clone(r.Context())
		u, _ := url.Parse(n8nURL + r.URL.RequestURI())
		out.URL, out.RequestURI = u, ""
		resp, err := rp.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}
