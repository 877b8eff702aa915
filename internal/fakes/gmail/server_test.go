package gmail

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestFake(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	f := New(opts)
	seed := `{"labels":[{"id":"Label_1","name":"Work"}],"messages":[
	 {"labelIds":["INBOX","UNREAD"],"mime":"From: A <a@x.com>\nTo: me@example.com\nSubject: Hello\nMessage-ID: <a1@x>\n\nfirst body"},
	 {"labelIds":["INBOX","Label_1"],"mime":"From: b@y.com\nTo: me@example.com\nSubject: Invoice 7\n\nsecond &amp; 'body'"},
	 {"labelIds":["SPAM"],"mime":"From: s@spam\nSubject: Win\n\nspam"}]}`
	if err := f.Seed([]byte(seed)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

func TestListSearchAndPaging(t *testing.T) {
	_, base := newTestFake(t, Options{})
	u := base + "/gmail/v1/users/me/messages"
	cases := []struct {
		query string
		ids   int
		next  bool
	}{
		{"", 2, false},
		{"?maxResults=1", 1, true},
		{"?maxResults=1&pageToken=1", 1, false},
		{"?q=is:unread", 1, false},
		{"?q=from:b@y.com", 1, false},
		{"?q=invoice", 1, false},
		{"?q=label:work", 1, false},
		{"?includeSpamTrash=true", 3, false},
		{"?labelIds=INBOX&labelIds=Label_1", 1, false},
		{"?q=-is:unread+subject:hello", 0, false},
	}
	for _, c := range cases {
		st, out := call(t, "GET", u+c.query, "")
		list, _ := out["messages"].([]any)
		_, next := out["nextPageToken"]
		if st != 200 || len(list) != c.ids || next != c.next {
			t.Errorf("%s: status %d, %d messages, next %v", c.query, st, len(list), next)
		}
	}
}

func TestSendModifyDeleteAndErrors(t *testing.T) {
	f, base := newTestFake(t, Options{})
	raw := base64.RawURLEncoding.EncodeToString([]byte("To: z@z.com\r\nSubject: S\r\nMessage-ID: <rand@x>\r\nDate: now\r\nContent-Type: multipart/alternative; boundary=\"--_NmP-abc-Part_1\"\r\n\r\n----_NmP-abc-Part_1\r\nContent-Type: text/plain\r\n\r\nhi\r\n----_NmP-abc-Part_1--\r\n"))
	st, out := call(t, "POST", base+"/gmail/v1/users/me/messages/send", `{"raw":"`+raw+`"}`)
	if st != 200 || out["labelIds"].([]any)[0] != "SENT" {
		t.Fatalf("send: %d %v", st, out)
	}
	id := out["id"].(string)
	reqs := f.Requests()
	if m := reqs[len(reqs)-1].MIME; !strings.Contains(m, "BOUNDARY-1") || !strings.Contains(m, "<normalized-message-id>") {
		t.Errorf("MIME not normalised: %q", m)
	}
	st, out = call(t, "POST", base+"/gmail/v1/users/me/messages/"+id+"/modify", `{"addLabelIds":["Label_1"],"removeLabelIds":["SENT"]}`)
	if st != 200 || len(out["labelIds"].([]any)) != 1 {
		t.Errorf("modify: %d %v", st, out)
	}
	st, out = call(t, "GET", base+"/gmail/v1/users/me/messages/"+id+"?format=metadata&metadataHeaders=Subject", "")
	if hs := out["payload"].(map[string]any)["headers"].([]any); st != 200 || len(hs) != 1 {
		t.Errorf("metadata: %d %v", st, out)
	}
	if st, _ := call(t, "DELETE", base+"/gmail/v1/users/me/messages/"+id, ""); st != 204 {
		t.Errorf("delete: %d", st)
	}
	for _, c := range []struct {
		method, path, body string
		status             int
		reason             string
	}{
		{"GET", "/gmail/v1/users/me/messages/" + id, "", 404, "notFound"},
		{"GET", "/gmail/v1/users/me/messages/zz-not-hex", "", 400, "invalidArgument"},
		{"POST", "/gmail/v1/users/me/labels", `{"name":"work"}`, 409, "duplicate"},
		{"POST", "/gmail/v1/users/me/messages/send", `{}`, 400, "invalidArgument"},
	} {
		st, out := call(t, c.method, base+c.path, c.body)
		e, _ := out["error"].(map[string]any)
		errs, _ := e["errors"].([]any)
		if st != c.status || len(errs) == 0 || errs[0].(map[string]any)["reason"] != c.reason {
			t.Errorf("%s %s: %d %v", c.method, c.path, st, out)
		}
	}
}

func TestRateLimitBodies(t *testing.T) {
	for _, status := range []int{429, 403} {
		_, base := newTestFake(t, Options{RateLimit: 0.001, RateBurst: 1, RateLimitStatus: status})
		call(t, "GET", base+"/gmail/v1/users/me/labels", "")
		st, out := call(t, "GET", base+"/gmail/v1/users/me/labels", "")
		e, _ := out["error"].(map[string]any)
		errs, _ := e["errors"].([]any)
		if st != status || len(errs) == 0 || errs[0].(map[string]any)["reason"] != "rateLimitExceeded" {
			t.Errorf("rate limit %d: got %d %v", status, st, out)
		}
	}
}

func TestTokenRequired(t *testing.T) {
	f := New(Options{Tokens: []string{"good"}})
	srv := httptest.NewServer(f)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/gmail/v1/users/me/labels")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
}

func TestNormalizeIsStable(t *testing.T) {
	a := "Message-ID: <x1@a>\r\nDate: Mon\r\nContent-Type: multipart/mixed; boundary=\"--_NmP-1111-Part_1\"\r\n\r\n----_NmP-1111-Part_1\r\nContent-Type: multipart/alternative; boundary=\"--_NmP-1111-Part_2\"\r\n"
	b := strings.NewReplacer("1111", "2222", "x1@a", "y9@b", "Mon", "Tue").Replace(a)
	if Normalize(a) != Normalize(b) {
		t.Fatalf("%q != %q", Normalize(a), Normalize(b))
	}
}
