package kit

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// Flags are the command-line flags every fake's command has.
type Flags struct {
	Addr, Cert, Key, Seed, RequestsOut, StateOut string
}

// Define registers the flags on fs; addr is the default listen address.
func (f *Flags) Define(fs *flag.FlagSet, addr string) {
	fs.StringVar(&f.Addr, "addr", addr, "listen address")
	fs.StringVar(&f.Cert, "cert", "", "TLS certificate (PEM); empty serves plain HTTP")
	fs.StringVar(&f.Key, "key", "", "TLS key (PEM)")
	fs.StringVar(&f.Seed, "seed", "", "State JSON file to start from")
	fs.StringVar(&f.RequestsOut, "requests-out", "", "write the request log (JSON) here on shutdown")
	fs.StringVar(&f.StateOut, "state-out", "", "write the final state (JSON) here on shutdown")
}

// Fake is a fake API as its command serves it.
type Fake interface {
	http.Handler
	Seed(doc []byte) error
	Dump() []byte
}

// Run seeds fake from f.Seed, serves it on f.Addr until SIGINT or SIGTERM,
// then writes requests() to f.RequestsOut and the final state to
// f.StateOut (each skipped when empty). name prefixes the log line.
func Run(name string, f Flags, fake Fake, requests func() any) error {
	if f.Seed != "" {
		b, err := os.ReadFile(f.Seed)
		if err != nil {
			return err
		}
		if err := fake.Seed(b); err != nil {
			return err
		}
	}
	l, err := Listen(fake, f.Addr, f.Cert, f.Key)
	if err != nil {
		return err
	}
	log.Printf("%s listening on %s", name, l.Addr())
	WaitSignal()
	if err := l.Close(); err != nil {
		return err
	}
	if f.RequestsOut != "" {
		b, err := json.MarshalIndent(requests(), "", "  ")
		if err != nil {
			return fmt.Errorf("request log: %w", err)
		}
		if err := os.WriteFile(f.RequestsOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if f.StateOut != "" {
		if err := os.WriteFile(f.StateOut, append(fake.Dump(), '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WaitSignal blocks until the process gets SIGINT or SIGTERM.
func WaitSignal() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
}
