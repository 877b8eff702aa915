package telegram

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestParseText(t *testing.T) {
	cases := []struct {
		name, text, mode, want, wantEnts, wantErr string
	}{
		{"markdown", "Hi *there* _you_ [n8n](https://n8n.io)", "Markdown", "Hi there you n8n",
			`[{"offset":3,"length":5,"type":"bold"},{"offset":9,"length":3,"type":"italic"},{"offset":13,"length":3,"type":"text_link","url":"https://n8n.io"}]`, ""},
		{"markdown unclosed", "my_var", "Markdown", "", "", "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 2"},
		{"html", "<b>a</b> &amp; <a href=\"https://x.io\" target=\"_blank\">x</a>", "HTML", "a & x",
			`[{"offset":0,"length":1,"type":"bold"},{"offset":4,"length":1,"type":"text_link","url":"https://x.io"}]`, ""},
		{"html unknown tag", "<blink>a</blink>", "HTML", "", "", `Bad Request: can't parse entities: Unsupported start tag "blink" at byte offset 0`},
		{"utf16 offsets", "😀 *b*", "Markdown", "😀 b", `[{"offset":3,"length":1,"type":"bold"}]`, ""},
		{"detects urls and mentions", "see https://a.io @ada_l", "", "see https://a.io @ada_l",
			`[{"offset":4,"length":12,"type":"url"},{"offset":17,"length":6,"type":"mention"}]`, ""},
		{"markdownv2 reserved", "a.b", "MarkdownV2", "", "", `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ents, err := parseText(c.text, c.mode)
			if c.wantErr != "" {
				if err == nil || err.description != c.wantErr {
					t.Fatalf("error = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err.description)
			}
			b, _ := data.MarshalValue(ents)
			if got != c.want || (c.wantEnts != "" && string(b) != c.wantEnts) {
				t.Fatalf("got %q %s", got, b)
			}
		})
	}
}

func TestErrorsAndFaults(t *testing.T) {
	s := New(Options{Tokens: []string{"tok"}})
	if err := s.Seed([]byte(`{"chats":[{"id":5,"first_name":"A","type":"private"}]}`)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	post := func(path, body string) (int, string) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	cases := []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"bad token", "/botnope/getMe", ``, 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`},
		{"unknown method", "/bottok/noSuch", `{}`, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`},
		{"chat not found", "/bottok/sendMessage", `{"chat_id":9,"text":"x"}`, 400, `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`},
		{"empty text", "/bottok/sendMessage", `{"chat_id":5,"text":" "}`, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message text is empty"}`},
		{"sent", "/bottok/sendMessage", `{"chat_id":"5","text":"hi"}`, 200, `{"ok":true,"result":{"message_id":1,`},
		{"delete missing", "/bottok/deleteMessage", `{"chat_id":5,"message_id":77}`, 400, `{"ok":false,"error_code":400,"description":"Bad Request: message to delete not found"}`},
		{"delete", "/bottok/deleteMessage", `{"chat_id":5,"message_id":1}`, 200, `{"ok":true,"result":true}`},
	}
	for _, c := range cases {
		code, body := post(c.path, c.body)
		if code != c.status || !strings.HasPrefix(body, c.want) {
			t.Errorf("%s: %d %s, want %d %s", c.name, code, body, c.status, c.want)
		}
	}
	s.AddFault(Fault{Path: "sendMessage", Status: 429})
	code, body := post("/bottok/sendMessage", `{"chat_id":5,"text":"x"}`)
	if code != 429 || body != `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}` {
		t.Errorf("fault: %d %s", code, body)
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.Path, "tok/") && !strings.Contains(r.Path, "<token>") {
			t.Errorf("token logged: %s", r.Path)
		}
	}
}
