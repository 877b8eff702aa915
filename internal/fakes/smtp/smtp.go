// Package smtp is a fake SMTP server for tests and recordings, built on
// emersion/go-smtp: it accepts mail (plain, STARTTLS or implicit TLS, with
// optional AUTH PLAIN/LOGIN), stores every message it receives with its
// envelope, and can reject recipients or fail to authenticate the way real
// servers answer. Importers alias it fakesmtp.
package smtp

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// Message is one received message.
type Message struct {
	From string   `json:"from"`
	To   []string `json:"to"`
	// User is the authenticated user name ("" when none).
	User string `json:"user"`
	// TLS reports whether the session was encrypted (STARTTLS or implicit).
	TLS  bool   `json:"tls"`
	Data string `json:"data"`
}

// Options configure the server.
type Options struct {
	// Domain is the name in the greeting and EHLO answer.
	Domain string
	// Users maps accepted user names to passwords; empty accepts mail
	// without AUTH (AUTH then accepts any credentials).
	Users map[string]string
	// TLS enables STARTTLS (or serves implicit TLS through ListenTLS).
	TLS *tls.Config
	// RejectRcpt lists recipients refused with 550.
	RejectRcpt []string
	// MaxMessages bounds the stored messages (default 10000).
	MaxMessages int
}

// Server is the fake: a go-smtp server and the messages it received.
type Server struct {
	opts Options
	srv  *gosmtp.Server
	mu   sync.Mutex
	msgs []Message
}

// New returns a fake SMTP server.
func New(o Options) *Server {
	if o.Domain == "" {
		o.Domain = "fake-smtp.test"
	}
	if o.MaxMessages <= 0 {
		o.MaxMessages = 10000
	}
	s := &Server{opts: o}
	srv := gosmtp.NewServer(backend{s})
	srv.Domain = o.Domain
	srv.TLSConfig = o.TLS
	srv.AllowInsecureAuth = true
	srv.MaxMessageBytes = 32 << 20
	srv.MaxRecipients = 100
	s.srv = srv
	return s
}

// Serve accepts connections on l until Close (plain, with STARTTLS when
// Options.TLS is set).
func (s *Server) Serve(l net.Listener) error { return s.srv.Serve(l) }

// ServeTLS accepts implicit-TLS connections on l.
func (s *Server) ServeTLS(l net.Listener) error {
	if s.opts.TLS == nil {
		return errors.New("fakesmtp: ServeTLS needs Options.TLS")
	}
	return s.srv.Serve(tls.NewListener(l, s.opts.TLS))
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Messages returns a copy of the received messages, in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Dump is the received messages as JSON.
func (s *Server) Dump() []byte {
	b, _ := json.MarshalIndent(s.Messages(), "", "  ")
	return b
}

type backend struct{ s *Server }

func (b backend) NewSession(c *gosmtp.Conn) (gosmtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{s: b.s, tls: isTLS}, nil
}

type session struct {
	s    *Server
	tls  bool
	user string
	from string
	to   []string
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain, sasl.Login} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, pass string) error {
		if len(ss.s.opts.Users) > 0 {
			if want, ok := ss.s.opts.Users[user]; !ok || want != pass {
				return &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
			}
		}
		ss.user = user
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case sasl.Login:
		return &loginServer{check: check}, nil
	}
	return nil, gosmtp.ErrAuthUnknownMechanism
}

func (ss *session) Mail(from string, _ *gosmtp.MailOptions) error {
	if len(ss.s.opts.Users) > 0 && ss.user == "" {
		return gosmtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	for _, r := range ss.s.opts.RejectRcpt {
		if strings.EqualFold(r, to) {
			return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "Mailbox unavailable"}
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if len(ss.s.msgs) >= ss.s.opts.MaxMessages {
		return &gosmtp.SMTPError{Code: 452, EnhancedCode: gosmtp.EnhancedCode{4, 3, 1}, Message: "Mailbox full"}
	}
	ss.s.msgs = append(ss.s.msgs, Message{From: ss.from, To: append([]string(nil), ss.to...), User: ss.user, TLS: ss.tls, Data: buf.String()})
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// loginServer is the LOGIN mechanism (nodemailer's default when the
// server offers it): the user name, then the password.
type loginServer struct {
	check      func(user, pass string) error
	user       string
	step       int
	userPassed bool
}

func (l *loginServer) Next(response []byte) ([]byte, bool, error) {
	switch l.step {
	case 0:
		l.step++
		if len(response) > 0 {
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(response)
		l.step++
		return []byte("Password:"), false, nil
	case 2:
		l.step++
		return nil, true, l.check(l.user, string(response))
	}
	return nil, true, fmt.Errorf("unexpected LOGIN step")
}
