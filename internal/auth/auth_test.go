package auth

import (
	"net/http"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestApply(t *testing.T) {
	cases := []struct {
		typ    string
		cred   Credential
		header map[string]string
		query  string
	}{
		{"httpHeaderAuth", Credential{"name": "X-Token", "value": "s1"}, map[string]string{"X-Token": "s1"}, ""},
		{"httpBearerAuth", Credential{"token": "t"}, map[string]string{"Authorization": "Bearer t"}, ""},
		{"httpBasicAuth", Credential{"user": "u", "password": "p"}, map[string]string{"Authorization": "Basic dTpw"}, ""},
		{"httpQueryAuth", Credential{"name": "key", "value": "v"}, nil, `{"key":"v"}`},
		{"httpCustomAuth", Credential{"json": `{"headers":{"X-A":"1"},"qs":{"b":2,"a":1}}`}, map[string]string{"X-A": "1"}, `{"b":2,"a":1}`},
		{"openAiApi", Credential{"apiKey": "k", "organizationId": ""}, map[string]string{"Authorization": "Bearer k", "OpenAI-Organization": ""}, ""},
		{"openAiApi", Credential{"apiKey": "k", "header": true, "headerName": "X-Extra", "headerValue": "e"}, map[string]string{"Authorization": "Bearer k", "X-Extra": "e"}, ""},
		{"wordpressApi", Credential{"username": "u", "password": "p", "url": "https://w.example"}, map[string]string{"Authorization": "Basic dTpw"}, ""},
		{"qdrantApi", Credential{"apiKey": "q"}, map[string]string{"api-key": "q"}, ""},
		{"notionApi", Credential{"apiKey": "n"}, map[string]string{"Authorization": "Bearer n ", "Notion-Version": "2022-02-22"}, ""},
		{"clockifyApi", Credential{"apiKey": "c"}, map[string]string{"X-Api-Key": "c"}, ""},
		{"serpApi", Credential{"apiKey": "s"}, nil, `{"api_key":"s"}`},
		{"githubApi", Credential{"accessToken": "g"}, map[string]string{"Authorization": "token g"}, ""},
	}
	for _, c := range cases {
		t.Run(c.typ, func(t *testing.T) {
			r, ok := Lookup(c.typ)
			if !ok {
				t.Fatalf("no rule for %s", c.typ)
			}
			tg := Target{Header: http.Header{}}
			if err := r.Apply(c.cred, &tg); err != nil {
				t.Fatal(err)
			}
			if len(tg.Header) != len(c.header) {
				t.Errorf("headers %v, want %v", tg.Header, c.header)
			}
			for k, v := range c.header {
				if got := tg.Header[k]; len(got) != 1 || got[0] != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			q := ""
			if tg.Query != nil {
				b, _ := data.MarshalValue(tg.Query)
				q = string(b)
			}
			if q != c.query {
				t.Errorf("query %s, want %s", q, c.query)
			}
		})
	}
}

func TestNotionKeepsVersion(t *testing.T) {
	r, _ := Lookup("notionApi")
	tg := Target{Header: http.Header{"notion-version": {"2021-08-16"}}}
	r.Apply(Credential{"apiKey": "n"}, &tg)
	if len(tg.Header) != 2 || tg.Header["notion-version"][0] != "2021-08-16" {
		t.Errorf("headers %v", tg.Header)
	}
}

func TestCustomAuthBody(t *testing.T) {
	r, _ := Lookup("httpCustomAuth")
	tg := Target{Header: http.Header{}, Body: data.ObjectOf("x", 1.0)}
	if err := r.Apply(Credential{"json": `{"body":{"token":"t"}}`}, &tg); err != nil {
		t.Fatal(err)
	}
	b, _ := data.MarshalValue(tg.Body)
	if string(b) != `{"x":1,"token":"t"}` || !tg.BodyChanged {
		t.Errorf("body %s changed %v", b, tg.BodyChanged)
	}
	if err := r.Apply(Credential{"json": `{bad`}, &tg); err == nil || err.Error() != "Invalid Custom Auth JSON" {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestExpandAndBase(t *testing.T) {
	r, _ := Lookup("wordpressApi")
	if got := r.BaseURLFor(Credential{"url": "https://w.example/"}); got != "https://w.example//wp-json/wp/v2" && got != "https://w.example/wp-json/wp/v2" {
		t.Errorf("base %q", got)
	}
	if got := Expand("={{ $credentials?.a }}-{{$credentials.b}}", Credential{"a": "x", "b": 2.0}); got != "x-2" {
		t.Errorf("expand %q", got)
	}
	if got := Expand("plain {{x}}", nil); got != "plain {{x}}" {
		t.Errorf("constant %q", got)
	}
}

func TestLimitsHaveBursts(t *testing.T) {
	l := Limits()
	if n := l["notionApi"]; n.PerSecond != 3 || n.Burst < 10 {
		t.Errorf("notion limit %+v", n)
	}
}

func TestSecretsLongestFirst(t *testing.T) {
	s := Secrets(Credential{"a": "ab", "b": "abc", "n": 1.0})
	if len(s) != 2 || s[0] != "abc" {
		t.Errorf("%v", s)
	}
}

func TestDigestAsN8n(t *testing.T) {
	// The RFC 2617 §3.5 challenge answered as n8n-core's
	// digestAuthAxiosConfig does (expected value computed with its code).
	ch := `Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"`
	got, ok := digestAuthorization(ch, "GET", "/dir/index.html", Basic{"Mufasa", "Circle Of Life"}, "0a4f113b")
	want := `Digest username="Mufasa",realm="testrealm@host.com",nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",uri="/dir/index.html",qop="auth",algorithm="MD5",response="567590dc99dcfcef45a1522daa7f7c97",nc="000000001",cnonce="0a4f113b",opaque="5ccc069c403ebaf9f0171e9517f40e41"`
	if !ok || got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if _, ok := DigestAuthorization(`Basic realm="x"`, "GET", "/", Basic{}); ok {
		t.Error("basic challenge answered")
	}
}

func TestAllowedDomains(t *testing.T) {
	for _, tc := range []struct {
		c    Credential
		list string
		err  error
	}{
		{Credential{}, "", nil},
		{Credential{"allowedHttpRequestDomains": "all", "allowedDomains": "x.com"}, "", nil},
		{Credential{"allowedHttpRequestDomains": "none"}, "", ErrCredentialBlocked},
		{Credential{"allowedHttpRequestDomains": "domains", "allowedDomains": " "}, "", ErrNoAllowedDomains},
		{Credential{"allowedHttpRequestDomains": "domains", "allowedDomains": " a.com, *.b.com "}, "a.com, *.b.com", nil},
	} {
		list, err := AllowedDomains(tc.c)
		if list != tc.list || err != tc.err {
			t.Errorf("%v: %q %v", tc.c, list, err)
		}
	}
	for _, tc := range []struct {
		url, list string
		ok        bool
	}{
		{"https://a.com/x", "", true},
		{"https://A.com./x", "a.com, *.b.com", true},
		{"https://x.b.com/", "a.com, *.b.com", true},
		{"https://b.com/", "a.com, *.b.com", false},
		{"https://evil.com/?a.com", "a.com", false},
		{"not a url", "a.com", false},
	} {
		if got := DomainAllowed(tc.url, tc.list); got != tc.ok {
			t.Errorf("DomainAllowed(%q, %q) = %v", tc.url, tc.list, got)
		}
	}
}
