package sendemail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakesmtp "github.com/n8n-go/n8n-go/internal/fakes/smtp"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/nodes/code"
	"github.com/n8n-go/n8n-go/nodes/converttofile"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/sendemail"
)

// goldenDir holds workflows real n8n 1.123.81 ran against the fake SMTP
// server (record.sh there): NAME.n8n.json is the run, NAME.messages.json
// what the server received.
const goldenDir = "../../testdata/sendemail"

// serverTLS is the fake's certificate, trusted by the node through
// SSL_CERT_FILE (set in TestMain before any TLS use).
var serverTLS *tls.Config

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sendemail-test-")
	if err != nil {
		panic(err)
	}
	cfg, caPEM, err := selfSigned()
	if err != nil {
		panic(err)
	}
	serverTLS = cfg
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, caPEM, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("SSL_CERT_FILE", ca)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// selfSigned makes a certificate for 127.0.0.1 that is its own CA.
func selfSigned() (*tls.Config, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pemBytes, nil
}

// fake starts the server as record.sh does: plain/STARTTLS and implicit
// TLS, AUTH mailer/secret, rejected@example.com refused.
func fake(t testing.TB) (srv *fakesmtp.Server, plainPort, tlsPort string) {
	t.Helper()
	srv = fakesmtp.New(fakesmtp.Options{TLS: serverTLS, Users: map[string]string{"mailer": "secret"}, RejectRcpt: []string{"rejected@example.com"}})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lt, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	go srv.ServeTLS(lt)
	t.Cleanup(func() { srv.Close() })
	_, p1, _ := net.SplitHostPort(l.Addr().String())
	_, p2, _ := net.SplitHostPort(lt.Addr().String())
	return srv, p1, p2
}

// credsFor rewrites the recording's credential to the test server's port.
func credsFor(t testing.TB, name, plainPort, tlsPort string) string {
	t.Helper()
	src := filepath.Join(goldenDir, "creds.json")
	if _, err := os.Stat(filepath.Join(goldenDir, name+".creds.json")); err == nil {
		src = filepath.Join(goldenDir, name+".creds.json")
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var creds []map[string]any
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	for _, c := range creds {
		d := c["data"].(map[string]any)
		if d["secure"] == true {
			d["port"] = json.Number(tlsPort)
		} else {
			d["port"] = json.Number(plainPort)
		}
	}
	out, _ := json.Marshal(creds)
	p := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runGolden(t testing.TB, name string) ([]byte, []fakesmtp.Message) {
	t.Helper()
	srv, p1, p2 := fake(t)
	store, err := credentials.Load(credsFor(t, name, p1, p2), nil)
	if err != nil {
		t.Fatal(err)
	}
	wfJSON, err := os.ReadFile(filepath.Join(goldenDir, name+".workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Engine(t, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), code.New(), converttofile.New(), sendemail.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
	})
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return got, srv.Messages()
}

var (
	boundaryRe = regexp.MustCompile(`--_NmP-[0-9a-f]+-Part_`)
	msgIDRe    = regexp.MustCompile(`<[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@([^>]*)>`)
	dateRe     = regexp.MustCompile(`(?m)^Date: .*\r$`)
	utmRe      = regexp.MustCompile(`(utm_campaign=(?:3D)?n8n-nodes-base\.emailSend)[_0-9a-f]*`)
)

// normalizeText replaces the random and clock parts of a message: MIME
// boundaries, Message-ID, Date and n8n's instance id in the attribution
// link (quoted-printable soft line breaks joined first, since the id
// lengthens the line).
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "=\r\n", "")
	s = boundaryRe.ReplaceAllString(s, "--_NmP-BOUNDARY-Part_")
	s = msgIDRe.ReplaceAllString(s, "<MESSAGE-ID@$1>")
	s = dateRe.ReplaceAllString(s, "Date: DATE\r")
	return utmRe.ReplaceAllString(s, "$1")
}

// instanceIDNodes are the nodes whose HTML attribution link carries n8n's
// instance id ("_" and 64 hex digits, plus the soft line break it causes:
// 68 bytes), which n8n-go does not have: their messageSize is not
// compared (the message itself is, normalised).
var instanceIDNodes = map[string]bool{"Both": true}

// normalizeRun replaces the send timings and message ids in the output
// items (key order is kept).
func normalizeRun(doc []byte) []byte {
	v0, err := data.ParseJSON(doc)
	if err == nil {
		if rd, ok := dig(v0, "data", "resultData", "runData").(*data.Object); ok {
			for name := range instanceIDNodes {
				runs, _ := rd.Value(name).([]any)
				for _, r := range runs {
					out, _ := dig(r, "data", "main").([]any)
					for _, o := range out {
						items, _ := o.([]any)
						for _, it := range items {
							if j, ok := dig(it, "json").(*data.Object); ok && j.Has("messageSize") {
								j.Set("messageSize", 0.0)
							}
						}
					}
				}
			}
		}
		if b, err := data.MarshalValue(v0); err == nil {
			doc = b
		}
	}
	v, err := data.ParseJSON(doc)
	if err != nil {
		return doc
	}
	var walk func(any)
	walk = func(x any) {
		switch m := x.(type) {
		case *data.Object:
			if m.Has("envelopeTime") && m.Has("messageId") {
				m.Set("envelopeTime", 0.0)
				m.Set("messageTime", 0.0)
				if s, ok := m.Value("messageId").(string); ok {
					m.Set("messageId", msgIDRe.ReplaceAllString(s, "<MESSAGE-ID@$1>"))
				}
			}
			for _, c := range m.All() {
				walk(c)
			}
		case []any:
			for _, c := range m {
				walk(c)
			}
		}
	}
	walk(v)
	b, _ := data.MarshalValue(v)
	return b
}

// TestGoldensFromN8n sends every recorded workflow's mail through n8n-go
// to a fresh fake server and compares the run and the received messages
// (envelope, authenticated user, TLS, and the data with boundaries,
// Message-ID and Date normalised) with what real n8n sent.
func TestGoldensFromN8n(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.workflow.json"))
	if len(files) == 0 {
		t.Fatalf("no workflows in %s", goldenDir)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".workflow.json")
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(goldenDir, name+".n8n.json"))
			if err != nil {
				t.Skipf("no recording: run testdata/sendemail/record.sh %s", name)
			}
			got, msgs := runGolden(t, name)
			if diffs := golden.CompareRuns(normalizeRun(want), normalizeRun(got), golden.Options{}); len(diffs) > 0 {
				t.Errorf("run differs from n8n (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
			}
			b, err := os.ReadFile(filepath.Join(goldenDir, name+".messages.json"))
			if err != nil {
				t.Fatal(err)
			}
			var wantMsgs []fakesmtp.Message
			if err := json.Unmarshal(b, &wantMsgs); err != nil {
				t.Fatal(err)
			}
			if len(wantMsgs) != len(msgs) {
				t.Fatalf("received %d messages, n8n sent %d", len(msgs), len(wantMsgs))
			}
			for i := range msgs {
				w, g := wantMsgs[i], msgs[i]
				w.Data, g.Data = normalizeText(w.Data), normalizeText(g.Data)
				wj, _ := json.MarshalIndent(w, "", " ")
				gj, _ := json.MarshalIndent(g, "", " ")
				if string(wj) != string(gj) {
					t.Errorf("message %d differs:\n--- n8n:\n%s\n--- n8n-go:\n%s", i, wj, gj)
				}
			}
		})
	}
}

func dig(v any, path ...string) any {
	for _, k := range path {
		o, ok := v.(*data.Object)
		if !ok {
			return nil
		}
		v = o.Value(k)
	}
	return v
}
