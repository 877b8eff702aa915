package slack

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSlackAnswers(t *testing.T) {
	s := New(Options{Tokens: []string{"xoxb-ok"}})
	seed := `{"users":[{"id":"U1","name":"ada"},{"id":"U2","name":"bob"},{"id":"U3","name":"cy"}],
	 "channels":[{"id":"C1","name":"general","is_archived":false}]}`
	if err := s.Seed([]byte(seed)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	call := func(method, path, token, body string) (int, string, http.Header) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	cases := []struct {
		name, method, path, token, body string
		status                          int
		want                            string
	}{
		{"no token", "GET", "/api/users.list", "", "", 200, `{"ok":false,"error":"not_authed"}`},
		{"bad token", "GET", "/api/users.list", "nope", "", 200, `{"ok":false,"error":"invalid_auth"}`},
		{"page 1", "GET", "/api/users.list?limit=2", "xoxb-ok", "", 200, `{"ok":true,"members":[{"id":"U1","name":"ada"},{"id":"U2","name":"bob"}],"cache_ts":1767225600,"response_metadata":{"next_cursor":"b2Zmc2V0OjI="}}`},
		{"page 2", "GET", "/api/users.list?limit=2&cursor=b2Zmc2V0OjI=", "xoxb-ok", "", 200, `{"ok":true,"members":[{"id":"U3","name":"cy"}],"cache_ts":1767225600,"response_metadata":{"next_cursor":""}}`},
		{"unknown channel", "POST", "/api/chat.postMessage", "xoxb-ok", `{"channel":"C404","text":"x"}`, 200, `{"ok":false,"error":"channel_not_found"}`},
		{"no text", "POST", "/api/chat.postMessage", "xoxb-ok", `{"channel":"C1"}`, 200, `{"ok":false,"error":"no_text"}`},
		{"posted", "POST", "/api/chat.postMessage", "xoxb-ok", `{"channel":"#general","text":"hi"}`, 200, `{"ok":true,"channel":"C1","ts":"1767225600.000001","message":{"user":"U0000BOT1","type":"message","ts":"1767225600.000001"`},
		{"react", "POST", "/api/reactions.add", "xoxb-ok", `{"channel":"C1","name":"eyes","timestamp":"1767225600.000001"}`, 200, `{"ok":true}`},
		{"react twice", "POST", "/api/reactions.add", "xoxb-ok", `{"channel":"C1","name":"eyes","timestamp":"1767225600.000001"}`, 200, `{"ok":false,"error":"already_reacted"}`},
		{"unknown method", "GET", "/api/nope.nope", "xoxb-ok", "", 200, `{"ok":false,"error":"unknown_method"}`},
	}
	for _, c := range cases {
		code, body, _ := call(c.method, c.path, c.token, c.body)
		if code != c.status || !strings.HasPrefix(body, c.want) {
			t.Errorf("%s: %d %s\nwant %d %s", c.name, code, body, c.status, c.want)
		}
	}
	s.AddFault(Fault{Path: "chat.postMessage", Status: 429, RetryAfter: "3"})
	code, body, h := call("POST", "/api/chat.postMessage", "xoxb-ok", `{"channel":"C1","text":"x"}`)
	if code != 429 || body != `{"ok":false,"error":"ratelimited"}` || h.Get("Retry-After") != "3" {
		t.Errorf("rate limit fault: %d %s %v", code, body, h)
	}
	for _, r := range s.Requests() {
		if strings.Contains(string(r.Body), "xoxb") {
			t.Errorf("token in the log: %s", r.Body)
		}
	}
}
