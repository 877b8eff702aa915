package httprecord

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const secret = "sk_live_abcdef123456"

// record runs reqs through a Recorder in front of a test server that echoes
// what it received, and returns the saved-and-reloaded recording.
func record(t *testing.T, reqs []*http.Request) *Recording {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "session=abc")
		w.Header().Set("X-Host", r.Host)
		w.WriteHeader(201)
		io.WriteString(w, `{"path":"`+r.URL.Path+`","got":`+strings.TrimSpace(string(orJSON(b)))+`,"echo":"`+r.Header.Get("X-Custom")+`"}`)
	}))
	defer srv.Close()
	target, _ := url.Parse(srv.URL)
	mapURL := func(u *url.URL) *url.URL {
		m := *u
		m.Scheme, m.Host = target.Scheme, target.Host
		return &m
	}
	sec := &Secrets{}
	sec.AddCredential("exampleApi", map[string]any{"apiKey": secret, "region": "eu", "retries": 3.0})
	rec := NewRecorder(nil, mapURL, sec)
	client := &http.Client{Transport: rec}
	for _, r := range reqs {
		resp, err := client.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	path := filepath.Join(t.TempDir(), "rec.json")
	if err := rec.Recording().WriteFile(path); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), secret) || strings.Contains(string(raw), "session=abc") {
		t.Fatalf("a secret was recorded:\n%s", raw)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

func orJSON(b []byte) []byte {
	if len(b) == 0 {
		return []byte("null")
	}
	return b
}

func newReq(t *testing.T, method, u, body string, hdr map[string]string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, err := http.NewRequestWithContext(context.Background(), method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	return r
}

func TestRecordRedactsAndKeepsOriginalURL(t *testing.T) {
	rec := record(t, []*http.Request{
		newReq(t, "POST", "https://api.example.com/v1/items?b=2&a=1", `{"name":"x","key":"`+secret+`"}`, map[string]string{
			"Authorization": "Bearer " + secret, "X-Api-Key": "k", "X-Custom": secret, "Cookie": "a=b", "X-Auth-Token": "t", "X-Region": "eu", "Accept": "application/json",
		}),
		newReq(t, "GET", "https://api.example.com/v1/items?token="+secret, "", nil),
	})
	if len(rec.Exchanges) != 2 {
		t.Fatalf("%d exchanges, want 2", len(rec.Exchanges))
	}
	ex := rec.Exchanges[0]
	if ex.Request.URL != "https://api.example.com/v1/items?b=2&a=1" {
		t.Errorf("url %q: want the URL the node requested, before mapping", ex.Request.URL)
	}
	for _, h := range []string{"Authorization", "X-Api-Key", "X-Custom", "Cookie", "X-Auth-Token", "X-Region"} {
		if got := ex.Request.Header.Get(h); got != Redacted {
			t.Errorf("request header %s = %q, want %s", h, got, Redacted)
		}
	}
	if got := ex.Request.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q, want it kept", got)
	}
	if got := string(ex.Request.JSON); got != `{"name":"x","key":"REDACTED"}` {
		t.Errorf("request body %s", got)
	}
	if ex.Response.Status != 201 || ex.Response.Header.Get("Set-Cookie") != Redacted || ex.Response.Header.Get("X-Host") != "api.example.com" {
		t.Errorf("response %d %v", ex.Response.Status, ex.Response.Header)
	}
	if ex.Response.Header.Get("Content-Length") != "" {
		t.Error("Content-Length recorded; replay must compute it")
	}
	if got := rec.Exchanges[1].Request.URL; got != "https://api.example.com/v1/items?token=REDACTED" {
		t.Errorf("secret in URL not redacted: %s", got)
	}
	want := map[string]any{"apiKey": Redacted, "region": Redacted, "retries": 3.0}
	if got := rec.Credentials["exampleApi"]; len(got) != 3 || got["apiKey"] != want["apiKey"] || got["region"] != want["region"] || got["retries"] != want["retries"] {
		t.Errorf("credential shape %v, want %v", got, want)
	}
}

func TestReplay(t *testing.T) {
	rec := record(t, []*http.Request{
		newReq(t, "POST", "https://api.example.com/v1/items", `{"name":"a","n":1}`, nil),
		newReq(t, "POST", "https://api.example.com/v1/items", `{"name":"b","n":2}`, nil),
		newReq(t, "GET", "https://api.example.com/v1/items?x=1&y=2", "", nil),
	})
	sec := &Secrets{}
	sec.AddCredential("exampleApi", map[string]any{"apiKey": "placeholder-key"})
	p := NewReplayer(rec, sec)
	client := &http.Client{Transport: p}
	do := func(method, u, body string) (string, error) {
		resp, err := client.Do(newReq(t, method, u, body, nil))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.ContentLength != int64(len(b)) {
			t.Errorf("ContentLength %d, body %d bytes", resp.ContentLength, len(b))
		}
		return resp.Status + " " + string(b), nil
	}
	// Out of recorded order, JSON key order and query order changed: still
	// matched.
	got, err := do("POST", "https://api.example.com/v1/items", `{"n":2,"name":"b"}`)
	if err != nil || got != `201 Created {"path":"/v1/items","got":{"name":"b","n":2},"echo":""}` {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := do("GET", "https://api.example.com/v1/items?y=2&x=1", ""); err != nil {
		t.Fatal(err)
	}
	if u := p.Unused(); len(u) != 1 || u[0] != "#0 POST https://api.example.com/v1/items" {
		t.Errorf("unused %v", u)
	}
	// A changed body names the closest exchange and the difference.
	_, err = do("POST", "https://api.example.com/v1/items", `{"name":"c","n":1}`)
	wantErr := `http replay: no recorded exchange left for POST https://api.example.com/v1/items with body {"name":"c","n":1}; closest recorded: #0 POST https://api.example.com/v1/items (body: $.name: want "a", got "c")`
	if err == nil || !strings.Contains(err.Error(), wantErr) {
		t.Fatalf("error %v\nwant %s", err, wantErr)
	}
	// Each exchange answers once.
	_, err = do("POST", "https://api.example.com/v1/items", `{"name":"b","n":2}`)
	if err == nil || !strings.Contains(err.Error(), "closest recorded: #1 POST https://api.example.com/v1/items (it was already used") {
		t.Fatalf("reuse error %v", err)
	}
	// Another URL.
	_, err = do("DELETE", "https://api.example.com/v1/other", "")
	if err == nil || !strings.Contains(err.Error(), "no recorded exchange left for DELETE https://api.example.com/v1/other; closest recorded: #") ||
		!strings.Contains(err.Error(), "method: recorded") || !strings.Contains(err.Error(), "url: recorded") {
		t.Fatalf("error %v", err)
	}
	if n := len(p.Misses()); n != 3 {
		t.Errorf("%d misses, want 3", n)
	}
}

func TestReplayRedactsBeforeMatching(t *testing.T) {
	rec := record(t, []*http.Request{newReq(t, "GET", "https://api.example.com/v1/q?key="+secret, "", nil)})
	other := "another-real-key-999"
	sec := &Secrets{}
	sec.AddCredential("exampleApi", map[string]any{"apiKey": other})
	p := NewReplayer(rec, sec)
	resp, err := (&http.Client{Transport: p}).Do(newReq(t, "GET", "https://api.example.com/v1/q?key="+other, "", nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestReplayEmptyRecordingAndErrors(t *testing.T) {
	p := NewReplayer(&Recording{Version: FormatVersion, Exchanges: []*Exchange{
		{Request: Request{Method: "GET", URL: "https://down.example.com/"}, Error: "dial tcp: connection refused"},
	}}, nil)
	c := &http.Client{Transport: p}
	_, err := c.Do(newReq(t, "GET", "https://down.example.com/", "", nil))
	if err == nil || !strings.Contains(err.Error(), "dial tcp: connection refused") {
		t.Fatalf("recorded error not replayed: %v", err)
	}
	_, err = (&http.Client{Transport: NewReplayer(&Recording{Version: 1}, nil)}).Do(newReq(t, "GET", "https://x.example.com/", "", nil))
	if err == nil || !strings.Contains(err.Error(), "the recording has no exchanges") {
		t.Fatalf("error %v", err)
	}
}

func TestBodyForms(t *testing.T) {
	tests := []struct {
		in   string
		want Body
	}{
		{"", Body{}},
		{`{"a":1}`, Body{JSON: []byte(`{"a":1}`)}},
		{"{\n \"a\": 1\n}", Body{Text: "{\n \"a\": 1\n}"}}, // kept byte-exact
		{"a=1&b=2", Body{Text: "a=1&b=2"}},
		{`"str"`, Body{Text: `"str"`}},
		{"\xff\x00", Body{Base64: "/wA="}},
	}
	for _, tc := range tests {
		got := newBody([]byte(tc.in))
		if string(got.JSON) != string(tc.want.JSON) || got.Text != tc.want.Text || got.Base64 != tc.want.Base64 {
			t.Errorf("newBody(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		back, err := got.Bytes()
		if err != nil || string(back) != tc.in {
			t.Errorf("Bytes() = %q, %v; want %q", back, err, tc.in)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"version":  `{"version":2,"exchanges":[]}`,
		"no url":   `{"version":1,"exchanges":[{"request":{"method":"GET"},"response":{"status":200}}]}`,
		"no reply": `{"version":1,"exchanges":[{"request":{"method":"GET","url":"https://x/"}}]}`,
		"not json": `{`,
	}
	for name, doc := range tests {
		p := filepath.Join(dir, "r.json")
		os.WriteFile(p, []byte(doc), 0o644)
		if _, err := Load(p); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func BenchmarkReplay(b *testing.B) {
	rec := &Recording{Version: 1}
	for i := 0; i < 200; i++ {
		rec.Exchanges = append(rec.Exchanges, &Exchange{
			Request:  Request{Method: "POST", URL: "https://api.example.com/v1/items", Body: Body{JSON: []byte(`{"i":` + string(rune('0'+i%10)) + `}`)}},
			Response: &Response{Status: 200, Body: Body{JSON: []byte(`{"ok":true}`)}},
		})
	}
	b.ResetTimer()
	for b.Loop() {
		p := NewReplayer(rec, nil)
		for i := 0; i < 10; i++ {
			r, _ := http.NewRequest("POST", "https://api.example.com/v1/items", strings.NewReader(`{"i":`+string(rune('0'+i))+`}`))
			resp, err := p.RoundTrip(r)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	}
}
