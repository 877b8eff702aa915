// Command fakenotion serves the Notion fake on an address, over HTTPS when
// given a certificate (to stand in for api.notion.com while real n8n is
// recorded). Control it through /__fake/ (see fakenotion.Server); on
// SIGTERM/SIGINT it writes the request log and the final state.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/n8n-go/n8n-go/internal/fakenotion"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8444", "listen address")
	cert := flag.String("cert", "", "TLS certificate (PEM); empty serves plain HTTP")
	key := flag.String("key", "", "TLS key (PEM)")
	seed := flag.String("seed", "", "State JSON file to start from")
	rateLimit := flag.Float64("rate-limit", 0, "requests per second served before answering 429 (0: no limit)")
	rateBurst := flag.Int("rate-burst", 1, "burst of the rate limit")
	faults := flag.String("faults", "", "JSON file with a list of faults to queue")
	requestsOut := flag.String("requests-out", "", "write the request log (JSON) here on shutdown")
	stateOut := flag.String("state-out", "", "write the final state (JSON) here on shutdown")
	flag.Parse()
	if err := run(*addr, *cert, *key, *seed, *faults, *rateLimit, *rateBurst, *requestsOut, *stateOut); err != nil {
		fmt.Fprintln(os.Stderr, "fakenotion:", err)
		os.Exit(1)
	}
}

func run(addr, cert, key, seed, faults string, rateLimit float64, rateBurst int, requestsOut, stateOut string) error {
	fake := fakenotion.New(fakenotion.Options{RateLimit: rateLimit, RateBurst: rateBurst})
	if seed != "" {
		b, err := os.ReadFile(seed)
		if err != nil {
			return err
		}
		if err := fake.Seed(b); err != nil {
			return err
		}
	}
	if faults != "" {
		b, err := os.ReadFile(faults)
		if err != nil {
			return err
		}
		var list []fakenotion.Fault
		if err := json.Unmarshal(b, &list); err != nil {
			return fmt.Errorf("faults: %w", err)
		}
		for _, f := range list {
			fake.AddFault(f)
		}
	}
	l, err := fakenotion.Listen(fake, addr, cert, key)
	if err != nil {
		return err
	}
	log.Printf("fakenotion listening on %s", l.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if err := l.Close(); err != nil {
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
