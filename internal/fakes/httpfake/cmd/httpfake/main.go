// Command httpfake serves the generic fake HTTP API (internal/fakes/httpfake)
// on an address, over HTTPS when given a certificate, to stand in for an
// API while real n8n is recorded. On SIGTERM/SIGINT it writes the request
// log and the records created.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/n8n-go/n8n-go/internal/fakes/httpfake"
	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
)

func main() {
	var f fakekit.Flags
	f.Define(flag.CommandLine, "127.0.0.1:8444")
	jitter := flag.Duration("jitter", 0, "answer each request after a random delay below this")
	seed := flag.Uint64("jitter-seed", 0, "seed of the jitter (0: fixed default)")
	flag.Parse()
	fake := httpfake.New(httpfake.Options{Jitter: *jitter, Seed: *seed})
	if err := fakekit.Run("httpfake", f, fake, func() any { return fake.Requests() }); err != nil {
		fmt.Fprintln(os.Stderr, "httpfake:", err)
		os.Exit(1)
	}
}
