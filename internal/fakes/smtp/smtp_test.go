package smtp_test

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	fakesmtp "github.com/n8n-go/n8n-go/internal/fakes/smtp"
)

func start(t *testing.T, o fakesmtp.Options) (*fakesmtp.Server, string) {
	t.Helper()
	srv := fakesmtp.New(o)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return srv, l.Addr().String()
}

func TestStoresMessages(t *testing.T) {
	srv, addr := start(t, fakesmtp.Options{Users: map[string]string{"u": "p"}, RejectRcpt: []string{"no@example.com"}})
	c, err := gosmtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("a@example.com", nil); err == nil {
		t.Fatal("MAIL before AUTH accepted")
	}
	if err := c.Auth(sasl.NewPlainClient("", "u", "wrong")); err == nil {
		t.Fatal("wrong password accepted")
	}
	if err := c.Auth(sasl.NewPlainClient("", "u", "p")); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("a@example.com", nil); err != nil {
		t.Fatal(err)
	}
	var se *gosmtp.SMTPError
	if err := c.Rcpt("no@example.com", nil); !errors.As(err, &se) || se.Code != 550 {
		t.Fatalf("rejected recipient: %v", err)
	}
	if err := c.Rcpt("b@example.com", nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("Subject: hi\r\n\r\nbody\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].From != "a@example.com" || strings.Join(msgs[0].To, ",") != "b@example.com" || msgs[0].User != "u" || !strings.Contains(msgs[0].Data, "body") {
		t.Fatalf("stored %+v", msgs)
	}
	if !strings.Contains(string(srv.Dump()), `"from": "a@example.com"`) {
		t.Errorf("dump = %s", srv.Dump())
	}
}
