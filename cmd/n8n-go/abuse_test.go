package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/store"
	"github.com/n8n-go/n8n-go/internal/store/pgtest"
)

// The abuse suite (issue 21) runs `n8n-go serve` as a real process — this
// test binary re-executed as the CLI — on loopback only, and attacks it
// as a client and a faulty network would: load, slow clients, oversized
// bodies, wrong credentials, SIGTERM and SIGKILL. It asserts no panic,
// bounded memory and no lost or duplicated execution record. Each case is
// bounded in time; -short skips the suite.

const abuseChildEnv = "N8N_GO_ABUSE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(abuseChildEnv) == "1" {
		main()
		return
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// pg is the throwaway PostgreSQL cluster of this package's tests.
var pg pgtest.Cluster

const abuseOpen = `{"id":"w1","name":"open","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"11111111-1111-1111-1111-111111111111",
  "parameters":{"path":"open","httpMethod":"POST","responseMode":"lastNode","options":{}}},
 {"name":"Work","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
  "parameters":{"assignments":{"assignments":[{"id":"1","name":"sum","type":"number","value":"={{ [...Array(20000).keys()].reduce((a, b) => a + b, 0) }}"}]},"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Work","type":"main","index":0}]]}}}`

const abuseGuarded = `{"id":"w2","name":"guarded","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"22222222-2222-2222-2222-222222222222",
  "parameters":{"path":"guarded","httpMethod":"POST","authentication":"headerAuth","options":{}},"credentials":{"httpHeaderAuth":{"id":"h","name":"hdr"}}},
 {"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`

const abuseSlow = `{"id":"w3","name":"slow","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"33333333-3333-3333-3333-333333333333",
  "parameters":{"path":"slow","httpMethod":"POST","options":{}}},
 {"name":"Spin","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
  "parameters":{"assignments":{"assignments":[{"id":"1","name":"n","type":"number","value":"={{ [...Array(1000000).keys()].map(i => [...Array(100).keys()].reduce((a, b) => a + b, 0)).length }}"}]},"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Spin","type":"main","index":0}]]}}}`

type served struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
	done   chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenRe = regexp.MustCompile(`msg=serving listen=(\S+)`)

// startServe starts serve on 127.0.0.1 and waits for its address.
func startServe(t *testing.T, dir string, args ...string) *served {
	t.Helper()
	open, guarded, slow := filepath.Join(dir, "open.json"), filepath.Join(dir, "guarded.json"), filepath.Join(dir, "slow.json")
	os.WriteFile(slow, []byte(abuseSlow), 0o644)
	creds := filepath.Join(dir, "creds.json")
	os.WriteFile(open, []byte(abuseOpen), 0o644)
	os.WriteFile(guarded, []byte(abuseGuarded), 0o644)
	os.WriteFile(creds, []byte(`[{"id":"h","name":"hdr","type":"httpHeaderAuth","data":{"name":"X-Key","value":"right-key-0123"}}]`), 0o600)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	all := append([]string{"serve", "--listen", "127.0.0.1:0", "--db", filepath.Join(dir, "db.sqlite"), "--executions-dir", filepath.Join(dir, "executions"),
		"--credentials", creds, "--keep", "10000", "--queue-size", "64"}, args...)
	all = append(all, open, guarded, slow)
	cmd := exec.Command(self, all...)
	cmd.Env = append(os.Environ(), abuseChildEnv+"=1")
	s := &served{t: t, cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	cmd.Stderr = io.MultiWriter(s.stderr, pw)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait(); pw.Close() }()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listenRe.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("serve exited: %v\n%s", err, s.stderr)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("serve did not start:\n%s", s.stderr)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// stop sends sig and waits (bounded) for the process to end.
func (s *served) stop(sig syscall.Signal) error {
	s.cmd.Process.Signal(sig)
	select {
	case err := <-s.done:
		if strings.Contains(s.stderr.String(), "panic") || strings.Contains(s.stderr.String(), "fatal error") {
			s.t.Fatalf("serve crashed:\n%s", s.stderr)
		}
		return err
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		s.t.Fatalf("serve did not stop after %v:\n%s", sig, s.stderr)
		return nil
	}
}

// peakRSS is the process's peak resident memory in bytes (Linux).
func (s *served) peakRSS() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return -1
}

func (s *served) post(path string, body io.Reader, hdr map[string]string) (int, error) {
	req, _ := http.NewRequest("POST", s.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// checkRecords asserts the stored executions are readable, unique and
// finished (none left "running"), and returns them.
func checkRecords(t *testing.T, dir string) []store.Record {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{URL: filepath.Join(dir, "db.sqlite")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.List(context.Background(), store.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.ID] {
			t.Fatalf("execution id %s stored twice", r.ID)
		}
		seen[r.ID] = true
		if r.Status == "unreadable" || r.Status == "running" {
			t.Fatalf("record %s: %s %s", r.ID, r.Status, r.Error)
		}
	}
	return recs
}

func TestAbuseServe(t *testing.T) {
	if testing.Short() {
		t.Skip("abuse suite: not in -short")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs Linux /proc")
	}

	t.Run("load, wrong auth, oversized and slow clients, then SIGTERM", func(t *testing.T) {
		dir := t.TempDir()
		s := startServe(t, dir)
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		// Load: 16 clients, 10 calls each.
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 10 {
					code, err := s.post("/webhook/open", strings.NewReader(`{"n":1}`), nil)
					mu.Lock()
					if err != nil {
						codes[-1]++
					} else {
						codes[code]++
					}
					mu.Unlock()
				}
			}()
		}
		// Wrong credentials with 15 MB bodies: refused before reading.
		body := bytes.Repeat([]byte("x"), 15<<20)
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, err := s.post("/webhook/guarded", bytes.NewReader(body), map[string]string{"X-Key": "wrong"})
				if err == nil && code != http.StatusForbidden {
					t.Errorf("wrong key: %d", code)
				}
			}()
		}
		// Slow clients: headers then nothing; they must not block others.
		var slow []net.Conn
		for range 20 {
			c, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(c, "POST /webhook/open HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
			slow = append(slow, c)
		}
		wg.Wait()
		// Oversized body with the right key.
		code, err := s.post("/webhook/guarded", bytes.NewReader(bytes.Repeat([]byte("x"), 17<<20)), map[string]string{"X-Key": "right-key-0123"})
		if err == nil && code != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized body: %d", code)
		}
		if code, err := s.post("/webhook/open", strings.NewReader(`{}`), nil); err != nil || code != 200 {
			t.Errorf("a call beside slow clients: %d %v", code, err)
		}
		rss := s.peakRSS()
		t.Logf("answers %v; peak RSS %d MiB", codes, rss>>20)
		if rss > 300<<20 {
			t.Errorf("peak RSS %d MiB, want under 300 MiB", rss>>20)
		}
		// SIGTERM while calls are in flight.
		var inflight sync.WaitGroup
		var ok200 int
		for range 8 {
			inflight.Add(1)
			go func() {
				defer inflight.Done()
				for range 5 {
					code, err := s.post("/webhook/open", strings.NewReader(`{}`), nil)
					if err == nil && code == 200 {
						mu.Lock()
						ok200++
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(20 * time.Millisecond)
		s.stop(syscall.SIGTERM)
		inflight.Wait()
		for _, c := range slow {
			c.Close()
		}
		recs := checkRecords(t, dir)
		success := 0
		for _, r := range recs {
			if r.Status == "success" {
				success++
			}
		}
		if want := codes[200] + ok200 + 1; success != want {
			t.Errorf("%d successful records, want %d (one per call answered 200)", success, want)
		}
	})

	t.Run("--shutdown-timeout holds while an expression runs", func(t *testing.T) {
		dir := t.TempDir()
		s := startServe(t, dir, "--shutdown-timeout", "1s")
		if code, err := s.post("/webhook/slow", strings.NewReader(`{}`), nil); err != nil || code != 200 {
			t.Fatalf("slow call: %d %v", code, err)
		}
		time.Sleep(300 * time.Millisecond)
		start := time.Now()
		s.stop(syscall.SIGTERM)
		took := time.Since(start)
		if took > 10*time.Second {
			t.Fatalf("serve took %s to stop with --shutdown-timeout 1s", took)
		}
		recs := checkRecords(t, dir)
		if len(recs) != 1 || recs[0].Status != "canceled" || !strings.Contains(recs[0].Error, "shutting down") {
			t.Fatalf("records %+v, want the slow execution canceled", recs)
		}
		t.Logf("stopped %s after SIGTERM", took.Round(time.Millisecond))
	})

	t.Run("SIGKILL then restart: no id reused, killed runs marked crashed", func(t *testing.T) {
		dir := t.TempDir()
		s := startServe(t, dir)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					if _, err := s.post("/webhook/open", strings.NewReader(`{}`), nil); err != nil {
						return
					}
				}
			}()
		}
		time.Sleep(300 * time.Millisecond)
		s.stop(syscall.SIGKILL)
		wg.Wait()
		s2 := startServe(t, dir)
		before := checkRecords(t, dir)
		maxID := 0
		for _, r := range before {
			n, _ := strconv.Atoi(r.ID)
			maxID = max(maxID, n)
		}
		if code, err := s2.post("/webhook/open", strings.NewReader(`{}`), nil); err != nil || code != 200 {
			t.Fatalf("after restart: %d %v", code, err)
		}
		s2.stop(syscall.SIGTERM)
		after := checkRecords(t, dir)
		if len(after) != len(before)+1 {
			t.Fatalf("%d records after one more call, had %d", len(after), len(before))
		}
		if n, _ := strconv.Atoi(after[0].ID); n <= maxID {
			t.Fatalf("new execution got id %d, not after %d", n, maxID)
		}
	})
}
