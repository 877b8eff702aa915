// Command fakeapis serves the fake Notion and Clockify APIs of a scenario
// on one HTTPS listener, dispatching by Host, so real n8n can be recorded
// against them (testdata/scenarios/record.sh). On SIGTERM/SIGINT it writes
// the ordered request log and both final states into -out.
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
	"path/filepath"
	"syscall"
	"time"

	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:443", "listen address")
	cert := flag.String("cert", os.Getenv("ORACLE_CERT"), "TLS certificate (PEM); empty serves plain HTTP")
	key := flag.String("key", os.Getenv("ORACLE_KEY"), "TLS key (PEM)")
	scenario := flag.String("scenario", "", "scenario.json to seed the fakes from")
	out := flag.String("out", "", "directory for requests.json, clockify.final.json, notion.final.json (written at exit)")
	notionAddr := flag.String("notion-addr", "", "also serve the Notion fake alone on this address (plain HTTP, for n8n-go --endpoint)")
	clockifyAddr := flag.String("clockify-addr", "", "also serve the Clockify fake alone on this address (plain HTTP)")
	flag.Parse()
	if err := run(*addr, *cert, *key, *scenario, *out, map[string]string{"api.notion.com": *notionAddr, "api.clockify.me": *clockifyAddr}); err != nil {
		fmt.Fprintln(os.Stderr, "fakeapis:", err)
		os.Exit(1)
	}
}

func run(addr, cert, key, scenario, out string, single map[string]string) error {
	if scenario == "" {
		return errors.New("-scenario is required")
	}
	sc, err := sandbox.LoadScenario(scenario)
	if err != nil {
		return err
	}
	f, err := sandbox.Build(sc)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: addr, Handler: f.Mux(), ReadHeaderTimeout: 10 * time.Second}
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
	for host, a := range single {
		if a == "" {
			continue
		}
		one := &http.Server{Addr: a, Handler: f.Handlers[host], ReadHeaderTimeout: 10 * time.Second}
		defer one.Close()
		go func() { errc <- one.ListenAndServe() }()
	}
	log.Printf("fakeapis listening on %s", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	if out == "" {
		return nil
	}
	reqs, err := json.Marshal(f.Log.Entries())
	if err != nil {
		return err
	}
	for name, doc := range map[string][]byte{
		"requests.json":       reqs,
		"clockify.final.json": f.Clockify.Dump(),
		"notion.final.json":   f.Notion.Dump(),
		"clockify.seed.json":  f.ClockifySeed,
		"notion.seed.json":    f.NotionSeed,
	} {
		if err := golden.Write(filepath.Join(out, name), doc); err != nil {
			return err
		}
	}
	return nil
}
