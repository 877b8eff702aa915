package httprequest_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/fakes/httpfake"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/httprequest"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/set"
	"github.com/n8n-go/n8n-go/nodes/splitout"
)

const recordings = "../../testdata/httprequest"

// wireLog is a client-side dialer for the tests: each connection waits a
// random time (below max) before every socket write, the way a busy
// machine can, and the log keeps the "item" number of each request body in
// the order the bytes reached the socket.
type wireLog struct {
	mu    sync.Mutex
	rnd   *rand.Rand
	max   time.Duration
	items []int
}

var itemField = regexp.MustCompile(`"item":\s*(\d+)`)

func (l *wireLog) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &loggedConn{Conn: c, log: l}, nil
}

type loggedConn struct {
	net.Conn
	log *wireLog
}

func (c *loggedConn) Write(p []byte) (int, error) {
	l := c.log
	l.mu.Lock()
	var d time.Duration
	if l.max > 0 {
		d = time.Duration(l.rnd.Int64N(int64(l.max)))
	}
	l.mu.Unlock()
	time.Sleep(d)
	n, err := c.Conn.Write(p)
	if m := itemField.FindSubmatch(p); m != nil {
		i, _ := strconv.Atoi(string(m[1]))
		l.mu.Lock()
		l.items = append(l.items, i)
		l.mu.Unlock()
	}
	return n, err
}

// runRecorded runs testdata/httprequest/NAME.workflow.json through n8n-go
// against a fresh httpfake (reached as api.fake.test) whose answers come
// back after up to jitter, with up to clientJitter added before each
// socket write; wrote lists the items' requests in socket-write order.
func runRecorded(t *testing.T, name string, jitter, clientJitter time.Duration, seed uint64) (run []byte, fake *httpfake.Server, wrote []int, credsPath string) {
	t.Helper()
	opts := httpfake.Options{Jitter: jitter, Seed: seed, Scheme: "https", PublicBase: "https://api.fake.test"}
	fakeFlags(t, name, &opts)
	fake = httpfake.New(opts)
	if doc, err := os.ReadFile(filepath.Join(recordings, name+".seed.json")); err == nil {
		if err := fake.Seed(doc); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	wfJSON, err := os.ReadFile(filepath.Join(recordings, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	wl := &wireLog{rnd: rand.New(rand.NewPCG(seed, 7)), max: clientJitter}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = wl.dial
	var store engine.CredentialStore
	if orig, err := os.ReadFile(filepath.Join(recordings, name+".creds.json")); err == nil {
		// A copy: refreshed OAuth2 tokens are written back to it.
		credsPath = filepath.Join(t.TempDir(), name+".creds.json")
		if err := os.WriteFile(credsPath, orig, 0o600); err != nil {
			t.Fatal(err)
		}
		cs, err := credentials.Load(credsPath, nil)
		if err != nil {
			t.Fatal(err)
		}
		store = cs
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), set.New(), splitout.New(), httprequest.New()},
		Expressions: evaluator(),
		Endpoints:   map[string]string{"api.fake.test": srv.URL, "other.fake.test": srv.URL},
		Transport:   tr,
		Credentials: store,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	wl.mu.Lock()
	defer wl.mu.Unlock()
	return got, fake, wl.items, credsPath
}

// fakeFlags reads NAME.fakeflags, the secrets record.sh gives the fake
// command (-oauth1 key:secret:tokenSecret, -oauth2-client id:secret,
// -digest user:password), into opts.
func fakeFlags(t *testing.T, name string, opts *httpfake.Options) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(recordings, name+".fakeflags"))
	if err != nil {
		return
	}
	f := strings.Fields(string(b))
	for i := 0; i+1 < len(f); i += 2 {
		p := httpfake.ParseTriple(f[i+1])
		switch {
		case f[i] == "-oauth1" && len(p) == 3:
			opts.OAuth1 = &httpfake.OAuth1Keys{ConsumerKey: p[0], ConsumerSecret: p[1], TokenSecret: p[2]}
		case f[i] == "-oauth2-client" && len(p) == 2:
			opts.OAuth2Client = &httpfake.Client{ID: p[0], Secret: p[1]}
		case f[i] == "-digest" && len(p) == 2:
			opts.Digest = &httpfake.DigestUser{User: p[0], Password: p[1]}
		default:
			t.Fatalf("%s.fakeflags: unknown flag %q", name, f[i])
		}
	}
}

// sequential are the recordings whose requests go one node after another,
// so n8n's request log can be compared entry by entry. The order-create
// recordings are checked by TestDispatchInItemOrder and TestOrderOverTLS.
var sequential = []string{"v43-pairs", "paging-param", "paging-next-url", "auth", "v1-v2",
	"oauth1", "oauth1-sha256", "oauth1-sha512", "oauth2-refresh", "oauth2-body", "oauth2-cc",
	"versions", "bodies", "digest", "allowed-domains"}

// withHeaders are the recordings whose request headers are compared too
// (the credentials' placement), except the ones clients set their own way.
var withHeaders = map[string]bool{"auth": true, "oauth1": true, "oauth1-sha256": true, "oauth1-sha512": true,
	"oauth2-refresh": true, "oauth2-body": true, "oauth2-cc": true, "digest": true, "allowed-domains": true}

// knownDifferences are output fields compared in neither run, each a named
// difference: "node|field of the first item's json".
var knownDifferences = map[string][]string{
	"v1-v2": {
		// n8n keeps a JSON array answer as the item's json (typeVersion
		// 1/2 without splitIntoItems); n8n-go's items hold objects.
		"V1 array|",
		// Response headers: Node keeps the server's order and the
		// connection header n8n's "connection: close" provokes; net/http
		// keeps neither, and the date is the clock's.
		"V2 full|headers",
	},
}

// dropKnown removes the knownDifferences of a recording from a run.
func dropKnown(t *testing.T, name string, run []byte) []byte {
	t.Helper()
	if len(knownDifferences[name]) == 0 {
		return run
	}
	doc, err := data.ParseJSONObject(run)
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := doc.Value("runData").(*data.Object)
	if rd == nil {
		v, _ := jsvalue.Get(doc, "data.resultData.runData")
		rd, _ = v.(*data.Object)
	}
	for _, k := range knownDifferences[name] {
		node, field, _ := strings.Cut(k, "|")
		runs, _ := rd.Value(node).([]any)
		if len(runs) == 0 {
			continue
		}
		v, _ := jsvalue.Get(runs[0].(*data.Object), "data.main.0.0")
		item, _ := v.(*data.Object)
		if field == "" {
			item.Set("json", data.NewObject(0))
		} else if js, ok := item.Value("json").(*data.Object); ok {
			js.Delete(field)
		}
	}
	b, err := data.MarshalValue(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// clientHeaders differ between Node's axios and Go's net/http by nature.
var clientHeaders = map[string]bool{"user-agent": true, "accept-encoding": true, "connection": true, "content-length": true}

// TestRecordingsFromN8n runs each recorded workflow through n8n-go against
// a fresh httpfake and compares the run and every request the fake
// received (method, path, query, content type and body bytes, multipart
// boundaries normalised) with what real n8n 1.123.81 sent.
func TestRecordingsFromN8n(t *testing.T) {
	for _, name := range sequential {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(recordings, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/httprequest/record.sh %s", name)
			}
			got, fake, _, _ := runRecorded(t, name, 0, 0, 1)
			if diffs := golden.CompareRuns(dropKnown(t, name, want), dropKnown(t, name, got), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n's:\n  %s", strings.Join(diffs, "\n  "))
			}
			var wantReqs []httpfake.Request
			b, err := os.ReadFile(filepath.Join(recordings, name+".requests.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &wantReqs); err != nil {
				t.Fatal(err)
			}
			gotReqs := fake.Requests()
			if len(gotReqs) != len(wantReqs) {
				t.Fatalf("%d requests, n8n sent %d", len(gotReqs), len(wantReqs))
			}
			for i := range wantReqs {
				if w, g := wireKey(wantReqs[i], withHeaders[name]), wireKey(gotReqs[i], withHeaders[name]); w != g {
					t.Errorf("request %d differs from n8n's:\n  n8n:    %s\n  n8n-go: %s", i+1, w, g)
				}
			}
		})
	}
}

// wireKey is what must match on the wire.
func wireKey(r httpfake.Request, headers bool) string {
	ct, body := r.Header["content-type"], r.Body
	if _, p, err := mime.ParseMediaType(ct); err == nil && p["boundary"] != "" {
		ct = strings.ReplaceAll(ct, p["boundary"], "BOUNDARY")
		body = strings.ReplaceAll(body, p["boundary"], "BOUNDARY")
	}
	parts := []string{r.Method, r.Path, r.RawQuery, ct, body}
	if headers {
		var hs []string
		for k, v := range r.Header {
			if !clientHeaders[k] {
				hs = append(hs, k+": "+v)
			}
		}
		sort.Strings(hs)
		parts = append(parts, strings.Join(hs, "; "))
	}
	return strings.Join(parts, " | ")
}

// TestOAuth2TokenWrittenBack runs the OAuth2 recordings and checks the
// credentials file afterwards: the token the fake's endpoint issued
// replaced the stale one (the refresh token kept when the answer has
// none), written back whole.
func TestOAuth2TokenWrittenBack(t *testing.T) {
	for _, tc := range []struct{ name, token, refresh string }{
		{"oauth2-refresh", "token-1", "refresh-1"},
		{"oauth2-body", "token-1", "refresh-2"},
		{"oauth2-cc", "token-1", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(recordings, tc.name+".n8n.json")); err != nil {
				t.Skipf("no recording: run testdata/httprequest/record.sh %s", tc.name)
			}
			_, _, _, path := runRecorded(t, tc.name, 0, 0, 1)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var creds []struct {
				Data map[string]any `json:"data"`
			}
			if err := json.Unmarshal(b, &creds); err != nil || len(creds) != 1 {
				t.Fatalf("credentials file: %v (%d entries)", err, len(creds))
			}
			td, _ := creds[0].Data["oauthTokenData"].(map[string]any)
			if td["access_token"] != tc.token {
				t.Errorf("access_token %v, want %s", td["access_token"], tc.token)
			}
			if rt, _ := td["refresh_token"].(string); rt != tc.refresh {
				t.Errorf("refresh_token %q, want %q", rt, tc.refresh)
			}
			if creds[0].Data["clientSecret"] != "csecret" {
				t.Errorf("the other fields were not kept: %v", creds[0].Data)
			}
		})
	}
}
