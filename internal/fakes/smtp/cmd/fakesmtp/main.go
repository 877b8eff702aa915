// Command fakesmtp serves the fake SMTP server on an address (STARTTLS
// with -cert/-key, implicit TLS with -implicit-tls) until SIGTERM/SIGINT,
// then writes the received messages as JSON to -messages-out.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"strings"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	fakesmtp "github.com/n8n-go/n8n-go/internal/fakes/smtp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "listen address")
	cert := flag.String("cert", "", "TLS certificate (PEM): enables STARTTLS")
	key := flag.String("key", "", "TLS key (PEM)")
	implicit := flag.String("tls-addr", "", "also serve implicit TLS on this address")
	users := flag.String("users", "", "user:password,… accepted by AUTH (empty: no AUTH needed)")
	out := flag.String("messages-out", "", "write the received messages (JSON) here on shutdown")
	reject := flag.String("reject", "", "recipients refused with 550, comma-separated")
	flag.Parse()
	if err := run(*addr, *cert, *key, *implicit, *users, *reject, *out); err != nil {
		fmt.Fprintln(os.Stderr, "fakesmtp:", err)
		os.Exit(1)
	}
}

func run(addr, cert, key, implicit, users, reject, out string) error {
	o := fakesmtp.Options{Users: map[string]string{}}
	for _, r := range strings.Split(reject, ",") {
		if r = strings.TrimSpace(r); r != "" {
			o.RejectRcpt = append(o.RejectRcpt, r)
		}
	}
	for _, u := range strings.Split(users, ",") {
		if name, pass, ok := strings.Cut(u, ":"); ok {
			o.Users[name] = pass
		}
	}
	if cert != "" {
		c, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return err
		}
		o.TLS = &tls.Config{Certificates: []tls.Certificate{c}}
	}
	srv := fakesmtp.New(o)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	go srv.Serve(l)
	if implicit != "" {
		lt, err := net.Listen("tcp", implicit)
		if err != nil {
			return err
		}
		go srv.ServeTLS(lt)
	}
	log.Printf("fakesmtp listening on %s", addr)
	fakekit.WaitSignal()
	srv.Close()
	if out != "" {
		return os.WriteFile(out, srv.Dump(), 0o644)
	}
	return nil
}
