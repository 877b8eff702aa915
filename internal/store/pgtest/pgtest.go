// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb
// and pg_ctl in a temporary folder, on a free loopback port, with fsync
// off. The binaries are looked up in $PGTEST_BIN, then
// /usr/lib/postgresql/*/bin (the newest), then $PATH. initdb refuses to run
// as root, so as root the cluster runs as the "postgres" user (created by
// the postgresql package). Tests skip, saying why, only where no binaries
// exist; CI installs them (.ci/run).
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Cluster is one throwaway server, started on first use. The zero value
// is ready; Stop it from TestMain.
type Cluster struct {
	once    sync.Once
	err     error
	skip    string
	bin     string
	dir     string
	port    int
	cred    *syscall.Credential
	uid     int
	gid     int
	counter atomic.Int64
}

// bindir finds the PostgreSQL server binaries.
func bindir() string {
	if b := os.Getenv("PGTEST_BIN"); b != "" {
		return b
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(m, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(m[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(m[j]))))
		return vi > vj
	})
	if len(m) > 0 {
		return filepath.Dir(m[0])
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func (c *Cluster) start() {
	c.bin = bindir()
	if c.bin == "" {
		c.skip = "no PostgreSQL server binaries (initdb, pg_ctl) in $PGTEST_BIN, /usr/lib/postgresql/*/bin or $PATH: install postgresql to run the PostgreSQL tests"
		return
	}
	c.uid, c.gid = os.Getuid(), os.Getgid()
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			c.skip = "running as root and there is no \"postgres\" user for initdb (which refuses root): install postgresql or run as another user"
			return
		}
		c.uid, _ = strconv.Atoi(u.Uid)
		c.gid, _ = strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(c.uid), Gid: uint32(c.gid)}
	}
	dir, err := os.MkdirTemp("", "n8n-go-pgtest-")
	if err != nil {
		c.err = err
		return
	}
	c.dir = dir
	if c.cred != nil {
		if err := os.Chown(dir, c.uid, c.gid); err != nil {
			c.err = err
			return
		}
	}
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"); err != nil {
		c.err = err
		return
	}
	c.port, err = freePort()
	if err != nil {
		c.err = err
		return
	}
	c.err = c.Start()
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, out)
	}
	return nil
}

// Start (re)starts the server after Stop or Kill, on the same port.
func (c *Cluster) Start() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.port, c.dir)
	return c.run("pg_ctl", "-D", c.data(), "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", "-t", "60", "start")
}

// Restart stops the server fast (connections are cut) and starts it again.
func (c *Cluster) Restart() error {
	if err := c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop"); err != nil {
		return err
	}
	return c.Start()
}

// URL returns the URL of a new empty database, starting the cluster on
// first use; the test is skipped where PostgreSQL is not installed.
func (c *Cluster) URL(t testing.TB) string {
	t.Helper()
	c.once.Do(c.start)
	if c.skip != "" {
		t.Skip(c.skip)
	}
	if c.err != nil {
		t.Fatalf("pgtest: %v", c.err)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.counter.Add(1))
	admin, err := sql.Open("pgx", c.dsn("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return c.dsn(name)
}

func (c *Cluster) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// Stop stops the server and removes its files (from TestMain).
func (c *Cluster) Stop() {
	if c.dir == "" {
		return
	}
	_ = c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "-w", "stop")
	_ = os.RemoveAll(c.dir)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
