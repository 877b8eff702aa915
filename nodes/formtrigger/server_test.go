package formtrigger_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/server"
)

type creds map[string]map[string]any

func (c creds) Resolve(typ string, _ *workflow.CredentialRef) (map[string]any, error) {
	if m, ok := c[typ]; ok {
		return m, nil
	}
	return nil, io.EOF
}

// formWorkflow is a Form Trigger (one text field "Name") followed by a
// No Operation node.
func formWorkflow(t *testing.T, version string, params string) string {
	t.Helper()
	wf := `{"name":"F","settings":{"executionOrder":"v1","timezone":"UTC"},"nodes":[
	{"name":"Form","type":"n8n-nodes-base.formTrigger","typeVersion":` + version + `,"position":[0,0],"id":"node-1","webhookId":"hook-1",
	 "parameters":` + params + `,"credentials":{"httpBasicAuth":{"id":"c1","name":"basic"}}},
	{"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
	"connections":{"Form":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`
	p := filepath.Join(t.TempDir(), "wf.json")
	if err := os.WriteFile(p, []byte(wf), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func send(t *testing.T, method, url string, header map[string]string, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

const nameForm = `"formTitle":"T","formFields":{"values":[{"fieldLabel":"Name"}]}`

func multipartName(value string) (string, string) {
	return "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"field-0\"\r\n\r\n" + value + "\r\n--XX--\r\n"
}

var tokenInPage = regexp.MustCompile(`var authToken = "([0-9a-f]*)"`)

func TestBasicAuthAndPageToken(t *testing.T) {
	base, st := serve(t, server.Options{Credentials: creds{"httpBasicAuth": {"user": "u", "password": "p"}}},
		formWorkflow(t, "2.2", `{"authentication":"basicAuth","options":{"path":"secure"},`+nameForm+`}`))
	code, h, body := send(t, "GET", base+"/form/secure", nil, "")
	if code != 401 || body != "" || h.Get("WWW-Authenticate") != `Basic realm="Enter credentials"` {
		t.Fatalf("no credentials: %d %q %v", code, body, h)
	}
	if code, _, _ := send(t, "GET", base+"/form/secure", map[string]string{"Authorization": "Basic dTp4"}, ""); code != 401 {
		t.Fatalf("wrong password: %d", code)
	}
	code, _, page := send(t, "GET", base+"/form/secure", map[string]string{"Authorization": "Basic dTpw"}, "")
	m := tokenInPage.FindStringSubmatch(page)
	if code != 200 || m == nil || len(m[1]) != 64 {
		t.Fatalf("page: %d, token %v", code, m)
	}
	ct, mp := multipartName("Ann")
	if code, _, _ := send(t, "POST", base+"/form/secure", map[string]string{"Content-Type": ct, "X-Auth-Token": "0" + m[1][1:]}, mp); code != 401 {
		t.Fatalf("wrong token: %d", code)
	}
	code, _, body = send(t, "POST", base+"/form/secure", map[string]string{"Content-Type": ct, "X-Auth-Token": m[1]}, mp)
	if code != 200 || body != `{"status":200}` {
		t.Fatalf("post with the page's token: %d %s", code, body)
	}
	rec := waitRecord(t, st)
	if got, _ := data.MarshalValue(lastItem(t, rec, "Form").Value("json").(*data.Object).Value("Name")); string(got) != `"Ann"` {
		t.Errorf("Name %s", got)
	}
}

func TestTestURLAndLastNode(t *testing.T) {
	base, st := serve(t, server.Options{}, formWorkflow(t, "2", `{"path":"late","responseMode":"lastNode",`+nameForm+`}`))
	code, _, page := send(t, "GET", base+"/form-test/late", nil, "")
	if code != 200 || !strings.Contains(page, `id="test-notice"`) {
		t.Fatalf("test page: %d", code)
	}
	ct, mp := multipartName("Bo")
	code, _, body := send(t, "POST", base+"/form-test/late", map[string]string{"Content-Type": ct}, mp)
	if code != 200 || body != "" {
		t.Fatalf("lastNode answer %d %q, want n8n's 200 with no body (responseData noData)", code, body)
	}
	rec := waitRecord(t, st)
	js := lastItem(t, rec, "Form").Value("json").(*data.Object)
	if rec.Mode != "manual" || js.Value("formMode") != "test" {
		t.Errorf("mode %s, formMode %v", rec.Mode, js.Value("formMode"))
	}
	// v2 keeps submittedAt in UTC unless useWorkflowTimezone is set.
	if s, _ := js.Value("submittedAt").(string); !strings.HasSuffix(s, "Z") {
		t.Errorf("submittedAt %q", s)
	}
}

func TestRefusedRequests(t *testing.T) {
	base, _ := serve(t, server.Options{}, formWorkflow(t, "1", `{"path":"old",`+nameForm+`}`))
	if code, _, _ := send(t, "GET", base+"/form/old/n8n-form", nil, ""); code != 200 {
		t.Errorf("v1 form page: %d", code)
	}
	code, _, body := send(t, "POST", base+"/form/old/n8n-form", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "field-0=a")
	if code != 500 || body != `{"code":0,"message":"Workflow Form Error: Workflow could not be started!"}` {
		t.Errorf("urlencoded post: %d %s", code, body)
	}
	code, _, body = send(t, "GET", base+"/form/nothing", nil, "")
	if code != 404 || !strings.Contains(body, `The requested webhook \"GET nothing\" is not registered.`) {
		t.Errorf("unknown form: %d %s", code, body)
	}
}

func TestIgnoreBots(t *testing.T) {
	base, _ := serve(t, server.Options{}, formWorkflow(t, "2.2", `{"options":{"path":"bots","ignoreBots":true},`+nameForm+`}`))
	code, h, _ := send(t, "GET", base+"/form/bots", map[string]string{"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"}, "")
	if code != 401 || h.Get("WWW-Authenticate") == "" {
		t.Errorf("bot: %d", code)
	}
	if code, _, _ := send(t, "GET", base+"/form/bots", map[string]string{"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"}, ""); code != 200 {
		t.Errorf("browser: %d", code)
	}
}
