package postgres

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/n8n-go/n8n-go/engine/data"
)

// CredentialType is the credential the node uses.
const CredentialType = "postgres"

// settings are the postgres credential's fields with n8n's defaults.
type settings struct {
	host, database, user, password string
	port                           int
	ssl                            string
	allowUnauthorized              bool
	sshTunnel                      bool
}

func readSettings(c map[string]any) settings {
	s := settings{host: "localhost", database: "postgres", user: "postgres", port: 5432, ssl: "disable"}
	str := func(k string, dst *string) {
		if v, ok := c[k].(string); ok && v != "" {
			*dst = v
		}
	}
	str("host", &s.host)
	str("database", &s.database)
	str("user", &s.user)
	if v, ok := c["password"].(string); ok {
		s.password = v
	}
	str("ssl", &s.ssl)
	switch p := c["port"].(type) {
	case float64:
		s.port = int(p)
	case int:
		s.port = p
	case string:
		if n, err := strconv.Atoi(p); err == nil {
			s.port = n
		}
	}
	s.allowUnauthorized, _ = c["allowUnauthorizedCerts"].(bool)
	s.sshTunnel, _ = c["sshTunnel"].(bool)
	return s
}

// connect opens one connection as node-postgres would with n8n's
// configuration: TLS off for ssl "disable", otherwise TLS that checks the
// server certificate unless allowUnauthorizedCerts is set.
func connect(ctx context.Context, s settings, timeout time.Duration) (*pgconn.PgConn, error) {
	if s.sshTunnel {
		return nil, errors.New("n8n-go does not support the postgres credential's SSH tunnel: connect to the database directly or through a tunnel opened outside n8n-go")
	}
	cfg, err := pgconn.ParseConfig("")
	if err != nil {
		return nil, err
	}
	cfg.Host, cfg.Port = s.host, uint16(s.port)
	cfg.Database, cfg.User, cfg.Password = s.database, s.user, s.password
	cfg.Fallbacks = nil
	cfg.TLSConfig = nil
	switch {
	case s.allowUnauthorized:
		cfg.TLSConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the credential asks for it
	case s.ssl != "disable":
		cfg.TLSConfig = &tls.Config{ServerName: s.host}
	}
	cfg.RuntimeParams = map[string]string{}
	if timeout > 0 {
		cfg.ConnectTimeout = timeout
	}
	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, connectError(s, err)
	}
	return conn, nil
}

// connectError words a connection failure as Node.js does, so that n8n's
// error handling (which looks for ECONNREFUSED, ENOTFOUND, ETIMEDOUT) turns
// it into the same message.
func connectError(s settings, err error) error {
	addr := net.JoinHostPort(s.host, strconv.Itoa(s.port))
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		if ip := net.ParseIP(s.host); ip == nil {
			addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
		}
		return &pgError{message: "connect ECONNREFUSED " + addr, cause: err}
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return &pgError{message: "getaddrinfo ENOTFOUND " + s.host, cause: err}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ETIMEDOUT):
		return &pgError{message: "connect ETIMEDOUT " + addr, cause: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return &pgError{message: pe.Message, detail: pe.Detail, hint: pe.Hint, cause: err}
	}
	if strings.Contains(err.Error(), "server refused TLS connection") {
		// node-postgres' words for a server without SSL.
		return &pgError{message: "The server does not support SSL connections", cause: err}
	}
	return &pgError{message: err.Error(), cause: err}
}

// pgError is a database or connection error with the fields n8n reads
// (message, detail, hint; code is the SQLSTATE).
type pgError struct {
	message, detail, hint, code string
	cause                       error
}

func (e *pgError) Error() string { return e.message }
func (e *pgError) Unwrap() error { return e.cause }

func asPgError(err error) *pgError {
	var pe *pgError
	if errors.As(err, &pe) {
		return pe
	}
	var se *pgconn.PgError
	if errors.As(err, &se) {
		return &pgError{message: se.Message, detail: se.Detail, hint: se.Hint, code: se.Code, cause: err}
	}
	return &pgError{message: err.Error(), cause: err}
}

// session is one connection and the decoder for its results.
type session struct {
	conn *pgconn.PgConn
	dec  decoder
}

// multi runs sql (one or more statements) with the simple query protocol
// and returns the rows of every statement, as pg-promise's db.multi.
func (s *session) multi(ctx context.Context, sql string) ([][]*data.Object, error) {
	mrr := s.conn.Exec(ctx, sql)
	var out [][]*data.Object
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		fields := rr.FieldDescriptions()
		rows := []*data.Object{}
		for rr.NextRow() {
			vals := rr.Values()
			row := data.NewObject(len(fields))
			for i, f := range fields {
				row.Set(f.Name, s.dec.decode(f.DataTypeOID, vals[i]))
			}
			rows = append(rows, row)
		}
		if _, err := rr.Close(); err != nil {
			_ = mrr.Close()
			return nil, asPgError(err)
		}
		out = append(out, rows)
	}
	if err := mrr.Close(); err != nil {
		return nil, asPgError(err)
	}
	return out, nil
}

// exec runs a statement whose rows are not needed.
func (s *session) exec(ctx context.Context, sql string) error {
	_, err := s.multi(ctx, sql)
	return err
}

func (s *session) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.conn.Close(ctx)
}
