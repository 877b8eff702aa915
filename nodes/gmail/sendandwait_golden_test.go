package gmail_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/apitest"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// sawGoldenDir holds real n8n serving a Send and Wait workflow
// (testdata/gmailsendandwait/record.sh).
const sawGoldenDir = "../../testdata/gmailsendandwait"

// TestSendAndWaitGoldenFromN8n replays the recording: the same start call
// (byte for byte as curl sent it), the message n8n sent (its signed links
// included: same base URL, execution id and key), the click on "Ship it",
// the page it got, the execution and the fake's requests and state.
func TestSendAndWaitGoldenFromN8n(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(sawGoldenDir, "approve.n8n.json"))
	if err != nil {
		t.Skip("no recording: run testdata/gmailsendandwait/record.sh")
	}
	wfJSON, err := os.ReadFile(filepath.Join(sawGoldenDir, "approve.workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatal(err)
	}
	base, st, fake := serveApprovalKey(t, w, filepath.Join(sawGoldenDir, "seed.json"), "oracle-recording-key")
	// curl's request: Host, User-Agent, Content-Type, Content-Length.
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("POST /webhook/approve HTTP/1.1\r\nHost: localhost:5678\r\nUser-Agent: n8n-go-recorder\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	conn.Close()
	newestStatus(t, st, "waiting")
	html, _ := sentHTML(t, fake)
	var approve string
	for _, l := range hrefRe.FindAllStringSubmatch(html, -1) {
		if strings.Contains(l[1], "approved=true") {
			approve = l[1]
		}
	}
	code, page := click(t, base, approve, browser)
	wantPage, err := os.ReadFile(filepath.Join(sawGoldenDir, "approve.answer.html"))
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || page != string(wantPage) {
		t.Errorf("click answered %d:\n%s\nwant n8n's page:\n%s", code, page, wantPage)
	}
	rec := newestStatus(t, st, "success")
	// serve gives a webhook's headers host first, then by name (Go's
	// http.Header keeps no order); n8n keeps the order they came in.
	for _, d := range golden.CompareRuns(sortStartHeaders(t, want), sortStartHeaders(t, rec.Data), golden.Options{}) {
		t.Error(d)
	}
	apitest.CompareRequestsAndState(t, sawGoldenDir, "approve", fake.Requests(), requestKey, fake.Dump())
}

// sortStartHeaders puts the Start node's header names in serve's order:
// host, then the others sorted.
func sortStartHeaders(t *testing.T, run []byte) []byte {
	t.Helper()
	v, err := data.ParseJSON(run)
	if err != nil {
		t.Fatal(err)
	}
	walk := func(o *data.Object, keys ...string) *data.Object {
		for _, k := range keys {
			switch x := o.Value(k).(type) {
			case *data.Object:
				o = x
			case []any:
				if len(x) == 0 {
					return nil
				}
				first, _ := x[0].(*data.Object)
				if first == nil {
					if inner, ok := x[0].([]any); ok && len(inner) > 0 {
						first, _ = inner[0].(*data.Object)
					}
				}
				o = first
			default:
				return nil
			}
			if o == nil {
				return nil
			}
		}
		return o
	}
	root, _ := v.(*data.Object)
	start := walk(root, "data", "resultData", "runData", "Start", "data", "main", "json")
	if start == nil {
		t.Fatal("no Start item in the run")
	}
	h, _ := start.Value("headers").(*data.Object)
	if h == nil {
		t.Fatal("no headers in the Start item")
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range h.All() {
			if k != "host" && !yield(k) {
				return
			}
		}
	})
	sorted := data.NewObject(h.Len())
	if h.Has("host") {
		sorted.Set("host", h.Value("host"))
	}
	for _, k := range keys {
		sorted.Set(k, h.Value(k))
	}
	start.Set("headers", sorted)
	b, err := data.MarshalValue(root)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
