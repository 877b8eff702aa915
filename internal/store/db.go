package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite", pure Go
)

//go:embed migrations
var migrations embed.FS

// Config selects and tunes a database store.
type Config struct {
	// URL is postgres://… (or postgresql://…) for PostgreSQL; anything
	// else is a SQLite file path, optionally prefixed "sqlite:".
	URL string
	// StaleAfter is how long an instance may miss its heartbeat before
	// the executions it was running are marked crashed (default 30s).
	StaleAfter time.Duration
	// Prune is the pruning policy (see PolicyFromEnv).
	Prune Policy
	// Logger receives maintenance messages.
	Logger *slog.Logger
	// SQLitePragmas are added to every SQLite connection (tests use
	// max_page_count to fill the database).
	SQLitePragmas []string
}

// DB is an execution store in SQLite or PostgreSQL.
type DB struct {
	db       *sql.DB
	dialect  string // "sqlite" or "postgres"
	instance string
	host     string
	cfg      Config
	log      *slog.Logger
	zip      zipPool
	// batch groups the commits of concurrent executions (SQLite only).
	batch *batcher
	// stmts are the prepared statements of the hot path (SQLite only).
	stmts map[string]*sql.Stmt

	stopOnce sync.Once
	stop     context.CancelFunc
	done     chan struct{}
}

// Open connects, migrates the schema, registers this instance and marks
// the executions of dead instances crashed. Close releases it.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	host, _ := os.Hostname()
	s := &DB{cfg: cfg, log: cfg.Logger, host: host, instance: newInstanceID(host)}
	var err error
	if IsPostgres(cfg.URL) {
		s.dialect = "postgres"
		s.db, err = sql.Open("pgx", cfg.URL)
		if err == nil {
			s.db.SetMaxOpenConns(16)
			s.db.SetMaxIdleConns(16)
		}
	} else {
		s.dialect = "sqlite"
		s.db, err = openSQLite(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("executions database %s: %w", Redact(cfg.URL), err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("executions database %s: %w", Redact(cfg.URL), err)
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("executions database %s: migrating the schema: %w", Redact(cfg.URL), err)
	}
	if err := s.heartbeat(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("executions database %s: %w", Redact(cfg.URL), err)
	}
	if _, err := s.RecoverCrashed(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("executions database %s: %w", Redact(cfg.URL), err)
	}
	if s.dialect == "sqlite" {
		if err := s.prepareHot(ctx); err != nil {
			s.db.Close()
			return nil, fmt.Errorf("executions database %s: %w", Redact(cfg.URL), err)
		}
		s.batch = newBatcher(s.db)
	}
	return s, nil
}

func openSQLite(cfg Config) (*sql.DB, error) {
	path := strings.TrimPrefix(cfg.URL, "sqlite:")
	if path == "" {
		return nil, fmt.Errorf("no SQLite file given")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	// WAL lets list/show read while serve writes; NORMAL sync keeps
	// committed executions across a killed process (not across power loss
	// of the last few commits, as n8n's own SQLite default).
	for _, p := range append([]string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)"}, cfg.SQLitePragmas...) {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// SQLite has one writer at a time: one connection serialises writes in
	// Go instead of in busy-wait loops.
	db.SetMaxOpenConns(1)
	return db, nil
}

func (s *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == "postgres" {
		dialect = goose.DialectPostgres
		// Several instances starting at once migrate one at a time.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, sub, opts...)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}

// StaleAfter is how long an instance may miss its heartbeat.
func (s *DB) StaleAfter() time.Duration { return s.cfg.StaleAfter }

// Dialect is "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.dialect }

// Ping checks the database answers (readiness).
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// SQL is the underlying connection pool (tests and tools).
func (s *DB) SQL() *sql.DB { return s.db }

// Close stops maintenance, unregisters this instance (its running
// executions are then marked crashed by the next instance at once) and
// closes the database.
func (s *DB) Close() error {
	s.stopOnce.Do(func() {
		if s.stop != nil {
			s.stop()
			<-s.done
		}
	})
	if s.batch != nil {
		s.batch.close()
	}
	for _, st := range s.stmts {
		st.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = s.db.ExecContext(ctx, `DELETE FROM instances WHERE id = $1`, s.instance)
	return s.db.Close()
}

// time values: SQLite keeps Unix milliseconds, PostgreSQL timestamptz.
func (s *DB) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if s.dialect == "sqlite" {
		return t.UnixMilli()
	}
	return t.UTC()
}

// dbTime scans either representation.
type dbTime struct{ t time.Time }

func (x *dbTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		x.t = time.Time{}
	case int64:
		x.t = time.UnixMilli(v).UTC()
	case time.Time:
		x.t = v.UTC()
	default:
		return fmt.Errorf("time column holds %T", v)
	}
	return nil
}

// An instance id is host/pid/random: the random part tells apart a
// process that reused a pid.
func newInstanceID(host string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

func parseInstanceID(id string) (host string, pid int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return "", 0, false
	}
	j := strings.LastIndexByte(id[:i], '/')
	if j < 0 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(id[j+1 : i])
	return id[:j], pid, err == nil && pid > 0
}

// processAlive reports whether a process with this pid exists here.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	return p.Signal(syscall.Signal(0)) == nil || errors.Is(p.Signal(syscall.Signal(0)), syscall.EPERM)
}

// IsPostgres reports whether a --db value names a PostgreSQL database.
func IsPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Redact hides the password of a database URL for messages and logs.
func Redact(u string) string {
	if !IsPostgres(u) {
		return u
	}
	p, err := url.Parse(u)
	if err != nil {
		return "postgres://…"
	}
	return p.Redacted()
}
