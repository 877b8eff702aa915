// Command fakeclockify serves the Clockify fake on an address, over HTTPS
// when given a certificate (to stand in for api.clockify.me while real n8n
// is recorded). Control it through /__fake/ (see fakeclockify.Server).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/n8n-go/n8n-go/internal/fakeclockify"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8443", "listen address")
	cert := flag.String("cert", "", "TLS certificate (PEM); empty serves plain HTTP")
	key := flag.String("key", "", "TLS key (PEM)")
	seed := flag.String("seed", "", "State JSON file to start from")
	allowActive := flag.Bool("allow-active-client-delete", false, "let DELETE remove clients that are not archived")
	requestsOut := flag.String("requests-out", "", "write the request log (JSON) here on shutdown")
	stateOut := flag.String("state-out", "", "write the final state (JSON) here on shutdown")
	flag.Parse()
	if err := run(*addr, *cert, *key, *seed, *allowActive, *requestsOut, *stateOut); err != nil {
		fmt.Fprintln(os.Stderr, "fakeclockify:", err)
		os.Exit(1)
	}
}

func run(addr, cert, key, seed string, allowActive bool, requestsOut, stateOut string) error {
	fake := fakeclockify.New(fakeclockify.Options{AllowActiveClientDelete: allowActive})
	if seed != "" {
		b, err := os.ReadFile(seed)
		if err != nil {
			return err
		}
		if err := fake.Seed(b); err != nil {
			return err
		}
	}
	srv := &http.Server{Addr: addr, Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		if cert != "" {
			errc <- srv.ListenAndServeTLS(cert, key)
		} else {
			errc <- srv.ListenAndServe()
		}
	}()
	log.Printf("fakeclockify listening on %s", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if requestsOut != "" {
		b, err := json.MarshalIndent(fake.Requests(), "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(requestsOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if stateOut != "" {
		if err := os.WriteFile(stateOut, append(fake.Dump(), '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}
