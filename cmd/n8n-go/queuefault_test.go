package main

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/internal/store"
)

// Queue mode fault tests (issue 20): serve --queue and workers as real
// processes on a throwaway PostgreSQL cluster, loopback only. A worker is
// killed with SIGKILL mid-execution, PostgreSQL is restarted under load,
// serve is restarted with executions waiting in the queue; then no
// execution may be lost or run twice. Bounded in time; -short skips them.

const queueOnReceived = `{"id":"w4","name":"later","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"44444444-4444-4444-4444-444444444444",
  "parameters":{"path":"later","httpMethod":"POST","options":{}}},
 {"name":"NoOp","type":"n8n-nodes-base.noOp","typeVersion":1,"position":[200,0],"parameters":{}}],
 "connections":{"T":{"main":[[{"node":"NoOp","type":"main","index":0}]]}}}`

// queueMedium runs for about a second: long enough for a kill to catch it.
const queueMedium = `{"id":"w5","name":"medium","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"T","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"webhookId":"55555555-5555-5555-5555-555555555555",
  "parameters":{"path":"medium","httpMethod":"POST","responseMode":"lastNode","options":{}}},
 {"name":"Spin","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],
  "parameters":{"assignments":{"assignments":[{"id":"1","name":"n","type":"number","value":"={{ [...Array(30000).keys()].map(i => [...Array(10).keys()].reduce((a, b) => a + b, 0)).length }}"}]},"options":{}}}],
 "connections":{"T":{"main":[[{"node":"Spin","type":"main","index":0}]]}}}`

var workerReadyRe = regexp.MustCompile(`msg="worker ready"`)

// startProc starts the CLI (serve or worker) as a child process and waits
// for its ready line.
func startProc(t *testing.T, ready *regexp.Regexp, args ...string) *served {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), abuseChildEnv+"=1")
	s := &served{t: t, cmd: cmd, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	cmd.Stderr = io.MultiWriter(s.stderr, pw)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait(); pw.Close() }()
	up := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if m := ready.FindStringSubmatch(sc.Text()); m != nil {
				up <- m[len(m)-1]
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case a := <-up:
		if ready == listenRe {
			s.base = "http://" + a
		}
	case err := <-s.done:
		t.Fatalf("%s exited: %v\n%s", args[0], err, s.stderr)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s did not start:\n%s", args[0], s.stderr)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

type queueRig struct {
	t     *testing.T
	url   string
	files []string
}

func newQueueRig(t *testing.T) *queueRig {
	if testing.Short() {
		t.Skip("queue fault tests: not in -short")
	}
	dir := t.TempDir()
	r := &queueRig{t: t, url: pg.URL(t)}
	for name, wf := range map[string]string{"open.json": abuseOpen, "medium.json": queueMedium, "later.json": queueOnReceived} {
		f := filepath.Join(dir, name)
		os.WriteFile(f, []byte(wf), 0o644)
		r.files = append(r.files, f)
	}
	return r
}

func (r *queueRig) serve() *served {
	return startProc(r.t, listenRe, append([]string{"serve", "--queue", "--listen", "127.0.0.1:0", "--db", r.url,
		"--instance-timeout", "3s", "--executions-dir", filepath.Join(r.t.TempDir(), "none")}, r.files...)...)
}

func (r *queueRig) worker(concurrency string) *served {
	return startProc(r.t, workerReadyRe, append([]string{"worker", "--db", r.url, "--concurrency", concurrency,
		"--instance-timeout", "3s"}, r.files...)...)
}

// records waits until no execution is running or new, then returns the
// executions by status, checking ids are unique and no job ran twice.
func (r *queueRig) records(wait time.Duration) map[string]int {
	r.t.Helper()
	st, err := store.Open(context.Background(), store.Config{URL: r.url})
	if err != nil {
		r.t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(wait)
	var recs []store.Record
	for {
		busy := 0
		for _, s := range []string{"running", "new"} {
			l, err := st.List(context.Background(), store.ListOptions{Status: s})
			if err != nil {
				r.t.Fatal(err)
			}
			busy += len(l)
		}
		if busy == 0 || time.Now().After(deadline) {
			recs, _ = st.List(context.Background(), store.ListOptions{})
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	byStatus := map[string]int{}
	seen := map[string]bool{}
	for _, rec := range recs {
		if seen[rec.ID] {
			r.t.Fatalf("execution id %s stored twice", rec.ID)
		}
		seen[rec.ID] = true
		byStatus[rec.Status]++
	}
	db, err := sql.Open("pgx", r.url)
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	var retried, dupes int
	db.QueryRow(`SELECT count(*) FROM river_job WHERE attempt > 1`).Scan(&retried)
	db.QueryRow(`SELECT count(*) FROM (SELECT args->>'executionId' FROM river_job WHERE kind = 'n8n_go_webhook' GROUP BY 1 HAVING count(*) > 1) d`).Scan(&dupes)
	if retried > 0 || dupes > 0 {
		r.t.Fatalf("%d jobs attempted twice, %d executions enqueued twice", retried, dupes)
	}
	return byStatus
}

// load posts to path from n clients until stop closes; it counts answers
// by status code (0: no answer).
func load(s *served, path string, n int, stop <-chan struct{}) (*sync.WaitGroup, *sync.Map) {
	var wg sync.WaitGroup
	codes := &sync.Map{}
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, _ := s.post(path, strings.NewReader(`{}`), nil)
				v, _ := codes.LoadOrStore(code, new(atomic.Int64))
				v.(*atomic.Int64).Add(1)
			}
		}()
	}
	return &wg, codes
}

func count(codes *sync.Map, code int) int {
	v, ok := codes.Load(code)
	if !ok {
		return 0
	}
	return int(v.(*atomic.Int64).Load())
}

func TestQueueFaultWorkerKilled(t *testing.T) {
	r := newQueueRig(t)
	s := r.serve()
	w1 := r.worker("4")
	stop := make(chan struct{})
	wg, codes := load(s, "/webhook/open", 8, stop)
	const medium = 4
	mediumCodes := make(chan int, medium)
	for range medium {
		go func() {
			code, _ := s.post("/webhook/medium", strings.NewReader(`{}`), nil)
			mediumCodes <- code
		}()
	}
	// SIGKILL worker 1 while it runs a medium execution.
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(w1.stderr.String(), `msg="execution started" workflow=medium`) {
		if time.Now().After(deadline) {
			t.Fatalf("worker 1 never started a medium execution:\n%s", w1.stderr)
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	w1.cmd.Process.Signal(syscall.SIGKILL)
	<-w1.done
	r.worker("4")
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()
	mediumOK := 0
	for range medium {
		if <-mediumCodes == 200 {
			mediumOK++
		}
	}
	got := r.records(30 * time.Second)
	ok := count(codes, 200) + mediumOK
	t.Logf("answers: 200×%d (medium %d), 500×%d, no answer×%d; records %v", ok, mediumOK, count(codes, 500)+medium-mediumOK, count(codes, 0), got)
	if count(codes, 200) == 0 {
		t.Fatal("no call succeeded")
	}
	if got["running"]+got["new"] > 0 {
		t.Fatalf("executions left unfinished: %v", got)
	}
	// Every 200 answer has its record: success, or crashed when the kill
	// came after the worker sent the answer and before its final record.
	// The killed worker's runs are crashed, not run again by the other.
	if got["success"]+got["crashed"] < ok {
		t.Fatalf("%d success and %d crashed records for %d answers 200", got["success"], got["crashed"], ok)
	}
	if got["crashed"] == 0 {
		t.Errorf("the killed execution was not marked crashed: %v", got)
	}
	s.stop(syscall.SIGTERM)
}

func TestQueueFaultPostgresRestart(t *testing.T) {
	r := newQueueRig(t)
	s := r.serve()
	r.worker("4")
	r.worker("4")
	stop := make(chan struct{})
	wg, codes := load(s, "/webhook/open", 8, stop)
	time.Sleep(time.Second)
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	close(stop)
	wg.Wait()
	// After the restart, calls are answered again.
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _ := s.post("/webhook/open", strings.NewReader(`{}`), nil)
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 200 after the restart (last %d)\n%s", code, s.stderr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	got := r.records(30 * time.Second)
	ok := count(codes, 200) + 1
	t.Logf("answers: 200×%d, 500×%d, 503×%d, no answer×%d; records %v", ok, count(codes, 500), count(codes, 503), count(codes, 0), got)
	if got["running"]+got["new"] > 0 {
		t.Fatalf("executions left unfinished: %v", got)
	}
	if got["success"] < ok {
		t.Fatalf("%d success records for %d answers 200", got["success"], ok)
	}
	s.stop(syscall.SIGTERM)
}

// Executions enqueued while no worker runs survive a restart of serve and
// run once when a worker comes.
func TestQueueFaultServeRestartWithWaitingExecutions(t *testing.T) {
	r := newQueueRig(t)
	s := r.serve()
	const n = 20
	for i := range n {
		if code, err := s.post("/webhook/later", strings.NewReader(`{}`), nil); err != nil || code != 200 {
			t.Fatalf("call %d: %d %v", i, code, err)
		}
	}
	s.stop(syscall.SIGTERM)
	s2 := r.serve()
	r.worker("2")
	r.worker("2")
	got := r.records(30 * time.Second)
	if got["success"] != n || len(got) != 1 {
		t.Fatalf("records %v, want %d successes", got, n)
	}
	s2.stop(syscall.SIGTERM)
}
