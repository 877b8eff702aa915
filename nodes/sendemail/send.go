package sendemail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/n8n-go/n8n-go/engine/data"
)

// settings are the smtp credential's fields (n8n's defaults: port 465,
// secure true).
type settings struct {
	user, password, host, hostName string
	port                           int
	secure, disableStartTLS        bool
	allowUnauthorized              bool
}

func readSettings(c map[string]any) settings {
	s := settings{port: 465, secure: true}
	s.user, _ = c["user"].(string)
	s.password, _ = c["password"].(string)
	s.host, _ = c["host"].(string)
	s.hostName, _ = c["hostName"].(string)
	switch p := c["port"].(type) {
	case float64:
		s.port = int(p)
	case string:
		if n, err := strconv.Atoi(p); err == nil {
			s.port = n
		}
	}
	if b, ok := c["secure"].(bool); ok {
		s.secure = b
	}
	s.disableStartTLS, _ = c["disableStartTls"].(bool)
	return s
}

// transcript records the plain-text conversation (go-smtp's DebugWriter,
// which sees it after STARTTLS too), to read back the EHLO lines and the
// final response as the server wrote them, as nodemailer reports them.
type transcript struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *transcript) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.buf.Len() < 1<<16 {
		t.buf.Write(b)
	}
	return len(b), nil
}

func (t *transcript) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Split(strings.ReplaceAll(t.buf.String(), "\r\n", "\n"), "\n")
}

// ehloLines are the extension lines of the last EHLO answer.
func (t *transcript) ehloLines() []any {
	lines := t.lines()
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.ToUpper(l), "EHLO ") {
			last = i
		}
	}
	out := []any{}
	if last < 0 {
		return out
	}
	first := true
	for _, l := range lines[last+1:] {
		if len(l) < 4 || l[:3] != "250" {
			break
		}
		if !first {
			out = append(out, strings.TrimSpace(l[4:]))
		}
		first = false
		if l[3] == ' ' {
			break
		}
	}
	return out
}

// lastResponse is the last line the server sent.
func (t *transcript) lastResponse() string {
	lines := t.lines()
	for i := len(lines) - 1; i >= 0; i-- {
		l := lines[i]
		if len(l) >= 4 && l[0] >= '2' && l[0] <= '5' && (l[3] == ' ' || l[3] == '-') {
			return l
		}
	}
	return ""
}

// dotStuffedSize is the byte count of the message as DATA sends it:
// lines starting with "." doubled, and the ".\r\n" terminator (after a
// "\r\n" when the message does not end with one).
func dotStuffedSize(msg []byte) int {
	// bare LFs become CRLF
	msg = bytes.ReplaceAll(bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	n := len(msg)
	if len(msg) > 0 && msg[0] == '.' {
		n++
	}
	n += bytes.Count(msg, []byte("\n."))
	if bytes.HasSuffix(msg, []byte("\r\n")) {
		return n + 3
	}
	return n + 5
}

func localName(s settings) string {
	if s.hostName != "" {
		return s.hostName
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		if strings.Contains(h, ".") {
			return h
		}
	}
	return "[127.0.0.1]"
}

// send delivers m as nodemailer's SMTP transport does and returns its
// info object.
func send(ctx context.Context, s settings, m *message) (*data.Object, error) {
	if _, to := m.envelope(); len(to) == 0 {
		return nil, errors.New("No recipients defined")
	}
	tlsCfg := &tls.Config{ServerName: s.host, InsecureSkipVerify: s.allowUnauthorized} //nolint:gosec // the option asks for it
	addr := net.JoinHostPort(s.host, strconv.Itoa(s.port))
	start := time.Now()
	d := net.Dialer{Timeout: 2 * time.Minute}
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, dialError(err, addr)
	}
	conn := raw
	if s.secure {
		tc := tls.Client(raw, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		conn = tc
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var c *gosmtp.Client
	if !s.secure && !s.disableStartTLS {
		// STARTTLS when the server offers it, as nodemailer does; go-smtp
		// makes it all or nothing, so a server without it is dialled
		// again in plain text.
		c, err = gosmtp.NewClientStartTLS(conn, tlsCfg)
		if err != nil && strings.Contains(err.Error(), "doesn't support STARTTLS") {
			conn.Close()
			if conn, err = d.DialContext(ctx, "tcp", addr); err != nil {
				return nil, dialError(err, addr)
			}
			c = gosmtp.NewClient(conn)
		} else if err != nil {
			conn.Close()
			return nil, smtpError(err, "STARTTLS")
		}
	} else {
		c = gosmtp.NewClient(conn)
	}
	tr := &transcript{}
	c.DebugWriter = tr
	defer c.Close()
	if err := c.Hello(localName(s)); err != nil {
		return nil, smtpError(err, "EHLO")
	}
	if s.user != "" || s.password != "" {
		var a sasl.Client
		if c.SupportsAuth("PLAIN") {
			a = sasl.NewPlainClient("", s.user, s.password)
		} else {
			a = sasl.NewLoginClient(s.user, s.password)
		}
		if err := c.Auth(a); err != nil {
			return nil, authError(err)
		}
	}
	from, to := m.envelope()
	if err := c.Mail(from, nil); err != nil {
		return nil, smtpError(err, "MAIL FROM")
	}
	accepted, rejected := []any{}, []any{}
	var lastRcptErr error
	for _, r := range to {
		if err := c.Rcpt(r, nil); err != nil {
			rejected = append(rejected, r)
			lastRcptErr = err
			continue
		}
		accepted = append(accepted, r)
	}
	if len(accepted) == 0 {
		msg := "Can't send mail - all recipients were rejected"
		if lastRcptErr != nil {
			msg += ": " + smtpLine(lastRcptErr)
		}
		return nil, errors.New(msg)
	}
	envelopeTime := time.Since(start)
	w, err := c.Data()
	if err != nil {
		return nil, smtpError(err, "DATA")
	}
	msgID := ""
	body := m.build()
	if i := bytes.Index(body, []byte("Message-ID: ")); i >= 0 {
		end := bytes.Index(body[i:], []byte("\r\n"))
		msgID = string(body[i+12 : i+end])
	}
	dataStart := time.Now()
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if _, err := w.CloseWithResponse(); err != nil {
		return nil, smtpError(err, "DATA")
	}
	response := tr.lastResponse()
	_ = c.Quit()
	envTo := make([]any, len(to))
	for i, r := range to {
		envTo[i] = r
	}
	info := data.NewObject(9)
	info.Set("accepted", accepted)
	info.Set("rejected", rejected)
	info.Set("ehlo", tr.ehloLines())
	info.Set("envelopeTime", float64(envelopeTime.Milliseconds()))
	info.Set("messageTime", float64(time.Since(dataStart).Milliseconds()))
	info.Set("messageSize", float64(dotStuffedSize(body)))
	info.Set("response", response)
	info.Set("envelope", data.ObjectOf("from", from, "to", envTo))
	info.Set("messageId", msgID)
	return info, nil
}

// smtpLine is an SMTP error as the server's line ("550 5.1.1 Mailbox …").
func smtpLine(err error) string {
	var se *gosmtp.SMTPError
	if errors.As(err, &se) {
		s := strconv.Itoa(se.Code)
		if se.EnhancedCode != (gosmtp.EnhancedCode{}) && se.EnhancedCode != gosmtp.NoEnhancedCode {
			s += fmt.Sprintf(" %d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
		}
		return s + " " + se.Message
	}
	return err.Error()
}

func smtpError(err error, _ string) error {
	var se *gosmtp.SMTPError
	if errors.As(err, &se) {
		return errors.New(smtpLine(err))
	}
	return err
}

func authError(err error) error {
	var se *gosmtp.SMTPError
	if errors.As(err, &se) {
		return errors.New("Invalid login: " + smtpLine(err))
	}
	return err
}

// dialError words a connection failure as Node.js does.
func dialError(err error, addr string) error {
	var op *net.OpError
	if errors.As(err, &op) && strings.Contains(err.Error(), "connection refused") {
		return errors.New("connect ECONNREFUSED " + addr)
	}
	return err
}
