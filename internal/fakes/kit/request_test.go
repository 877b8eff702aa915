package kit

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
	"testing"
)

// sampleHead is a request as n8n-go sends one to the Notion fake.
const sampleHead = "PATCH /v1/pages/1a878e40-f803-80e6-8df1-cf50776752da HTTP/1.1\r\n" +
	"Host: 127.0.0.1:18441\r\nUser-Agent: n8n\r\nContent-Length: 7\r\nAccept: application/json\r\n" +
	"Authorization: Bearer secret_sandbox_notion\r\nContent-Type: application/json\r\n" +
	"Notion-Version: 2022-06-28\r\nAccept-Encoding: gzip\r\n\r\n"

// readBoth reads every request of raw with readRequest and with
// http.ReadRequest and reports the first difference.
func readBoth(t *testing.T, raw string, size int) {
	t.Helper()
	fast := bufio.NewReaderSize(strings.NewReader(raw), size)
	ref := bufio.NewReaderSize(strings.NewReader(raw), size)
	scratch := new(request) // reused, as a connection does
	for i := 0; ; i++ {
		got, gerr := readRequest(fast, scratch)
		want, werr := http.ReadRequest(ref)
		if (gerr == nil) != (werr == nil) || (gerr != nil && gerr.Error() != werr.Error()) {
			t.Fatalf("request %d of %q: error %v, want %v", i, raw, gerr, werr)
		}
		if werr != nil {
			return
		}
		if d := requestDiff(got, want); d != "" {
			t.Fatalf("request %d of %q: %s", i, raw, d)
		}
		gb, gerr := io.ReadAll(got.Body)
		wb, werr := io.ReadAll(want.Body)
		if string(gb) != string(wb) || (gerr == nil) != (werr == nil) {
			t.Fatalf("request %d of %q: body %q (%v), want %q (%v)", i, raw, gb, gerr, wb, werr)
		}
		got.Body.Close()
		want.Body.Close()
	}
}

func requestDiff(got, want *http.Request) string {
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Method", got.Method, want.Method}, {"URL", *got.URL, *want.URL}, {"Proto", got.Proto, want.Proto},
		{"ProtoMajor", got.ProtoMajor, want.ProtoMajor}, {"ProtoMinor", got.ProtoMinor, want.ProtoMinor},
		{"Header", got.Header, want.Header}, {"Host", got.Host, want.Host}, {"RequestURI", got.RequestURI, want.RequestURI},
		{"ContentLength", got.ContentLength, want.ContentLength}, {"Close", got.Close, want.Close},
		{"TransferEncoding", got.TransferEncoding, want.TransferEncoding}, {"Trailer", got.Trailer, want.Trailer},
		{"NoBody", got.Body == http.NoBody, want.Body == http.NoBody},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			return fmt.Sprintf("%s = %#v, want %#v", f.name, f.got, f.want)
		}
	}
	return ""
}

func TestReadRequestMatchesNetHTTP(t *testing.T) {
	long := strings.Repeat("x", 9000)
	cases := []string{
		sampleHead + "{\"a\":1}",
		sampleHead + "{\"a\":1}" + sampleHead + "{\"b\":2}",
		sampleHead + "{\"a\":1}" + "GET /x?y=1 HTTP/1.1\r\nHost: h\r\nX-Only: 1\r\n\r\n" + sampleHead + "{}",
		sampleHead + "{\"a\":1}" + "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nBad Key: 2\r\n\r\n",
		// Lines a connection's previous request sent (headerLine keeps
		// them) changed, moved, dropped, sent again.
		sampleHead + "{\"a\":1}" + strings.Replace(strings.Replace(sampleHead, "secret_sandbox_notion", "other", 1), "Length: 7", "Length: 2", 1) + "{}" +
			strings.Replace(sampleHead, "User-Agent: n8n\r\n", "", 1) + "{\"a\":1}" + strings.Replace(sampleHead, "Accept: ", "accept:   ", 1) + "{\"b\":2}" +
			sampleHead + "{\"c\":3}" + "GET / HTTP/1.1\r\nHost: 127.0.0.1:18441\r\nUser-Agent: n8n\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n" + sampleHead + "{\"d\":4}",
		"GET /v1/users?a=1&b=%20x&c HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /v1/users? HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /v1/users?? HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /v1/a%20b/c HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /v1/a!b(c) HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /v1/a$b&c+d,e;f=g:h@i~j_k.l-m HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET //x/y HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET http://other/x HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET * HTTP/1.1\r\nHost: h\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.0\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nPragma: no-cache\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"GET / HTTP/1.1\r\nhost: h\r\nx-lower: 1\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX-Sp:   a b \t\r\nX-Empty:\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX-Fold: a\r\n b\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nBad Key: a\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\nX-Ctl: a\x01b\r\n\r\n",
		"GET / HTTP/1.1\nHost: h\n\n",
		"GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc",
		"POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: h\r\nX-Long: " + long + "\r\n\r\n",
		"CONNECT host:443 HTTP/1.1\r\nHost: h\r\n\r\n",
		"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
		"G@T / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n",
		"GET / HTTP/1.1\r\nHo",
		"",
		"\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
		"GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
	}
	for _, raw := range cases {
		for _, size := range []int{16, 64, 8 << 10} {
			readBoth(t, raw, size)
		}
	}
}

// TestReadRequestBodyClose: closing a body the handler did not read
// leaves the reader at the next request.
func TestReadRequestBodyClose(t *testing.T) {
	br := bufio.NewReader(strings.NewReader(sampleHead + "{\"a\":1}" + sampleHead + "{\"b\":2}"))
	r1, err := readRequest(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r1.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r1.Body.Read(make([]byte, 1)); err != http.ErrBodyReadAfterClose {
		t.Fatalf("read after close: %v", err)
	}
	r2, err := readRequest(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r2.Body)
	if string(b) != `{"b":2}` {
		t.Fatalf("second body %q", b)
	}
}

// BenchmarkReadRequest parses a request head and its small body as the
// fakes get them from n8n-go.
func BenchmarkReadRequest(b *testing.B) {
	raw := strings.Repeat(sampleHead+"{\"a\":1}", 64)
	for _, name := range []string{"fast", "net-http"} {
		b.Run(name, func(b *testing.B) {
			scratch := new(request)
			read := func(br *bufio.Reader) (*http.Request, error) { return readRequest(br, scratch) }
			if name == "net-http" {
				read = http.ReadRequest
			}
			src := strings.NewReader(raw)
			br := bufio.NewReaderSize(src, 8<<10)
			b.ReportAllocs()
			for i := range b.N {
				if i%64 == 0 {
					src.Reset(raw)
					br.Reset(src)
				}
				req, err := read(br)
				if err != nil {
					b.Fatal(err)
				}
				req.Body.Close()
			}
		})
	}
}

// TestByteClasses checks pathByte and isToken on every byte against the
// character sets they stand for.
func TestByteClasses(t *testing.T) {
	alnum := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
	for i := range 256 {
		c := byte(i)
		if want := alnum(c) || strings.IndexByte("-_.~$&+,/:;=@", c) >= 0; pathByte(c) != want {
			t.Errorf("pathByte(%q) = %v", c, !want)
		}
		if want := alnum(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0; isToken(string(c)) != want {
			t.Errorf("isToken(%q) = %v", c, !want)
		}
	}
}

// TestCanonicalKey checks canonicalKey against textproto's on tokens.
func TestCanonicalKey(t *testing.T) {
	named := []string{"Content-Type", "content-type", "CONTENT-TYPE", "X-Api-Key", "x-api-key", "Notion-Version",
		"Host", "A", "a", "-", "A-", "-a", "A--B", "a--b", "X1-Y2", "x1-y2", "Www-Authenticate", "WWW-Authenticate",
		"Sec-Websocket-Key", "Te", "TE", "Dnt", "X_Y", "x_y", "A!b#C", "Accept-Encoding", "ACCEPT-ENCODING", "Ümlaut"}
	// and every key of up to four bytes of "aZ-_1"
	keys := []string{""}
	for range 4 {
		for _, k := range keys {
			for _, c := range "aZ-_1" {
				keys = append(keys, k+string(c))
			}
		}
	}
	for _, k := range append(named, keys...) {
		if !isToken(k) {
			continue
		}
		if got, want := canonicalKey(k), textproto.CanonicalMIMEHeaderKey(k); got != want {
			t.Errorf("canonicalKey(%q) = %q, want %q", k, got, want)
		}
	}
}
